package gansi

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi/parser"
)

// wrap is lipgloss.Wrap (lipgloss v2.1.0, wrap.go): ansi.Wrap, then a
// pass that resets the pen before each newline and sets it again after.
// The pass is a penWriter, and ansi.Wrap is skipped when s fits (see
// fits), where it would return s unchanged: the document's block is
// wrapped again as a whole after its paragraphs were wrapped to the same
// width, so most of its lines fit.
func wrap(s string, limit int, breakpoints string) string {
	if !fits(s, limit) {
		s = ansiWrap(s, limit, breakpoints)
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	w := newPenWriter(&b)
	_, _ = io.WriteString(w, s)
	_ = w.Close()
	return b.String()
}

// nbsp is the non-breaking space, which ansi.Wrap does not break at.
const nbsp = 0xA0

// fits reports whether ansi.Wrap(s, limit, breakpoints) returns s as it is,
// for any breakpoints: whether every line of s is at most limit cells wide,
// measured as ansi.Wrap measures (x/ansi v0.11.9, wrap.go), in which case
// it neither breaks a line nor drops the spaces at the end of one. It
// follows Wrap's parser states and widths: a printable ASCII byte in the
// ground state is one cell, a grapheme cluster starting with a UTF-8 lead
// byte in any state is its grapheme width (and returns to the ground
// state, as in Wrap), bytes of escape sequences none, and a newline starts
// a line in any state. Where Wrap would change the text although it fits
// (a space cluster of several runes, of which it keeps the first) or where
// its measure is not simply this (other control characters, which it
// counts as one cell) fits says false, and Wrap runs.
func fits(s string, limit int) bool {
	if limit < 1 {
		return true // Wrap returns s
	}
	pstate := parser.GroundState
	w := 0
	for i := 0; i < len(s); {
		b := s[i]
		if pstate == parser.GroundState && b >= 0x20 && b < 0x7f {
			w++
			if w > limit {
				return false
			}
			i++
			continue
		}
		state, action := parser.Table.Transition(pstate, b)
		if state == parser.Utf8State {
			n, width := firstClusterString(s[i:])
			r, _ := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && unicode.IsSpace(r) && r != nbsp && n != utf8.RuneLen(r) {
				return false
			}
			w += width
			if w > limit {
				return false
			}
			i += n
			pstate = parser.GroundState
			continue
		}
		if action == parser.PrintAction || action == parser.ExecuteAction {
			if b != '\n' {
				return false
			}
			w = 0
		}
		pstate = state
		i++
	}
	return true
}
