package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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

// paragraphLines is goldmark's paragraph parser with a paragraph's lines
// grown by doubling once they are doubleFrom or more: append grows a
// slice of that many by a quarter at a time, so the segments of a
// paragraph of 4,096 short lines (a lazy quote, a column of "\(a") were
// allocated three and a half times over, 460 KB for 16 KB of text.
type paragraphLines struct{ parser.BlockParser }

// doubleFrom is where append stops doubling a slice of segments.
const doubleFrom = 256

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
