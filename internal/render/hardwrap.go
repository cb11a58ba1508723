package render

import (
	"strings"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/gansi"
)

// appendHardwrapped appends to lines the lines of xansi.Hardwrap(l,
// width, true), l a line (without a newline): cut from l in place when l
// is of plain form (printable ASCII, seqLen's sequences, and marks, see
// markRune, each followed by ASCII or nothing, so that each is a grapheme
// cluster of its own); else split from x/ansi's. Hardwrap, keeping
// spaces, only puts a line break before each character that would pass
// the width, so its lines are pieces of l; it wrote l again into a buffer
// grown a byte at a time by doubling, which fit then split: the long line
// of a 16 KB list item of "- - -...", laid out across the window, was a
// sixth of its render's memory. TestHardwrappedIsHardwrap compares the
// two.
func appendHardwrapped(lines []string, l string, width int) []string {
	if out, ok := hardwrapPlain(lines, l, width); ok {
		return out
	}
	return append(lines, strings.Split(xansi.Hardwrap(l, width, true), "\n")...)
}

// hardwrapPlain is appendHardwrapped for a line of plain form, and false
// (lines as they were) for any other line.
func hardwrapPlain(lines []string, l string, width int) ([]string, bool) {
	if width < 1 {
		return lines, false // Hardwrap gives l back as it is
	}
	n := len(lines)
	cells, start := 0, 0
	for i := 0; i < len(l); {
		c := l[i]
		w, size := 1, 1
		switch {
		case c >= ' ' && c < 0x7f:
		case c == 0x1b:
			k := seqLen(l[i:])
			if k == 0 {
				return lines[:n], false
			}
			i += k
			continue
		case c >= utf8.RuneSelf:
			r, sz := utf8.DecodeRuneInString(l[i:])
			if !markRune(r) || i+sz < len(l) && l[i+sz] >= utf8.RuneSelf {
				return lines[:n], false
			}
			w, size = gansi.StringWidth(l[i:i+sz]), sz // x/ansi's, see TestMarkWidths
		default:
			return lines[:n], false
		}
		// Hardwrap breaks the line before a character that would
		// pass the width; the sequences before it stay on the line
		// it ends.
		if cells+w > width {
			lines = append(lines, l[start:i])
			start, cells = i, 0
		}
		cells += w
		i += size
	}
	return append(lines, l[start:]), true
}
