package gansi

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// TestSpacedBreaksDrawTheSpaceNodes: a tree lowered with its paragraphs'
// soft breaks left to the renderer (markdown.LowerOptions.SpacedBreaks,
// SetSpacedBreaks) is drawn byte for byte as the tree lowered with a
// text node of " " after each soft break, the path it replaces: on
// random documents of soft and hard breaks in paragraphs, list items
// (text blocks), quotes, alerts, headings, tables and definition lists,
// with inlines, entities, escapes, math, raw HTML and footnote
// references, on the hostile documents without figures (which package
// render dresses), in the dark, light and no-colour styles and in one
// whose text has a format and a change of case (drawn by the element,
// not writeText), wrapped and not.
func TestSpacedBreaksDrawTheSpaceNodes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 16))
	pieces := []string{"a\n", "b c\n", "d  \n", "e\\\n", "&amp; f\n", "\\*g\\*\n", "*h\ni*\n", "**j** k\n", "[l\nm](u)\n",
		"`n\no`\n", "$p$\n", "<b>q</b>\n", "r[^1]\n", "中文\n", "\n", "> s\n", "> [!NOTE]\n> t\n", "- u\n  v\n", "1. w\n",
		"x\n===\n", "| y |\n|---|\n| z |\n", "Term\n: def\n  more\n", "    code\n", "   lead\n", "tail \n", "\t\ttab\n"}
	var docs []string
	for range 150 {
		var b strings.Builder
		for b.Len() < 200+r.IntN(1500) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		b.WriteString("\n[^1]: note\n  on lines\n")
		docs = append(docs, b.String())
	}
	for _, name := range markdown.HostileNames() {
		docs = append(docs, markdown.Hostile(name, 2<<10))
	}
	yes := true
	odd := styles.DarkStyleConfig
	odd.Text.Format = "<{{.text}}>"
	odd.Text.Upper = &yes
	configs := []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, odd}
	p := markdown.NewParser(markdown.Glamour)
	draw := func(md string, c StyleConfig, width int, spaced bool) string {
		src := []byte(md)
		doc := markdown.Parse(p, src, nil)
		src = markdown.Lower(doc, src, markdown.LowerOptions{Colour: true, SpacedBreaks: spaced})
		g := NewRenderer(Options{WordWrap: width, Styles: c, PreserveNewLines: true})
		g.SetSpacedBreaks(spaced)
		var out bytes.Buffer
		if err := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(g, 1000))).Render(&out, src, doc); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	spacedTexts := 0
	for _, md := range docs {
		src := []byte(md)
		doc := markdown.Parse(p, src, nil)
		markdown.Lower(doc, src, markdown.LowerOptions{SpacedBreaks: true})
		figures := false
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering && (RenderContext{spacedBreaks: true}).spacedBreak(t) {
				spacedTexts++
			}
			figures = figures || n.Kind() == markdown.KindFigure || n.Kind() == markdown.KindFigureSpan
			return ast.WalkContinue, nil
		})
		if figures {
			continue // package render dresses them (the render tests compare those)
		}
		for i, c := range configs {
			for _, width := range []int{0, 30, 80} {
				if got, want := draw(md, c, width, true), draw(md, c, width, false); got != want {
					t.Fatalf("%q, style %d, width %d: spaced breaks draw\n%q\nspace nodes\n%q", md, i, width, got, want)
				}
			}
		}
	}
	if spacedTexts < 1000 {
		t.Fatalf("only %d texts drawn with spaced breaks: the test checks too little", spacedTexts)
	}
}
