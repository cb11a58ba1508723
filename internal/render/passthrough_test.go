package render

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestPassthroughDelimitersAreMath: math between a site's own passthrough
// delimiters is drawn as math (Unicode, displayed on its own lines) only
// for a site that configures them; elsewhere it stays text.
func TestPassthroughDelimitersAreMath(t *testing.T) {
	md := "Inline @(\\alpha \\le \\beta)@ here.\n\n\\begin{equation}\n\\frac{\\pi^2}{6}\n\\end{equation}\nNext sentence.\n"
	on, err := MarkdownWith(md, 80, Plain, Features{Dialect: passthroughDialect})
	on = strings.ReplaceAll(on, "\u00a0", " ") // math keeps its spaces unbroken
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Inline α ≤ β here.", "\n  π²/6\n", "\n  Next sentence."} {
		if !strings.Contains(on, want) {
			t.Errorf("with the site's delimiters: no %q in\n%s", want, on)
		}
	}
	if strings.Contains(on, "@(") || strings.Contains(on, "equation") {
		t.Errorf("delimiters shown:\n%s", on)
	}
	off, err := MarkdownWith(md, 80, Plain, Features{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(off, "@(") {
		t.Errorf("without them, the text changed:\n%s", off)
	}
}

// BenchmarkParserFor is what building the parser of a site with
// passthrough delimiters costs (once per configuration: the site's
// markdown.Dialect), next to a render of a short post
// (BenchmarkParserForRender).
func BenchmarkParserFor(b *testing.B) {
	for b.Loop() {
		_ = parserFor(Features{Dialect: markdown.NewDialect(passthroughDelimiters)})
	}
}

func BenchmarkParserForRender(b *testing.B) {
	md := strings.Repeat("A paragraph with @(x^2)@ math and a [link](https://example.com).\n\n", 20)
	f := Features{Dialect: passthroughDialect}
	for b.Loop() {
		if _, err := MarkdownWith(md, 80, Plain, f); err != nil {
			b.Fatal(err)
		}
	}
}
