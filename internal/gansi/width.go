package gansi

import (
	"unicode/utf8"
	"unsafe"

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
		if pstate == parser.GroundState && c == 0x1b {
			// An SGR sequence of digits and semicolons goes from
			// the ground state back to it through states that
			// neither print nor start a character: no cells, read
			// whole (a line of many colour spans is mostly these).
			if n := sgrLenBytes(b[i:]); n > 0 {
				i += n - 1
				continue
			}
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

// StringWidth is ansi.StringWidth(s), measured as stringWidth measures:
// for the reader's own checks of rendered lines (internal/render's fit
// measures every line it is given).
func StringWidth(s string) int {
	return stringWidth(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// firstCluster is the length and width of the grapheme cluster b starts
// with, as ansi.FirstGraphemeCluster(b, ansi.GraphemeWidth) gives them,
// without asking the segmenter when b starts with a character whose width
// is known (see knownWidth) followed by ASCII, by another such character
// or by nothing: those are most of the characters of a Chinese post.
func firstCluster(b []byte) (int, int) {
	if b[0] >= utf8.RuneSelf {
		r, size := decodeRune(b)
		if w, ok := knownWidth(r); ok {
			if size == len(b) || b[size] < utf8.RuneSelf {
				return size, w
			}
			if next, _ := decodeRune(b[size:]); isKnown(next) {
				return size, w
			}
		}
	}
	c, w := ansi.FirstGraphemeCluster(b, ansi.GraphemeWidth)
	return len(c), w
}

// firstClusterString is firstCluster of a string.
func firstClusterString(s string) (int, int) {
	if s[0] >= utf8.RuneSelf {
		r, size := decodeRuneInString(s)
		if w, ok := knownWidth(r); ok {
			if size == len(s) || s[size] < utf8.RuneSelf {
				return size, w
			}
			if next, _ := decodeRuneInString(s[size:]); isKnown(next) {
				return size, w
			}
		}
	}
	c, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	return len(c), w
}

// knownWidth is the width of r for the characters whose grapheme break
// property is Other or Control (UAX #29): a cluster of one character when
// followed by ASCII or another of them, as none is a Prepend, Extend,
// SpacingMark, ZWJ, Hangul or regional indicator character. They are the
// Han ideographs, CJK and fullwidth punctuation, the common Western
// punctuation, the superscript and subscript digits internal/render
// numbers footnotes with and writes TeX's ^ and _ with (a post of
// thousands of footnote references asked the segmenter about each), the
// box drawing characters tables are drawn with (a table's rule line asked
// it about each of its "─"), and the marks internal/render puts in the
// text for layout (U+2028 as a break opportunity, U+2063,
// U+2E36-U+2E3B). TestKnownWidths
// checks every one against the segmenter.
func knownWidth(r rune) (int, bool) {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, // CJK Unified Ideographs
		r >= 0x3000 && r <= 0x3029, // ideographic space, CJK punctuation 、。《》「」【】...
		r >= 0xFF01 && r <= 0xFF60: // fullwidth forms ，：；！？（）...
		return 2, true
	case r == 0x2028, r == 0x2063: // line separator, invisible separator
		return 0, true
	case r >= 0x2010 && r <= 0x2027, // dashes, quotes, bullets, ellipsis
		r >= 0x2E36 && r <= 0x2E3B, // daggers and dashes render uses as marks
		r == 0xA0, r == 0xB7,       // no-break space, middle dot
		r == 0xB2, r == 0xB3, r == 0xB9, // superscript two, three, one
		r == 0x2070, r >= 0x2074 && r <= 0x207E, // superscript digits and signs
		r >= 0x2080 && r <= 0x208E, // subscript digits and signs
		r >= 0x2500 && r <= 0x257F: // box drawing: the rules and separators of tables
		return 1, true
	}
	return 0, false
}

func isKnown(r rune) bool {
	_, ok := knownWidth(r)
	return ok
}

// knownAt reports whether s starts with a character of known width (see
// knownWidth).
func knownAt(s string) bool {
	r, _ := decodeRuneInString(s)
	return isKnown(r)
}

// knownAtBytes is knownAt of bytes.
func knownAtBytes(b []byte) bool {
	r, _ := decodeRune(b)
	return isKnown(r)
}

// decodeRune is utf8.DecodeRune with the three-byte characters (Han,
// CJK punctuation, fullwidth forms: most of a Chinese post) decoded
// inline: the standard library decodes only ASCII inline, and the
// width checks decode each character of a line two or three times.
// TestDecodeRune checks it against utf8.DecodeRune.
func decodeRune(b []byte) (rune, int) {
	if len(b) >= 3 && b[0]&0xF0 == 0xE0 && b[1]&0xC0 == 0x80 && b[2]&0xC0 == 0x80 {
		// Valid unless overlong (under U+0800) or a surrogate.
		r := rune(b[0]&0x0F)<<12 | rune(b[1]&0x3F)<<6 | rune(b[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRune(b)
}

// decodeRuneInString is decodeRune of a string.
func decodeRuneInString(s string) (rune, int) {
	if len(s) >= 3 && s[0]&0xF0 == 0xE0 && s[1]&0xC0 == 0x80 && s[2]&0xC0 == 0x80 {
		r := rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s)
}
