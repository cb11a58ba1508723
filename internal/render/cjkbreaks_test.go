package render

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// cjkBreaksRunes is cjkBreaks as it was written before it was made
// faster: the reference TestCJKBreaksAsBefore compares it with.
func cjkBreaksRunes(l string) string {
	if !hasCJK(l) {
		return l
	}
	rs := []rune(l)
	var b strings.Builder
	inCode, urlish := false, false
	var last rune
	for i, r := range rs {
		switch r {
		case '`':
			inCode = !inCode
		case ' ':
			urlish = false
			if !inCode && last != 0 && !spaceMayBreakRunes(last, rs[i+1:]) {
				b.WriteRune('\u00a0')
				continue
			}
		case '/', '@', '.':
			urlish = true
		}
		if r != ' ' {
			last = r
		}
		b.WriteRune(r)
		if inCode || i+1 == len(rs) {
			continue
		}
		next := rs[i+1]
		a, z := isCJK(r), isCJK(next)
		if (a && z || !urlish && (a && isAlnum(next) || isAlnum(r) && z)) && textwrap.CanBreak(r, next) {
			b.WriteRune(lineBreak)
		}
	}
	return b.String()
}

// spaceMayBreak reports whether a line may break at a space after last,
// before rest: not before CJK closing punctuation nor after CJK opening
// punctuation (see textwrap.CanBreakAtSpace).
func spaceMayBreakRunes(last rune, rest []rune) bool {
	next := rune(0)
	for _, r := range rest {
		if r != ' ' {
			next = r
			break
		}
	}
	if next == 0 {
		return true
	}
	return !(last >= 0x80 && textwrap.IsOpening(last)) && !(next >= 0x80 && textwrap.IsClosing(next))
}

// TestCJKBreaksAsBefore checks cjkBreaks against its earlier version on
// random lines of Chinese, Japanese, Latin words, punctuation of both
// kinds, code spans, URL-like words, spaces and bytes that are not UTF-8,
// and on the sample posts' lines.
func TestCJKBreaksAsBefore(t *testing.T) {
	parts := []string{"中", "文", "缓存行", "（", "）", "，", "。", "「", "」", "“", "”", "—", "——", "…", "……", "ー", "ア", "か", "々",
		"Go", "a", "9", "é", " ", "  ", "`", "/", "@", ".", "https://zh.wikipedia.org/wiki/", "(", ")", ",", "\u00a0", "\u3000",
		"\xff", "\xe4\xb8", "한국", "😀", "\t", "**", "["}
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(l string) {
		got, want := cjkBreaks(l), cjkBreaksRunes(l)
		if got != want {
			t.Fatalf("cjkBreaks(%q) = %q, was %q", l, got, want)
		}
		// The room made for its output is enough.
		if room := cjkRoom(l); len(got)-len(l) > room {
			t.Fatalf("cjkBreaks(%q) adds %d bytes, cjkRoom says %d at most", l, len(got)-len(l), room)
		}
	}
	for range 50000 {
		var b strings.Builder
		for k := rng.IntN(16); k > 0; k-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		check(b.String())
	}
	for _, md := range samplePosts(t) {
		for _, l := range strings.Split(md, "\n") {
			check(l)
		}
	}
}

// TestCanBreakShortcut checks canBreak's shortcut: no character of the
// CJK Unified Ideographs block is closing or opening punctuation, a dash
// or an ellipsis, and every one is ideographic, so textwrap.CanBreak
// allows a break between any two of them.
func TestCanBreakShortcut(t *testing.T) {
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		if textwrap.IsClosing(r) || textwrap.IsOpening(r) || !textwrap.IsIdeographic(r) ||
			!textwrap.CanBreak(r, r) || !textwrap.CanBreak(r, 0x4e00) || !textwrap.CanBreak(0x9fff, r) {
			t.Fatalf("%U: canBreak's shortcut is wrong", r)
		}
	}
	for _, p := range [][2]rune{{'中', '，'}, {'（', '中'}, {'a', '中'}, {'中', 'a'}, {'—', '—'}} {
		if canBreak(p[0], p[1]) != textwrap.CanBreak(p[0], p[1]) {
			t.Errorf("canBreak(%q, %q) differs from textwrap's", p[0], p[1])
		}
	}
}

// TestProseMemoPreparesAsPrepare checks that a piece prepared at one
// width and then at another, with the lines outside code taken from the
// first, is what prepare makes at the second width, with code wrapped and
// diagrams drawn at that width.
func TestProseMemoPreparesAsPrepare(t *testing.T) {
	posts := samplePosts(t)
	posts["diagram"] = "图：\n\n```mermaid\ngraph LR\n  A[开始] --> B[结束]\n```\n\n```go\nfunc f() { return \"一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长的代码注释\" }\n```\n\n中文“引号”与 English，混排。\n"
	for name, md := range posts {
		for _, amb := range []textwrap.Ambiguous{textwrap.Narrow, textwrap.Wide} {
			memo := &proseMemo{}
			if got, want := prepareWith(md, MaxWidth, amb, memo), prepare(md, MaxWidth, amb); got != want {
				t.Fatalf("%s: the first prepare with a memo differs", name)
			}
			for _, w := range []int{40, 80} {
				if got, want := prepareWith(md, w, amb, memo), prepare(md, w, amb); got != want {
					t.Errorf("%s at %d (%v): prepared with the memo differs from prepare", name, w, amb)
				}
			}
		}
	}
}
