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
		if tail := strings.TrimRight(raw[end:], " "); !strings.Contains(tail, " ") {
			// No space among the sequences after the text, but
			// those the line ends with (an item's text, up to its
			// end tag): cut off as a substring, not copied.
			return dropEmptyStyles(raw[:end+len(tail)])
		}
		var b strings.Builder
		b.Grow(len(raw))
		b.WriteString(raw[:end])
		for i := end; i < len(raw); {
			if raw[i] == ' ' {
				i++
				continue
			}
			n := seqLen(raw[i:])
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
// digits and semicolons and OSC 8 links in printable ASCII (see seqLen:
// glamour links a reading list's every item), each followed by ASCII, a
// mark or nothing, so that the line's grapheme clusters are its text's,
// measured alike.
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
			n := seqLen(raw[i:])
			if n == 0 || i+n < len(raw) && raw[i+n] >= utf8.RuneSelf && !markRuneAt(raw[i+n:]) {
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
// Glamour also pads inline code with no-break spaces, and Latin-1 letters
// (é, ü) and signs are as plain: none is a combining character, a
// prefix (which joins the character after it) or a soft hyphen.
func markRune(r rune) bool {
	if r >= 0xa0 && r <= 0xff {
		return r != 0xad
	}
	if (r < 0x2010 || r > 0x2bff) && (r < 0x2e00 || r > 0x2e7f) {
		return false
	}
	return unicode.In(r, unicode.P, unicode.S)
}

// markRuneAt reports whether s starts with a markRune: a character
// that joins neither the one before it nor the one after it, so that a
// sequence may come before it (glamour styles inline code from its
// no-break space on).
func markRuneAt(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return markRune(r)
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

// seqLen is the length of the SGR sequence (see gansi.SGRLen) or OSC 8
// link of printable ASCII, ended by BEL or ESC \, that s starts with, or 0:
// the sequences of the plain form padEnd cuts. x/ansi strips either
// whole, measures it as no cells and keeps it whole after a cut.
func seqLen(s string) int {
	if n := gansi.SGRLen(s); n > 0 || !strings.HasPrefix(s, "\x1b]8;") {
		return n
	}
	for i := len("\x1b]8;"); i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x07:
			return i + 1
		case c == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return 0
		case c < ' ' || c >= 0x7f:
			return 0
		}
	}
	return 0
}

// leadCut is xansi.Truncate(raw, n, ""): the first n cells of raw, with
// every sequence after the cut kept. hangItems cuts the lead (margins,
// indentation, quote bars) off the first line of every item, a line padded
// to the window's width with a styled space per cell, and x/ansi built the
// kept sequences a byte at a time: a seventh of the time and a sixth of
// the memory of an outline of short items. Lines of the plain form glamour
// writes (printable ASCII, SGR sequences and links, and before the cut a mark
// rune, see markRune, followed by ASCII) are cut in one pass; any other
// line goes to x/ansi. TestLeadCutIsTruncate compares the two.
func leadCut(raw string, n int) string {
	if s, ok := leadCutPlain(raw, n); ok {
		return s
	}
	return xansi.Truncate(raw, n, "")
}

// leadCutPlain is leadCut for a line of plain form, and false for any
// other line.
func leadCutPlain(raw string, n int) (string, bool) {
	cells := 0
	i := 0
	// Up to the cut: the bytes are kept as they are.
	for i < len(raw) {
		c := raw[i]
		switch {
		case c == 0x1b:
			l := seqLen(raw[i:])
			if l == 0 {
				return "", false
			}
			i += l
			continue
		case c >= ' ' && c < 0x7f:
			if cells+1 > n {
				return leadSeqs(raw, i)
			}
			cells++
			i++
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(raw[i:])
			if !markRune(r) || i+size < len(raw) && raw[i+size] >= utf8.RuneSelf {
				return "", false
			}
			w := xansi.StringWidth(raw[i : i+size])
			if cells+w > n {
				return leadSeqs(raw, i)
			}
			cells += w
			i += size
			continue
		}
		return "", false
	}
	return raw, true // no wider than n: all of it
}

// leadSeqs returns raw[:cut] followed by the sequences of raw[cut:],
// and false when raw[cut:] has a control character or another sequence.
// Text after the cut is dropped a byte or a rune at a time: no grapheme
// cluster holds an escape character, so where its clusters end does not
// change which sequences are kept.
func leadSeqs(raw string, cut int) (string, bool) {
	// A first pass checks the rest and counts its sequences' bytes: the
	// lead was made with room for all of the rest, 16 KB for the few
	// sequences of an item's first line of 16 KB of text.
	seqs := 0
	for i := cut; i < len(raw); {
		c := raw[i]
		switch {
		case c == 0x1b:
			l := seqLen(raw[i:])
			if l == 0 {
				return "", false
			}
			seqs += l
			i += l
		case c >= ' ' && c < 0x7f:
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(raw[i:])
			if r == utf8.RuneError && size <= 1 {
				return "", false
			}
			i += size
		default:
			return "", false
		}
	}
	if seqs == 0 {
		return raw[:cut], true
	}
	var b strings.Builder
	b.Grow(cut + seqs)
	b.WriteString(raw[:cut])
	for i := cut; i < len(raw); {
		e := strings.IndexByte(raw[i:], 0x1b)
		if e < 0 {
			break
		}
		i += e
		l := seqLen(raw[i:])
		b.WriteString(raw[i : i+l])
		i += l
	}
	return b.String(), true
}

// onlyPadding reports whether s is only spaces and SGR sequences: padding
// (itemEnd asks it of what follows an item's end tag; any other s is
// stripped and trimmed to tell).
func onlyPadding(s string) bool {
	for i := 0; i < len(s); {
		switch {
		case s[i] == ' ':
			i++
		case s[i] == 0x1b:
			l := gansi.SGRLen(s[i:])
			if l == 0 {
				return false
			}
			if strings.HasPrefix(s[i+l:], " \x1b[m") {
				// A padding cell, most often one of a run of
				// the same: skipped a cell at a time.
				cell := s[i : i+l+len(" \x1b[m")]
				for strings.HasPrefix(s[i:], cell) {
					i += len(cell)
				}
				continue
			}
			i += l
		default:
			return false
		}
	}
	return true
}
