// Package sanitize makes untrusted text safe to send to a reader's terminal.
//
// Post files are written by operators but may come from anywhere (a pull
// request, a sync job, a pasted snippet). A stray ESC or C1 byte in a post
// could move the reader's cursor, change their window title, or worse, so
// every piece of post text passes through Text before it is rendered.
package sanitize

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text removes terminal escape sequences (CSI, OSC, DCS, APC, ...), every
// control character except newline and tab, and the bidirectional
// formatting characters (see keep). Carriage returns are dropped, so CRLF
// line endings become LF. Invalid UTF-8 is replaced with U+FFFD.
func Text(s string) string {
	if isClean(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// ansi.Strip understands the full escape grammar, including string
	// sequences terminated by BEL or ST; what it leaves are plain runes.
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if keep(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Escape writes every character Text would remove as a Go escape (ESC as
// \x1b, U+202E as \u202e) and every byte of invalid UTF-8 as \xNN; the
// rest of s, newlines and tabs included, is left as it is. It is for
// logs: what a client sent stays visible to the operator but cannot act
// on the terminal that shows it.
func Escape(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !keep(r):
			q := strconv.QuoteRune(r) // '\x1b', '\u202e': the quotes dropped
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// charRef matches a character reference the way html.UnescapeString
// reads one (glamour decodes text with it): as many digits or letters as
// there are, the semicolon optional.
var charRef = regexp.MustCompile(`&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?`)

// Refs replaces character references to characters Text would remove
// ("&#27;", "&#x9b;", "&#x202e;", "&rlm;", "&#x0000202e") with U+FFFD.
// Markdown renderers decode references after the text was sanitised:
// without this, a post could hand the reader's terminal an ESC through
// "&#27;".
func Refs(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return charRef.ReplaceAllStringFunc(s, func(ref string) string {
		if !safeRef(ref) {
			return "\uFFFD"
		}
		return ref
	})
}

// safeRef reports whether every way a renderer may decode ref gives only
// characters that may reach a terminal: html.UnescapeString (glamour's
// decoder, which maps &#x9b; to a printable Windows-1252 character), and
// the number as written (goldmark's own decoder keeps C1 controls, and
// reads a decimal with a leading 0 as octal).
func safeRef(ref string) bool {
	for _, r := range html.UnescapeString(ref) {
		if !keep(r) {
			return false
		}
	}
	if ref[1] != '#' {
		return true
	}
	num, bases := strings.TrimSuffix(ref[2:], ";"), []int{10, 8}
	if num[0] == 'x' || num[0] == 'X' {
		num, bases = num[1:], []int{16}
	}
	for _, base := range bases {
		n, err := strconv.ParseUint(num, base, 32)
		if errors.Is(err, strconv.ErrSyntax) {
			continue // 8 or 9 in a decimal: not octal
		}
		if err != nil || n > utf8.MaxRune || !keep(rune(n)) {
			return false
		}
	}
	return true
}

// keep reports whether r may reach a terminal.
func keep(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return true
	case r < 0x20 || r == 0x7f: // C0 controls and DEL
		return false
	case r >= 0x80 && r <= 0x9f: // C1 controls (8-bit CSI, OSC, ...)
		return false
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		// Bidirectional embeddings, overrides, isolates and marks can
		// make text display in an order different from the one it is
		// stored in ("Trojan Source"): a title could show a reader
		// another slug or command than the one they type.
		return false
	}
	return true
}

// isClean is the fast path: most posts contain nothing to remove.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return false
		}
		if 0xE3 <= c && c <= 0xEC && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// U+3000 to U+CFFF (CJK, kana, hangul), all kept: decoding
			// each character of a Chinese post was most of this check.
			i += 2
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || !keep(r) {
				return false
			}
			i += size - 1
		}
	}
	return true
}
