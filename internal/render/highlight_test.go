package render

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/parser"
)

// TestHostileCodeCostsLikeText: some of chroma's lexers scan far ahead
// again from every token, so colouring a code block could cost minutes
// (16 KB of "m{" tagged perl: 10 s; 32 KB: 4 minutes), and at every width,
// where the same code untagged takes milliseconds. Such code is drawn
// without colours instead, whole, after at most its highlight budget.
// The margin is 10x: the machine's load cannot fail it.
func TestHostileCodeCostsLikeText(t *testing.T) {
	for _, c := range []struct{ lang, unit string }{
		{"perl", "m{"}, // before: 32 KB took 4-5 minutes
	} {
		code := strings.Repeat(c.unit, hostileSize/8/len(c.unit))
		took := func(lang string) (string, time.Duration) {
			start := time.Now()
			out, err := Markdown("```"+lang+"\n"+code+"\n```\n", 80, Dark)
			if err != nil {
				t.Fatal(err)
			}
			return out, time.Since(start)
		}
		_, untagged := took("")
		out, tagged := took(c.lang)
		if limit := 10 * (highlightBudget(len(code)) + untagged); tagged > limit {
			t.Errorf("%d KB of %q tagged %s took %v, untagged %v", len(code)>>10, c.unit, c.lang, tagged, untagged)
		}
		if got := strings.Count(strings.Join(strings.Fields(ansiSeq.ReplaceAllString(out, "")), ""), c.unit); got != len(code)/len(c.unit) {
			t.Errorf("%s: %d of %d %q drawn", c.lang, got, len(code)/len(c.unit), c.unit)
		}
	}
}

// TestOrdinaryCodeKeepsItsColours: the bound on colouring leaves ordinary
// code coloured, tagged or recognised by analysis. Where lexing it takes
// a good part of its budget anyway (the race detector makes it 20-50
// times slower), there is nothing to check.
func TestOrdinaryCodeKeepsItsColours(t *testing.T) {
	for name, md := range map[string]string{
		"perl":       "```perl\n" + strings.Repeat("my $name = \"world\"; # greet\nprint \"hello, $name\\n\";\n", 200) + "```\n",
		"untagged C": "```\n#include <stdio.h>\n\n\n" + strings.Repeat("int main(void) {\n\treturn printf(\"%d\\n\", 1);\n}\n\n", 100) + "```\n",
	} {
		start := time.Now()
		lexesInTime(md, nil)
		if took := time.Since(start); took > highlightBudget(len(md))/4 {
			t.Logf("%s: lexing takes %v here, a quarter of its budget or more: not checked", name, took)
			continue
		}
		out, err := Markdown(md, 80, Dark)
		if err != nil {
			t.Fatal(err)
		}
		colours := map[string]bool{}
		for _, c := range foreground.FindAllString(out, -1) {
			colours[c] = true
		}
		if len(colours) < 4 {
			t.Errorf("%s drawn in %d colours, want it highlighted:\n%.400q", name, len(colours), out)
		}
	}
}

var (
	ansiSeq    = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	foreground = regexp.MustCompile(`\x1b\[38;5;[0-9]+m`)
)

// TestSlowAnalysisIsNotRepeated: glamour picks the lexer of untagged code
// by analysing it, and chroma's C analyser is quadratic in blank lines
// (4,000 of them: 0.45 s). Such code is drawn without colours, found so
// without analysing it, and other widths do not analyse it again (each
// did, at 1.8 s for these 8,000 lines, and preparing it once more). The
// margins are 10x and 50x.
func TestSlowAnalysisIsNotRepeated(t *testing.T) {
	prepare := func(md string) (doc, time.Duration) {
		start := time.Now()
		d, err := prepareDoc(md, Dark, nil, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		return d, time.Since(start)
	}
	_, lines := prepare("```\n" + strings.Repeat("a\n", 8000) + "```\n")
	d, blank := prepare("```\n" + strings.Repeat("\n", 8000) + "```\n")
	if blank > 10*lines+10*time.Millisecond {
		t.Errorf("preparing 8,000 blank lines of code took %v, lines of \"a\" %v", blank, lines)
	}
	start := time.Now()
	for _, w := range []int{60, 70, 80} {
		if _, err := d.render(w, Dark, &linkTable{}); err != nil {
			t.Fatal(err)
		}
	}
	if widths := time.Since(start); widths > 50*lines {
		t.Errorf("three widths took %v, preparing lines of \"a\" %v: the code was analysed again", widths, lines)
	}
}

// lexesInTime reports whether chroma lexes the code blocks of md, the
// language of each picked as glamour picks it (quick.Highlight: by name,
// else by analysing the code), within highlightBudget.
func lexesInTime(md string, refs []parser.Reference) bool {
	return lexesIn(newParsed(md, refs), nil)
}

// TestLexedTokensColourAsLexing checks that the tokens lexesIn keeps are
// used by the render and colour code as lexing it again does (the fork
// comparison, TestForkWritesUpstreamBytes, checks it on every sample).
func TestLexedTokensColourAsLexing(t *testing.T) {
	md := "Some code:\n\n```go\nfunc f(n int) int {\n\treturn n * 2 // double\n}\n```\n\n    indented := \"code\"\n\n```\n#include <stdio.h>\nint main() { return 0; }\n```\n"
	d, err := prepareDoc(md, Dark, nil, &linkTable{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.lexed) < 2 {
		t.Fatalf("lexesIn kept the tokens of %d code blocks, want 2 or more", len(d.lexed))
	}
	again := d
	again.lexed = nil
	for _, w := range []int{40, 80} {
		got, err := d.render(w, Dark, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := again.render(w, Dark, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		g, l := chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n"))
		// A chroma match that hits its 250 ms timeout on a loaded
		// machine lexes the rest of the line as an error token: a
		// difference from the clock, so lex again before calling it one.
		// Either side may have been lexed so: prepare both again.
		for try := 0; g != l && try < 3; try++ {
			nd, err := prepareDoc(md, Dark, nil, &linkTable{})
			if err != nil {
				t.Fatal(err)
			}
			na := nd
			na.lexed = nil
			got, err1 := nd.render(w, Dark, &linkTable{})
			want, err2 := na.render(w, Dark, &linkTable{})
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			g, l = chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n"))
		}
		if g != l {
			t.Errorf("at %d, with the kept tokens:\n%q\nlexed again:\n%q", w, g, l)
		}
	}
}

// mayHaveCodeExpr is what mayHaveCode answers.
var mayHaveCodeExpr = regexp.MustCompile("(?m)^[ >]*(```|~~~|    )")

// TestMayHaveCodeIsTheExpression holds mayHaveCode to the expression it
// stands for, on every prepared sample, spec example and hostile
// document, and on every short text of the characters that matter.
func TestMayHaveCodeIsTheExpression(t *testing.T) {
	code := 0
	check := func(md string) {
		want := mayHaveCodeExpr.MatchString(md)
		if got := mayHaveCode(md); got != want {
			t.Fatalf("mayHaveCode(%q) = %v, the expression says %v", md, got, want)
		}
		if want {
			code++
		}
	}
	for _, md := range preparedCorpus(t, "```\n", "> ~~~\n", " >    x", "a\n  >  ```", "    ") {
		check(md)
	}
	const alphabet = " >`~\na"
	for n := 0; n <= 7; n++ {
		total := 1
		for range n {
			total *= len(alphabet)
		}
		b := make([]byte, n)
		for i := range total {
			for j, k := 0, i; j < n; j, k = j+1, k/len(alphabet) {
				b[j] = alphabet[k%len(alphabet)]
			}
			check(string(b))
		}
	}
	if code < 1000 {
		t.Fatalf("only %d texts with code: the test checks too little", code)
	}
}
