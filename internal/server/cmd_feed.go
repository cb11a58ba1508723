package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// feedSize is how many posts `feed` has without --all.
const feedSize = 20

// feedHTML renders a post to HTML for the feed: goldmark's own HTML
// renderer on a tree from our bounded parser, the site's (its
// markdown.Dialect, which reads its math delimiters as the pager does),
// so a post costs the feed what it costs the pager to parse, whatever its
// structure. The renderer's defaults are kept on purpose: raw HTML in a
// post is left out (a comment says so) and dangerous link schemes
// (javascript:) are dropped, so a post cannot script a feed reader.
var feedHTML = renderer.NewRenderer(renderer.WithNodeRenderers(
	util.Prioritized(html.NewRenderer(), 1000),
	util.Prioritized(extension.NewTableHTMLRenderer(), 500),
	util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
	util.Prioritized(extension.NewTaskCheckBoxHTMLRenderer(), 500),
	util.Prioritized(extension.NewDefinitionListHTMLRenderer(), 500),
	util.Prioritized(markdown.FigureHTMLRenderer{}, 500),
	util.Prioritized(feedMath{}, 500),
))

// feedMath writes math (markdown.Math) to the feed as its TeX between the
// delimiters MathJax and KaTeX read by default, "\(…\)" inline and
// "\[…\]" displayed, escaped: what Hugo's passthrough extension leaves for
// them. goldmark's renderer has no function for a kind it was not told of
// and indexed past its table: any post with "$x$" made the feed panic.
type feedMath struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (feedMath) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(markdown.KindMath, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		m, ok := n.(*markdown.Math)
		if !entering || !ok {
			return ast.WalkSkipChildren, nil
		}
		open, end := `\(`, `\)`
		if m.Display {
			open, end = `\[`, `\]`
		}
		_, _ = w.WriteString(open)
		_, _ = w.Write(util.EscapeHTML([]byte(m.TeX(src))))
		_, _ = w.WriteString(end)
		return ast.WalkSkipChildren, nil
	})
}

// The Atom 1.0 document (RFC 4287), as encoding/xml writes it. The feed
// is written entry by entry (see runFeed), so these are its parts.
type (
	atomLink struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	atomText struct {
		Type string `xml:"type,attr,omitempty"`
		Base string `xml:"xml:base,attr,omitempty"`
		Text string `xml:",chardata"`
	}
	atomCategory struct {
		Term string `xml:"term,attr"`
	}
	atomEntry struct {
		XMLName    xml.Name       `xml:"entry"`
		ID         string         `xml:"id"`
		Title      atomText       `xml:"title"`
		Updated    string         `xml:"updated"`
		Published  string         `xml:"published,omitempty"`
		Links      []atomLink     `xml:"link"`
		Categories []atomCategory `xml:"category"`
		Summary    *atomText      `xml:"summary,omitempty"`
		Content    atomText       `xml:"content"`
	}
	// atomHead is the feed's own elements, written by encodeFields.
	atomHead struct {
		ID, Updated, Author, Gen string
		Title                    atomText
		Subtitle                 *atomText
		Links                    []atomLink
	}
)

const atomNS = "http://www.w3.org/2005/Atom"

// runFeed writes `feed [--all]`: the newest posts as an Atom feed with
// their full content as HTML. The document goes out one entry at a time
// through the command's buffered output, so a feed of every post of a
// large blog holds one post's HTML at a time, and it stops when the
// session ends.
func runFeed(ctx context.Context, args []string, snap *site.Snapshot, maxPostSize int, slots, wholeFeeds limits.Slots, stdout io.Writer) error {
	fs := flag.NewFlagSet("feed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	all := fs.Bool("all", false, "every post")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (try: feed --all)", fs.Arg(0))
	}
	posts := newestFirst(snap.Posts)
	if !*all && len(posts) > feedSize {
		posts = posts[:feedSize]
	}
	if *all && len(posts) > feedSize {
		// Feeds of the whole site take turns (see runCommand).
		if err := wholeFeeds.Acquire(ctx); err != nil {
			return err
		}
		defer wholeFeeds.Release()
	}
	base := strings.TrimSuffix(snap.Site.BaseURL, "/")
	if u, err := url.Parse(base); err != nil || u.Scheme == "" || u.Host == "" {
		base = "" // not an absolute URL: ids are tag: URIs
	}
	ids := feedIDs{base: base, site: snap.Site.Title, snap: snap}

	updated := snap.Built
	if len(posts) > 0 {
		updated = time.Time{}
		for _, p := range posts {
			if u := updatedOf(p); u.After(updated) {
				updated = u
			}
		}
		if updated.IsZero() {
			updated = snap.Built
		}
	}
	head := atomHead{
		ID:      ids.feed(),
		Title:   atomText{Text: xmlText(snap.Site.Title)},
		Updated: atomTime(updated),
		Author:  xmlText(snap.Site.Title),
		Gen:     "sshblog",
	}
	if d := xmlText(snap.Site.Description); d != "" {
		head.Subtitle = &atomText{Text: d}
	}
	if base != "" {
		head.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/"}}
	}

	if _, err := io.WriteString(stdout, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(stdout)
	enc.Indent("", "  ")
	feed := xml.StartElement{Name: xml.Name{Local: "feed"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: atomNS}}}
	if lang := snap.Site.Language; lang != "" {
		feed.Attr = append(feed.Attr, xml.Attr{Name: xml.Name{Local: "xml:lang"}, Value: xmlText(lang)})
	}
	if err := enc.EncodeToken(feed); err != nil {
		return err
	}
	// The head's fields go straight into <feed>: encoding it as an
	// element and dropping the wrapper would need a second pass.
	if err := encodeFields(enc, head); err != nil {
		return err
	}
	var buf bytes.Buffer
	parse := snap.Site.Dialect.Parser(false)
	for _, p := range posts {
		// A slot is held while the post renders, not while it is sent:
		// a client that reads slowly must not keep others waiting.
		if err := slots.Acquire(ctx); err != nil {
			return fmt.Errorf("feed: %w", err)
		}
		if err := ctx.Err(); err != nil { // Acquire may win the race with the end
			slots.Release()
			return fmt.Errorf("feed: %w", err)
		}
		buf.Reset()
		entry := feedEntry(snap, p, ids, maxPostSize, parse, &buf)
		slots.Release()
		if err := enc.Encode(entry); err != nil {
			return fmt.Errorf("feed %s: %w", p.Slug, err)
		}
		if err := enc.Flush(); err != nil { // one entry at a time in memory
			return err
		}
	}
	if err := enc.EncodeToken(feed.End()); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(stdout, "\n")
	return err
}

// encodeFields writes the fields of head as children of the element
// being written.
func encodeFields(enc *xml.Encoder, head atomHead) error {
	el := func(name string, v any) error {
		return enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}})
	}
	if err := el("id", head.ID); err != nil {
		return err
	}
	if err := el("title", head.Title); err != nil {
		return err
	}
	if head.Subtitle != nil {
		if err := el("subtitle", head.Subtitle); err != nil {
			return err
		}
	}
	if err := el("updated", head.Updated); err != nil {
		return err
	}
	for _, l := range head.Links {
		if err := el("link", l); err != nil {
			return err
		}
	}
	if err := el("author", struct {
		Name string `xml:"name"`
	}{head.Author}); err != nil {
		return err
	}
	return el("generator", head.Gen)
}

// feedEntry is p as an Atom entry, its HTML rendered into buf from the
// tree parse reads (the site's parser).
func feedEntry(snap *site.Snapshot, p *page.Page, ids feedIDs, maxPostSize int, parse parser.Parser, buf *bytes.Buffer) atomEntry {
	e := atomEntry{
		ID:      ids.entry(p),
		Title:   atomText{Text: xmlText(p.Title)},
		Updated: atomTime(updatedOf(p)),
	}
	if !p.Date.IsZero() {
		e.Published = atomTime(p.Date)
	}
	if u := ids.link(p); u != "" {
		e.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: u}}
	}
	for _, t := range slices.Concat(p.Tags, p.Categories) {
		if t = xmlText(t); t != "" {
			e.Categories = append(e.Categories, atomCategory{Term: t})
		}
	}
	if s := xmlText(p.Summary); s != "" {
		e.Summary = &atomText{Type: "text", Text: s}
	}
	md, _ := snap.Markdown(p)
	if len(md) > maxPostSize || page.Dense(md, feedDenseSize) {
		// As in the pager: a post this large is shown as its text; and
		// one this dense (a MB of list items cost half a second to
		// parse and write as HTML, 30 times prose of its size).
		e.Content = atomText{Type: "text", Text: xmlText(p.Plain())}
		return e
	}
	src := []byte(md) // one copy: the tree's segments index it
	if err := feedHTML.Render(buf, src, markdown.Parse(parse, src, nil)); err != nil {
		e.Content = atomText{Type: "text", Text: xmlText(p.Plain())}
		return e
	}
	// Relative links and images in the post resolve against its page.
	e.Content = atomText{Type: "html", Base: ids.link(p), Text: xmlText(buf.String())}
	return e
}

// feedDenseSize is the size from which a dense post (see page.Dense) is
// in the feed as its plain text.
const feedDenseSize = 256 << 10

// feedIDs makes the feed's ids and links: from the site's base URL when
// it has one, as Hugo's permalinks; tag: URIs (RFC 4151) otherwise, which
// stay the same as long as the blog's title and the post's slug and date
// do. The authority is a name under .invalid: no one else can own it.
type feedIDs struct {
	base, site string
	snap       *site.Snapshot
}

const tagAuthority = "sshblog.invalid"

func (f feedIDs) feed() string {
	if f.base != "" {
		return f.base + "/"
	}
	return "tag:" + tagAuthority + ",2000-01-01:" + url.PathEscape(xmlText(f.site))
}

func (f feedIDs) entry(p *page.Page) string {
	if f.base != "" {
		return f.link(p)
	}
	day := "2000-01-01"
	if !p.Date.IsZero() {
		day = p.Date.UTC().Format("2006-01-02")
	}
	return "tag:" + tagAuthority + "," + day + ":" + url.PathEscape(xmlText(f.site)) + "/" + url.PathEscape(xmlText(p.Slug))
}

// link is p's permalink (Snapshot.Permalink: the page's url, or the
// site's permalinks pattern for its section, or /SECTIONS/SLUG/), or ""
// without a base URL.
func (f feedIDs) link(p *page.Page) string {
	if f.base == "" || f.snap == nil {
		return ""
	}
	return xmlText(f.snap.Permalink(p))
}

// newestFirst is posts by date, newest first (the list puts weighted
// posts first; a feed is by date), posts without a date last.
func newestFirst(posts []*page.Page) []*page.Page {
	out := slices.Clone(posts)
	slices.SortStableFunc(out, func(a, b *page.Page) int {
		switch {
		case a.Date.IsZero() != b.Date.IsZero():
			if a.Date.IsZero() {
				return 1
			}
			return -1
		}
		return b.Date.Compare(a.Date)
	})
	return out
}

func updatedOf(p *page.Page) time.Time {
	if p.Lastmod.After(p.Date) {
		return p.Lastmod
	}
	return p.Date
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.Format(time.RFC3339)
}

// xmlText drops what XML 1.0 cannot hold at all: control characters
// other than tab, newline and carriage return, surrogates, U+FFFE and
// U+FFFF (encoding/xml would write U+FFFD for each; a post's stray
// control byte is noise, not text). Escaping <, > and & is the encoder's.
func xmlText(s string) string {
	clean := true
	for _, r := range s {
		if !xmlChar(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar is XML 1.0's Char production (invalid UTF-8 decodes as
// U+FFFD, which is one).
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}
