package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// flattener is the AST transformer that bounds what is drawn: a code
// fence's info string longer than maxInfo is dropped, inline
// containers deeper than MaxInlineDepth are unwrapped into their parent
// (their text stays, drawn in the style of the deepest drawn container),
// and lists longer than MaxListItems continue as further lists (glamour
// counts an item's earlier siblings to number it, which is quadratic in a
// list's length).
//
// It walks the tree by its sibling and parent links, not by recursion:
// it runs on trees whose depth is what it has to bound.
type flattener struct{}

// maxInfo bounds a code fence's info string ("go", "python {.numbered}").
const maxInfo = 64

var _ parser.ASTTransformer = flattener{}

func (flattener) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	depth := 0 // inline containers above n
	n := doc.FirstChild()
	for n != nil {
		inline := isInlineContainer(n)
		if inline && depth >= MaxInlineDepth {
			n = unwrap(n, doc, &depth)
			continue
		}
		switch n := n.(type) {
		case *ast.List:
			splitList(n)
		case *ast.FencedCodeBlock:
			// The language picks a highlighter by matching the name
			// against every lexer's file patterns, which takes seconds
			// for a name of some KB. Real names are short.
			if n.Info != nil && n.Info.Segment.Len() > maxInfo {
				n.Info = nil
			}
		}
		if c := n.FirstChild(); c != nil {
			if inline {
				depth++
			}
			n = c
			continue
		}
		n = advance(n, doc, &depth)
	}
}

// advance returns the node after n's subtree in document order, or nil
// at the end, keeping depth in step with the containers it leaves.
func advance(n ast.Node, doc ast.Node, depth *int) ast.Node {
	for {
		if s := n.NextSibling(); s != nil {
			return s
		}
		n = n.Parent()
		if n == nil || n == doc {
			return nil
		}
		if isInlineContainer(n) {
			*depth--
		}
	}
}

// unwrap replaces n by its children and returns the next node to visit:
// its first child, now in its place, or what follows it. A figure span
// plainImages read is replaced by its text node, its alt text, as its
// Image would be by its alt text's node.
func unwrap(n ast.Node, doc ast.Node, depth *int) ast.Node {
	if f, ok := n.(*FigureSpan); ok {
		return f.Become(f.Segment)
	}
	parent := n.Parent()
	first := n.FirstChild()
	for c := first; c != nil; c = n.FirstChild() {
		parent.InsertBefore(parent, n, c) // moves c out of n
	}
	next := first
	if next == nil {
		next = advance(n, doc, depth)
	}
	parent.RemoveChild(parent, n)
	return next
}

func isInlineContainer(n ast.Node) bool {
	switch n.Kind() {
	case ast.KindEmphasis, ast.KindLink, ast.KindImage, east.KindStrikethrough:
		return true
	case KindFigureSpan:
		// The image plainImages read, its alt text its text as an
		// Image's is its child (the figures transformer runs after the
		// flattener); not the <img> tag rawHTML read, which stands for a
		// RawHTML node.
		return !n.(*FigureSpan).tag
	}
	return false
}

// splitList moves the items of l beyond every MaxListItems into new lists
// right after it, each item moved once. Numbered lists go on counting.
func splitList(l *ast.List) {
	if l.ChildCount() <= MaxListItems {
		return
	}
	parent := l.Parent()
	cur := ast.Node(l)
	i := 0
	for item := l.FirstChild(); item != nil; i++ {
		next := item.NextSibling()
		if i > 0 && i%MaxListItems == 0 {
			nl := ast.NewList(l.Marker)
			nl.IsTight = l.IsTight
			if l.IsOrdered() {
				nl.Start = l.Start + i
			}
			parent.InsertAfter(parent, cur, nl)
			cur = nl
		}
		if cur != l {
			cur.AppendChild(cur, item) // moves item out of l
		}
		item = next
	}
}
