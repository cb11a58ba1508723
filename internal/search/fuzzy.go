package search

import (
	"slices"
	"sort"
	"strings"
)

// Typos are found with a linear check rather than a dynamic programme:
// one edit (a character substituted, inserted, deleted, or two swapped)
// means that after the common beginning, the rest must match exactly
// once that one edit is undone. It runs at every keystroke, on the words
// typoWords picks out of the vocabulary, so it must be cheap.

// MinTypoLen is the shortest query word (in bytes) that tolerates a typo:
// shorter words with one edit match too much to be useful.
const MinTypoLen = 5

// oneEdit reports whether a prefix of t is one edit away from w (or is
// w). Words are compared byte by byte: the typos it knows are those of
// ASCII words, which is what keyboards make.
func oneEdit(w, t string) bool {
	i := 0
	for i < len(w) && i < len(t) && w[i] == t[i] {
		i++
	}
	if i == len(w) {
		return true
	}
	switch {
	case i < len(t) && strings.HasPrefix(t[i+1:], w[i+1:]): // substituted
		return true
	case strings.HasPrefix(t[i:], w[i+1:]): // an extra character in w
		return true
	case i < len(t) && strings.HasPrefix(t[i+1:], w[i:]): // a missing one
		return true
	case i+1 < len(w) && i+1 < len(t) && w[i] == t[i+1] && w[i+1] == t[i] && strings.HasPrefix(t[i+2:], w[i+2:]): // swapped
		return true
	}
	return false
}

// prefixRange returns the range of the sorted vocab that starts with p,
// found by binary search at both ends.
func prefixRange(vocab []string, p string) (lo, hi int) {
	lo, _ = slices.BinarySearch(vocab, p)
	hi = lo + sort.Search(len(vocab)-lo, func(j int) bool { return !strings.HasPrefix(vocab[lo+j], p) })
	return lo, hi
}

// typoWords returns the indices, ascending, of the words of the sorted
// vocab outside [lo, hi) (the words that start with w) that oneEdit
// finds one edit from w.
//
// The whole vocabulary was checked word by word for every query word:
// 145 ms a query of 8 words on the 1.9 million words of a 16 MB post of
// made-up ones, a cost a reader could ask for at every keystroke. A word
// one edit from w shares w's first i bytes, then holds, as its next
// bytes, w with the byte at i substituted, dropped, another inserted
// before it, or swapped with the next: each is a range of the sorted
// vocabulary, found by binary search, for each byte that follows w[:i]
// in it. The work is then bounded by the length of w and the bytes that
// follow its prefixes (not by the vocabulary), plus the words found.
func typoWords(vocab []string, w string, lo, hi int) []int {
	var out []int
	add := func(p string) {
		a, b := prefixRange(vocab, p)
		for j := a; j < b; j++ {
			if (j < lo || j >= hi) && oneEdit(w, vocab[j]) {
				out = append(out, j)
			}
		}
	}
	for i := range len(w) {
		head := w[:i]
		add(head + w[i+1:]) // w[i] dropped
		if i+1 < len(w) {
			add(head + w[i+1:i+2] + w[i:i+1] + w[i+2:]) // swapped
		}
		// The bytes that follow head in the vocabulary, one range each.
		start, end := prefixRange(vocab, head)
		for j := start; j < end; {
			if len(vocab[j]) == i { // head itself
				j++
				continue
			}
			c := vocab[j][i : i+1]
			_, next := prefixRange(vocab[j:end], head+c)
			j += next
			if c != w[i:i+1] {
				add(head + c + w[i+1:]) // substituted
			}
			add(head + c + w[i:]) // inserted
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
