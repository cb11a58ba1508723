package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestInterruptersAreTheParsersTriggers: every block parser that can
// interrupt a paragraph, in every dialect's parser, triggers on bytes of
// interrupters only (a parser without triggers is tried on every line,
// and would make plainLinesAfter's count wrong).
func TestInterruptersAreTheParsersTriggers(t *testing.T) {
	for _, o := range []Options{Glamour, {DefinitionList: true, Linkify: true, Math: []MathDelimiter{{Open: "@(", Close: ")@", Display: true}}}, {}} {
		for _, b := range blockParsers(o) {
			bp := b.Value.(parser.BlockParser)
			if !bp.CanInterruptParagraph() {
				continue
			}
			if bp.Trigger() == nil {
				t.Fatalf("%T interrupts a paragraph on any line", bp)
			}
			for _, c := range bp.Trigger() {
				if !interrupters[c] {
					t.Errorf("%T interrupts a paragraph on %q, not an interrupter", bp, c)
				}
			}
		}
	}
}

// TestPlainLinesGoOnTheParagraph: the lines plainLinesAfter counts after
// a paragraph's first line are its lines, on random documents of text
// lines in every container and every block beside them: a paragraph has
// at least as many lines as presize makes room for (a table read in it
// takes its own once the paragraph is closed).
func TestPlainLinesGoOnTheParagraph(t *testing.T) {
	pieces := []string{"a\n", "  b\n", "c\\\n", "\\(d\n", "e  \n", "\n", "> f\n", ">\n", "- g\n", "  h\n", "1. i\n", "2) j\n",
		"    k\n", "\tl\n", "# m\n", "***\n", "---\n", "===\n", "```\n", "~~~\n", "<div>\n", "[x]: /u\n", "[^1]: n\n",
		"| o |\n", "|---|\n", ": p\n", "q\r\n", " \n", "$$\n", "\\[\n", "r *s*\n"}
	r := rand.New(rand.NewPCG(5, 12))
	for _, o := range []Options{Glamour, {DefinitionList: true}} {
		p := NewParser(o)
		checked := 0
		for range 2000 {
			var b strings.Builder
			for range 1 + r.IntN(40) {
				if r.IntN(3) == 0 {
					b.WriteString(pieces[r.IntN(len(pieces))])
				} else {
					b.WriteString(pieces[r.IntN(5)])
				}
			}
			src := []byte(b.String())
			doc := p.Parse(text.NewReader(src))
			_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if para, ok := n.(*ast.Paragraph); ok && entering && para.Lines().Len() > 0 &&
					(para.NextSibling() == nil || para.NextSibling().Kind() != east.KindTable) {
					// (A table takes the lines from its header on from
					// the paragraph it was read in, once that is closed.)
					first := para.Lines().At(0)
					if first.Stop > 0 && first.Stop <= len(src) && src[first.Stop-1] == '\n' {
						if after := plainLinesAfter(src, first.Stop, 1<<20); after+1 > para.Lines().Len() {
							t.Fatalf("%q: %d lines after %q go on the paragraph, which has %d", src, after, first.Value(src), para.Lines().Len())
						}
						checked++
					}
				}
				return ast.WalkContinue, nil
			})
		}
		if checked < 1000 {
			t.Fatalf("%d paragraphs checked", checked)
		}
	}
}
