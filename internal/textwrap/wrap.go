package textwrap

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"golang.org/x/text/width"
)

// Ambiguous is how wide a terminal draws the punctuation Unicode leaves
// "ambiguous" (“” ‘’ — … ·): one cell by default, two in many Chinese
// setups (a CJK font with "ambiguous = wide", Xshell).
type Ambiguous int

// The ambiguous-width modes.
const (
	Narrow Ambiguous = iota
	Wide
)

// String names the mode as the read command's --ambiguous flag does.
func (a Ambiguous) String() string {
	if a == Wide {
		return "wide"
	}
	return "narrow"
}

// ParseAmbiguous reads "narrow" or "wide".
func ParseAmbiguous(s string) (Ambiguous, bool) {
	switch s {
	case "narrow":
		return Narrow, true
	case "wide":
		return Wide, true
	}
	return Narrow, false
}

// IsAmbiguousPunct reports punctuation of East Asian Width "A" that
// Chinese text uses (quotes, dashes, ellipsis, interpunct): what a wide
// terminal draws two cells wide.
func IsAmbiguousPunct(r rune) bool {
	if r < 0xA1 || width.LookupRune(r).Kind() != width.EastAsianAmbiguous {
		return false
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// graphemeWidth is the cells a printable grapheme takes in mode a.
func graphemeWidth(g string, w int, a Ambiguous) int {
	if a == Wide && w == 1 {
		if r, _ := utf8.DecodeRuneInString(g); IsAmbiguousPunct(r) {
			return 2
		}
	}
	return w
}

// StringWidth is the cells s (which may hold escape sequences) takes in
// mode a.
func StringWidth(s string, a Ambiguous) int {
	if n, ok := asciiWidth(s); ok {
		return n
	}
	if a == Narrow {
		return xansi.StringWidth(s)
	}
	n, state := 0, byte(xansi.NormalState)
	for i := 0; i < len(s); {
		seq, w, k, st := xansi.DecodeSequence(s[i:], state, nil)
		n += graphemeWidth(seq, w, a)
		i, state = i+k, st
	}
	return n
}

// asciiWidth is the cells of s when s is printable ASCII and SGR
// sequences ("\x1b[" parameters "m") only: one a character, as the
// grapheme walk measures them, without it (a table measures each cell
// three or four times, a tenth of its render); false for any other s.
func asciiWidth(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			n++
			continue
		}
		if c != 0x1b || i+1 == len(s) || s[i+1] != '[' {
			return 0, false
		}
		j := i + 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j == len(s) || s[j] != 'm' {
			return 0, false
		}
		i = j
	}
	return n, true
}

// fitsLine reports whether s is one line (no line break) of at most
// width cells, measured as items measures it.
func fitsLine(s string, width int, a Ambiguous) bool {
	if n, ok := asciiWidth(s); ok {
		return n <= width
	}
	if strings.IndexByte(s, '\n') >= 0 {
		return false
	}
	n, state := 0, byte(xansi.NormalState)
	for i := 0; i < len(s); {
		seq, w, k, st := xansi.DecodeSequence(s[i:], state, nil)
		if n += graphemeWidth(seq, w, a); n > width {
			return false
		}
		i, state = i+k, st
	}
	return true
}

// item is one grapheme of the text, with the escape sequences written
// before it.
type item struct {
	seqs  string // escape sequences before the grapheme
	glyph string // "" for trailing sequences; "\n" for a line break
	r     rune   // the grapheme's first rune
	w     int    // cells
}

func (it item) space() bool { return isSpace(it.r) && it.glyph != "" }

// maxItems is at most how many items s makes: its characters outside
// CSI sequences. Sized by its bytes, the slice of a table cell of one
// styled letter took a kilobyte: a table of thousands of such cells
// (each measured and wrapped) took five times the memory of prose.
func maxItems(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			// A CSI sequence makes no item: skip to its final byte.
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j + 1
			n++ // the final byte, should the sequence be cut short
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return n + 1
}

// items splits s into graphemes with their sequences.
func items(s string, a Ambiguous) []item {
	out := make([]item, 0, maxItems(s))
	seqs := ""
	state := byte(xansi.NormalState)
	for i := 0; i < len(s); {
		seq, w, n, st := xansi.DecodeSequence(s[i:], state, nil)
		i, state = i+n, st
		switch {
		case seq == "\n":
			out = append(out, item{seqs: seqs, glyph: "\n", r: '\n'})
			seqs = ""
		case !isGlyph(seq, w):
			seqs += seq
		default:
			r, _ := utf8.DecodeRuneInString(seq)
			out = append(out, item{seqs: seqs, glyph: seq, r: r, w: graphemeWidth(seq, w, a)})
			seqs = ""
		}
	}
	if seqs != "" {
		out = append(out, item{seqs: seqs})
	}
	return out
}

// isGlyph reports whether seq, as xansi.DecodeSequence returns it with
// its width w, is a grapheme drawn (or a line break), not an escape
// sequence or a control character.
func isGlyph(seq string, w int) bool {
	return w != 0 || seq != "" && seq[0] >= 0x20 && seq[0] != 0x7f && !strings.HasPrefix(seq, "\x1b") &&
		!strings.HasPrefix(seq, "\u009b") && !strings.HasPrefix(seq, "\u009d") || seq == "\n"
}

// Wrap wraps s, which may hold SGR and OSC 8 sequences, to width cells by
// the rules of this package, narrow ambiguous punctuation. Line breaks in
// s are kept; styles and links carry over to the next line.
func Wrap(s string, width int) string { return WrapMode(s, width, Narrow) }

// WrapMode is Wrap with ambiguous punctuation measured as a says.
func WrapMode(s string, width int, a Ambiguous) string {
	return strings.Join(Lines(s, width, a), "\n")
}

// Lines wraps s like WrapMode and returns its lines, each styled on its
// own (styles and links open at a break are closed at the line's end and
// opened again on the next).
func Lines(s string, width int, a Ambiguous) []string {
	width = max(width, 1)
	if fitsLine(s, width, a) {
		// What the wrapping below writes for a line that fits: s
		// itself. A table cell is one of those, measured and wrapped
		// once for each cell: its items cost 1 KB.
		return styleLines(s)
	}
	return wrapLines(s, width, a)
}

// OneLine reports whether Lines(s, width, a) is s itself, one line, and
// gives its width then: for the text asciiWidth measures (a table cell
// of plain words, which needs no []string of its own). False says
// nothing: Lines may still return s.
func OneLine(s string, width int, a Ambiguous) (int, bool) {
	n, ok := asciiWidth(s)
	if !ok || n > max(width, 1) {
		return 0, false
	}
	// As styleLines writes a line that fits: s itself when it has no
	// escape or is unstyledLine.
	return n, strings.IndexByte(s, 0x1b) < 0 || unstyledLine(s)
}

// wrapLines is Lines for width of at least 1, without the shortcut for a
// line that fits.
func wrapLines(s string, width int, a Ambiguous) []string {
	its := items(s, a)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	// The segment since the last break opportunity: its leading spaces
	// (dropped when the line breaks there) and the rest.
	var spaces, word []item
	spacesW, wordW := 0, 0
	lineW := 0
	wrapped := false // the current line was started by wrapping
	write := func(its []item, glyphs bool) {
		for _, it := range its {
			b.WriteString(it.seqs)
			if glyphs {
				b.WriteString(it.glyph)
			}
		}
	}
	newline := func() {
		b.WriteByte('\n')
		lineW, wrapped = 0, true
	}
	flush := func() {
		if lineW > 0 && lineW+spacesW+wordW > width {
			write(spaces, false) // spaces at a break go, their styles stay
			spaces, spacesW = spaces[:0], 0
			if len(word) == 0 {
				return // trailing spaces: no empty line for them
			}
			newline()
		}
		if wrapped && lineW == 0 {
			write(spaces, false)
		} else {
			for _, sp := range spaces { // no more than fit
				b.WriteString(sp.seqs)
				if lineW+sp.w <= width {
					b.WriteString(sp.glyph)
					lineW += sp.w
				}
			}
		}
		for len(word) > 0 && lineW+wordW > width {
			if lineW > 0 {
				newline()
				continue
			}
			// A word wider than the line: split it at the edge, at
			// least one grapheme a line.
			n, w := 0, 0
			for n < len(word) && (n == 0 || w+word[n].w <= width) {
				w += word[n].w
				n++
			}
			write(word[:n], true)
			word, wordW = word[n:], wordW-w
			lineW = w
			if wordW > 0 {
				newline()
			}
		}
		write(word, true)
		lineW += wordW
		spaces, word = spaces[:0], word[:0]
		spacesW, wordW = 0, 0
	}
	var prev rune // the last character that is not a space
	// next is the first glyph after a space that is not one, found at
	// nextAt (len(its): none): for any space before nextAt it is the
	// next such glyph too, so a run of spaces is read once, not once
	// per space ("a" + 64 KB of spaces + "，" took seconds).
	next, nextAt := rune(0), -1
	for i, it := range its {
		switch {
		case it.glyph == "\n":
			flush()
			b.WriteString(it.seqs)
			b.WriteByte('\n')
			lineW, wrapped, prev = 0, false, 0
		case it.glyph == "":
			word = append(word, it)
		case it.space():
			if len(word) == 0 {
				spaces = append(spaces, it)
				spacesW += it.w
				break
			}
			// After a word, a space is a break opportunity unless
			// closing punctuation follows or opening precedes.
			if i >= nextAt {
				next, nextAt = nextGlyphAt(its, i)
			}
			if next == 0 || CanBreakAtSpace(prev, next) {
				flush()
				spaces = append(spaces, it)
				spacesW += it.w
				break
			}
			word = append(word, it)
			wordW += it.w
		default:
			if len(word) > 0 && CanBreak(prev, it.r) {
				flush()
			}
			word = append(word, it)
			wordW += it.w
			prev = it.r
		}
	}
	flush()
	return styleLines(b.String())
}

// nextGlyph returns the first non-space character after its[i], or 0.
func nextGlyph(its []item, i int) rune {
	r, _ := nextGlyphAt(its, i)
	return r
}

// nextGlyphAt returns the first non-space character after its[i] and
// its index, or 0 and len(its).
func nextGlyphAt(its []item, i int) (rune, int) {
	for j := i + 1; j < len(its); j++ {
		if it := its[j]; it.glyph != "" && !it.space() {
			return it.r, j
		}
	}
	return 0, len(its)
}

// styleLines closes the styles and links open at each line break and opens
// them again on the next line (lipgloss's wrap writer), so each line can be
// drawn on its own.
func styleLines(s string) []string {
	if !strings.Contains(s, "\x1b") {
		return strings.Split(s, "\n")
	}
	if unstyledLine(s) {
		// What the wrap writer writes for it: s itself. A styled table
		// cell is one of those, and a wrap writer a kilobyte.
		return []string{s}
	}
	var b strings.Builder
	w := lipgloss.NewWrapWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return strings.Split(b.String(), "\n")
}

// unstyledLine reports whether s is one line of text and SGR sequences
// ("\x1b[" parameters "m") only, the last of which is a reset that ends
// it or is followed by text only: a line with no style or link open at
// its end or anywhere after a break, which lipgloss's wrap writer writes
// as it is (it adds resets only at line breaks and at the end, for what
// is still open).
func unstyledLine(s string) bool {
	// The last sequence a reset, then text (a table's record label is
	// its styled header and ":").
	last := s[max(0, strings.LastIndexByte(s, 0x1b)):]
	if !strings.HasPrefix(last, "\x1b[m") && !strings.HasPrefix(last, "\x1b[0m") {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', 0x9b, 0x9d:
			// A line break, or a byte the parser may take for a C1
			// CSI or OSC.
			return false
		case 0x1b:
			j := i + 1
			if j == len(s) || s[j] != '[' {
				return false
			}
			for j++; j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':'); j++ {
			}
			if j == len(s) || s[j] != 'm' {
				return false
			}
			i = j
		}
	}
	return true
}

// LongestWord is the width of the widest piece of s that Lines never
// breaks (unless it is wider than the line): the narrowest a column of s
// can be without splitting a word. It reads s once, without keeping its
// graphemes: a table's every cell is measured, and a space looked ahead
// from is not looked ahead from again for each space after it (a cell of
// "a", a hundred thousand spaces and "b" took a second at 64 KB).
func LongestWord(s string, a Ambiguous) int {
	longest, w := 0, 0
	var prev rune
	// next is the first glyph that is not a space at or after where it
	// was looked for (0: none), which starts at nextAt: for any space
	// before nextAt, it is the next such glyph too.
	next, nextAt := rune(0), -1
	state := byte(xansi.NormalState)
	for i := 0; i < len(s); {
		at := i
		seq, sw, n, st := xansi.DecodeSequence(s[i:], state, nil)
		i, state = i+n, st
		if seq == "\n" {
			w, prev = 0, 0
			continue
		}
		if !isGlyph(seq, sw) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(seq)
		if isSpace(r) {
			if at >= nextAt {
				next, nextAt = nextGlyphIn(s, i, state)
			}
			if next == 0 || CanBreakAtSpace(prev, next) {
				w = 0
				continue
			}
		} else {
			if prev != 0 && CanBreak(prev, r) {
				w = 0
			}
			prev = r
		}
		w += graphemeWidth(seq, sw, a)
		longest = max(longest, w)
	}
	return longest
}

// nextGlyphIn returns the first glyph of s from i on (decoded from parser
// state state) that is not a space, a line break included, and where it
// starts; 0 and len(s) if there is none.
func nextGlyphIn(s string, i int, state byte) (rune, int) {
	for i < len(s) {
		at := i
		seq, w, n, st := xansi.DecodeSequence(s[i:], state, nil)
		i, state = i+n, st
		if !isGlyph(seq, w) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(seq); !isSpace(r) {
			return r, at
		}
	}
	return 0, len(s)
}
