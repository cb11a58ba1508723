package gansi

import (
	"math/rand/v2"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

// pairPieces are the pieces of the texts the breakpoint pairs' tests are
// made of: runs of pairs (of '-', and of the breakpoints render gives),
// broken pairs, spaces, words, sequences, wide and combining characters,
// tabs, line ends and bytes that are not UTF-8, so that runs start and
// end in every state of the wrap.
var pairPieces = []string{
	"- ", "- ", "- - - ", ", ", ". ", "+ ", "| ", "; ", "-", " -", "--", "-  ", " ", "  ", "a", "word", "1. ",
	"\x1b[38;5;252m", "\x1b[m", "\x1b[1;3m", "\x1b]8;;x\x07", "•", "中文", "é", "e\u0301", "\u00a0", "\t", "\n", "\xff",
	strings.Repeat("- ", 40), strings.Repeat("x", 30),
}

// randomPairs is a text of 1 to n pieces of pairPieces.
func randomPairs(r *rand.Rand, n int) string {
	var b strings.Builder
	for range 1 + r.IntN(n) {
		b.WriteString(pairPieces[r.IntN(len(pairPieces))])
	}
	return b.String()
}

// TestAnsiWrapPairsAreUpstreams checks ansiWrap, which writes runs of
// breakpoint pairs at once (see ansiWrapPairs), against x/ansi's Wrap,
// which takes them a byte at a time, on texts of such runs among words,
// spaces, sequences and line ends, at limits from 1 to wider than the
// text, with and without render's breakpoints; and ansiWrapPairs' first
// line where it stops after it. It counts the pairs written in runs: the
// comparison would pass as well if none were.
func TestAnsiWrapPairsAreUpstreams(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	pairs, firsts := 0, 0
	for i := range 20000 {
		s := randomPairs(r, 24)
		limit := 1 + r.IntN(40)
		for _, bp := range []string{"", " ,.;-+|"} {
			want := xansi.Wrap(s, limit, bp)
			var b strings.Builder
			_, n := ansiWrapPairs(&b, s, limit, bp, 0)
			pairs += n
			if got := b.String(); got != want {
				t.Fatalf("case %d: ansiWrap(%q, %d, %q)\nx/ansi: %q\nfork:   %q", i, s, limit, bp, want, got)
			}
			b.Reset()
			room := 1 + r.IntN(2*limit+8)
			if ok, _ := ansiWrapPairs(&b, s, limit, bp, room); ok {
				firsts++
				got, _, _ := strings.Cut(b.String(), "\n")
				if line, _, _ := strings.Cut(want, "\n"); got != line {
					t.Fatalf("case %d: ansiWrapPairs(%q, %d, %q, %d) stops with %q; x/ansi's first line %q", i, s, limit, bp, room, got, line)
				}
			}
		}
	}
	if pairs < 100000 || firsts < 10000 {
		t.Fatalf("%d pairs written in runs, %d first lines: the test checks too little", pairs, firsts)
	}
}

// TestWrapKeepsPairsAreUpstreams checks wrapKeepsPairs, which reads runs
// of breakpoint pairs at once, against x/ansi's Wrap on lines of such
// runs among words, spaces and sequences, wider than the limit or not,
// as TestWrapKeepsIsAnsiWrap checks wrapKeeps: where it keeps the line,
// Wrap returns it as it is, and where it says no to a line of its form,
// Wrap changes it. It counts the pairs read in runs.
func TestWrapKeepsPairsAreUpstreams(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	pairs, kept, changed := 0, 0, 0
	for i := range 100000 {
		line := strings.ReplaceAll(randomPairs(r, 16), "\n", "")
		limit := 1 + r.IntN(40)
		for _, bp := range []string{"", " ,.;-+|"} {
			want := xansi.Wrap(line, limit, bp) == line
			var pen OpenPen
			got, n := wrapKeepsPairs(line, limit, bp, newByteSet(bp), &pen)
			pairs += n
			if got && !want {
				t.Fatalf("case %d: wrapKeepsPairs(%q, %d, %q) keeps it, x/ansi makes %q", i, line, limit, bp, xansi.Wrap(line, limit, bp))
			}
			if want && !got && !strings.ContainsAny(line, "\t\x07\u0301\xff") {
				t.Fatalf("case %d: wrapKeepsPairs(%q, %d, %q) says no, x/ansi keeps it", i, line, limit, bp)
			}
			if got {
				kept++
			} else if !want {
				changed++
			}
		}
	}
	if pairs < 100000 || kept < 10000 || changed < 10000 {
		t.Fatalf("%d pairs read in runs, %d lines kept, %d changed: the test checks too little", pairs, kept, changed)
	}
}

// TestAnsiWrapPairsStopAtFirst: a run of pairs longer than the room
// ansiWrapFirst gives its first line is written no further than a few
// bytes past it, where ansiWrapPairs stops, as the loop a byte at a time
// did: the builder made for the room was grown to the run's 16 KB.
func TestAnsiWrapPairsStopAtFirst(t *testing.T) {
	s := strings.Repeat("- ", 8000) + "a"
	for _, limit := range []int{1, 30, 66, 200} {
		for _, pre := range []string{"", "•  ", "\x1b[38;5;252m", ", - "} {
			room := 4*limit + 64
			var b strings.Builder
			ok, pairs := ansiWrapPairs(&b, pre+s, limit, " ,.;-+|", room)
			if ok || pairs == 0 || b.Len() > room+3 {
				t.Errorf("limit %d, %q: ansiWrapPairs says %v with %d pairs in runs, %d bytes written for a room of %d", limit, pre, ok, pairs, b.Len(), room)
			}
		}
	}
}
