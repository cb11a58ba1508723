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
// in it. The ranges are bounded by the length of w and the bytes that
// follow its prefixes, not by the vocabulary; a vocabulary made so that
// they are many (a long w, every byte after each of its prefixes) is
// checked word by word instead, past a number of ranges whose searches
// cost about that check (a 128th of the words: a crafted vocabulary of
// a million words took 58 ms with a 32nd, the check 21 ms).
func typoWords(vocab []string, w string, lo, hi int) []int {
	if out, ok := typoWordsByRange(vocab, w, lo, hi, max(64, len(vocab)/128)); ok {
		return out
	}
	return typoWordsByScan(vocab, w, lo, hi)
}

// typoWordsByScan is typoWords checking every word.
func typoWordsByScan(vocab []string, w string, lo, hi int) []int {
	var out []int
	for j, v := range vocab {
		if (j < lo || j >= hi) && oneEdit(w, v) {
			out = append(out, j)
		}
	}
	return out
}

// typoWordsByRange is typoWords by ranges of the vocabulary; it reports
// false after looking up more than most of them.
func typoWordsByRange(vocab []string, w string, lo, hi, most int) ([]int, bool) {
	var out []int
	ranges := 0
	find := func(in []string, p string) (int, int) {
		ranges++
		return prefixRange(in, p)
	}
	add := func(p string) {
		a, b := find(vocab, p)
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
		start, end := find(vocab, head)
		for j := start; j < end; {
			if ranges > most {
				return nil, false
			}
			if len(vocab[j]) == i { // head itself
				j++
				continue
			}
			c := vocab[j][i : i+1]
			_, next := find(vocab[j:end], head+c)
			j += next
			if c != w[i:i+1] {
				add(head + c + w[i+1:]) // substituted
			}
			add(head + c + w[i:]) // inserted
		}
	}
	slices.Sort(out)
	return slices.Compact(out), true
}
