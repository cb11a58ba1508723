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

// TestDecodeRune checks decodeRune against utf8.DecodeRune on every
// three-byte sequence starting with a three-byte lead, and a few others.
func TestDecodeRune(t *testing.T) {
	b := make([]byte, 4)
	for lead := 0xE0; lead <= 0xEF; lead++ {
		for c1 := range 256 {
			for c2 := range 256 {
				b[0], b[1], b[2], b[3] = byte(lead), byte(c1), byte(c2), 'a'
				for _, n := range []int{2, 3, 4} {
					r, size := decodeRune(b[:n])
					wr, wsize := utf8.DecodeRune(b[:n])
					if r != wr || size != wsize {
						t.Fatalf("decodeRune(%q) = %U, %d; utf8: %U, %d", b[:n], r, size, wr, wsize)
					}
					r, size = decodeRuneInString(string(b[:n]))
					if r != wr || size != wsize {
						t.Fatalf("decodeRuneInString(%q) = %U, %d; utf8: %U, %d", b[:n], r, size, wr, wsize)
					}
				}
			}
		}
	}
	for _, s := range []string{"", "a", "é", "👍", "\xff", "\xc2"} {
		r, size := decodeRune([]byte(s))
		wr, wsize := utf8.DecodeRune([]byte(s))
		if r != wr || size != wsize {
			t.Fatalf("decodeRune(%q) = %U, %d; utf8: %U, %d", s, r, size, wr, wsize)
		}
	}
}
