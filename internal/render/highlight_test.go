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
