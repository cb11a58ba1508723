package render

import (
	"regexp"
	"strings"
	"testing"
	"time"
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
// code coloured.
func TestOrdinaryCodeKeepsItsColours(t *testing.T) {
	perl := "```perl\n" + strings.Repeat("my $name = \"world\"; # greet\nprint \"hello, $name\\n\";\n", 200) + "```\n"
	out, err := Markdown(perl, 80, Dark)
	if err != nil {
		t.Fatal(err)
	}
	colours := map[string]bool{}
	for _, c := range foreground.FindAllString(out, -1) {
		colours[c] = true
	}
	if len(colours) < 4 {
		t.Errorf("perl drawn in %d colours, want it highlighted:\n%.400q", len(colours), out)
	}
}

var (
	ansiSeq    = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	foreground = regexp.MustCompile(`\x1b\[38;5;[0-9]+m`)
)

// TestSlowAnalysisIsNotRepeated: glamour picks the lexer of untagged code
// by analysing it, and chroma's C analyser is quadratic in blank lines
// (4,000 of them: 0.45 s). Untagged code that does not analyse in time is
// drawn without colours, so that other widths do not analyse it again
// (each did, at 1.8 s for these 8,000 lines). The margin is 50x.
func TestSlowAnalysisIsNotRepeated(t *testing.T) {
	md := "```\n" + strings.Repeat("\n", 8000) + "```\n"
	start := time.Now()
	d, err := prepareDoc(md, Dark, nil)
	if err != nil {
		t.Fatal(err)
	}
	prepared := time.Since(start)
	start = time.Now()
	for _, w := range []int{60, 70, 80} {
		if _, err := d.render(w, Dark); err != nil {
			t.Fatal(err)
		}
	}
	if widths := time.Since(start); widths > prepared/2 {
		t.Errorf("three widths took %v, preparing %v: the code was analysed again", widths, prepared)
	}
}
