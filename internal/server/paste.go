package server

import (
	"io"
)

// ultraviolet's decoder (TerminalReader) keeps everything between a
// bracketed paste's start (ESC [200~) and its end (ESC [201~) in one
// growing buffer, with no bound: a client that sends the start and then
// never the end made the server hold all it sent, 66 MB of heap for a
// 60 MB "paste", for as long as the session lasts. The only use of a paste
// here is a search query of 256 bytes, so pasteLimit cuts each paste to
// maxPaste bytes before the decoder sees it, keeping its end marker so
// that the paste still ends. Written by hand because the decoder has no
// option for it; a byte filter is all it takes.

// maxPaste bounds the bytes of one bracketed paste passed to the decoder.
const maxPaste = 16 << 10

var (
	pasteStart = []byte("\x1b[200~")
	pasteEnd   = []byte("\x1b[201~")
)

// pasteLimit drops the bytes of a bracketed paste beyond maxPaste, up to
// the paste's end marker (its filter runs under a filterReader).
type pasteLimit struct {
	inPaste bool
	n       int // bytes of the current paste passed on
	match   int // bytes of the marker being looked for matched so far
}

func newPasteLimit(r io.Reader) io.Reader {
	var l pasteLimit
	return &filterReader{r: r, filter: l.filter}
}

// filter appends to out what passes of in.
func (l *pasteLimit) filter(out, in []byte) []byte {
	for _, c := range in {
		marker := pasteStart
		if l.inPaste {
			marker = pasteEnd
		}
		switch {
		case c == marker[l.match]:
			l.match++
		case c == marker[0]:
			l.match = 1
		default:
			l.match = 0
		}
		done := l.match == len(marker)
		if done {
			l.match = 0
		}
		switch {
		case !l.inPaste:
			out = append(out, c)
			if done {
				l.inPaste, l.n = true, 0
			}
		case l.n < maxPaste:
			out = append(out, c)
			l.n++
			if done {
				l.inPaste = false
			}
		case done:
			// The paste is over its bound: its end marker, whose first
			// bytes were cut with the rest, is handed over whole.
			l.inPaste = false
			out = append(out, pasteEnd...)
		}
	}
	return out
}
