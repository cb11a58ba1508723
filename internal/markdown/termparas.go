package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// spareParasKey holds, in a parse's context, the last of the paragraphs
// goldmark's description parser dropped (see descriptionParser), the
// others chained behind it through their next sibling.
var spareParasKey = parser.NewContextKey()

// spareParasMeta is the key of the document's metadata under which
// ParseNotes leaves those paragraphs for Lower, which makes a paragraph
// of each term (see lowerer.termParagraph).
const spareParasMeta = "sshblog/markdown.spareParagraphs"

// descriptionParser is goldmark's definition description parser, which
// keeps the paragraphs its Close drops: a tight description's paragraph
// becomes a text block of its lines, the paragraph no more of the tree.
// Lower then makes a paragraph of each term, a new one as ast.NewParagraph
// does, for which a paragraph dropped is as good (zeroed, it is what
// NewParagraph makes): 16 KB of "a\n: b\n  : c\n" dropped 1,365 and made
// 1,365, 210 KB.
type descriptionParser struct{ parser.BlockParser }

// Close closes the description as goldmark's does and keeps the
// paragraphs that dropped: each paragraph child of a tight description,
// as definitionDescriptionParser.Close (extension/definition_list.go)
// replaces them. They are kept only once out of the tree (no parent),
// when nothing of goldmark's reads them again: the description's children
// were closed before it. The loop is over the description's children.
func (d descriptionParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	var paras []*ast.Paragraph
	var one [4]*ast.Paragraph
	if !node.HasBlankPreviousLines() {
		paras = one[:0]
		for c := node.FirstChild(); c != nil; c = c.NextSibling() {
			if p, ok := c.(*ast.Paragraph); ok {
				paras = append(paras, p)
			}
		}
	}
	d.BlockParser.Close(node, reader, pc)
	for _, p := range paras {
		if p.Parent() != nil || p.NextSibling() != nil || p.PreviousSibling() != nil {
			continue
		}
		if last, ok := pc.Get(spareParasKey).(*ast.Paragraph); ok {
			p.SetNextSibling(last)
		}
		pc.Set(spareParasKey, p)
	}
}

// keepSpareParas leaves the paragraphs the parse of doc with pc dropped
// (see descriptionParser) in doc's metadata, for Lower.
func keepSpareParas(doc ast.Node, pc parser.Context) {
	p, ok := pc.Get(spareParasKey).(*ast.Paragraph)
	d, isDoc := doc.(*ast.Document)
	if ok && isDoc {
		d.AddMeta(spareParasMeta, p)
	}
}

// takeSpareParas returns the paragraphs ParseNotes left in doc's
// metadata, chained through their next sibling, and takes them out of
// it: a tree lowered twice uses them once. Only a document with
// definition lists is asked, whose metadata is read (and so made).
func takeSpareParas(doc ast.Node, defs []*east.DefinitionList) *ast.Paragraph {
	d, ok := doc.(*ast.Document)
	if !ok || len(defs) == 0 {
		return nil
	}
	m := d.Meta()
	p, _ := m[spareParasMeta].(*ast.Paragraph)
	delete(m, spareParasMeta)
	return p
}
