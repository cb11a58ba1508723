package gansi

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/charmbracelet/x/ansi/parser"
)

// wrap is lipgloss.Wrap (lipgloss v2.1.0, wrap.go): ansi.Wrap, then a
// pass that resets the pen before each newline and sets it again after.
// The pass is a penWriter, and ansi.Wrap is skipped when s fits (see
// fits), where it would return s unchanged: the document's block is
// wrapped again as a whole after its paragraphs were wrapped to the same
// width, so most of its lines fit. When the pen is also unset at each of
// its newlines (see penIdle), as in the document's block, whose lines
// were written by margin writers that reset it at each line's end, s is
// the result.
func wrap(s string, limit int, breakpoints string) string {
	return wrapWith(nil, s, limit, breakpoints)
}

// Wrap is lipgloss.Wrap(s, limit, breakpoints), by wrap: render wraps
// list items with it (TestWrapIsLipglossWrap compares the two, with the
// breakpoints render uses).
func Wrap(s string, limit int, breakpoints string) string {
	return wrap(s, limit, breakpoints)
}

// Wrapper is Wrap with one pen for all its calls, and that pen's memo
// of the sequences it read (see readStyle): render wraps each item of a
// list that does not fit on its line with it, and a pen made for each
// read every sequence of the item into a style of its own (the styles
// of the bold, code and link of every item of a list of sentences: a
// sixth of what its render allocated). The zero Wrapper is ready; it is
// used by one goroutine at a time.
type Wrapper struct{ pen *penWriter }

// Wrap returns Wrap(s, limit, breakpoints).
func (w *Wrapper) Wrap(s string, limit int, breakpoints string) string {
	if w.pen == nil {
		// Its parser and handler are made by wrapIdle's reset.
		w.pen = &penWriter{memo: &styleMemo{}}
	}
	return wrapWith(w.pen, s, limit, breakpoints)
}

// WrapLines appends to dst the lines of w.Wrap(s, limit, breakpoints),
// the first after first and the others after lead, all cut from one
// string made for them: render hangs the lines of an item that wraps
// under its text so, and the wrap's result, a slice of its lines and a
// string for each line and its lead were made in turn (a list item of
// "- - - ..." past the nesting cap wraps into hundreds of lines).
func (w *Wrapper) WrapLines(dst []string, s string, limit int, breakpoints, first, lead string) []string {
	if w.pen == nil {
		w.pen = &penWriter{memo: &styleMemo{}}
	}
	// wrapIdleKeeping's steps: s wrapped, then given the pen's pass
	// unless it is idle.
	pass := true
	if fit, idle := fitsIdle(s, limit); !fit {
		var kept bool
		s, kept, idle = wrapLinesIdle(s, limit, breakpoints, nil, nil)
		pass = !kept || !idle
	} else {
		pass = !idle
	}
	nl := strings.Count(s, "\n")
	var b strings.Builder
	size := len(first) + len(s) + nl*len(lead)
	if pass {
		size += penRoom*nl + 16
	}
	b.Grow(size)
	b.WriteString(first)
	lw := &leadWriter{b: &b, lead: lead}
	if pass {
		w.pen.reset(lw)
		_, _ = io.WriteString(w.pen, s)
		_ = w.pen.Close()
	} else {
		_, _ = lw.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
	}
	for out := b.String(); ; {
		i := strings.IndexByte(out, '\n')
		if i < 0 {
			return append(dst, out)
		}
		dst = append(dst, out[:i])
		out = out[i+1:]
	}
}

// leadWriter writes to b, and lead after every newline.
type leadWriter struct {
	b    *strings.Builder
	lead string
}

// Write writes p, lead after each of its newlines.
func (l *leadWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.b.Write(p)
			break
		}
		l.b.Write(p[:i+1])
		l.b.WriteString(l.lead)
		p = p[i+1:]
	}
	return n, nil
}

// wrapWith is wrap, its pass made with pen (reset for it) when pen is not
// nil: a render wraps every block with one (see writerPool.pen), where a
// pen made for each was a tenth of what a paragraph's layout allocated.
func wrapWith(pen *penWriter, s string, limit int, breakpoints string) string {
	s, _ = wrapIdle(pen, s, limit, breakpoints)
	return s
}

// wrapIdle is wrapWith, and reports whether its result's pen is unset at
// each of its newlines and at its end (penIdle): s itself when it fits
// and is so (see fitsIdle).
func wrapIdle(pen *penWriter, s string, limit int, breakpoints string) (string, bool) {
	return wrapIdleKeeping(pen, s, limit, breakpoints, nil, nil)
}

// wrapIdleKeeping is wrapIdle, which also keeps the lines of the plain
// form penIdle reads that keepLine, when not nil, keeps (see SetKeptItems
// and Keep), counted in *keptLines.
func wrapIdleKeeping(pen *penWriter, s string, limit int, breakpoints string, keepLine func(string) Keep, keptLines *int) (string, bool) {
	if fit, idle := fitsIdle(s, limit); !fit {
		var kept, idle bool
		s, kept, idle = wrapLinesIdle(s, limit, breakpoints, keepLine, keptLines)
		if kept && idle {
			// Every line kept as it was (lines wider than the
			// limit that ansiWrap keeps, see wrapKeeps), and the
			// pen unset at each newline: the pass would write s.
			return s, true
		}
	} else if idle {
		return s, true
	}
	var b strings.Builder
	// The pass writes a reset before a newline and the pen's sequence
	// after it where the pen is set: some 15 bytes ("ESC[m",
	// "ESC[38;5;252m") at each newline of a paragraph wrapped within a
	// text span, or of a document of rules, whose style spans their
	// lines. A guess of an eighth of the text more was short for both:
	// the builder grew by doubling, twice the text allocated again.
	b.Grow(len(s) + penRoom*strings.Count(s, "\n") + 16)
	if pen == nil {
		pen = newPenWriter(&b)
	} else {
		pen.reset(&b)
	}
	_, _ = io.WriteString(pen, s)
	_ = pen.Close()
	// The pass resets the pen before each newline and at the end: the
	// result is idle when its sequences are of the plain forms (a
	// document of rules, whose style spans their lines, is written so
	// without reading them again: see MarginWriter.writeIdle).
	out := b.String()
	return out, penIdle(out)
}

// penRoom is the room wrapIdle's pass is given for each newline: a reset
// and a colour's sequence.
const penRoom = 16

// wrapLines is ansiWrap(s, limit, breakpoints), with the lines that fit
// (see lineFits) copied as they are and the others wrapped one by one: a
// block is wrapped again at every level it is nested in, where most of its
// lines fit, and one line too long made ansiWrap go through all of them
// (a third of the render of a post of nested lists). ansiWrap starts
// again at a newline met in the ground state (its word and spaces
// written, the width reset, the parser where it started), and ends the
// text as it ends a line, so each line is wrapped alone as within the
// text. A line that ends in another state (in an escape sequence), or
// that is not valid UTF-8 (a broken character before the newline is
// measured with it), is wrapped with the rest of the text. TestWrapLinesIsAnsiWrap compares the
// two.
func wrapLines(s string, limit int, breakpoints string) string {
	s, _ = wrapLinesKept(s, limit, breakpoints)
	return s
}

// wrapLinesKept is wrapLines, and reports whether it kept every line as
// it was: then it returns s itself, copied nowhere (a nest of lists whose
// lines ansiWrap keeps was copied whole at each level).
func wrapLinesKept(s string, limit int, breakpoints string) (string, bool) {
	s, kept, _ := wrapLinesIdle(s, limit, breakpoints, nil, nil)
	return s, kept
}

// wrapLinesIdle is wrapLinesKept, and reports, when it kept every line,
// whether s is idle (penIdle(s)), read as the lines were: every level of
// a nest of lists read its whole text twice, once to keep its lines and
// once for its pen. TestWrapLinesIdleIsPenIdle compares the two. A line
// of the plain form penIdle reads that keepLine, when not nil, keeps is
// kept as Keep says, and counted in *kept.
func wrapLinesIdle(s string, limit int, breakpoints string, keepLine func(string) Keep, kept *int) (string, bool, bool) {
	if limit < 1 {
		return s, true, penIdle(s)
	}
	bp := newByteSet(breakpoints)
	// pen is the pen at the end of the lines read so far, while each was
	// kept by wrapKeepsPen (read); idle says it was unset at each newline.
	var pen OpenPen
	read, idle := true, true
	var b strings.Builder
	// s[:start] is kept as it is and not yet written to b (while b is
	// empty, every line so far was kept).
	// less is the bytes of s the text written will not have (a kept
	// rest cut, see keptRest).
	growLess := func(start, less int) {
		if b.Cap() == 0 {
			n := len(s) - less
			b.Grow(n + n/10)
			b.WriteString(s[:start])
		}
	}
	grow := func(start int) { growLess(start, 0) }
	for start := 0; start < len(s); {
		line := s[start:]
		nl := strings.IndexByte(line, '\n')
		if nl >= 0 {
			line = line[:nl]
		}
		// A line wrapKeeps keeps is of its plain form, so ends in the
		// ground state: it is copied after one pass, not two.
		keep := wrapKeepsPen(line, limit, breakpoints, bp, &pen)
		if !keep && keepLine != nil {
			if p, ok := plainPen(line, pen); ok {
				switch keepLine(line) {
				case KeepWhole:
					keep, pen = true, p
					count(kept)
				case KeepFirst:
					// Its first line as ansiWrap makes it (a
					// prefix of line: it only drops the spaces
					// at its breaks), then the rest unwrapped.
					first, more := ansiWrapFirst(line, limit, breakpoints)
					if n := len(first); more && n > 0 && strings.HasPrefix(line, first) {
						count(kept)
						rest := keptRest(line[n:])
						growLess(start, len(line)-n-len(rest))
						b.WriteString(line[:n])
						b.WriteByte('\n')
						b.WriteString(rest)
						read = false
						start += len(line)
						if nl >= 0 {
							b.WriteByte('\n')
							start++
						}
						continue
					}
				}
			}
		}
		fit, ground := true, true
		if !keep {
			fit, ground = lineFits(line, limit, nl < 0)
			read = false
		} else if nl >= 0 && pen.Open() {
			idle = false
		}
		switch {
		case nl >= 0 && !ground:
			grow(start)
			ansiWrapTo(&b, s[start:], limit, breakpoints)
			return b.String(), false, false
		case keep || fit:
			if b.Cap() > 0 {
				b.WriteString(line)
			}
		default:
			grow(start)
			ansiWrapTo(&b, line, limit, breakpoints)
		}
		start += len(line)
		if nl >= 0 {
			if b.Cap() > 0 {
				b.WriteByte('\n')
			}
			start++
		}
	}
	if b.Cap() == 0 {
		if !read {
			// A line kept by lineFits, not read for its pen.
			return s, true, penIdle(s)
		}
		return s, true, idle && !pen.Open()
	}
	return b.String(), false, false
}

// lineFits reports whether ansiWrap leaves line, a line without its
// newline, as it is (as fits, for one line) and whether ansiWrap's parser
// is in its ground state at its end, the line valid UTF-8 (ground is
// false otherwise). When last is true (the text's last line, whose state
// at its end wrapLines does not read) it stops, saying false for both, as
// soon as the line is wider than limit: a paragraph is one line of
// thousands of words before it is wrapped, and was read whole to learn
// that it does not fit.
func lineFits(line string, limit int, last bool) (fit, ground bool) {
	valid := true
	fit = true
	pstate := parser.GroundState
	w := 0
	for i := 0; i < len(line); {
		b := line[i]
		if pstate == parser.GroundState && b >= 0x20 && b < 0x7f {
			w++
			if last && w > limit {
				return false, false
			}
			i++
			continue
		}
		if pstate == parser.GroundState && b == 0x1b {
			// An SGR sequence of the plain form goes through states
			// that neither print nor execute, back to the ground
			// state, with no width: skipped whole (a styled item's
			// line has one every few words).
			if n := SGRLen(line[i:]); n > 0 {
				i += n
				continue
			}
		}
		state, action := parser.Table.Transition(pstate, b)
		if state == parser.Utf8State {
			n, width := firstClusterString(line[i:])
			r, size := decodeRuneInString(line[i:])
			if r != utf8.RuneError && unicode.IsSpace(r) && r != nbsp && n != utf8.RuneLen(r) {
				fit = false
			}
			if valid && (r == utf8.RuneError && size <= 1 || !utf8.ValidString(line[i:i+n])) {
				valid = false
			}
			w += width
			if last && w > limit {
				return false, false
			}
			i += n
			pstate = parser.GroundState
			continue
		}
		if action == parser.PrintAction || action == parser.ExecuteAction {
			fit = false
		}
		if b >= utf8.RuneSelf {
			valid = false // a byte of no character: a continuation byte alone, or in a sequence
		}
		pstate = state
		i++
	}
	return fit && w <= limit, valid && pstate == parser.GroundState
}

// fitsIdle is fits(s, limit) and, when s fits, penIdle(s), in one pass
// over s instead of two (the document's block, the whole post, is checked
// so after its paragraphs were wrapped). When s does not fit, idle is
// false.
func fitsIdle(s string, limit int) (fit, idle bool) {
	if limit < 1 {
		return true, penIdle(s)
	}
	// fits' loop, which also follows the pen as penIdle does while the
	// text is of penIdle's form (idle stays true): a plain SGR or OSC 8
	// sequence in the ground state is skipped whole, as fits' parser
	// would go through it (no width, back to the ground state).
	idle = true
	var pen OpenPen
	pstate := parser.GroundState
	w := 0
	for i := 0; i < len(s); {
		b := s[i]
		if pstate == parser.GroundState && b >= 0x20 && b < 0x7f {
			w++
			if w > limit {
				return false, false
			}
			i++
			continue
		}
		if idle && pstate == parser.GroundState && b == 0x1b && i+1 < len(s) {
			var n int
			switch s[i+1] {
			case '[':
				if n = SGRLen(s[i:]); n > 0 {
					pen.See(s[i : i+n])
					if u, k := padCells(s[i:], n); k > 1 {
						// A run of padding cells: a cell each,
						// the pen reset after them (see padCells).
						if w += k; w > limit {
							return false, false
						}
						pen.Style = false
						i += k * u
						continue
					}
				}
			case ']':
				if n, _ = osc8Len(s[i:]); n > 0 {
					pen.See(s[i : i+n])
				}
			}
			if n > 0 {
				i += n
				continue
			}
			idle = false
		}
		if pstate == parser.GroundState && b >= utf8.RuneSelf {
			// A character of known width that is a cluster of its
			// own (see firstCluster): most of a Chinese line, each
			// decoded once rather than three times below.
			r, size := decodeRuneInString(s[i:])
			if kw, ok := knownWidth(r); ok && (i+size == len(s) || s[i+size] < utf8.RuneSelf || knownAt(s[i+size:])) {
				if w += kw; w > limit {
					return false, false
				}
				i += size
				continue
			}
		}
		state, action := parser.Table.Transition(pstate, b)
		if state == parser.Utf8State {
			n, width := firstClusterString(s[i:])
			r, size := decodeRuneInString(s[i:])
			if r != utf8.RuneError && unicode.IsSpace(r) && r != nbsp && n != utf8.RuneLen(r) {
				return false, false
			}
			if idle && (r == utf8.RuneError && size <= 1 || n > size && !utf8.ValidString(s[i:i+n])) {
				idle = false
			}
			w += width
			if w > limit {
				return false, false
			}
			i += n
			pstate = parser.GroundState
			continue
		}
		if action == parser.PrintAction || action == parser.ExecuteAction {
			if b != '\n' {
				return false, false
			}
			if pen.Open() {
				idle = false
			}
			w = 0
		} else {
			// A byte penIdle does not take: DEL, an escape sequence it
			// does not read (those it reads were skipped above) or a
			// byte inside one.
			idle = false
		}
		pstate = state
		i++
	}
	return true, idle && !pen.Open()
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
			r, _ := decodeRuneInString(s[i:])
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

// penIdle reports whether a penWriter would pass s through unchanged:
// whether its pen is unset at each newline of s and at its end, so that it
// writes nothing around them. It reads only what glamour writes: SGR
// sequences of the plain form (ESC [ digits and semicolons m, of which
// ESC[m and ESC[0m unset the style and any other counts as setting it)
// and OSC 8 links in printable ASCII ended by BEL or ST (an empty one
// unsets the link). Anything else, another escape sequence, a control
// character or text that is not valid UTF-8, makes it say false.
func penIdle(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	var pen OpenPen
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c != 0x7f:
			i++
		case c == '\n':
			if pen.Open() {
				return false
			}
			i++
		case c != 0x1b || i+1 == len(s):
			return false
		case s[i+1] == '[':
			n := SGRLen(s[i:])
			if n == 0 {
				return false
			}
			pen.See(s[i : i+n])
			i += n
		case s[i+1] == ']':
			n, _ := osc8Len(s[i:])
			if n == 0 {
				return false
			}
			pen.See(s[i : i+n])
			i += n
		default:
			return false
		}
	}
	return !pen.Open()
}

// count adds one to *n, when n is not nil.
func count(n *int) {
	if n != nil {
		*n++
	}
}

// plainPen returns the pen after line, a line without its newline read
// from pen, when line is of the plain form penIdle reads (valid UTF-8,
// no control character, SGR sequences of SGRLen's form and OSC 8 links);
// else false.
func plainPen(line string, pen OpenPen) (OpenPen, bool) {
	if !utf8.ValidString(line) {
		return pen, false
	}
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c >= 0x20 && c != 0x7f:
			i++
		case c != 0x1b || i+1 == len(line):
			return pen, false
		case line[i+1] == '[':
			n := SGRLen(line[i:])
			if n == 0 {
				return pen, false
			}
			pen.See(line[i : i+n])
			i += n
		case line[i+1] == ']':
			n, _ := osc8Len(line[i:])
			if n == 0 {
				return pen, false
			}
			pen.See(line[i : i+n])
			i += n
		default:
			return pen, false
		}
	}
	return pen, true
}

// SGRLen is the length of the SGR sequence of digits and semicolons s
// starts with ("ESC[1;38;5;252m"), or 0.
func SGRLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9' || c == ';':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// sgrLenBytes is SGRLen of a byte slice.
func sgrLenBytes(b []byte) int {
	return SGRLen(unsafe.String(unsafe.SliceData(b), len(b)))
}

// osc8Len is the length of the OSC 8 sequence s starts with (ESC ] 8 ;
// params ; URL, then BEL or ESC \, all printable ASCII), or 0, and
// whether it sets a link: whether its params or URL are not empty.
func osc8Len(s string) (int, bool) {
	if !strings.HasPrefix(s, "\x1b]8;") {
		return 0, false
	}
	semis := 0
	for i := 4; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x07:
			return osc8End(semis, i, i+1)
		case c == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return osc8End(semis, i, i+2)
			}
			return 0, false
		case c == ';':
			semis++
		case c < 0x20 || c >= 0x7f:
			return 0, false
		}
	}
	return 0, false
}

// osc8End is osc8Len's answer for a sequence whose data (from its 8)
// ends at end, with semis semicolons after the first, ending at next.
func osc8End(semis, end, next int) (int, bool) {
	if semis < 1 {
		return 0, false // not "8;params;URL": the parser's link is left as it was
	}
	// The data is "8;" params ";" URL: empty params and URL are 2 bytes
	// after "8;", the 4 bytes of ESC ] 8 ; included.
	return next, end > 5
}
