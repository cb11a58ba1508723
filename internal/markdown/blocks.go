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
