package gansi

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// stringWidth is ansi.StringWidth(string(b)) (x/ansi v0.11.9, width.go:
// grapheme clusters measured by ansi.GraphemeWidth, escape sequences not
// counted), with the grapheme segmentation skipped where its answer is
// known (see firstCluster).
func stringWidth(b []byte) int {
	pstate := parser.GroundState
	width := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if pstate == parser.GroundState && c >= 0x20 && c < 0x7f && (i+1 == len(b) || b[i+1] < utf8.RuneSelf) {
			// A printable ASCII character followed by ASCII or
			// nothing is a cluster of its own, one cell wide: only
			// a following non-ASCII character (a combining mark...)
			// can extend it.
			width++
			continue
		}
		state, action := parser.Table.Transition(pstate, c)
		if action == parser.PrintAction || state == parser.Utf8State {
			n, w := firstCluster(b[i:])
			width += w
			i += n - 1
			pstate = parser.GroundState
			continue
		}
		pstate = state
	}
	return width
}

// firstCluster is the length and width of the grapheme cluster b starts
// with, as ansi.FirstGraphemeCluster(b, ansi.GraphemeWidth) gives them.
// A Han ideograph or a CJK or fullwidth punctuation mark (see wideAlone)
// followed by ASCII, by another of them or by nothing is a cluster of
// its own, two cells wide, without asking the segmenter: those are most
// of the characters of a Chinese post.
func firstCluster(b []byte) (int, int) {
	if b[0] >= utf8.RuneSelf {
		r, size := utf8.DecodeRune(b)
		if wideAlone(r) {
			if size == len(b) || b[size] < utf8.RuneSelf {
				return size, 2
			}
			if next, _ := utf8.DecodeRune(b[size:]); wideAlone(next) {
				return size, 2
			}
		}
	}
	c, w := ansi.FirstGraphemeCluster(b, ansi.GraphemeWidth)
	return len(c), w
}

// wideAlone reports whether r is two cells wide and of the grapheme break
// property Other: it neither extends nor is extended by a neighbour that
// is ASCII or itself wideAlone. TestWideAloneClusters checks every one.
func wideAlone(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs
		return true
	case r >= 0x3001 && r <= 0x3029: // CJK punctuation 、。〈〉《》「」『』【】...
		return true
	case r >= 0xFF01 && r <= 0xFF60: // fullwidth forms ，：；！？（）...
		return true
	}
	return false
}

// firstClusterString is firstCluster of a string.
func firstClusterString(s string) (int, int) {
	if s[0] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(s)
		if wideAlone(r) {
			if size == len(s) || s[size] < utf8.RuneSelf {
				return size, 2
			}
			if next, _ := utf8.DecodeRuneInString(s[size:]); wideAlone(next) {
				return size, 2
			}
		}
	}
	c, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	return len(c), w
}
