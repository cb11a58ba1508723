package page

import (
	"strings"

	"github.com/sshblog/sshblog/internal/search"
)

// A page does not keep its plain text: at 50,000 posts the text of every
// post was 266 MB, two fifths of the memory of the blog, for what only the
// search index and the feed read. The index is made when the page is
// parsed, while the text is at hand, and keeps only what queries need;
// the text is made again from the body when a result or a feed entry
// shows it.

// Plain returns the text of the body without markup, as Hugo's .Plain:
// what is counted and searched. It parses the body each time: keep the
// result rather than calling it again.
func (p *Page) Plain() string {
	return p.plain(p.Body())
}

// plain is Plain of body, the page's Body.
func (p *Page) plain(body string) string {
	return plainText([]byte(body[:len(body)-p.linksLen]), p.dialect)
}

// SearchDoc is what search reads of the page; its Text is Plain.
func (p *Page) SearchDoc() search.Doc {
	body := p.Body()
	return p.searchDoc(p.plain(body), body)
}

// SnippetScan bounds the markdown a search result's snippet is looked for
// in: the text is made again from the body for each result shown, on
// every query, and a body may be megabytes (parsing 7 MB took over a
// second). A match further in shows the summary instead.
const SnippetScan = 64 << 10

// SnippetDoc is SearchDoc with the text of at most the first SnippetScan
// bytes of the body, cut at a line's end: what a result's snippet is
// taken from.
func (p *Page) SnippetDoc() search.Doc {
	md := p.Body()
	body := md[:len(md)-p.linksLen]
	if len(body) > SnippetScan {
		body = body[:SnippetScan]
		if i := strings.LastIndexByte(body, '\n'); i > 0 {
			body = body[:i+1]
		}
	}
	return p.searchDoc(plainText([]byte(body), p.dialect), md)
}

// searchDoc is the page's document with plain, its text, and body, its
// Body.
func (p *Page) searchDoc(plain, body string) search.Doc {
	var reread search.Rereader
	if p.spilled != nil && p.bodyOff >= 0 {
		reread = p
	}
	return search.Doc{
		Reread:  reread,
		Title:   p.Title,
		Terms:   append(append([]string(nil), p.Tags...), p.Categories...),
		Summary: p.Summary,
		Text:    plain,
		Source:  body,
		Kept:    p.body,
		Date:    p.Date,
	}
}

// SearchEntry returns the page's search entry, made without its text
// (search.NewLeanEntry) when the page was parsed; nil for a page made
// otherwise, which search indexes from SearchDoc.
func (p *Page) SearchEntry() *search.Entry { return p.entry }
