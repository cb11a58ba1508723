package textwrap

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
)

// longestWordItems is LongestWord as it was written over items, for
// TestLongestWordAsItems.
func longestWordItems(s string, a Ambiguous) int {
	its := items(s, a)
	longest, w := 0, 0
	var prev rune
	for i, it := range its {
		switch {
		case it.glyph == "\n":
			w, prev = 0, 0
			continue
		case it.glyph == "":
			continue
		case it.space():
			if next := nextGlyph(its, i); next == 0 || CanBreakAtSpace(prev, next) {
				w = 0
				continue
			}
		default:
			if prev != 0 && CanBreak(prev, it.r) {
				w = 0
			}
			prev = it.r
		}
		w += it.w
		longest = max(longest, w)
	}
	return longest
}

// scanTokens make texts of words, spaces of both kinds, CJK text and
// punctuation, line breaks, controls and styles for the tests below.
var scanTokens = []string{
	"a", "word", " ", "  ", "\u3000", "中", "文字", "，", "。", "（", "）", "“", "”", "…", "—", "\n", "\t",
	"\x1b[1m", "\x1b[m", "\x1b[0m", "\x1b[38;5;252m", "\x1b]8;;http://x\x1b\\", "\x1b]8;;\x1b\\", "\u009b1m", "\x7f", "-", "é", "👍🏽",
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(scanTokens[r.IntN(len(scanTokens))])
	}
	return b.String()
}

// TestLongestWordAsItems: LongestWord, which reads its text once without
// keeping its graphemes, measures what the walk over the graphemes did,
// in both ambiguous modes: it sizes every table column.
func TestLongestWordAsItems(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		s := randomText(r, 1+r.IntN(16))
		for _, a := range []Ambiguous{Narrow, Wide} {
			if got, want := LongestWord(s, a), longestWordItems(s, a); got != want {
				t.Fatalf("LongestWord(%q, %v) = %d, the walk over items %d", s, a, got, want)
			}
		}
	}
}

// TestLongestWordLongSpaces: a cell of a word, a megabyte of spaces and
// a word is measured (each space looked ahead from to the next word made
// this hours of work).
func TestLongestWordLongSpaces(t *testing.T) {
	s := "a" + strings.Repeat(" \u3000", 1<<19) + "b"
	if got := LongestWord(s, Narrow); got != 1 {
		t.Errorf("LongestWord(a, spaces, b) = %d, want 1", got)
	}
}

// TestStyleLinesAsWrapWriter: styleLines writes what lipgloss's wrap
// writer writes, including for the single lines it passes through as
// they are.
func TestStyleLinesAsWrapWriter(t *testing.T) {
	writer := func(s string) []string {
		var b strings.Builder
		w := lipgloss.NewWrapWriter(&b)
		_, _ = w.Write([]byte(s))
		_ = w.Close()
		return strings.Split(b.String(), "\n")
	}
	r := rand.New(rand.NewPCG(7, 8))
	fast := 0
	for i := range 30000 {
		s := randomText(r, 1+r.IntN(10))
		switch i % 4 {
		case 0, 2:
			s += "\x1b[m" // most table cells end so
		case 1:
			s += "\x1b[0m" + randomText(r, r.IntN(3)) // a record's label: a cell and ":"
		}
		if unstyledLine(s) {
			fast++
		}
		got, want := styleLines(s), writer(s)
		if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != len(want) {
			t.Fatalf("styleLines(%q) = %q, the wrap writer %q", s, got, want)
		}
	}
	if fast == 0 {
		t.Error("no text took the shortcut")
	}
}

// BenchmarkLinesLongSpaces wraps a word followed by a long run of spaces
// and a closing mark: the spaces belong to the word (no break before
// "，"), and each of them looked for the next glyph to the end of the
// text (32 K spaces: 0.74 s).
func BenchmarkLinesLongSpaces(b *testing.B) {
	for _, n := range []int{8 << 10, 32 << 10, 128 << 10} {
		s := "a" + strings.Repeat(" ", n) + "，"
		b.Run(strconv.Itoa(n>>10)+"K", func(b *testing.B) {
			for b.Loop() {
				Lines(s, 40, Narrow)
			}
		})
	}
}

// TestASCIIWidthAsGraphemes: asciiWidth measures what the grapheme walk
// measures, in both modes, for the text it takes, and takes the printable
// ASCII and SGR sequences of table cells.
func TestASCIIWidthAsGraphemes(t *testing.T) {
	tokens := append([]string{"abc", "x", "~", "|", "\x1b[38;5;252m", "\x1b[;1m", "\x1b[1:2m", "\x1b[", "\x1b", "\x1b[1", "\r", "\x00"}, scanTokens...)
	r := rand.New(rand.NewPCG(9, 10))
	took := 0
	for range 50000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		s := b.String()
		n, ok := asciiWidth(s)
		if !ok {
			continue
		}
		took++
		for _, a := range []Ambiguous{Narrow, Wide} {
			want := 0
			for i, state := 0, byte(xansi.NormalState); i < len(s); {
				seq, w, k, st := xansi.DecodeSequence(s[i:], state, nil)
				want += graphemeWidth(seq, w, a)
				i, state = i+k, st
			}
			if a == Narrow {
				if x := xansi.StringWidth(s); x != want {
					t.Fatalf("%q: xansi.StringWidth %d, the walk %d", s, x, want)
				}
			}
			if n != want {
				t.Fatalf("asciiWidth(%q) = %d, the grapheme walk %d (%v)", s, n, want, a)
			}
			if fits := fitsLineWalk(s, n, a); !fits {
				t.Fatalf("%q does not fit in its width %d", s, n)
			}
		}
	}
	if took < 2000 {
		t.Fatalf("only %d texts taken: the test checks too little", took)
	}
}

// TestOneLineAsLines: what OneLine takes, Lines returns as it is, and
// its width is StringWidth's.
func TestOneLineAsLines(t *testing.T) {
	tokens := append([]string{"abc", "x y", "\x1b[38;5;252m", "\x1b[m", "\x1b[0m", "\x1b[1m"}, scanTokens...)
	r := rand.New(rand.NewPCG(11, 12))
	took := 0
	for range 50000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		s, width := b.String(), r.IntN(12)
		for _, a := range []Ambiguous{Narrow, Wide} {
			n, ok := OneLine(s, width, a)
			if !ok {
				continue
			}
			took++
			if got := Lines(s, width, a); len(got) != 1 || got[0] != s {
				t.Fatalf("OneLine(%q, %d) but Lines gives %q", s, width, got)
			}
			if w := StringWidth(s, a); w != n {
				t.Fatalf("OneLine(%q, %d) = %d, StringWidth %d", s, width, n, w)
			}
		}
	}
	if took < 2000 {
		t.Fatalf("only %d texts taken: the test checks too little", took)
	}
}

// fitsLineWalk is fitsLine without asciiWidth.
func fitsLineWalk(s string, width int, a Ambiguous) bool {
	if strings.IndexByte(s, '\n') >= 0 {
		return false
	}
	n, state := 0, byte(xansi.NormalState)
	for i := 0; i < len(s); {
		seq, w, k, st := xansi.DecodeSequence(s[i:], state, nil)
		if n += graphemeWidth(seq, w, a); n > width {
			return false
		}
		i, state = i+k, st
	}
	return true
}
