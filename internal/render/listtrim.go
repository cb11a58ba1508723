package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/sshblog/sshblog/internal/gansi"
)

// trimPad removes the spaces glamour pads a line with, keeping its styles:
// the line cut after its last character that is not a space
// (xansi.Truncate keeps the escape sequences after the cut), and the
// styles that are then reset before any text removed (dropEmptyStyles).
// Lines of the plain form glamour writes (see padEnd) are cut in one pass
// over their bytes; hangItems and itemTexts trim every line of every list
// item, and measuring, stripping and truncating each with x/ansi was a
// fifth of the render of a post of lists. TestTrimPadIsTruncate compares
// the two.
func trimPad(raw string) string {
	if end, ok := padEnd(raw); ok {
		if end == len(raw) || !strings.Contains(raw[end:], " ") {
			return dropEmptyStyles(raw)
		}
		var b strings.Builder
		b.Grow(len(raw))
		b.WriteString(raw[:end])
		for i := end; i < len(raw); {
			if raw[i] == ' ' {
				i++
				continue
			}
			n := gansi.SGRLen(raw[i:])
			b.WriteString(raw[i : i+n])
			i += n
		}
		return dropEmptyStyles(b.String())
	}
	plain := strings.TrimRight(xansi.Strip(raw), " ")
	return dropEmptyStyles(xansi.Truncate(raw, xansi.StringWidth(plain), ""))
}

// padEnd returns where the padding of raw starts: the end of its last
// character that is not a space, after which only spaces and SGR
// sequences follow. It says no for a line not of the plain form that
// makes that cut what xansi.Truncate makes of it: printable ASCII, marks
// (see markRune) followed by ASCII or nothing, and SGR sequences of
// digits and semicolons each followed by ASCII or by nothing, so that
// the line's grapheme clusters are its text's, measured alike.
func padEnd(raw string) (int, bool) {
	end := 0
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == ' ':
			i++
		case c > ' ' && c < 0x7f:
			i++
			end = i
		case c == 0x1b:
			n := gansi.SGRLen(raw[i:])
			if n == 0 || i+n < len(raw) && raw[i+n] >= utf8.RuneSelf {
				return 0, false
			}
			i += n
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(raw[i:])
			if !markRune(r) || i+size < len(raw) && raw[i+size] >= utf8.RuneSelf {
				return 0, false
			}
			i += size
			end = i
		default:
			return 0, false
		}
	}
	return end, true
}

// markRune reports the characters other than ASCII that padEnd takes:
// punctuation and symbols of the blocks glamour draws list bullets, quote
// bars and our marks from (General Punctuation to Miscellaneous Symbols
// and Arrows, Supplemental Punctuation), none of which joins the
// characters around it into a grapheme cluster. Followed by ASCII, such a
// character is a cluster of its own, which x/ansi measures alike in the
// line and in its text (a space before a skin tone modifier is one
// cluster of the text, and two of the line, which Truncate measures
// ASCII by ASCII).
func markRune(r rune) bool {
	if (r < 0x2010 || r > 0x2bff) && (r < 0x2e00 || r > 0x2e7f) {
		return false
	}
	return unicode.In(r, unicode.P, unicode.S)
}

// dropEmptyStyles removes the styles that are reset before any text, dead
// bytes left where padding was cut: what the regular expression
// "\x1b\[[0-9;]*m\x1b\[0?m" matches (leftmost first, one match after
// another), in one pass. TestDropEmptyStylesIsTheRegexp compares the two.
func dropEmptyStyles(s string) string {
	i := strings.Index(s, "\x1b[")
	if i < 0 {
		return s
	}
	var b strings.Builder
	done := 0 // s[:done] is written or dropped
	for i < len(s) {
		if n := gansi.SGRLen(s[i:]); n > 0 {
			if m := resetAt(s[i+n:]); m > 0 {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				i += n + m
				done = i
				continue
			}
		}
		k := strings.Index(s[i+1:], "\x1b[")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}
