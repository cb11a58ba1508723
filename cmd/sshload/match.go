package main

import "bytes"

// maxExpect bounds the length of the text a matcher looks for; the matcher
// only keeps a short tail of the visible output.
const maxExpect = 128

// tailKeep is how much compacted visible text a matcher keeps, for matching
// and for error messages.
const tailKeep = 256

// States of the matcher's ANSI parser.
const (
	stGround    = iota // plain text
	stEsc              // after ESC
	stEscInter         // ESC followed by intermediate bytes, e.g. ESC ( B
	stCSI              // ESC [ ... final
	stString           // OSC, DCS, SOS, PM, APC body, ended by BEL or ST
	stStringEsc        // ESC seen inside a string: ST if followed by '\'
)

// matcher is an io.Writer that strips ANSI escape sequences from a terminal
// byte stream and reports whether the visible text contains a wanted string.
//
// Terminal UIs draw text interleaved with cursor movement: a renderer may
// skip over blank cells with a cursor-forward sequence instead of writing
// spaces, and redraws may split words. The matcher therefore compares with
// all whitespace and control characters removed from both the stream and the
// wanted text, so "hello world" matches "hello\x1b[1Cworld". Escape sequences
// may be split across Write calls. Bytes >= 0x80 are treated as UTF-8 text,
// not as C1 controls.
//
// An empty wanted string matches as soon as any visible byte arrives.
type matcher struct {
	want  []byte
	state int
	tail  []byte
	found bool
}

// newMatcher returns a matcher looking for want, compared without whitespace.
func newMatcher(want string) *matcher {
	return &matcher{want: compact([]byte(want))}
}

// compact removes ASCII whitespace and control characters.
func compact(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c > ' ' && c != 0x7f {
			out = append(out, c)
		}
	}
	return out
}

// Found reports whether the wanted text has been seen.
func (m *matcher) Found() bool { return m.found }

// Tail returns the last visible (compacted) text seen, for diagnostics.
func (m *matcher) Tail() string { return string(m.tail) }

// Write feeds terminal output to the matcher. It never fails.
func (m *matcher) Write(p []byte) (int, error) {
	for _, c := range p {
		m.step(c)
	}
	return len(p), nil
}

func (m *matcher) step(c byte) {
	switch m.state {
	case stGround:
		switch {
		case c == 0x1b:
			m.state = stEsc
		case c <= ' ' || c == 0x7f:
			// Control characters and spaces are not compared.
		default:
			m.visible(c)
		}
	case stEsc:
		switch {
		case c == '[':
			m.state = stCSI
		case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
			m.state = stString
		case c >= 0x20 && c <= 0x2f:
			m.state = stEscInter
		case c == 0x1b:
			// ESC ESC: the second one starts a new sequence.
		default:
			// Final byte of a two-byte sequence (ESC 7, ESC =, ESC M, ...),
			// or a control that cancels the sequence.
			m.state = stGround
		}
	case stEscInter:
		switch {
		case c >= 0x20 && c <= 0x2f:
		case c == 0x1b:
			m.state = stEsc
		default:
			m.state = stGround
		}
	case stCSI:
		switch {
		case c >= 0x40 && c <= 0x7e:
			m.state = stGround
		case c == 0x1b:
			m.state = stEsc
		default:
			// Parameter and intermediate bytes, or embedded controls.
		}
	case stString:
		switch c {
		case 0x07:
			m.state = stGround
		case 0x1b:
			m.state = stStringEsc
		}
	case stStringEsc:
		if c == '\\' {
			m.state = stGround
			return
		}
		// Not ST: the ESC aborted the string and starts a new sequence.
		m.state = stEsc
		m.step(c)
	}
}

func (m *matcher) visible(c byte) {
	m.tail = append(m.tail, c)
	if len(m.tail) > 2*tailKeep {
		m.tail = append(m.tail[:0], m.tail[len(m.tail)-tailKeep:]...)
	}
	if !m.found && bytes.HasSuffix(m.tail, m.want) {
		m.found = true
	}
}
