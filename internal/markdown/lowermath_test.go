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

// TestMathInDroppedHTML: a formula between tags whose content Lower drops
// (<script>, <style>, <template>, <noscript>) is dropped with it. Lower
// lowers the formulas after the raw HTML, and the formula's node, taken
// out of the tree with what held it, had no parent: the render panicked,
// and the reader got an error for the post.
func TestMathInDroppedHTML(t *testing.T) {
	p := NewParser(Options{Linkify: true, DefinitionList: true, LinkRuns: true})
	for _, src := range []string{
		"a <script>$x^2$</script> b\n",
		"<style>$$y$$ c</style>\n",
		"<template>\\(z\\)</template> d <noscript>$$w$$</noscript>\n",
		"<b><script>$x$ and <i>$y$</i></script></b> e\n",
	} {
		b := []byte(src)
		doc := Parse(p, b, nil)
		var texts strings.Builder
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%q: Lower panicked: %v", src, r)
				}
			}()
			b = Lower(doc, b, LowerOptions{Colour: true})
			_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if t, ok := n.(*ast.Text); ok && entering {
					texts.Write(t.Segment.Value(b))
				}
				return ast.WalkContinue, nil
			})
		}()
		if strings.ContainsAny(texts.String(), "xyzw²") {
			t.Errorf("%q: the dropped formula drawn: %q", src, texts.String())
		}
	}
}
