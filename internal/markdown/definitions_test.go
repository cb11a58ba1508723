package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// TestDefinitionsLowered: a definition list is lowered to each term's
// paragraph followed by a list of its definitions, in order, whether the
// list keeps its node (the definitions after its last term) or a new one
// holds them, with no empty list left.
func TestDefinitionsLowered(t *testing.T) {
	p := NewParser(Glamour)
	for md, want := range map[string]string{
		"a\n: b\n":                        "P(a) DL(1)",
		"a\n: b\n: c\n":                   "P(a) DL(2)",
		"a\nb\n: c\n":                     "P(a) P(b) DL(1)",
		"a\n: b\n\nc\n: d\n: e\n":         "P(a) DL(1) P(c) DL(2)",
		"a\n: b\n\nc\n: d\n\ne\n: f\n":    "P(a) DL(1) P(c) DL(1) P(e) DL(1)",
		"a\n: b\n  : c\n":                 "P(a) DL(1)",
		"x\n\na\n: b\n\nc\nd\n: e\n\ny\n": "P(x) P(a) DL(1) P(c) P(d) DL(1) P(y)",
	} {
		src := []byte(md)
		doc := Parse(p, src, nil)
		Lower(doc, src, LowerOptions{})
		var got []string
		for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.Kind() {
			case ast.KindParagraph:
				got = append(got, fmt.Sprintf("P(%s)", inlineText(c, src)))
			case east.KindDefinitionList:
				descriptions := 0
				for d := c.FirstChild(); d != nil; d = d.NextSibling() {
					if d.Kind() != east.KindDefinitionDescription {
						t.Errorf("%q: a %s in a definition list", md, d.Kind())
					}
					descriptions++
				}
				got = append(got, fmt.Sprintf("DL(%d)", descriptions))
			default:
				got = append(got, c.Kind().String())
			}
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%q lowered to %s, want %s", md, g, want)
		}
	}
}

// inlineText is the text of n's text nodes.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestLowerTakesDroppedParagraphs: Lower makes the terms' paragraphs of
// those the parse dropped (see descriptionParser) while there are, and
// the tree it makes is the one it makes without them, node for node, in
// definitions of every shape: tight and loose, nested, of many terms, in
// lists and quotes. (In definitions nested in definitions the parse opens
// its paragraphs on those dropped before, takeSparePara: Lower finds the
// last description's.)
func TestLowerTakesDroppedParagraphs(t *testing.T) {
	p := NewParser(Glamour)
	docs := []string{
		strings.Repeat("a\n: b\n  : c\n", 50),
		"a\n: b\n", "a\nb\nc\n: d\n: e\n", "a\n: b\n\n  c\n\nd\n: e\n", "a\n: b\n  - x\n  - y\n: c\n  > q\n",
		"- a\n  : b\n    : c\n- d\n", "> a\n> : b\n>   : c\n", "a\n: b\n  : c\n    : d\n      : e\n",
		"a\n: *b* `c`\n  : [l](u)\n\nx\n\ny\n: z\n", "a\n: b\nc\n: d\n\n: e\n",
	}
	spared := 0
	for _, md := range docs {
		for _, colour := range []bool{false, true} {
			src := []byte(md)
			plain := Parse(p, src, nil)
			delete(plain.(*ast.Document).Meta(), spareParasMeta)
			wantSrc := Lower(plain, src, LowerOptions{Colour: colour})

			doc := Parse(p, src, nil)
			spare := map[ast.Node]bool{}
			if head, _ := doc.(*ast.Document).Meta()[spareParasMeta].(*ast.Paragraph); head != nil {
				for q := head; q != nil; q = nextSpare(q) {
					spare[q] = true
				}
			}
			gotSrc := Lower(doc, src, LowerOptions{Colour: colour})
			if got, want := dump(doc, gotSrc), dump(plain, wantSrc); got != want || string(gotSrc) != string(wantSrc) {
				t.Fatalf("%q lowered with the dropped paragraphs:\n%s\nwithout:\n%s", md, got, want)
			}
			taken := 0
			_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				// A term's: goldmark's paragraphs have lines.
				if entering && n.Kind() == ast.KindParagraph && n.Lines().Len() == 0 && spare[n] {
					taken++
				}
				return ast.WalkContinue, nil
			})
			spared += taken
		}
	}
	if spared == 0 {
		t.Fatal("no dropped paragraph taken: the test checks too little")
	}
}
