package gansi

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// TestKnownWidths checks firstCluster's shortcut against the segmenter
// for every character of known width, alone and followed by ASCII and by
// other such characters.
func TestKnownWidths(t *testing.T) {
	var known []rune
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if isKnown(r) {
			known = append(known, r)
		}
	}
	if len(known) < 20000 {
		t.Fatalf("only %d characters of known width", len(known))
	}
	followers := []string{"", "a", " ", "\x1b", "\n", "~"}
	for i, r := range known {
		next := []string{string(known[(i*7919)%len(known)]), string(known[(i+1)%len(known)]), string(known[len(known)-1-i%200]), string(known[i%200])}
		for _, f := range append(followers, next...) {
			s := string(r) + f
			c, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
			n, fw := firstCluster([]byte(s))
			ns, fws := firstClusterString(s)
			if len(c) != n || w != fw || n != ns || fw != fws {
				t.Fatalf("%q: segmenter %q (%d cells), firstCluster %d bytes, %d cells, firstClusterString %d, %d", s, c, w, n, fw, ns, fws)
			}
		}
	}
}

func TestStringWidthIsAnsis(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 5000 {
		s := randomText(r, 1+r.IntN(40))
		if got, want := stringWidth([]byte(s)), ansi.StringWidth(s); got != want || StringWidth(s) != want {
			t.Fatalf("case %d: %q: ansi.StringWidth %d, stringWidth %d", i, s, want, got)
		}
	}
	for c := byte(0x20); c < 0x7f; c++ {
		if w := stringWidth([]byte{c, c}); w != ansi.StringWidth(string([]byte{c, c})) {
			t.Fatalf("%q: %d", c, w)
		}
	}
}
