package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A setext heading ("Title" over "=====") is, to goldmark, a paragraph
// that the underline turns into a heading: the paragraph parser opens a
// paragraph for the text line, the setext parser opens a heading on the
// underline, closes the paragraph, runs the paragraph transformers on it,
// takes its lines and removes it from the tree. For a post of such
// headings (16 KB of "a" over "===") the paragraph, its lines and the
// underline's were a quarter of what the parse allocated. paragraphLines
// opens the heading itself where that is what goldmark makes of the two
// lines (see setextAhead), with the same lines, position and flags: the
// text line at the document's level, one that no paragraph transformer
// takes when alone (a link reference definition starts with "[", a
// table needs a second line), and an underline right after it.
// TestSetextAheadIsGoldmarks compares the trees.

// setextAhead returns the heading goldmark makes of the paragraph that
// paragraphLines is about to open on the current line of reader, in
// parent, and of the line after it, when the line is at the document's
// level, starts no link reference definition, and the next line is a
// setext underline; else nil. The heading's level is negated until its
// underline is read (see paragraphLines.Continue).
func setextAhead(parent ast.Node, reader text.Reader) *ast.Heading {
	if parent.Kind() != ast.KindDocument {
		return nil
	}
	line, seg := reader.PeekLine()
	if len(line) < 2 || line[len(line)-1] != '\n' || seg.Padding != 0 || util.IsBlank(line) {
		return nil
	}
	if first := util.TrimLeftSpace(line); len(first) == 0 || first[0] == '[' || bytes.IndexByte(line, '|') >= 0 {
		return nil
	}
	src := reader.Source()
	if seg.Stop <= 0 || seg.Stop > len(src) || src[seg.Stop-1] != '\n' || seg.Stop == len(src) {
		return nil
	}
	next := src[seg.Stop:]
	if nl := bytes.IndexByte(next, '\n'); nl >= 0 {
		next = next[:nl+1]
	}
	c, ok := setextBar(next)
	if !ok {
		return nil
	}
	level := 1
	if c == '-' {
		level = 2
	}
	h := ast.NewHeading(-level)
	h.Lines().Append(seg)
	reader.AdvanceToEOL()
	return h
}

// setextBar is goldmark's matchesSetextHeadingBar: whether line (with
// its newline, if any) is a setext underline, and of which character.
func setextBar(line []byte) (byte, bool) {
	if len(line) == 0 {
		return 0, false
	}
	start := 0
	end := len(line)
	space := util.TrimLeftLength(line, []byte{' '})
	if space > 3 {
		return 0, false
	}
	start += space
	level1 := util.TrimLeftLength(line[start:end], []byte{'='})
	c := byte('=')
	var level2 int
	if level1 == 0 {
		level2 = util.TrimLeftLength(line[start:end], []byte{'-'})
		c = '-'
	}
	if util.IsSpace(line[end-1]) {
		end -= util.TrimRightSpaceLength(line[start:end])
	}
	if !((level1 > 0 && start+level1 == end) || (level2 > 0 && start+level2 == end)) {
		return 0, false
	}
	return c, true
}

// continueHeading continues a heading setextAhead opened: it reads its
// underline, then closes it, as goldmark's setext parser closes the
// heading it opens on the underline at the next line.
func continueHeading(h *ast.Heading, reader text.Reader) parser.State {
	if h.Level < 0 {
		h.Level = -h.Level
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	return parser.Close
}

// closeHeading closes a heading setextAhead opened as goldmark closes the
// paragraph of its text and then the setext heading: its line trimmed of
// spaces at both ends, its position the trimmed line's start.
func closeHeading(h *ast.Heading, reader text.Reader) {
	if h.Level < 0 {
		h.Level = -h.Level
	}
	lines := h.Lines()
	if lines.Len() == 0 {
		return
	}
	l := lines.At(0)
	l = l.TrimLeftSpace(reader.Source())
	l = l.TrimRightSpace(reader.Source())
	lines.Set(0, l)
	h.SetPos(l.Start)
}
