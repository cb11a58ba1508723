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

// freeParasKey holds, in a parse's context, the last of the term
// paragraphs goldmark's description parser dropped that nothing of the
// parse holds any more (see descriptionParser.Open), the others chained
// behind it through their next sibling: paragraphLines.Open opens the
// next paragraphs of the parse on them.
var freeParasKey = parser.NewContextKey()

// Open opens a description as goldmark's parser does, which makes a term
// of each line of the paragraph before it and drops that paragraph
// (definitionDescriptionParser.Open, extension/definition_list.go), and
// keeps the paragraph for the parse's next paragraphs (see
// paragraphLines.Open) when nothing holds it any more: out of the tree
// and no longer among the opened blocks. Definitions nested in
// definitions (16 KB of "a\n: b\n  : c\n") dropped 1,365 term paragraphs
// and made as many for the descriptions that follow them on the line,
// 216 KB. goldmark drops it in two ways: a list's first description
// (the list opened with RequireParagraph) finds the paragraph taken off
// the opened blocks by openBlocks before the list opened (parser.go), and
// the paragraph's slot holds the list: kept. A list's later description
// finds it still opened (openBlocks does not close it; closeBlocks skips
// it, out of the tree): left to the collector. A library can't do it:
// goldmark's parser makes every paragraph with ast.NewParagraph.
func (d descriptionParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	var para *ast.Paragraph
	if list, ok := parent.(*east.DefinitionList); ok {
		para = list.TemporaryParagraph
	}
	node, state := d.BlockParser.Open(parent, reader, pc)
	if para == nil || node == nil || para.Parent() != nil || para.PreviousSibling() != nil || para.NextSibling() != nil {
		return node, state
	}
	// The opened blocks are the blocks around the line, as deep as the
	// caps on nesting let them be.
	for _, b := range pc.OpenedBlocks() {
		if b.Node == para {
			return node, state
		}
	}
	pushPara(pc, freeParasKey, para)
	return node, state
}

// pushPara chains p, a paragraph out of the tree, before the last one
// kept under key in pc (through its next sibling) and keeps it there.
func pushPara(pc parser.Context, key parser.ContextKey, p *ast.Paragraph) {
	if last, ok := pc.Get(key).(*ast.Paragraph); ok {
		p.SetNextSibling(last)
	}
	pc.Set(key, p)
}

// takeFreePara returns a paragraph descriptionParser.Open freed in the
// parse of pc, emptied as ast.NewParagraph makes one but with room for
// the lines it had (the terms copied them); if there is none, one
// descriptionParser.Close kept (see takeSparePara), or nil.
func takeFreePara(pc parser.Context) *ast.Paragraph {
	p, ok := pc.Get(freeParasKey).(*ast.Paragraph)
	if !ok || p == nil {
		return takeSparePara(pc)
	}
	pc.Set(freeParasKey, nextSpare(p))
	room := *p.Lines()
	room.SetSliced(0, 0)
	*p = ast.Paragraph{}
	p.SetLines(&room)
	return p
}

// takeSparePara returns the last paragraph descriptionParser.Close kept
// in the parse of pc, emptied as ast.NewParagraph makes one, or nil if
// there is none or it is still among the opened blocks (goldmark's
// closeBlocks, parser.go, drops the blocks it closed from them after
// closing them all; a paragraph opens only after). Its lines are not
// kept: the text block goldmark's Close made of it holds them. With
// LowerOptions.Terms, Lower makes no paragraph of most terms, which took
// these (see lowerer.termParagraph), and the parse made a paragraph for
// each description (16 KB of "a\n: b\n  : c\n": 1,365, 219 KB): each
// now opens on the one before's. Lower takes what is left. The loop is
// over the opened blocks, as deep as the caps on nesting let them be.
func takeSparePara(pc parser.Context) *ast.Paragraph {
	p, ok := pc.Get(spareParasKey).(*ast.Paragraph)
	if !ok || p == nil {
		return nil
	}
	for _, b := range pc.OpenedBlocks() {
		if b.Node == p {
			return nil
		}
	}
	pc.Set(spareParasKey, nextSpare(p))
	*p = ast.Paragraph{}
	return p
}

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
		pushPara(pc, spareParasKey, p)
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
