package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Link is one distinct link destination of a document.
type Link struct {
	// URL is the destination as written (reference links resolved; an
	// e-mail autolink gets "mailto:").
	URL string
	// Text is the text of the destination's first link, or the address
	// for an autolink.
	Text string
}

// Links returns the distinct link destinations of doc, parsed from src,
// in the order of their first appearance: link n is Links(...)[n-1].
// An empty destination ("[text]()") is no link. Images are not links (nor links inside an image's alt text);
// autolinks and linkified URLs are. Every view that shows a post's links
// (the numbers in the text, the list at its end, the pager's links list)
// numbers them this way, so "link 3" means one thing everywhere.
func Links(doc ast.Node, src []byte) []Link {
	var out []Link
	seen := map[string]bool{}
	// The walk is by sibling and parent links, not recursion: inline
	// containers are flattened to MaxInlineDepth but blocks may still be
	// MaxBlockDepth deep, and this is cheap either way.
	for n := doc.FirstChild(); n != nil; {
		url, text, ok := linkOf(n, src)
		if ok && url != "" && !seen[url] {
			seen[url] = true
			out = append(out, Link{URL: url, Text: text})
		}
		if c := n.FirstChild(); c != nil && !ok && n.Kind() != ast.KindImage {
			n = c
			continue
		}
		for n != nil && n != doc && n.NextSibling() == nil {
			n = n.Parent()
		}
		if n == nil || n == doc {
			break
		}
		n = n.NextSibling()
	}
	return out
}

// linkOf returns the destination and text of n if it is a link or an
// autolink, as Links counts them.
func linkOf(n ast.Node, src []byte) (url, text string, ok bool) {
	switch n := n.(type) {
	case *ast.Link:
		return string(n.Destination), inlineText(n, src), true
	case *ast.AutoLink:
		url := string(n.URL(src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		return url, string(n.Label(src)), true
	}
	return "", "", false
}

// inlineText is the text of n's inline content without markup, spaces
// collapsed.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
