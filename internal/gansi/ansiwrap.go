package gansi

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi/parser"
)

// ansiWrap is ansi.Wrap (x/ansi v0.11.9, wrap.go: Copyright (c) 2023
// Charmbracelet, Inc, MIT licence), copied to measure its grapheme
// clusters with firstClusterString, which skips the segmenter for the
// characters of a Chinese post, and to write its result into a
// strings.Builder sized for it (a bytes.Buffer grown from nothing, then
// copied into the string, was 15 MB of a 2 MB post's render); the rest is
// upstream's code, unchanged but for a shortcut over SGR sequences (see
// ansiWrapTo) and its ASCII breakpoints looked up in a set (see byteSet),
// which TestWrapIsLipglossWrap compares with upstream.
func ansiWrap(s string, limit int, breakpoints string) string {
	if limit < 1 {
		return s
	}
	var buf strings.Builder
	// The text, and a newline for every tenth of it: wrapping adds
	// newlines and drops spaces at the breaks.
	buf.Grow(len(s) + len(s)/10)
	ansiWrapTo(&buf, s, limit, breakpoints)
	return buf.String()
}

// ansiWrapTo writes ansiWrap(s, limit, breakpoints) to buf, for limit >=
// 1 (wrapLines wraps lines one by one into one builder).
func ansiWrapTo(buf *strings.Builder, s string, limit int, breakpoints string) {
	ansiWrapUntil(buf, s, limit, breakpoints, 0)
}

// ansiWrapFirst returns the first line of ansiWrap(s, limit,
// breakpoints), for limit >= 1, and whether it has more than one: the
// wrap writes its output in order and never takes back what it wrote, so
// its first line is whole once it writes its first newline, where this
// stops. A line kept for its first line (see KeepFirst) was wrapped
// whole, 16 KB of it, for that line. A first line past a few lines'
// bytes (a line the wrap breaks late or nowhere) is taken from the whole
// wrap, made once to its size. TestAnsiWrapFirst compares the two.
func ansiWrapFirst(s string, limit int, breakpoints string) (string, bool) {
	var buf strings.Builder
	room := min(len(s)+len(s)/10, 4*limit+64)
	buf.Grow(room)
	if !ansiWrapUntil(&buf, s, limit, breakpoints, room) {
		buf = strings.Builder{}
		buf.Grow(len(s) + len(s)/10)
		ansiWrapTo(&buf, s, limit, breakpoints)
	}
	line, _, more := strings.Cut(buf.String(), "\n")
	return line, more
}

// ansiWrapUntil is ansiWrapTo, which, when first is more than 0, stops
// after its first newline, or says false as soon as buf holds more than
// first bytes without one (then buf's first line is not known).
func ansiWrapUntil(buf *strings.Builder, s string, limit int, breakpoints string, first int) bool {
	ok, _ := ansiWrapPairs(buf, s, limit, breakpoints, first)
	return ok
}

// ansiWrapPairs is ansiWrapUntil, which also says how many breakpoint
// pairs (see breakPairs) it wrote in runs rather than a byte at a time
// (TestAnsiWrapPairsAreUpstreams counts them). A pair met with the word
// empty is written, whatever the width, as the loop below would write
// it: its breakpoint after the spaces before it (addSpace), on the line
// when it fits or through the word when not, then the word written by
// the space, which is kept as the spaces before the next pair. No pair
// starts a new line: only a word byte does (its default case). 16 KB of
// "- - - ..." past the nesting cap, which the wrap never breaks, went
// through the parser's table and two buffers a byte at a time.
func ansiWrapPairs(buf *strings.Builder, s string, limit int, breakpoints string, first int) (bool, int) {
	pairs := 0
	// done says first is set and a newline was written.
	done := false
	var (
		cluster    string
		word       bytes.Buffer
		space      bytes.Buffer
		spaceWidth int                  // width of the space buffer
		curWidth   int                  // written width of the line
		wordLen    int                  // word buffer len without ANSI escape codes
		pstate     = parser.GroundState // initial state
		// bp is the ASCII breakpoints, asked of most bytes.
		bp = newByteSet(breakpoints)
	)

	addSpace := func() {
		if spaceWidth == 0 && space.Len() == 0 {
			return
		}
		curWidth += spaceWidth
		buf.Write(space.Bytes())
		space.Reset()
		spaceWidth = 0
	}

	addWord := func() {
		if word.Len() == 0 {
			return
		}

		addSpace()
		curWidth += wordLen
		buf.Write(word.Bytes())
		word.Reset()
		wordLen = 0
	}

	addNewline := func() {
		done = first > 0
		buf.WriteByte('\n')
		curWidth = 0
		space.Reset()
		spaceWidth = 0
	}

	i := 0
	for i < len(s) && !done {
		if first > 0 && buf.Len() > first {
			return false, pairs
		}
		if pstate == parser.GroundState && wordByte(s[i], bp) {
			// A run of word bytes (printable ASCII but spaces and
			// breakpoints), each as the default case below takes
			// it, with its widths, the run written to the word in
			// one piece rather than a rune at a time: before the
			// word is written out, and at the run's end. Most bytes
			// of a paragraph are these.
			j := i
			for ; j < len(s) && wordByte(s[j], bp); j++ {
				if curWidth == limit {
					addNewline()
				}
				wordLen++
				if wordLen == limit {
					// Hardwrap the word if it's too long
					word.WriteString(s[i : j+1])
					i = j + 1
					addWord()
				}
				if curWidth+wordLen+spaceWidth > limit {
					addNewline()
				}
			}
			word.WriteString(s[i:j])
			i = j
			continue
		}
		if pstate == parser.GroundState && word.Len() == 0 {
			if k := breakPairs(s, i, bp); k > 0 {
				if first > 0 {
					// No further than the first byte past
					// first, where the loop stops: buf was
					// made for first, and a run of 16 KB grew
					// it to its length.
					k = min(k, max(1, (first-buf.Len()-space.Len())/2+2))
				}
				// addSpace, then each pair's breakpoint and the
				// space before the next (see ansiWrapPairs).
				curWidth += spaceWidth + 2*k - 1
				buf.Write(space.Bytes())
				buf.WriteString(s[i : i+2*k-1])
				space.Reset()
				space.WriteByte(' ')
				spaceWidth = 1
				i += 2 * k
				pairs += k
				if first > 0 && buf.Len() > first {
					return false, pairs
				}
				continue
			}
		}
		if pstate == parser.GroundState && s[i] == 0x1b {
			// An SGR sequence of digits and semicolons met in the
			// ground state goes into the word byte by byte below,
			// through states that neither print nor execute, and
			// ends in the ground state: it is written whole (a
			// paragraph whose every word is its own colour span is
			// mostly these bytes).
			if n := SGRLen(s[i:]); n > 0 {
				word.WriteString(s[i : i+n])
				i += n
				continue
			}
		}
		state, action := parser.Table.Transition(pstate, s[i])
		if state == parser.Utf8State { //nolint:nestif
			n, width := firstClusterString(s[i:])
			cluster = s[i : i+n]
			i += n

			r, _ := decodeRuneInString(cluster)
			switch {
			case r != utf8.RuneError && unicode.IsSpace(r) && r != nbsp: // nbsp is a non-breaking space
				addWord()
				space.WriteRune(r)
				spaceWidth += width
			case strings.ContainsAny(cluster, breakpoints):
				addSpace()
				if curWidth+wordLen+width > limit {
					word.WriteString(cluster)
					wordLen += width
				} else {
					addWord()
					buf.WriteString(cluster)
					curWidth += width
				}
			default:
				if wordLen+width > limit {
					// Hardwrap the word if it's too long
					addWord()
				}

				word.WriteString(cluster)
				wordLen += width

				if curWidth+wordLen+spaceWidth > limit {
					addNewline()
				}

				if wordLen == limit {
					// Hardwrap the word if it's too long
					addWord()
				}
			}

			pstate = parser.GroundState
			continue
		}

		switch action {
		case parser.PrintAction, parser.ExecuteAction:
			switch r := rune(s[i]); {
			case r == '\n':
				if wordLen == 0 {
					if curWidth+spaceWidth > limit {
						curWidth = 0
					} else {
						// preserve whitespaces
						buf.Write(space.Bytes())
					}
					space.Reset()
					spaceWidth = 0
				}

				addWord()
				addNewline()
			case unicode.IsSpace(r):
				addWord()
				space.WriteRune(r)
				spaceWidth++
			case r == '-':
				fallthrough
			case r < utf8.RuneSelf && bp.has(byte(r)) || r >= utf8.RuneSelf && runeContainsAny(r, breakpoints):
				addSpace()
				if curWidth+wordLen >= limit {
					// We can't fit the breakpoint in the current line, treat
					// it as part of the word.
					word.WriteRune(r)
					wordLen++
				} else {
					addWord()
					buf.WriteRune(r)
					curWidth++
				}
			default:
				if curWidth == limit {
					addNewline()
				}

				word.WriteRune(r)
				wordLen++

				if wordLen == limit {
					// Hardwrap the word if it's too long
					addWord()
				}

				if curWidth+wordLen+spaceWidth > limit {
					addNewline()
				}
			}

		default:
			word.WriteByte(s[i])
		}

		// We manage the UTF8 state separately manually above.
		if pstate != parser.Utf8State {
			pstate = state
		}
		i++
	}
	if done {
		return true, pairs
	}

	if wordLen == 0 {
		if curWidth+spaceWidth > limit {
			curWidth = 0
		} else {
			// preserve whitespaces
			buf.Write(space.Bytes())
		}
		space.Reset()
		spaceWidth = 0
	}

	addWord()
	return true, pairs
}

// breakPairs counts the pairs of a breakpoint and a space that s has at
// i, one after the other: a breakpoint is '-' or a printable ASCII byte
// of bp other than a space, which ansiWrapTo and wrapKeepsPen take alike
// (a space among the breakpoints is taken as a space). The count is
// bounded by what is left of s, which the caller goes past.
func breakPairs(s string, i int, bp byteSet) int {
	k := 0
	for ; i+1 < len(s) && s[i+1] == ' '; i += 2 {
		if c := s[i]; c != '-' && (c <= ' ' || c >= 0x7f || !bp.has(c)) {
			break
		}
		k++
	}
	return k
}

// wordByte reports whether ansiWrapTo takes c, met in the ground state,
// as a byte of a word: printable ASCII other than a space, '-' and the
// breakpoints bp (the parser prints it and stays in the ground state).
func wordByte(c byte, bp byteSet) bool {
	return c > ' ' && c < 0x7f && c != '-' && !bp.has(c)
}

func runeContainsAny(r rune, s string) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// wrapKeeps reports whether ansiWrap(line, limit, breakpoints) is line as
// it is, for a line without a newline of printable ASCII, SGR sequences of
// the plain form (see SGRLen) and valid UTF-8 characters: ansiWrapTo's
// steps with its widths only, no buffers, saying false where it would
// start a new line (which drops the spaces before it) or drop the spaces
// at the end. It says false for any other line (a control character, any
// other escape sequence, broken UTF-8), which ansiWrapTo then wraps.
// A line wider than the limit that ansiWrap keeps is common in a nest of
// lists: breakpoints are written past the limit (a run of "- " or "1. "
// in a paragraph), and every level of the nest wrapped it again, the
// same, a byte at a time through buffers. TestWrapKeepsIsAnsiWrap
// compares the two.
func wrapKeeps(line string, limit int, breakpoints string) bool {
	var pen OpenPen
	return wrapKeepsPen(line, limit, breakpoints, newByteSet(breakpoints), &pen)
}

// wrapKeepsPen is wrapKeeps, with bp the ASCII breakpoints as a set (see
// byteSet: a nest of lists asked runeContainsAny of every byte of its
// text at every level), and pen updated for every SGR sequence of line,
// as penIdle reads them, when it keeps the line and limit >= 1
// (wrapLinesIdle then knows whether its result is idle without reading
// it again).
func wrapKeepsPen(line string, limit int, breakpoints string, bp byteSet, pen *OpenPen) bool {
	keeps, _ := wrapKeepsPairs(line, limit, breakpoints, bp, pen)
	return keeps
}

// wrapKeepsPairs is wrapKeepsPen, which also says how many breakpoint
// pairs (see breakPairs) it read in runs, as ansiWrapPairs writes them,
// rather than a byte at a time (TestWrapKeepsPairsAreUpstreams counts
// them): every level of a nest of lists read 16 KB of "- - - ..." past
// the nesting cap so.
func wrapKeepsPairs(line string, limit int, breakpoints string, bp byteSet, pen *OpenPen) (bool, int) {
	if limit < 1 {
		return true, 0 // ansiWrap returns s
	}
	pairs := 0
	p := *pen
	// ansiWrapTo's widths, and whether its word buffer holds bytes (an
	// SGR sequence alone is a word of no width, which addWord writes).
	curWidth, wordLen, spaceWidth := 0, 0, 0
	word := false
	addSpace := func() {
		curWidth += spaceWidth
		spaceWidth = 0
	}
	addWord := func() {
		if !word {
			return
		}
		addSpace()
		curWidth += wordLen
		word, wordLen = false, 0
	}
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == 0x1b:
			n := SGRLen(line[i:])
			if n == 0 {
				return false, pairs
			}
			p.See(line[i : i+n])
			word = true
			i += n
		case c >= utf8.RuneSelf:
			n, width := firstClusterString(line[i:])
			cluster := line[i : i+n]
			r, size := decodeRuneInString(cluster)
			if r == utf8.RuneError && size <= 1 || !utf8.ValidString(cluster) {
				return false, pairs
			}
			i += n
			switch {
			case unicode.IsSpace(r) && r != nbsp:
				if width == 0 || n != size {
					// A space of no width (dropped or not,
					// spaceWidth does not tell), or a cluster
					// of a space and more, of which only the
					// space is written.
					return false, pairs
				}
				addWord()
				spaceWidth += width
			case strings.ContainsAny(cluster, breakpoints):
				addSpace()
				if curWidth+wordLen+width > limit {
					word = true
					wordLen += width
				} else {
					addWord()
					curWidth += width
				}
			default:
				if wordLen+width > limit {
					addWord()
				}
				word = true
				wordLen += width
				if curWidth+wordLen+spaceWidth > limit {
					return false, pairs // a new line
				}
				if wordLen == limit {
					addWord()
				}
			}
		case c < 0x20 || c == 0x7f:
			return false, pairs
		default:
			i++
			switch r := rune(c); {
			case r == ' ':
				addWord()
				spaceWidth++
			case r == '-' || bp.has(c):
				if k := 0; !word {
					if k = breakPairs(line, i-1, bp); k > 0 {
						// addSpace, then each pair's
						// breakpoint and the space before
						// the next: the width they take,
						// whatever it is (see ansiWrapPairs).
						curWidth += spaceWidth + 2*k - 1
						spaceWidth = 1
						i += 2*k - 1
						pairs += k
						continue
					}
				}
				addSpace()
				if curWidth+wordLen >= limit {
					word = true
					wordLen++
				} else {
					addWord()
					curWidth++
				}
			default:
				if curWidth == limit {
					return false, pairs // a new line
				}
				word = true
				wordLen++
				if wordLen == limit {
					addWord()
				}
				if curWidth+wordLen+spaceWidth > limit {
					return false, pairs // a new line
				}
			}
		}
	}
	// The end: spaces that do not fit after the last word are dropped.
	if wordLen > 0 || spaceWidth == 0 || curWidth+spaceWidth <= limit {
		*pen = p
		return true, pairs
	}
	return false, pairs
}

// byteSet is a set of ASCII bytes.
type byteSet [2]uint64

// newByteSet returns the set of the ASCII bytes of s (its other
// characters are left out).
func newByteSet(s string) byteSet {
	var set byteSet
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < utf8.RuneSelf {
			set[c>>6] |= 1 << (c & 63)
		}
	}
	return set
}

// has reports whether c is in the set, for c < utf8.RuneSelf: for an
// ASCII c, runeContainsAny(rune(c), s) of the s the set was made of.
func (set byteSet) has(c byte) bool { return set[c>>6&1]&(1<<(c&63)) != 0 }
