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

// fencedRoomFrom is the number of lines below which a block's segments
// are left to grow as goldmark grows them (by doubling, at first).
const fencedRoomFrom = 256

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
	if lines := linesBeforeFence(src[seg.Stop:], fence); lines >= fencedRoomFrom {
		segs := n.Lines()
		segs.AppendAll(make([]text.Segment, lines))
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
