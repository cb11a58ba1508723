package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// withParagraphs is a parser with Glamour's block parsers but for its
// paragraph parser, para (ours or goldmark's), and goldmark's inline
// parsers.
func withParagraphs(t *testing.T, para parser.BlockParser) parser.Parser {
	t.Helper()
	return swappingBlock(t, Glamour, func(b parser.BlockParser) (parser.BlockParser, bool) {
		_, ok := b.(paragraphLines)
		return para, ok
	}, paragraphTransformers())
}

// swappingBlock is a parser with o's block parsers, each that swap
// reports (true) replaced by what it returns, goldmark's inline parsers
// and the paragraph transformers pts: what the comparisons of one of our
// block parsers with goldmark's parse with. It fails t if swap reports
// none.
func swappingBlock(t *testing.T, o Options, swap func(parser.BlockParser) (parser.BlockParser, bool), pts []util.PrioritizedValue) parser.Parser {
	t.Helper()
	blocks := blockParsers(o)
	replaced := false
	for i, b := range blocks {
		if r, ok := swap(b.Value.(parser.BlockParser)); ok {
			blocks[i] = util.Prioritized(r, b.Priority)
			replaced = true
		}
	}
	if !replaced {
		t.Fatal("swappingBlock: no block parser swapped")
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(pts...),
	)
}

// blockDump is dump with each block's position and whether blank lines
// come before it, which a paragraph opened on a dropped one must not
// carry over.
func blockDump(doc ast.Node, src []byte) string {
	var b strings.Builder
	b.WriteString(dump(doc, src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock {
			fmt.Fprintf(&b, "\n%s pos=%d blank=%v children=%d", n.Kind(), n.Pos(), n.HasBlankPreviousLines(), n.ChildCount())
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestFreeParagraphsAreFresh: paragraphs opened on the term paragraphs
// goldmark's description parser dropped (see descriptionParser.Open) make
// the tree that paragraphs made anew make, block for block, in
// definitions of every shape (nested, tight and loose, in quotes and
// lists, with lazy lines, link reference definitions, setext headings and
// tables), lowered too; and they are opened (counted): in definitions
// nested in definitions, two per nested description, on the term's
// paragraph its description dropped (descriptionParser.Open) and on the
// one a description before closed (takeSparePara).
func TestFreeParagraphsAreFresh(t *testing.T) {
	taken := 0
	ours := withParagraphs(t, paragraphLines{BlockParser: parser.NewParagraphParser(), taken: &taken})
	fresh := withParagraphs(t, paragraphLines{BlockParser: parser.NewParagraphParser(), fresh: true})
	pieces := []string{"a\n", ": b\n", "  : c\n", "    : d\n", "\n", "> ", "- x\n", "[r]: /u\n", "e\nf\n",
		": \n", "1. g\n", "| h |\n|---|\n", "h\n===\n", "  i\n", ":   j\n", "   : k\n", "[r]\n", "    l\n"}
	docs := []string{
		strings.Repeat("a\n: b\n  : c\n", 50),
		"a\n: b\n: c\n  : d\n", "a\nb\n: c\n\nd\n: e\n  : f\n", "> a\n> : b\n>   : c\n> d\n",
		"- a\n  : b\n    : c\n- d\n  : e\n", "[r]: /u\na\n: b\n  [r]: /v\n  c\n  : d\n",
	}
	r := rand.New(rand.NewPCG(12, 16))
	for range 400 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		docs = append(docs, b.String())
	}
	for i, md := range docs {
		src := []byte(md)
		before := taken
		got, want := ours.Parse(text.NewReader(src)), fresh.Parse(text.NewReader(src))
		if g, w := blockDump(got, src), blockDump(want, src); g != w {
			t.Fatalf("%q with dropped paragraphs reused:\n%s\nmade anew:\n%s", md, g, w)
		}
		gotSrc, wantSrc := Lower(got, src, LowerOptions{Colour: true}), Lower(want, src, LowerOptions{Colour: true})
		if g, w := dump(got, gotSrc), dump(want, wantSrc); g != w || string(gotSrc) != string(wantSrc) {
			t.Fatalf("%q lowered with dropped paragraphs reused:\n%s\nmade anew:\n%s", md, g, w)
		}
		if i == 0 && taken-before < 99 {
			t.Fatalf("%q: %d paragraphs opened on dropped ones, want two per nested description (100) but the first",
				md, taken-before)
		}
	}
	if taken < len(docs)/4 {
		t.Fatalf("%d paragraphs opened on dropped ones in %d documents: the test checks too little", taken, len(docs))
	}
}
