package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// fencedLines is goldmark's fenced code block parser, which appends each
// line's segment to the block as it reads it: past 256 lines a slice
// grows by a quarter at a time, so a block of 8,000 lines made its 256 KB
// of segments five times over (16 KB of one-letter lines: a quarter of
// its render's memory). A block at the top of the document, where
// nothing but its closing fence or the end of the document closes it, is
// given room for the lines up to the first line that may close it, read
// at once: its lines, or fewer (a line taken for a closing fence that
// goldmark does not close it with), never more, so the room is never
// more than the block's own lines, and reading it costs a block its
// length once. The tree is the same (TestFencedLinesAreGoldmarks).
type fencedLines struct{ parser.BlockParser }

// noSegments is zero segments that room for a block's lines is made
// from: Segments.AppendAll copies them into the one array it makes, and
// they are never written. Room for more is made from a slice of its own.
var noSegments [8192]text.Segment

// zeroSegments returns n zero segments, to make room from.
func zeroSegments(n int) []text.Segment {
	if n <= len(noSegments) {
		return noSegments[:n]
	}
	return make([]text.Segment, n)
}

// fencedRoomFrom is the number of lines below which an indented block's
// segments are left to grow as goldmark grows them (by doubling, at
// first); a fenced block's are from fencedRoomLines: counting a fenced
// block's lines reads them once, as goldmark does, where an indented
// block's count may read on past it. A small chart's three lines grew to
// room for four in three arrays (224 bytes), a sixth of what its fence
// cost to parse: a post of 400 charts parses them twice.
const (
	fencedRoomFrom  = 256
	fencedRoomLines = 2
)

func (f fencedLines) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	n, state := f.BlockParser.Open(parent, reader, pc)
	if n == nil || parent == nil || parent.Kind() != ast.KindDocument || pos < 0 || pos >= len(line) {
		return n, state
	}
	fence := line[pos]
	src := reader.Source()
	if seg.Stop > len(src) || seg.Stop < 1 || src[seg.Stop-1] != '\n' {
		return n, state
	}
	if lines := linesBeforeFence(src[seg.Stop:], fence); lines >= fencedRoomLines {
		segs := n.Lines()
		segs.AppendAll(zeroSegments(lines))
		segs.SetSliced(0, 0)
	}
	return n, state
}

// linesBeforeFence counts the lines of src before the first that may be
// a closing fence of fence ('`' or '~'): up to three spaces, then three
// of fence at least (a closing fence is that, and is as long as the
// opening one, and then blank); all its lines when there is none.
func linesBeforeFence(src []byte, fence byte) int {
	lines := 0
	for len(src) > 0 {
		k := 0
		for k < 3 && k < len(src) && src[k] == ' ' {
			k++
		}
		if len(src) >= k+3 && src[k] == fence && src[k+1] == fence && src[k+2] == fence {
			return lines
		}
		lines++
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			break
		}
		src = src[i+1:]
	}
	return lines
}

// indentedLines is goldmark's indented code block parser, given room for
// a long block's lines as fencedLines gives a fenced block (16 KB of
// "    a" and a blank line, one block of 4,000 lines, made its segments
// five times over too): a block at the top of the document goes on while
// lines are blank or indented by four columns, and is given room for the
// lines after its first that are blank, or start with four spaces or a
// tab (so never for more than its lines: a line indented otherwise ends
// the count, not always the block). Blank lines at its end are in the
// count, as goldmark appends them before it trims them on closing.
type indentedLines struct{ parser.BlockParser }

func (p indentedLines) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	_, seg := reader.PeekLine()
	n, state := p.BlockParser.Open(parent, reader, pc)
	if n == nil || parent == nil || parent.Kind() != ast.KindDocument || n.Lines().Len() != 1 {
		return n, state
	}
	src := reader.Source()
	if seg.Stop > len(src) || seg.Stop < 1 || src[seg.Stop-1] != '\n' {
		return n, state
	}
	if lines := indentedLinesIn(src[seg.Stop:]); lines >= fencedRoomFrom {
		segs := n.Lines()
		first := segs.At(0)
		segs.Clear()
		segs.AppendAll(zeroSegments(1 + lines))
		segs.Set(0, first)
		segs.SetSliced(0, 1)
	}
	return n, state
}

// indentedLinesIn counts the lines at the start of src that are blank
// (spaces, tabs and a line end only) or start with four spaces or a tab.
func indentedLinesIn(src []byte) int {
	lines := 0
	for len(src) > 0 {
		end := bytes.IndexByte(src, '\n')
		line := src
		if end >= 0 {
			line = src[:end]
		}
		if !bytes.HasPrefix(line, []byte("    ")) && (len(line) == 0 || line[0] != '\t') &&
			len(bytes.Trim(line, " \t\r")) > 0 {
			return lines
		}
		lines++
		if end < 0 {
			break
		}
		src = src[end+1:]
	}
	return lines
}
