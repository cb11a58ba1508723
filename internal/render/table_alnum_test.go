package render

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// TestAlnumWidthIsTextwraps: for the cells alnumWidth measures, its
// width is textwrap's width of the cell and of its longest word, in
// either ambiguous width; it measures no cell of anything else (spaces,
// punctuation, other letters, other sequences, line breaks).
func TestAlnumWidthIsTextwraps(t *testing.T) {
	parts := []string{"a", "Z", "0", "9", "abc", "x1", "\x1b[38;5;252m", "\x1b[m", "\x1b[0m", "\x1b[1;4m", "\x1b[m"}
	others := []string{" ", "-", "/", ".", "é", "世", "\n", "\x1b]8;;x\x07", "\x1b[38:5:1m", "\x1b[", "\x1b", "_", "\t"}
	rng := rand.New(rand.NewPCG(11, 6))
	for range 5000 {
		var b strings.Builder
		other := rng.IntN(3) == 0
		for range rng.IntN(8) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		if other {
			s := b.String()
			k := rng.IntN(len(s) + 1)
			b.Reset()
			b.WriteString(s[:k] + others[rng.IntN(len(others))] + s[k:])
		}
		cell := b.String()
		w, ok := alnumWidth(cell)
		if other && ok {
			t.Fatalf("%q measured as plain: %d", cell, w)
		}
		if !ok {
			continue
		}
		for _, amb := range []textwrap.Ambiguous{textwrap.Narrow, textwrap.Wide} {
			if sw, lw := textwrap.StringWidth(cell, amb), textwrap.LongestWord(cell, amb); w != sw || w != lw {
				t.Fatalf("%q: alnumWidth %d, StringWidth %d, LongestWord %d", cell, w, sw, lw)
			}
		}
	}
}
