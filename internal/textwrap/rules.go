// Package textwrap is the one line-breaking rule of the reader: where a
// line of terminal text may break, following the W3C "Requirements for
// Chinese Text Layout" (clreq) for Chinese and Japanese and spaces for
// everything else, and a wrapper that applies it to styled text.
//
// A line may break at a space, between two Han (or kana, or full-width)
// characters, and between a Han character and a Latin word or number; never
// before closing punctuation (，。、；：？！）」』】》… and the rest of
// clreq's list) nor after opening punctuation (（「『【《 ...), also when the
// neighbour is a Latin word or a number: "用 Go，然后" breaks before "Go",
// pulling the word down with the comma. Latin words are not split (unless
// one is wider than the line), not even at hyphens: file names and URLs
// stay whole.
package textwrap

import "unicode"

// closing are characters that may not start a line (clreq 行首禁则): CJK
// and ASCII closing brackets and quotes, full stops, commas, colons,
// semicolons, question and exclamation marks, ellipses, the interpunct,
// iteration marks, small kana and percent signs.
const closing = "，。、；：？！）］｝〕〗〙〛〉》」』】〞〟”’…‥·・‧﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞" +
	"ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" +
	"％‰℃°′″､｡｣" + ",.;:?!)]}%"

// opening are characters that may not end a line (clreq 行尾禁则).
const opening = "（［｛〔〖〘〚〈《「『【〝“‘﹙﹛﹝｢" + "([{"

// IsClosing reports whether r may not start a line.
func IsClosing(r rune) bool { return closingSet[r] }

// IsOpening reports whether r may not end a line.
func IsOpening(r rune) bool { return openingSet[r] }

// The sets as maps: every pair of characters of a post is looked up.
var closingSet, openingSet = runeSet(closing), runeSet(opening)

func runeSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}

// IsIdeographic reports characters of scripts written without spaces
// between words (Chinese, Japanese) and full-width forms: a line may break
// on either side of one. Korean separates words with spaces and is left to
// them.
func IsIdeographic(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r >= 0x3000 && r <= 0x303F, // CJK symbols and punctuation
		r >= 0xFF00 && r <= 0xFFEF, // half- and full-width forms
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0x2E80 && r <= 0x2FDF, // radicals
		r >= 0x3190 && r <= 0x33FF: // kanbun, enclosed CJK, compatibility
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo)
}

// CanBreak reports whether a line may break between the characters a and
// b written next to each other (no space between them).
func CanBreak(a, b rune) bool {
	if IsClosing(b) || IsOpening(a) {
		return false
	}
	// A two-em dash or a six-dot ellipsis is one mark: never split.
	if a == b && (a == '—' || a == '…' || a == '⋯' || a == '─') {
		return false
	}
	return IsIdeographic(a) || IsIdeographic(b)
}

// CanBreakAtSpace reports whether a line may break at spaces written
// between a and b: not before closing punctuation, not after opening.
func CanBreakAtSpace(a, b rune) bool { return !IsClosing(b) && !IsOpening(a) }

// isSpace reports the spaces a line breaks at and drops at its ends. A
// no-break space is not one.
func isSpace(r rune) bool { return r == ' ' || r == '\u3000' }
