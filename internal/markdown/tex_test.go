package markdown

import (
	"strings"
	"testing"
)

func TestTeXToUnicode(t *testing.T) {
	for _, c := range []struct{ tex, want string }{
		{`E = mc^2`, "E = mc²"},
		{`\alpha + \beta \le \gamma`, "α + β ≤ γ"},
		{`\frac{1}{2}`, "1/2"},
		{`\frac{a+b}{c}`, "(a+b)/c"},
		{`\sqrt{x^2 + y^2}`, "√(x² + y²)"},
		{`\sqrt[3]{x}`, "³√x"},
		{`\sum_{i=1}^{n} i`, "∑ᵢ₌₁ⁿ i"},
		{`\int_0^\infty e^{-x} dx`, "∫₀^∞ e⁻ˣ dx"},
		{`x_{\text{max}}`, "xₘₐₓ"},
		{`x_{bc}`, "x_(bc)"},
		{`\mathbb{R}^n`, "ℝⁿ"},
		{`a \neq b \implies a \cdot c \ne b \cdot c`, "a ≠ b ⇒ a · c ≠ b · c"},
		{`\lim_{x \to 0} \frac{\sin x}{x}`, "lim_(x → 0) (sin x)/x"},
		{`\left( a \right)`, "( a )"},
	} {
		got, ok := TeXToUnicode(c.tex)
		if !ok || got != c.want {
			t.Errorf("TeXToUnicode(%q) = %q, %v; want %q", c.tex, got, ok, c.want)
		}
	}
	for _, tex := range []string{`\begin{matrix} a \end{matrix}`, `\unknowncommand{x}`, `a & b`, `{unclosed`, strings.Repeat("{", 100) + "a" + strings.Repeat("}", 100)} {
		if got, ok := TeXToUnicode(tex); ok {
			t.Errorf("TeXToUnicode(%q) = %q: want it shown as source", tex, got)
		}
	}
}

// Math delimiters are found as Hugo's passthrough and KaTeX find them,
// and dollar amounts stay text.
func TestMathDelimiters(t *testing.T) {
	p := NewParser(Glamour)
	for _, c := range []struct {
		src     string
		math    []string
		display bool
	}{
		{"a $x^2$ b", []string{"x^2"}, false},
		{"costs $5 and $10", nil, false},
		{`see \(a+b\) here`, []string{"a+b"}, false},
		{"$$\nE = mc^2\n$$", []string{"E = mc^2"}, true},
		{`a \[ x \] b`, []string{"x"}, true},
		{"`$x$` in code", nil, false},
		{`an escaped \$x$`, nil, false},
	} {
		src := []byte(c.src + "\n")
		var got []string
		display := false
		doc := Parse(p, src, nil)
		for n := doc.FirstChild().FirstChild(); n != nil; n = n.NextSibling() {
			if m, ok := n.(*Math); ok {
				got = append(got, m.TeX(src))
				display = m.Display
			}
		}
		if strings.Join(got, "|") != strings.Join(c.math, "|") || display != c.display {
			t.Errorf("%q: math %q (display %v), want %q (display %v)", c.src, got, display, c.math, c.display)
		}
	}
}
