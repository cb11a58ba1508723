package gansi

import (
	"math/rand/v2"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
)

func TestWrapIsLipglossWrap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fitting := 0
	for i := range 4000 {
		s := randomText(r, 1+r.IntN(40))
		limit := r.IntN(30)
		for _, bp := range []string{"", " ,.;-+|"} {
			if fits(s, limit) {
				fitting++
				if w := xansi.Wrap(s, limit, bp); w != s {
					t.Fatalf("case %d: fits(%q, %d), but Wrap changes it to %q", i, s, limit, w)
				}
			}
			if got, want := ansiWrap(s, limit, bp), xansi.Wrap(s, limit, bp); got != want {
				t.Fatalf("case %d: ansiWrap(%q, %d, %q)\nx/ansi: %q\nfork:   %q", i, s, limit, bp, want, got)
			}
			if got, want := wrap(s, limit, bp), lipgloss.Wrap(s, limit, bp); got != want {
				t.Fatalf("case %d: wrap(%q, %d, %q)\nlipgloss: %q\nfork:     %q", i, s, limit, bp, want, got)
			}
		}
	}
	if fitting < 1000 {
		t.Fatalf("only %d texts fit: the test checks too little of fits", fitting)
	}
}

// TestIdleTextIsWrapped checks wrap's shortcut for text that fits with
// the pen unset at every newline (penIdle) on texts like the document
// block glamour wraps again, whose lines end with the pen reset, and on
// some whose lines do not.
func TestIdleTextIsWrapped(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	words := []string{"word", "汉字", "，", " ", "“q”", "\u2028", "\x1b[38;5;252m", "\x1b[1m", "\x1b[m", "\x1b[0m",
		"\x1b]8;;https://a.example/\x07", "\x1b]8;;\x07", "\x1b]8;id=1;https://b.example/\x1b\\", "\x1b]8;;\x1b\\", "\x1b]8;x\x07", "\x1b]8;;h\x07", "\x1b]8;p;\x07"}
	idle := 0
	for i := range 4000 {
		var b strings.Builder
		for line := range 1 + r.IntN(6) {
			if line > 0 {
				b.WriteString("\n")
			}
			for range r.IntN(8) {
				b.WriteString(words[r.IntN(len(words))])
			}
			if r.IntN(4) > 0 {
				b.WriteString("\x1b]8;;\x07\x1b[m")
			}
		}
		if r.IntN(2) == 0 {
			b.WriteString("\n")
		}
		s := b.String()
		limit := 10 + r.IntN(30)
		if fits(s, limit) && penIdle(s) {
			idle++
		}
		if got, want := wrap(s, limit, " ,.;-+|"), lipgloss.Wrap(s, limit, " ,.;-+|"); got != want {
			t.Fatalf("case %d: wrap(%q, %d)\nlipgloss: %q\nfork:     %q", i, s, limit, want, got)
		}
	}
	if idle < 500 {
		t.Fatalf("only %d idle texts: the test checks too little of penIdle", idle)
	}
}

// TestWrapLinesIsAnsiWrap checks wrapLines against ansiWrap on random
// texts of many lines, most of which fit (as the blocks wrapped again at
// each level of nesting), and on texts of every piece (sequences left
// open across a newline, controls, broken UTF-8).
func TestWrapLinesIsAnsiWrap(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	fitting := 0
	for i := range 4000 {
		limit := 1 + r.IntN(30)
		var b strings.Builder
		for range 1 + r.IntN(8) {
			if r.IntN(3) > 0 {
				// A line that fits: words and styles within the limit.
				w := 0
				for w < limit-5 {
					b.WriteString("\x1b[38;5;252mword\x1b[m ")
					w += 5
				}
				fitting++
			} else {
				b.WriteString(randomText(r, 1+r.IntN(20)))
			}
			b.WriteString("\n")
		}
		s := b.String()
		for _, bp := range []string{"", " ,.;-+|"} {
			if got, want := wrapLines(s, limit, bp), ansiWrap(s, limit, bp); got != want {
				t.Fatalf("case %d: wrapLines(%q, %d, %q)\nansiWrap:  %q\nwrapLines: %q", i, s, limit, bp, want, got)
			}
		}
	}
	if fitting < 1000 {
		t.Fatalf("only %d lines that fit: the test checks too little", fitting)
	}
}
