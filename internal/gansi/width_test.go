package gansi

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// TestWideAloneClusters checks firstCluster's shortcut against the
// segmenter for every wideAlone character, alone and followed by ASCII
// and by other wideAlone characters.
func TestWideAloneClusters(t *testing.T) {
	var wide []rune
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if wideAlone(r) {
			wide = append(wide, r)
		}
	}
	if len(wide) < 20000 {
		t.Fatalf("only %d wideAlone runes", len(wide))
	}
	followers := []string{"", "a", " ", "\x1b", "\n", "~"}
	for i, r := range wide {
		next := []string{string(wide[(i*7919)%len(wide)]), string(wide[(i+1)%len(wide)])}
		for _, f := range append(followers, next...) {
			s := string(r) + f
			c, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
			n, fw := firstCluster([]byte(s))
			ns, fws := firstClusterString(s)
			if len(c) != n || w != fw || n != ns || fw != fws {
				t.Fatalf("%q: segmenter %q (%d cells), firstCluster %d bytes, %d cells", s, c, w, n, fw)
			}
		}
	}
}

func TestStringWidthIsAnsis(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 5000 {
		s := randomText(r, 1+r.IntN(40))
		if got, want := stringWidth([]byte(s)), ansi.StringWidth(s); got != want {
			t.Fatalf("case %d: %q: ansi.StringWidth %d, stringWidth %d", i, s, want, got)
		}
	}
	for c := byte(0x20); c < 0x7f; c++ {
		if w := stringWidth([]byte{c, c}); w != ansi.StringWidth(string([]byte{c, c})) {
			t.Fatalf("%q: %d", c, w)
		}
	}
}
