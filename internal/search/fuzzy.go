package search

import "strings"

// Typos are found with a linear check rather than a dynamic programme:
// one edit (a character substituted, inserted, deleted, or two swapped)
// means that after the common beginning, the rest must match exactly
// once that one edit is undone. It runs over the whole vocabulary for
// every keystroke, so it must be cheap.

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
