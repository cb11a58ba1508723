package render

import (
	"html"
	"strings"

	"charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// inlineText is a table cell's text, styled as glamour styles the same
// inlines in a paragraph (emphasis, code, links, strikethrough) with the
// primitives of c, and the table's colour around it. A <br> is a line
// break; the layout marks prepare and annotate add are removed. The walk
// is bounded: the parser keeps inlines at most MaxInlineDepth deep.
func inlineText(cell ast.Node, src []byte, c ansi.StyleConfig) string {
	var b strings.Builder
	var walk func(n ast.Node, outer ansi.StylePrimitive)
	var around func(n ast.Node, outer, p ansi.StylePrimitive)
	walk = func(n ast.Node, outer ansi.StylePrimitive) {
		for k := n.FirstChild(); k != nil; k = k.NextSibling() {
			switch v := k.(type) {
			case *ast.Text:
				s := marks.Replace(string(v.Segment.Value(src)))
				b.WriteString(styled(outer, html.UnescapeString(s)))
				if v.SoftLineBreak() || v.HardLineBreak() {
					b.WriteString(" ")
				}
			case *ast.String:
				b.WriteString(styled(outer, marks.Replace(string(v.Value))))
			case *ast.CodeSpan:
				var code strings.Builder
				for t := v.FirstChild(); t != nil; t = t.NextSibling() {
					if s, ok := t.(*ast.Text); ok {
						code.Write(s.Segment.Value(src))
					}
				}
				// As glamour's code span: its prefix and suffix, not its
				// block ones.
				p := cascade(outer, c.Code.StylePrimitive)
				b.WriteString(styled(p, c.Code.Prefix+marks.Replace(code.String())+c.Code.Suffix))
			case *ast.Emphasis:
				p := c.Emph
				if v.Level > 1 {
					p = c.Strong
				}
				around(v, outer, p)
			case *east.Strikethrough:
				around(v, outer, c.Strikethrough)
			case *ast.Link:
				around(v, outer, c.LinkText)
				dest := string(v.Destination)
				if dest != "" && !strings.HasPrefix(dest, "#") && xansi.Strip(cellTextOf(v, src)) != dest {
					b.WriteString(" " + styled(cascade(outer, c.Link), dest))
				}
			case *ast.AutoLink:
				b.WriteString(styled(cascade(outer, c.Link), string(v.URL(src))))
			case *ast.Image:
				around(v, outer, c.ImageText)
			case *ast.RawHTML:
				raw := string(v.Segments.Value(src))
				if isBreakTag(raw) {
					b.WriteString("\n")
				} else {
					b.WriteString(styled(outer, raw))
				}
			default:
				walk(k, outer)
			}
		}
	}
	// around draws n's children in p, with p's markers (the plain
	// style's "**") once around them.
	around = func(n ast.Node, outer, p ansi.StylePrimitive) {
		inner := cascade(outer, p)
		b.WriteString(styled(inner, p.BlockPrefix+p.Prefix))
		walk(n, inner)
		b.WriteString(styled(inner, p.Suffix+p.BlockSuffix))
	}
	walk(cell, cascade(ansi.StylePrimitive{}, c.Table.StylePrimitive))
	return strings.TrimSpace(b.String())
}

// cellTextOf is the plain text under n.
func cellTextOf(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(k ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := k.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func isBreakTag(raw string) bool {
	s := strings.ToLower(strings.ReplaceAll(raw, " ", ""))
	return s == "<br>" || s == "<br/>"
}

// cascade is child's primitive with what it leaves unset taken from
// parent, as glamour cascades inline styles.
// Markers (prefixes, suffixes) are not inherited.
func cascade(parent, child ansi.StylePrimitive) ansi.StylePrimitive {
	s := child
	s.BlockPrefix, s.Prefix, s.Suffix, s.BlockSuffix = "", "", "", ""
	if s.Color == nil {
		s.Color = parent.Color
	}
	if s.BackgroundColor == nil {
		s.BackgroundColor = parent.BackgroundColor
	}
	if s.Bold == nil {
		s.Bold = parent.Bold
	}
	if s.Italic == nil {
		s.Italic = parent.Italic
	}
	if s.Underline == nil {
		s.Underline = parent.Underline
	}
	if s.CrossedOut == nil {
		s.CrossedOut = parent.CrossedOut
	}
	return s
}

// styled draws s in the primitive p as glamour's renderText does
// (colours, weight, slant, underline, strike); markers are the caller's.
func styled(p ansi.StylePrimitive, s string) string {
	if s == "" {
		return ""
	}
	var st xansi.Style
	if p.Color != nil {
		st = st.ForegroundColor(lipgloss.Color(*p.Color))
	}
	if p.BackgroundColor != nil {
		st = st.BackgroundColor(lipgloss.Color(*p.BackgroundColor))
	}
	if p.Bold != nil && *p.Bold {
		st = st.Bold()
	}
	if p.Italic != nil && *p.Italic {
		st = st.Italic(true)
	}
	if p.Underline != nil && *p.Underline {
		st = st.Underline(true)
	}
	if p.CrossedOut != nil && *p.CrossedOut {
		st = st.Strikethrough(true)
	}
	return st.Styled(s)
}
