package render

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMarkReplacerIsStringsReplacer checks the mark replacers against
// strings.Replacer on texts of marks, their look-alikes (other characters
// starting 0xE2), cut marks, Chinese and invalid bytes.
func TestMarkReplacerIsStringsReplacer(t *testing.T) {
	parts := []string{"a", " ", "中文", "，", "—", "…", "\u2029", "\u2E35", "\xe2", "\xe2\xb8", "\xb8\xbb", "\xff", "\x1b[1m"}
	for _, pairs := range [][]string{markPairs, ownMarkPairs} {
		for i := 0; i < len(pairs); i += 2 {
			parts = append(parts, pairs[i])
		}
	}
	for _, pairs := range [][]string{markPairs, ownMarkPairs} {
		want, got := strings.NewReplacer(pairs...), newMarkReplacer(pairs...)
		rng := rand.New(rand.NewPCG(1, 2))
		for range 20000 {
			var b strings.Builder
			for k := rng.IntN(12); k > 0; k-- {
				b.WriteString(parts[rng.IntN(len(parts))])
			}
			s := b.String()
			if w, g := want.Replace(s), got.Replace(s); w != g {
				t.Fatalf("Replace(%q) = %q, strings.Replacer gives %q", s, g, w)
			}
		}
	}
}
