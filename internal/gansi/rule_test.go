package gansi

import (
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark/ast"
)

// ruleDocs are documents with thematic breaks in every place a block
// goes: at the document's level (first, last, between other blocks), in
// quotes, list items, alerts and footnotes, beside styled text.
func ruleDocs() []string {
	docs := []string{
		"***\n", "***\n***\n", "a\n\n***\n\nb\n", "# h\n***\n## h2\n\n---\n\n> q\n\n___\n",
		"> ***\n> text\n> ***\n", "> > ***\n> > deep *em*\n>\n> ***\n",
		"- a\n\n  ***\n\n  b\n- ***\n", "1. x\n   > ***\n",
		"text **bold\n\n***\n\nstill** `code`\n\n```\ncode\n```\n***\n", "| a |\n|---|\n| b |\n\n***\n",
		"[^1]\n\n[^1]: note\n\n    ***\n\n***\n", "<div>\n\n***\n\n</div>\n", "***\ntext right after\n***",
		strings.Repeat("***\n", 100), strings.Repeat("> ***\n", 50), strings.Repeat("- ***\n", 50),
	}
	for _, name := range markdown.HostileNames() {
		docs = append(docs, markdown.Hostile(name, 2<<10))
	}
	return docs
}

// TestClosedRulesDrawTheSame compares the rules drawn closed at each line
// (ruleElement) with the way they replace, BaseElement's, on whole
// documents in every style, at several widths, padding trimmed or not:
// the bytes written are the same.
func TestClosedRulesDrawTheSame(t *testing.T) {
	p := markdown.NewParser(markdown.Glamour)
	rules, skipped := 0, 0
	for i, md := range ruleDocs() {
		rules += strings.Count(md, "***")
		for _, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, styles.PinkStyleConfig} {
			for _, width := range []int{0, 20, 80} {
				for _, trim := range []bool{false, true} {
					render := func(open bool) string {
						return lowerDraw(t, p, md, markdown.LowerOptions{Colour: true}, sc, width, func(tr *ANSIRenderer, _ ast.Node) {
							tr.openRules = open
							if trim {
								tr.SetTrimmedPadding(spaceCell)
							}
						})
					}
					got, want := render(false), render(true)
					if bothSkipped(t, got, want) {
						skipped++
						continue
					}
					if trim {
						// What the caller trims may be left out: the
						// one-pass finish leaves out a blank line's
						// indentation (see quoteElement.finishLines).
						got, want = trimLineEnds(got), trimLineEnds(want)
					}
					if got != want {
						t.Fatalf("doc %d (%.40q) at %d, trimmed %v: closed rules\n%q\nopen rules\n%q", i, md, width, trim, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d renders skipped, %d rules", skipped, rules)
	if skipped > 100 {
		t.Fatalf("%d renders skipped: the test checks too little", skipped)
	}
	if rules < 500 {
		t.Fatalf("only %d rules drawn: the test checks too little", rules)
	}
}

// trimLineEnds removes the spaces at the end of every line of s, as the
// caller of a render with its padding trimmed does.
func trimLineEnds(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
