package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// typoWords finds the words of a vocabulary one edit from a query word
// by ranges of it; the check of every word it replaces is the reference,
// on vocabularies dense in near misses (a small alphabet, short words,
// multi-byte characters, a word and its prefixes).
func TestTypoWordsFindsWhatACheckOfEveryWordFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabets := []string{"ab", "abc", "abcdefghij", "aé中b"}
	word := func(alpha []rune, n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alpha[rng.IntN(len(alpha))])
		}
		return b.String()
	}
	for round := range 3000 {
		alpha := []rune(alphabets[round%len(alphabets)])
		var vocab []string
		for range rng.IntN(300) {
			vocab = append(vocab, word(alpha, 1+rng.IntN(9)))
		}
		w := word(alpha, MinTypoLen+rng.IntN(4))
		if rng.IntN(4) == 0 && len(vocab) > 0 {
			// a word of the vocabulary, edited or not
			w = vocab[rng.IntN(len(vocab))] + word(alpha, rng.IntN(3))
		}
		vocab = append(vocab, w[:len(w)-1], w[1:])
		slices.Sort(vocab)
		vocab = slices.Compact(vocab)
		lo, hi := prefixRange(vocab, w)
		var want []int
		for j, v := range vocab {
			if (j < lo || j >= hi) && oneEdit(w, v) {
				want = append(want, j)
			}
		}
		if got := typoWords(vocab, w, lo, hi); !slices.Equal(got, want) {
			t.Fatalf("%q in %q: found %v, want %v", w, vocab, got, want)
		}
		if got, ok := typoWordsByRange(vocab, w, lo, hi, 1<<30); !ok || !slices.Equal(got, want) {
			t.Fatalf("%q in %q: by range %v, want %v", w, vocab, got, want)
		}
		// Past its ranges, the words are checked one by one.
		if got, ok := typoWordsByRange(vocab, w, lo, hi, 3); ok && (len(w) >= MinTypoLen || !slices.Equal(got, want)) {
			t.Fatalf("%q in %q: %v by range past 3 ranges", w, vocab, got)
		}
		// prefixRange is the range a scan finds.
		a := lo
		for a < len(vocab) && strings.HasPrefix(vocab[a], w) {
			a++
		}
		if a != hi {
			t.Fatalf("%q in %q: range [%d, %d), want end %d", w, vocab, lo, hi, a)
		}
	}
}
