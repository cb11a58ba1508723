package render

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions that listItem, noteDefinition and mayHaveList
// read byte by byte.
var (
	listItemRE       = regexp.MustCompile(`^[ \t>]*([-*+]|[0-9]{1,9}[.)])([ \t]|$)`)
	noteDefinitionRE = regexp.MustCompile(`(?m)^[ \t>]*\[\^[^\]]+\]:`)
	mayHaveListRE    = regexp.MustCompile(`(?m)^[ \t>]*(([-*+]|[0-9]{1,9}[.)])[ \t]|\[\^)`)
)

// TestLineScansAsExpressions: listItem, noteDefinition and mayHaveList
// answer as the regular expressions they replace, for every text of up to
// 5 bytes of their alphabet and for random longer ones of many lines: a
// post is cut into pieces, and its list items tagged, by their answers.
func TestLineScansAsExpressions(t *testing.T) {
	const alphabet = " \t>-*+19.)[^]:\nx"
	check := func(s string) {
		t.Helper()
		if got, want := listItem(s), listItemRE.MatchString(s); got != want {
			t.Errorf("listItem(%q) = %v, the expression %v", s, got, want)
		}
		if got, want := noteDefinition(s), noteDefinitionRE.MatchString(s); got != want {
			t.Errorf("noteDefinition(%q) = %v, the expression %v", s, got, want)
		}
		if got, want := mayHaveList(s), mayHaveListRE.MatchString(s); got != want {
			t.Errorf("mayHaveList(%q) = %v, the expression %v", s, got, want)
		}
	}
	everyString(alphabet, 5, check)
	// Longer texts from tokens, so that markers, labels and digit runs of
	// every length come up, over many lines.
	tokens := []string{" ", "\t", ">", "- ", "* ", "+\t", "-", "1", "123456789", "1234567890", ".", ")", "1. ", "[^", "[^a]", "]:", "]", ":", "\n", "a", "中", "[^a]: n"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 30000 {
		var b strings.Builder
		for range 1 + r.IntN(20) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		check(b.String())
	}
	for _, s := range []string{"- a", "1234567890. a", "123456789) a", "> > 1. a", "[^1]: n", "a\n  [^x\ny]: z", "[^]: a\n[^b]: c", "x\n-\n"} {
		check(s)
	}
}

// TestHasCJKAsRanging: hasCJK, which steps over the bytes no CJK
// character starts with, answers as a test of every character does, for
// texts of ASCII, other scripts, CJK and bytes that are not UTF-8, at
// every offset (its eight-byte steps).
func TestHasCJKAsRanging(t *testing.T) {
	ranging := func(s string) bool {
		for _, r := range s {
			if isCJK(r) {
				return true
			}
		}
		return false
	}
	tokens := []string{"a", "word ", "é", "—", "“", "\u2e80", "\u2e7f", "中", "。", "カ", "ｱ", "\xe2", "\xe4\xb8", "\xe4", "\x80", "\xc2", "\xf0\x9f\x98\x80", "\u3000", "\uffef", "\ufff0"}
	r := rand.New(rand.NewPCG(9, 10))
	for range 50000 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		s := b.String()
		if got, want := hasCJK(s), ranging(s); got != want {
			t.Fatalf("hasCJK(%q) = %v, ranging over it %v", s, got, want)
		}
	}
}

// TestCountMarksAsCounting: countMarks counts a line's marks as the
// strings.Count calls it replaces do (the cost units a post is cut by).
func TestCountMarksAsCounting(t *testing.T) {
	tokens := []string{"<", "img", "<img", "[", "^", "[^", "!", "![", "$", "$$", "|", "a", " ", "中"}
	r := rand.New(rand.NewPCG(11, 12))
	for range 50000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		l := b.String()
		want := lineMarks{
			tags:     strings.Count(l, "<"),
			brackets: strings.Count(l, "[") - strings.Count(l, "[^"),
			displays: strings.Count(l, "$$"),
			images:   strings.Count(l, "![") + strings.Count(l, "<img"),
			bars:     strings.Count(l, "|"),
		}
		if got := countMarks(l); got != want {
			t.Fatalf("countMarks(%q) = %+v, counting %+v", l, got, want)
		}
	}
}
