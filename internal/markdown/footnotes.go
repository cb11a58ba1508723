package markdown

import (
	"sort"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Footnotes ("text[^1]" and "[^1]: the note") are parsed by goldmark's
// footnote block parser, but its reference parser and AST transformer are
// replaced: the reference parser looks each label up by walking every
// definition (references times definitions: quadratic), and the
// transformer sorts the notes by insertion into a linked list (quadratic
// too). Here definitions are kept in a map and the notes sorted once.
//
// The transformer also gives the notes the shape they are drawn in, out
// of nodes glamour draws: a rule, then an ordered list of the notes in
// the order of their first reference, at the end of the document (as
// Hugo does), so that list items and their wrapping work as for any list.
// A note nobody refers to is dropped, as Hugo drops it. References become
// numbers when the tree is lowered (see Lower).

// footnotesKey holds a parse's definitions (*footnotes).
var footnotesKey = parser.NewContextKey()

type footnotes struct {
	byLabel map[string]*east.Footnote
	all     []*east.Footnote
	count   int // notes referred to so far
}

func footnotesOf(pc parser.Context) *footnotes {
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil {
		f = &footnotes{byLabel: map[string]*east.Footnote{}}
		pc.Set(footnotesKey, f)
	}
	return f
}

// footnoteBlock is goldmark's definition parser, recording each
// definition as it closes.
type footnoteBlock struct{ parser.BlockParser }

func (b footnoteBlock) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b.BlockParser.Close(node, reader, pc)
	fn, ok := node.(*east.Footnote)
	if !ok {
		return
	}
	f := footnotesOf(pc)
	f.all = append(f.all, fn)
	if _, dup := f.byLabel[string(fn.Ref)]; !dup { // the first definition wins
		f.byLabel[string(fn.Ref)] = fn
	}
}

// footnoteLabelLimit is goldmark's bound on a label.
const footnoteLabelLimit = 1000

// footnoteRef parses "[^label]" where label is defined.
type footnoteRef struct{}

func (footnoteRef) Trigger() []byte { return []byte{'['} }

func (footnoteRef) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[1] != '^' {
		return nil
	}
	end := -1
	for i := 2; i < len(line) && i < 2+footnoteLabelLimit; i++ {
		if line[i] == ']' {
			end = i
			break
		}
		if line[i] == '[' || util.IsSpace(line[i]) {
			return nil
		}
	}
	if end <= 2 {
		return nil
	}
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil {
		return nil
	}
	fn, ok := f.byLabel[string(block.Value(text.NewSegment(seg.Start+2, seg.Start+end)))]
	if !ok {
		return nil
	}
	if fn.Index < 0 {
		f.count++
		fn.Index = f.count
	}
	block.Advance(end + 1)
	return east.NewFootnoteLink(fn.Index)
}

// footnoteTransformer lays the notes out at the end of the document.
type footnoteTransformer struct{}

func (footnoteTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil {
		return
	}
	pc.Set(footnotesKey, nil)
	var used []*east.Footnote
	for _, fn := range f.all {
		if p := fn.Parent(); p != nil {
			list := p
			list.RemoveChild(list, fn)
			if list.ChildCount() == 0 && list.Parent() != nil {
				list.Parent().RemoveChild(list.Parent(), list)
			}
		}
		if fn.Index > 0 && f.byLabel[string(fn.Ref)] == fn {
			used = append(used, fn)
		}
	}
	if len(used) == 0 {
		return
	}
	sort.Slice(used, func(i, j int) bool { return used[i].Index < used[j].Index })
	doc.AppendChild(doc, ast.NewThematicBreak())
	list := ast.NewList('.')
	list.Start = 1
	list.IsTight = true
	for _, fn := range used {
		item := ast.NewListItem(3)
		for c := fn.FirstChild(); c != nil; c = fn.FirstChild() {
			item.AppendChild(item, c) // moves c out of fn
		}
		list.AppendChild(list, item)
	}
	doc.AppendChild(doc, list)
}
