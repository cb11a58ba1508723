package gansi

import (
	"math/rand/v2"
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

// TestLabelsAndRunsRandomHTML is TestTextRunDrawsAsItsTexts and
// TestHTMLBlockLabelDrawsAsItsParagraph for documents made at random
// (seeded) of the tags whose marks make runs and blocks that make
// labels, nested and interleaved, with text, breaks and formulas, in
// paragraphs, HTML blocks, lists and quotes: both lowerings draw the
// same, and some make runs and labels.
func TestLabelsAndRunsRandomHTML(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 6))
	opens := []string{"<sup>", "<sub>", "<q>", `<abbr title="t&amp;u">`, "<b>", "<i>", "<code>", "<em>", "<kbd>", "<s>"}
	closes := []string{"</sup>", "</sub>", "</q>", "</abbr>", "</b>", "</i>", "</code>", "</em>", "</kbd>", "</s>"}
	bits := []string{"a", "2", "q ", " ", "<br>", "<wbr>", "$$x^2$$", "\n", "&amp;", "日本"}
	inline := func() string {
		var b strings.Builder
		var stack []int
		for range 10 + rng.IntN(40) {
			switch r := rng.IntN(10); {
			case r < 4:
				k := rng.IntN(len(opens))
				for range 1 + rng.IntN(12) {
					b.WriteString(opens[k])
					stack = append(stack, k)
				}
			case r < 7 && len(stack) > 0:
				for n := 1 + rng.IntN(len(stack)); n > 0; n-- {
					b.WriteString(closes[stack[len(stack)-1]])
					stack = stack[:len(stack)-1]
				}
			default:
				b.WriteString(bits[rng.IntN(len(bits))])
			}
		}
		for len(stack) > 0 && rng.IntN(4) > 0 {
			b.WriteString(closes[stack[len(stack)-1]])
			stack = stack[:len(stack)-1]
		}
		return strings.ReplaceAll(b.String(), "\n\n", "\n")
	}
	var docs []string
	for range 60 {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			switch rng.IntN(6) {
			case 0:
				b.WriteString("<details>\n<summary>" + inline() + "</summary>\n\n")
			case 1:
				b.WriteString("<div>" + strings.ReplaceAll(inline(), "\n", " ") + "</div>\n\n")
			case 2:
				b.WriteString("- " + strings.ReplaceAll(inline(), "\n", "\n  ") + "\n\n")
			case 3:
				b.WriteString("> " + strings.ReplaceAll(inline(), "\n", "\n> ") + "\n\n")
			default:
				b.WriteString(inline() + "\n\n")
			}
		}
		docs = append(docs, b.String())
	}
	_, runs := labelsDrawAsParagraphs(t, docs, markdown.KindTextRun, nil)
	_, labels := labelsDrawAsParagraphs(t, docs, markdown.KindLabel, nil)
	if runs == 0 || labels == 0 {
		t.Fatalf("%d runs, %d labels: the documents check too little", runs, labels)
	}
}
