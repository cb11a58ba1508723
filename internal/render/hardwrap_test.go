package render

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

// TestHardwrappedIsHardwrap compares appendHardwrapped with x/ansi's
// Hardwrap, split at its newlines, on lines of the plain form it cuts in
// place (ASCII, styles, links, marks) and of others (Chinese, emoji,
// combining marks, controls, invalid bytes), at widths 1 to 90.
func TestHardwrappedIsHardwrap(t *testing.T) {
	parts := []string{"a", "b", " ", "  ", "-", "word", "- - ", "\x1b[38;5;252m", "\x1b[m", "\x1b[1;3m", "\x1b[0m",
		"\x1b]8;id=1;https://example.com/\x1b\\", "\x1b]8;;\x1b\\", "\x1b]8;;http://a.b/\a", "•", "│", "—", "é", "\u00a0", "…", "⸻", "⸸",
		"中", "文", "😀", "e\u0301", "\u0301", "\t", "\x07", "\x7f", "\xff", "\x1b", "\x1b[", "\x1b]8;", "\x1b[38;5;"}
	r := rand.New(rand.NewPCG(6, 13))
	plain, cases := 0, 0
	for range 20000 {
		var b strings.Builder
		for n := r.IntN(60); n >= 0; n-- {
			p := parts[r.IntN(len(parts))]
			if r.IntN(40) > 0 {
				p = parts[r.IntN(15)] // mostly of plain form
			}
			b.WriteString(p)
		}
		l := b.String()
		width := 1 + r.IntN(90)
		if r.IntN(3) == 0 {
			width = 1 + r.IntN(8)
		}
		want := strings.Split(xansi.Hardwrap(l, width, true), "\n")
		before := []string{"kept"}
		got := appendHardwrapped(slices.Clip(before), l, width)
		if !slices.Equal(got, append(before, want...)) {
			t.Fatalf("%q at %d:\n got %q\nwant %q", l, width, got[1:], want)
		}
		if _, ok := hardwrapPlain(nil, l, width); ok {
			plain++
		}
		cases++
	}
	if plain < cases/4 || plain == cases {
		t.Fatalf("%d lines of %d of plain form: the test checks too little of one path", plain, cases)
	}
	// The lines are cut from the line itself: no copy.
	l := strings.Repeat("\x1b[38;5;252m- - \x1b[m", 100) + "•"
	at := 0
	for _, s := range appendHardwrapped(nil, l, 30) {
		if !cutInPlace(s, l[at:]) {
			t.Fatalf("%q is not cut from the line", s)
		}
		at += len(s)
	}
	if at != len(l) {
		t.Fatalf("the lines hold %d bytes of the line's %d", at, len(l))
	}
}
