package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Link is one distinct link destination of a document.
type Link struct {
	// URL is the destination as written (reference links resolved).
	URL string
	// Text is the text of the destination's first link, or the URL for an
	// autolink.
	Text string
}

// Links returns the distinct link destinations of doc, parsed from src,
// numbered from 1 (index 0 is link 1) in the order of their first
// appearance. Images are not links; autolinks and linkified URLs are.
// This numbering is shared by every view that shows a post's links, so
// that "link 3" means one thing in the pager and in its links list.
func Links(doc ast.Node, src []byte) []Link {
	var out []Link
	seen := map[string]bool{}
	add := func(url, text string) {
		if url == "" || seen[url] {
			return
		}
		seen[url] = true
		out = append(out, Link{URL: url, Text: text})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			// An image's alt text may hold links of its own, but what it
			// shows is a picture: neither it nor they are numbered.
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			add(string(n.Destination), PlainText(n, src))
			return ast.WalkSkipChildren, nil
		case *RefRun:
			for _, u := range n.Uses {
				if dest := n.Defs[u.Def].Destination; !seen[string(dest)] {
					label := u.Label()
					add(string(dest), string(label.Value(src)))
				}
			}
		case *Figure:
			// A linked image on a line of its own: the link is the figure's.
			if n.Link != "" {
				add(n.Link, n.Label())
			}
		case *ast.AutoLink:
			url := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
				url = "mailto:" + url
			}
			add(url, string(n.Label(src)))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// Heading is one heading of a document.
type Heading struct {
	Level int
	Text  string
	// Offset is the byte offset in the source of the heading's first
	// line, or -1 when it has no text of its own.
	Offset int
}

// Headings returns the headings of doc, parsed from src, in document
// order, with their plain text (markup removed).
func Headings(doc ast.Node, src []byte) []Heading {
	var out []Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		h, ok := n.(*ast.Heading)
		if !ok {
			return ast.WalkContinue, nil
		}
		off := -1
		if lines := h.Lines(); lines.Len() > 0 {
			off = lines.At(0).Start
		}
		out = append(out, Heading{Level: h.Level, Text: PlainText(h, src), Offset: off})
		return ast.WalkSkipChildren, nil
	})
	return out
}

// PlainText is the text of n's inline content without markup, spaces
// collapsed: what a reader sees of a heading or a link.
func PlainText(n ast.Node, src []byte) string {
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
		case *FigureSpan:
			b.WriteString(c.Media().Label())
		case *ast.CodeSpan:
			for x := c.FirstChild(); x != nil; x = x.NextSibling() {
				if t, ok := x.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *RefRun:
			for i, u := range c.Uses {
				if i > 0 {
					b.WriteByte(' ')
				}
				label := u.Label()
				b.Write(label.Value(src))
			}
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *east.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
