package server

import "io"

// ultraviolet's decoder (TerminalReader) scans its whole buffer again from
// the start of an escape sequence each time more input arrives, until the
// sequence ends. A client that opens an OSC, DCS, APC, PM or SOS string
// (or a CSI) and never ends it, sending more bytes every few milliseconds,
// made each read cost the length of all it had sent: 1 MB of one
// unterminated OSC took 11.6 s of CPU and 1 GB of allocations, and the
// cost grows with the square of the size. seqLimit ends every such
// sequence after maxSequence bytes (see step) and drops the rest of it up
// to its terminator. Real terminals' replies (colours, versions, mouse reports)
// are a few dozen bytes. Written by hand because the decoder has no
// option for it; a byte filter is all it takes. (Bracketed pastes are
// bounded by pasteLimit.)

// maxSequence bounds the bytes of one escape sequence passed to the
// decoder.
const maxSequence = 4 << 10

// maxSeparators bounds the parameter separators (; and :) of one CSI or
// DCS passed to the decoder. charmbracelet/x/ansi's DecodeSequence, which
// ultraviolet runs over every input buffer, indexes a fixed array of 32
// parameters without a bound check: "ESC [" followed by 32 separators and
// a digit panicked in the input goroutine, which took the whole server
// down (84 bytes from any client with a terminal). Terminals send at most
// a dozen parameters.
const maxSeparators = 16

// C0 and C1 bytes that start and end sequences, as ultraviolet reads them.
const (
	bel = 0x07
	can = 0x18
	sub = 0x1a
	esc = 0x1b
	st  = 0x9c
)

// seqState is where seqLimit is in the input.
type seqState int

const (
	seqGround     seqState = iota // text and keys
	seqEsc                        // after ESC
	seqString                     // in an OSC, DCS, APC, PM or SOS string
	seqStrEsc                     // after an ESC in a string: it ends there
	seqCSI                        // in a CSI's parameters and intermediates
	seqDropStr                    // dropping the rest of a string cut short
	seqDropStrEsc                 // dropping, after an ESC (ST is ESC \)
	seqDropCSI                    // dropping the rest of a CSI cut short
)

// seqLimit reads r and cuts escape sequences longer than maxSequence.
type seqLimit struct {
	r     io.Reader
	state seqState
	n     int  // bytes of the current sequence passed on
	cont  int  // UTF-8 continuation bytes still expected (not C1 introducers)
	seps  int  // parameter separators of the current CSI or DCS
	dcs   bool // in a DCS's parameters
	in    []byte
	out   []byte // what passed and was not yet read
}

func newSeqLimit(r io.Reader) *seqLimit { return &seqLimit{r: r} }

func (l *seqLimit) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if cap(l.in) < len(p) {
			l.in = make([]byte, len(p))
		}
		n, err := l.r.Read(l.in[:len(p)])
		l.out = l.filter(l.out[:0], l.in[:n])
		if err != nil && len(l.out) == 0 {
			return 0, err
		}
		if err != nil {
			break // the error comes again on the next Read
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// filter appends to out what passes of in.
func (l *seqLimit) filter(out, in []byte) []byte {
	for _, c := range in {
		switch l.state {
		case seqDropStr:
			switch c {
			case bel, can, sub, st:
				l.state = seqGround
			case esc:
				l.state = seqDropStrEsc
			}
			continue
		case seqDropStrEsc:
			l.state = seqGround
			if c == '\\' {
				continue
			}
		case seqDropCSI:
			if c >= 0x20 && c <= 0x3f {
				continue
			}
			l.state = seqGround
			if c >= 0x40 && c <= 0x7e {
				continue // the cut sequence's final byte
			}
		}
		out = l.step(out, c)
	}
	return out
}

// step moves past c and appends what to pass: c, or the end of the
// sequence when c makes it too long (the state is then a drop): ST (ESC \)
// for a string, which every string parser of the decoder ends at, and CAN
// for a CSI.
func (l *seqLimit) step(out []byte, c byte) []byte {
	switch l.state {
	case seqEsc:
		l.n++
		l.seps, l.dcs = 0, c == 'P'
		switch c {
		case ']', 'P', '_', '^', 'X':
			l.state = seqString
		case '[':
			l.state = seqCSI
		case esc:
			l.n = 1
		default:
			l.state = seqGround
		}
		return append(out, c)
	case seqString:
		switch c {
		case bel, can, sub, st:
			l.state = seqGround
			return append(out, c)
		case esc:
			l.state = seqStrEsc
			return append(out, c)
		}
		if l.dcs && c >= 0x30 && c <= 0x3f {
			if c == ';' || c == ':' {
				l.seps++
			}
		} else {
			l.dcs = false
		}
		if l.n++; l.n > maxSequence || l.seps >= maxSeparators {
			l.state = seqDropStr
			return append(out, esc, '\\')
		}
		return append(out, c)
	case seqStrEsc:
		// ESC \ is ST; an ESC before anything else cancels the string
		// and the decoder reads what follows afresh.
		l.state = seqGround
		if c == '\\' {
			return append(out, c)
		}
	case seqCSI:
		if c == esc {
			l.state, l.n = seqEsc, 1
			return append(out, c)
		}
		if c < 0x20 || c > 0x3f {
			l.state = seqGround
			return append(out, c)
		}
		if c == ';' || c == ':' {
			l.seps++
		}
		if l.n++; l.n > maxSequence || l.seps >= maxSeparators {
			l.state = seqDropCSI
			return append(out, can)
		}
		return append(out, c)
	}
	// seqGround.
	switch {
	case c == esc:
		l.state, l.n, l.cont = seqEsc, 1, 0
	case c >= 0x80 && c <= 0xbf && l.cont > 0:
		l.cont-- // inside a character, not a C1 control
	case c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f:
		l.state, l.n, l.cont, l.seps, l.dcs = seqString, 1, 0, 0, c == 0x90
	case c == 0x9b:
		l.state, l.n, l.cont, l.seps = seqCSI, 1, 0, 0
	case c >= 0xc0 && c <= 0xdf:
		l.cont = 1
	case c >= 0xe0 && c <= 0xef:
		l.cont = 2
	case c >= 0xf0 && c <= 0xf7:
		l.cont = 3
	default:
		l.cont = 0
	}
	return append(out, c)
}
