// Package sanitize makes untrusted text safe to send to a reader's terminal.
//
// Post files are written by operators but may come from anywhere (a pull
// request, a sync job, a pasted snippet). A stray ESC or C1 byte in a post
// could move the reader's cursor, change their window title, or worse, so
// every piece of post text passes through Text before it is rendered.
package sanitize

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text removes terminal escape sequences (CSI, OSC, DCS, APC, ...) and every
// control character except newline and tab. Carriage returns are dropped, so
// CRLF line endings become LF. Invalid UTF-8 is replaced with U+FFFD.
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

var numericRef = regexp.MustCompile(`&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});`)

// Refs replaces numeric character references to characters Text would
// remove ("&#27;", "&#x9b;", "&#x202e;") with U+FFFD. Markdown and HTML
// decode references after the text was sanitised: without this, a post
// could hand the reader's terminal an ESC through "&#27;".
func Refs(s string) string {
	if !strings.Contains(s, "&#") {
		return s
	}
	return numericRef.ReplaceAllStringFunc(s, func(ref string) string {
		num, base := ref[2:len(ref)-1], 10
		if num[0] == 'x' || num[0] == 'X' {
			num, base = num[1:], 16
		}
		n, err := strconv.ParseUint(num, base, 32)
		if err != nil || n > utf8.MaxRune || !keep(rune(n)) {
			return "\uFFFD"
		}
		return ref
	})
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
	case r == '\u202e' || r == '\u202d' || r == '\u2066' || r == '\u2067' || r == '\u2068' || r == '\u2069':
		// Bidi overrides and isolates can make text display in an order
		// different from the one it is stored in.
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
