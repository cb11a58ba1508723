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
