package gansi

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestTextRunDrawsAsItsTexts compares paragraphs whose marks around
// nested pairs of tags Lower made text runs (LowerOptions.Labels) with
// the same lowered to a text node a mark: "^(" and ")" of <sup>, "_("
// of <sub>, quotes of <q>, an <abbr>'s title (with "&", which the
// texts' fast way does not write), runs later moved into an emphasis or
// read into a code span, a display formula after a run, runs in lists
// and quotes, and marks in an emphasis, which are no runs. Each
// lowering holds the runs its case says (-1: some), so that the test
// fails if runs are never made, or made where they are not drawn.
func TestTextRunDrawsAsItsTexts(t *testing.T) {
	nest := func(open, in, close string, n int) string {
		return strings.Repeat(open, n) + in + strings.Repeat(close, n)
	}
	cases := []struct {
		md   string
		runs int
	}{
		{strings.Repeat("<sup><i>", 20) + strings.Repeat("q <wbr>", 5) + strings.Repeat("</i></sup>", 14) + "\n", 2},
		{nest("<sup>", "a", "</sup>", 15) + "\n", 2},
		{nest("<sub>", "a b", "</sub>", 12) + " and " + nest("<q>", "c", "</q>", 12) + "\n", 4},
		{nest(`<abbr title="a&b">`, "x", "</abbr>", 12) + "\n", 1},
		{nest(`<abbr title="t">`, "x", "</abbr>", 12) + "\n", 1},
		{"<b>" + nest("<sup>", "a", "</sup>", 12) + "</b> after\n", 0},
		{"<code>" + nest("<sup>", "a", "</sup>", 12) + "</code>\n", 0},
		{"<kbd>" + nest("<sup>", "2", "</sup>", 12) + "</kbd>\n", 0},
		{nest("<sup>", "a $$x^2$$ b", "</sup>", 12) + "\n", -1},
		{nest("<sup>", "$$x^2$$ b", "</sup>", 12) + "\n", -1},
		{"a\n" + nest("<sup>", "\n$$\nx\n$$\n", "</sup>", 12) + "\n", -1},
		{nest("<sup>", "a\n$$\nx\n$$\nb", "</sup>", 12) + "\n", -1},
		{"- " + nest("<sup>", "a", "</sup>", 12) + "\n\n  " + nest("<q>", "b", "</q>", 10) + "\n", 4},
		{"> " + nest("<sup>", "a", "</sup>", 12) + "\n", 2},
		{"*" + nest("<sup>", "a", "</sup>", 12) + "*\n", 0},
		{nest("<sup>", "a", "</sup>", 5) + "\n", -1},
		{"<sup>a</sup>\n", 0},
		{"^(^( " + nest("<sup>", "a", "</sup>", 12) + "\n", 2},
	}
	docs, want := make([]string, len(cases)), make([]int, len(cases))
	for i, c := range cases {
		docs[i], want[i] = c.md, c.runs
	}
	if _, runs := labelsDrawAsParagraphs(t, docs, markdown.KindTextRun, want); runs == 0 {
		t.Fatal("no text runs: the test checks nothing")
	}
}
