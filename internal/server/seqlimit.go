package server

import (
	"io"
	"unicode/utf8"
)

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

// csiEnd ends a CSI cut short or broken by a byte a CSI cannot hold. CAN
// would be the standard's way, but the decoder takes "ESC [ 1 ; 2 CAN"
// for unfinished and waits; "z" is a final byte no terminal sends with
// parameters to an application, which the decoder reports as an unknown
// sequence and the reader ignores.
const csiEnd = 'z'

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

// seqLimit cuts escape sequences longer than maxSequence (its filter
// runs under a filterReader).
type seqLimit struct {
	state seqState
	n     int // bytes of the current sequence passed on
	cont  int // UTF-8 continuation bytes still expected (not C1 introducers)
	pend  [4]byte
	np    int  // bytes of the character being read, held in pend
	seps  int  // parameter separators of the current CSI or DCS
	dcs   bool // in a DCS's parameters
}

func newSeqLimit(r io.Reader) io.Reader {
	var l seqLimit
	return &filterReader{r: r, filter: l.filter}
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
		if c >= 0x40 && c <= 0x7e { // the final byte
			l.state = seqGround
			return append(out, c)
		}
		if c < 0x20 || c > 0x3f {
			// A byte no CSI holds: the decoder would take the sequence
			// for unfinished and wait (see csiEnd). End it, then read c
			// afresh.
			l.state = seqGround
			return l.step(append(out, csiEnd), c)
		}
		if c == ';' || c == ':' {
			l.seps++
		}
		if l.n++; l.n > maxSequence || l.seps >= maxSeparators {
			l.state = seqDropCSI
			return append(out, csiEnd)
		}
		return append(out, c)
	}
	// seqGround. A character's bytes are held until it is whole and
	// passed only if it is valid UTF-8: the decoder waits on a character
	// cut short or a byte no character starts with, reading its whole
	// buffer again on every read until the client pauses (256 KB of text
	// after one such byte cost 1.1 s of CPU and 80 MB).
	if l.cont > 0 {
		if c >= 0x80 && c <= 0xbf {
			l.pend[l.np] = c
			l.np++
			if l.cont--; l.cont == 0 {
				if utf8.Valid(l.pend[:l.np]) {
					out = append(out, l.pend[:l.np]...)
				}
				l.np = 0
			}
			return out
		}
		l.cont, l.np = 0, 0 // a character cut short: dropped
	}
	switch {
	case c == esc:
		l.state, l.n = seqEsc, 1
	case c == 0x90 || c == 0x98 || c == 0x9d || c == 0x9e || c == 0x9f:
		l.state, l.n, l.seps, l.dcs = seqString, 1, 0, c == 0x90
	case c == 0x9b:
		l.state, l.n, l.seps = seqCSI, 1, 0
	case c >= 0xc2 && c <= 0xf4:
		l.pend[0], l.np = c, 1
		switch {
		case c <= 0xdf:
			l.cont = 1
		case c <= 0xef:
			l.cont = 2
		default:
			l.cont = 3
		}
		return out
	case c == 0xc0 || c == 0xc1 || c >= 0xf5:
		return out // no character starts with it
	}
	return append(out, c)
}
