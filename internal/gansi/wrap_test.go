package gansi

import (
	"math/rand/v2"
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
