package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// depthCapped is a container block parser that opens no container deeper
// than MaxBlockDepth: the markers of a deeper one (">", "- ", ": ") are
// left to the paragraph, as text.
//
// Capping the tree afterwards would be too late: goldmark's parser checks
// every open block on every line and walks the finished block tree
// recursively before any AST transformer runs, so 10 KB of ">" took
// seconds and a few MB of it would overflow the stack.
type depthCapped struct{ parser.BlockParser }

func capDepth(p parser.BlockParser) parser.BlockParser { return depthCapped{p} }

func (d depthCapped) Open(parent ast.Node, r text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if containerDepth(parent) >= MaxBlockDepth {
		return nil, parser.NoChildren
	}
	return d.BlockParser.Open(parent, r, pc)
}

// containerDepth counts the block containers n is inside of, n included.
// The walk is short: no chain of containers grows past the cap.
func containerDepth(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindBlockquote, ast.KindList, east.KindDefinitionList, east.KindFootnote:
			d++
		}
	}
	return d
}

// thematicBreaks is goldmark's thematic break parser, which declines at
// once a line whose last byte other than a space (as util.IsSpace reads
// it) is not '-', '*' or '_'. Goldmark's Open (parser/thematic_break.go,
// isThematicBreak) reads the whole line for its marks, and is asked at
// every container level a line opens: "- - - ... a" past the nesting
// cap, 16 KB on one line, was read seven times to find the "a" at its
// end (a tenth of the render of that post). isThematicBreak says false
// for such a line wherever it starts: it stops at the first byte other
// than a space that is not the line's mark, and that byte, where it
// reads that far, is none of the three marks. A line that ends in a mark
// is read by goldmark's, as before. TestThematicBreaksAreGoldmarks
// compares the two.
type thematicBreaks struct{ parser.BlockParser }

// Open implements parser.BlockParser.
func (p thematicBreaks) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	if !endsInMark(line) {
		return nil, parser.NoChildren
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// endsInMark reports whether the last byte of line that is not a space
// (util.IsSpace) is a thematic break's mark, or line has none: only then
// may goldmark's isThematicBreak say true of it (see thematicBreaks). It
// reads line from its end, for most lines one byte or two; at most its
// trailing spaces and a mark, which goldmark's then reads again (no more
// than twice goldmark's steps).
func endsInMark(line []byte) bool {
	for i := len(line) - 1; i >= 0; i-- {
		switch c := line[i]; {
		case util.IsSpace(c):
		case c == '-', c == '*', c == '_':
			return true
		default:
			return false
		}
	}
	return true
}

// paragraphLines is goldmark's paragraph parser with a paragraph's lines
// grown by doubling once they are doubleFrom or more: append grows a
// slice of that many by a quarter at a time, so the segments of a
// paragraph of 4,096 short lines (a lazy quote, a column of "\(a") were
// allocated three and a half times over, 460 KB for 16 KB of text.
type paragraphLines struct {
	parser.BlockParser
	// fresh has every paragraph made anew, none opened on a term
	// paragraph the parse dropped (see descriptionParser.Open), and
	// taken, if set, counts those opened on one: the tests' ways.
	fresh bool
	taken *int
}

// doubleFrom is where append stops doubling a slice of segments.
const doubleFrom = 256

// presizeFrom is the fewest lines a paragraph is seen to go on for (see
// plainLinesAfter) that have its lines made for them at once.
const presizeFrom = 32

// interrupters are the bytes a line may start with (after its
// indentation) to be read as something else than a paragraph's next
// line: the triggers of the block parsers that can interrupt a
// paragraph (TestInterruptersAreTheParsersTriggers), and the digits of
// ordered lists.
var interrupters = func() (set [256]bool) {
	for _, c := range []byte("#>-*+_=`~<|:[0123456789") {
		set[c] = true
	}
	return set
}()

// plainLinesAfter counts the lines after the one that ends at at in src
// (its newline included) that go on a paragraph open on it: neither
// blank nor starting (after spaces and tabs) with a byte of
// interrupters. Each such line is the paragraph's next line, lazily or
// not, whatever the blocks around it: only a blank line or a block that
// interrupts a paragraph ends one, and a container's marker starts with
// an interrupter. It stops at max.
func plainLinesAfter(src []byte, at, max int) int {
	n := 0
	for at < len(src) && n < max {
		line := src[at:]
		if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl+1]
		}
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) || line[i] == '\n' || line[i] == '\r' || interrupters[line[i]] {
			break
		}
		n++
		at += len(line)
	}
	return n
}

// presize makes room in paragraph node's lines, just opened with its
// first, for as many as the lines after it that go on it (see
// plainLinesAfter), at once: grown by doubling, a paragraph of 4,096
// short lines (a column of "a\\" hard breaks, of "\\(a", a lazy quote)
// allocated its segments twice over.
func presize(node ast.Node, reader text.Reader) {
	lines := node.Lines()
	if lines.Len() != 1 {
		return
	}
	first := lines.At(0)
	n := plainLinesAfter(reader.Source(), first.Stop, len(noSegments)-1)
	if n < presizeFrom {
		return
	}
	lines.Clear()
	lines.AppendAll(zeroSegments(n + 1))
	lines.SetSliced(0, 0)
	lines.Append(first)
}

// Open implements parser.BlockParser.
func (p paragraphLines) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if h := setextAhead(parent, reader); h != nil {
		return h, parser.NoChildren
	}
	if free := p.free(reader, pc); free != nil {
		presize(free, reader)
		return free, parser.NoChildren
	}
	node, state := p.BlockParser.Open(parent, reader, pc)
	if node != nil {
		presize(node, reader)
	}
	return node, state
}

// free opens a paragraph on the current line of reader as goldmark's
// paragraphParser.Open (parser/paragraph.go) does, but on a term
// paragraph the parse dropped (see descriptionParser.Open), if there is
// one; else it returns nil, reading nothing.
func (p paragraphLines) free(reader text.Reader, pc parser.Context) *ast.Paragraph {
	if p.fresh {
		return nil
	}
	line, segment := reader.PeekLine()
	if util.IsBlank(line) {
		return nil
	}
	node := takeFreePara(pc)
	if node == nil {
		return nil
	}
	if p.taken != nil {
		*p.taken++
	}
	node.Lines().Append(segment)
	reader.AdvanceToEOL()
	return node
}

// Continue implements parser.BlockParser.
func (p paragraphLines) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	if h, ok := node.(*ast.Heading); ok {
		return continueHeading(h, reader)
	}
	lines := node.Lines()
	if n := lines.Len(); n >= doubleFrom && n == cap(lines.Sliced(0, n)) {
		// The lines appended to themselves make room for as many
		// again, then the copy is cut off.
		lines.AppendAll(lines.Sliced(0, n))
		lines.SetSliced(0, n)
	}
	return p.BlockParser.Continue(node, reader, pc)
}

// Close implements parser.BlockParser.
func (p paragraphLines) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if h, ok := node.(*ast.Heading); ok {
		closeHeading(h, reader)
		return
	}
	p.BlockParser.Close(node, reader, pc)
}
