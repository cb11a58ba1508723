package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is cut into two kinds of tokens. Latin tokens (any script written
// with spaces: Latin, Cyrillic, Greek, digits) are words, matched by
// prefix and with a typo. CJK tokens are runs of Han, kana or Hangul
// characters, which are written without spaces: they are matched as
// substrings, through the pairs of neighbouring characters (bigrams) they
// contain.

// isCJK reports whether r is written without spaces between words. The
// ranges are spelled out (not unicode.In): this runs on every character
// of the blog at load.
func isCJK(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x11FF, // Hangul Jamo
		r >= 0x2E80 && r <= 0x2FDF,   // CJK radicals
		r >= 0x3040 && r <= 0x30FF,   // Hiragana, Katakana
		r >= 0x3130 && r <= 0x318F,   // Hangul compatibility Jamo
		r >= 0x3400 && r <= 0x4DBF,   // Extension A
		r >= 0x4E00 && r <= 0x9FFF,   // Unified Ideographs
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // Compatibility Ideographs
		r >= 0x20000 && r <= 0x3FFFF: // Extensions B and later
		return true
	}
	return false
}

// isWord reports whether r is part of a Latin token.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return !isCJK(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// scan calls f for each token of s with its byte range.
func scan(s string, f func(start, end int, cjk bool)) {
	start, cjk := -1, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		c := isCJK(r)
		w := c || isWord(r)
		if start >= 0 && (!w || c != cjk) {
			f(start, i, cjk)
			start = -1
		}
		if w && start < 0 {
			start, cjk = i, c
		}
		i += size
	}
	if start >= 0 {
		f(start, len(s), cjk)
	}
}

// fold lower-cases s for matching; ASCII-only text without capitals is
// returned as is, without allocating.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// bigram is the key of two neighbouring CJK characters; b is 0 for the
// last character of a run, so that every character is the first half of
// one key and a one-character query is a range of keys. Characters above
// U+FFFF share keys with others (they are rare); a query holding one is
// checked against the text.
func bigram(a, b rune) uint32 { return uint32(a&0xFFFF)<<16 | uint32(b&0xFFFF) }

// appendBigrams appends the keys of the CJK run s.
func appendBigrams(keys []uint32, s string) []uint32 {
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			keys = append(keys, bigram(prev, r))
		}
		prev = r
	}
	if prev >= 0 {
		keys = append(keys, bigram(prev, 0))
	}
	return keys
}
