package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// TestMathTextIsText: a formula's lowered text made of the node of its
// TeX's first line (mathText) is the tree a new node makes: formulas
// inline and displayed, of one line and several, drawn as Unicode or as
// code, in paragraphs, headings, lists, quotes, links and emphasis, more
// of them than are displayed (MaxDisplays).
func TestMathTextIsText(t *testing.T) {
	p := NewParser(Options{Linkify: true, DefinitionList: true, LinkRuns: true})
	srcs := []string{
		"a $x$ b $$y$$ c \\(z\\) d \\[w\\]\n",
		"$$a $$a $$a $$a\n",
		"$$\\frac{a}{b}$$ and $\\sum_{i=0}^n i^2$ and $\\begin{matrix} a \\end{matrix}$\n",
		"$$\nx^2\n+ y\n$$\n\ntext $a\nb$ more\n",
		"# $x$ head\n\n- $a^2$ item\n  $$b$$\n\n> $\\alpha$ quote\n",
		"[$x$](/u) *$y$* **$$z$$** ~$w$~\n",
		"| $a$ | b |\n|---|---|\n| $c$ | $$d$$ |\n",
		strings.Repeat("$$a ", 300) + "\n",
		strings.Repeat("$x_1$ ", 100) + "\n",
	}
	for _, src := range srcs {
		b := []byte(src)
		reused := Parse(p, b, nil)
		fresh := Parse(p, b, nil)
		// A node before the first line's: mathText makes a new one.
		_ = ast.Walk(fresh, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if m, ok := n.(*Math); ok && entering {
				m.InsertBefore(m, m.FirstChild(), ast.NewString(nil))
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
		var got, want strings.Builder
		drawn(&got, reused, Lower(reused, b, LowerOptions{Colour: true}), 0)
		drawn(&want, fresh, Lower(fresh, b, LowerOptions{Colour: true}), 0)
		if got.String() != want.String() {
			t.Errorf("%.60q: lowered\n%s\nwith new nodes\n%s", src, got.String(), want.String())
		}
	}
}
