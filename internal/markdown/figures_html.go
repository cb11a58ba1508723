package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// FigureHTMLRenderer renders Figure and FigureSpan nodes as HTML, for a
// goldmark HTML renderer working on trees from this package's parser
// (the feed): an image as <img>, a player as a link to it. Every goldmark
// renderer needs one: it looks node kinds up in a table made when it is
// built, and a kind it was not told of is out of its range.
// Destinations with dangerous schemes (javascript:...) are left out, as
// goldmark's own renderer does for links.
type FigureHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (FigureHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<p>")
			writeMediaHTML(w, n.(*Figure).Media)
			_, _ = w.WriteString("</p>\n")
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindFigureSpan, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			writeMediaHTML(w, n.(*FigureSpan).Media())
		}
		return ast.WalkSkipChildren, nil
	})
}

func writeMediaHTML(w util.BufWriter, m Media) {
	safe := func(u string) bool { return u != "" && !html.IsDangerousURL([]byte(u)) }
	esc := func(s string) { _, _ = w.Write(util.EscapeHTML([]byte(s))) }
	if m.Element != "image" {
		if !safe(m.Src) {
			return
		}
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(m.Src), true)))
		_, _ = w.WriteString(`">`)
		esc(m.Element + ": " + firstNonEmpty(m.Label(), m.Src))
		_, _ = w.WriteString(`</a>`)
		return
	}
	link := safe(m.Link)
	if link {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(m.Link), true)))
		_, _ = w.WriteString(`">`)
	}
	if safe(m.Src) {
		_, _ = w.WriteString(`<img src="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(m.Src), true)))
		_, _ = w.WriteString(`" alt="`)
		esc(firstNonEmpty(m.Caption, m.Alt))
		_, _ = w.WriteString(`"`)
		if m.Title != "" {
			_, _ = w.WriteString(` title="`)
			esc(m.Title)
			_, _ = w.WriteString(`"`)
		}
		_, _ = w.WriteString(`>`)
	} else {
		esc(m.Label())
	}
	if link {
		_, _ = w.WriteString(`</a>`)
	}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
