package render

import (
	"bytes"
	"html"
	"strings"
	"unsafe"

	"charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sshblog/sshblog/internal/markdown"
)

// cellWriter writes table cells' text (see text), keeping what it
// can between the cells of a table: its buffer, and the escape sequence
// that opens each style (glamour's colour number formatted again for
// every cell was a tenth of a table's render).
type cellWriter struct {
	src []byte
	c   ansi.StyleConfig
	buf []byte
	*openers
}

// openers are the escape sequences that open the styles of a layout's
// tables, kept from table to table (see tableRenderer): made for each
// table, the map was a tenth of the memory of a post of small tables (a
// map of one style, the table's, for two cells).
type openers struct {
	opener map[ansi.StylePrimitive]string
	// plainOpen opens the table's own style, the style of every plain
	// cell (see plainText), once plainSet.
	plainOpen string
	plainSet  bool
}

func newOpeners() *openers {
	return &openers{opener: map[ansi.StylePrimitive]string{}}
}

func newCellWriter(src []byte, c ansi.StyleConfig) *cellWriter {
	return newCellWriterWith(src, c, newOpeners())
}

// newCellWriterWith is newCellWriter with the openers o of the tables
// before it, in the same style.
func newCellWriterWith(src []byte, c ansi.StyleConfig, o *openers) *cellWriter {
	return &cellWriter{src: src, c: c, openers: o}
}

// inlineText is a table cell's text (see cellWriter.text).
func inlineText(cell ast.Node, src []byte, c ansi.StyleConfig) string {
	return newCellWriter(src, c).text(cell)
}

// text is a table cell's text, styled as glamour styles the same
// inlines in a paragraph (emphasis, code, links, strikethrough) with the
// primitives of c, and the table's colour around it. A <br> is a line
// break; the layout marks prepare and annotate add are removed. The walk
// is bounded: the parser keeps inlines at most MaxInlineDepth deep.
func (w *cellWriter) text(cell ast.Node) string {
	if p, ok := cell.(*markdown.PlainCell); ok {
		return w.plainText(p.Texts())
	}
	w.buf = w.buf[:0]
	w.walk(cell, cascade(ansi.StylePrimitive{}, w.c.Table.StylePrimitive))
	return string(bytes.TrimSpace(w.buf))
}

// plainText is text for a plain cell (markdown.PlainCell) of the Text
// nodes first and, if two, second.
//
// It is textRun of each in the table's style, with that style's opener
// worked out once, not looked up by the style for every cell (hashing
// the style was a twentieth of a table's render), and the text read
// where it lies, not copied first (a copy a cell): what marks.Replace
// and html.UnescapeString give, the text itself when they change
// nothing, is copied into the cell's buffer and not kept
// (TestPlainTextIsTextRun).
func (w *cellWriter) plainText(first, second text.Segment, two bool) string {
	w.buf = w.buf[:0]
	if !w.plainSet {
		w.plainOpen = w.openerOf(cascade(ansi.StylePrimitive{}, w.c.Table.StylePrimitive))
		w.plainSet = true
	}
	w.plainRun(first.Value(w.src))
	if two {
		w.plainRun(second.Value(w.src))
	}
	return string(bytes.TrimSpace(w.buf))
}

// plainRun is textRun of b in the table's style (see plainText).
func (w *cellWriter) plainRun(b []byte) {
	s := unsafe.String(unsafe.SliceData(b), len(b))
	w.styledWith(w.plainOpen, html.UnescapeString(marks.Replace(s)))
}

// textRun writes the text of a Text node, b, in outer.
func (w *cellWriter) textRun(outer ansi.StylePrimitive, b []byte) {
	s := marks.Replace(string(b))
	w.styled(outer, html.UnescapeString(s))
}

func (w *cellWriter) walk(n ast.Node, outer ansi.StylePrimitive) {
	c, src := w.c, w.src
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		switch v := k.(type) {
		case *ast.Text:
			w.textRun(outer, v.Segment.Value(src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				w.buf = append(w.buf, ' ')
			}
		case *ast.String:
			w.styled(outer, marks.Replace(string(v.Value)))
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
			w.styled(p, c.Code.Prefix+marks.Replace(code.String())+c.Code.Suffix)
		case *ast.Emphasis:
			p := c.Emph
			if v.Level > 1 {
				p = c.Strong
			}
			w.around(v, outer, p)
		case *east.Strikethrough:
			w.around(v, outer, c.Strikethrough)
		case *ast.Link:
			w.around(v, outer, c.LinkText)
			dest := string(v.Destination)
			if dest != "" && !strings.HasPrefix(dest, "#") && xansi.Strip(cellTextOf(v, src)) != dest {
				w.buf = append(w.buf, ' ')
				w.styled(cascade(outer, c.Link), dest)
			}
		case *ast.AutoLink:
			w.styled(cascade(outer, c.Link), string(v.URL(src)))
		case *ast.Image:
			w.around(v, outer, c.ImageText)
		case *ast.RawHTML:
			raw := string(v.Segments.Value(src))
			if isBreakTag(raw) {
				w.buf = append(w.buf, '\n')
			} else {
				w.styled(outer, raw)
			}
		default:
			w.walk(k, outer)
		}
	}
}

// around draws n's children in p, with p's markers (the plain style's
// "**") once around them.
func (w *cellWriter) around(n ast.Node, outer, p ansi.StylePrimitive) {
	inner := cascade(outer, p)
	w.styled(inner, p.BlockPrefix+p.Prefix)
	w.walk(n, inner)
	w.styled(inner, p.Suffix+p.BlockSuffix)
}

// styled writes s in the primitive p (see styleOpener).
func (w *cellWriter) styled(p ansi.StylePrimitive, s string) {
	if s == "" {
		return
	}
	w.styledWith(w.openerOf(p), s)
}

// openerOf is styleOpener(p), kept for the tables of the layout.
func (w *cellWriter) openerOf(p ansi.StylePrimitive) string {
	open, ok := w.opener[p]
	if !ok {
		open = styleOpener(p)
		w.opener[p] = open
	}
	return open
}

// styledWith writes s after open, the opener of its style, and a reset
// after it when open is not "".
func (w *cellWriter) styledWith(open, s string) {
	if s == "" {
		return
	}
	if open == "" {
		w.buf = append(w.buf, s...)
		return
	}
	w.buf = append(w.buf, open...)
	w.buf = append(w.buf, s...)
	w.buf = append(w.buf, xansi.ResetStyle...)
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

// styleOpener is the sequence that opens the primitive p as glamour's
// renderText draws it (colours, weight, slant, underline, strike; ""
// for none), which a reset closes; markers are the caller's.
func styleOpener(p ansi.StylePrimitive) string {
	st := primitiveStyle(p)
	if len(st) == 0 {
		return ""
	}
	return st.String()
}

func primitiveStyle(p ansi.StylePrimitive) xansi.Style {
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
	return st
}
