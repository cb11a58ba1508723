package gansi

import (
	"bytes"
	"unicode/utf8"
	"unsafe"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// fold writes one line (up to and with its newline, or the end of a
// write) as the margin writer's chain writes it, in one pass: the chain
// is an IndentWriter over a PaddingWriter, each with its own pen
// (penWriter) that scans every byte, and the padding writer copies each
// line aside to measure it. Every block is written through that chain at
// every nesting level, so it was the largest part of a render. Here the
// line's text is scanned once, to check that it is of the plain form
// glamour writes (printable text, valid UTF-8, plain SGR and OSC 8
// sequences: see plainWidth) and to measure it; its sequences are then
// applied to both pens, and it is written once. The indentation and the
// sequences around the newline are written by the chain's own code, with
// the chain's state (both pens, the line kept for measuring), so a line
// that cannot be folded (another sequence, a control character, broken
// UTF-8, a parser inside a sequence) goes through the chain unchanged and
// the two can follow each other in any order. It returns false, having
// written nothing but the line's indentation, for such a line.
func (w *MarginWriter) fold(line []byte) bool {
	iw, pw := w.iw, w.pw
	p1, p2 := iw.pw, pw.w
	if iw.cells == nil || pw.cells == nil || p1.p == nil || p2.p == nil ||
		p1.p.State() != parser.GroundState || p2.p.State() != parser.GroundState {
		return false
	}
	text := line
	newline := len(line) > 0 && line[len(line)-1] == '\n'
	if newline {
		text = line[:len(line)-1]
	}
	if !iw.skipIndent {
		// IndentWriter.writeIndent: the same bytes, the pen's
		// sequence kept rather than made again for each line.
		if p1.style != nil {
			_, _ = pw.Write(resetStyle)
		}
		if !p1.link.IsZero() {
			_, _ = pw.Write(resetLink)
		}
		iw.cells.write(iw.Indent)
		if p1.style != nil {
			_, _ = pw.Write(p1.seq())
		}
		if !p1.link.IsZero() {
			_, _ = pw.Write([]byte(ansi.SetHyperlink(p1.link.URL, p1.link.Params)))
		}
		iw.skipIndent = true
	}
	// A line that turns out not to be of plain form goes through the
	// chain from here, its indentation written: the pens are set back.
	pens := [2]penState{p1.state(), p2.state()}
	width, ok := plainWidth(text, p1, p2)
	if !ok {
		p1.restore(pens[0])
		p2.restore(pens[1])
		return false
	}
	// The padding writer measures everything written to it since the
	// last newline; when that is only sequences (the pen set again after
	// the newline and around the indentation), it measures nothing and
	// the text's width is the line's. A line the writer leaves
	// unpadded (see MarginWriter.trim) is not measured.
	skip := w.trim && !w.chained
	seqsOnly := skip || pw.cache.Len() == 0 || seqOnly(pw.cache.Bytes())
	if len(text) > 0 {
		_, _ = p2.w.Write(text)
	}
	if !newline || !seqsOnly {
		pw.cache.Write(text)
	}
	if !newline {
		return true
	}
	// The IndentWriter's pen's newline (penWriter.newline), written to
	// the padding writer, which pads before the newline and passes it
	// to its own pen.
	p1.p.Advance('\n')
	if p1.style != nil {
		_, _ = pw.Write(resetStyle)
	}
	if !p1.link.IsZero() {
		_, _ = pw.Write(resetLink)
	}
	if !seqsOnly {
		width = stringWidth(pw.cache.Bytes())
	}
	if !skip && pw.Padding > 0 && width < pw.Padding {
		pw.cells.write(pw.Padding - width)
	}
	pw.cache.Reset()
	w.chained = false
	_, _ = p2.Write(newlineByte)
	if !p1.link.IsZero() {
		_, _ = pw.Write([]byte(ansi.SetHyperlink(p1.link.URL, p1.link.Params)))
	}
	if p1.style != nil {
		_, _ = pw.Write(p1.seq())
	}
	iw.skipIndent = false
	return true
}

var (
	resetStyle = []byte(ansi.ResetStyle)
	resetLink  = []byte(ansi.ResetHyperlink())
)

// penState is what a pen keeps of the text written to it.
type penState struct {
	style      *uv.Style
	link       uv.Link
	styleSeq   string
	styleDirty bool
}

func (w *penWriter) state() penState {
	return penState{w.style, w.link, w.styleSeq, w.styleDirty}
}

func (w *penWriter) restore(s penState) {
	w.style, w.link, w.styleSeq, w.styleDirty = s.style, s.link, s.styleSeq, s.styleDirty
}

// seq is the sequence that sets the pen's style, style.String().
func (w *penWriter) seq() []byte {
	if w.styleDirty {
		w.styleSeq, w.styleDirty = w.memo.seq(w.style), false
	}
	return unsafe.Slice(unsafe.StringData(w.styleSeq), len(w.styleSeq))
}

// readLink applies an OSC 8 sequence of the form osc8Len reads to both
// pens, as their parsers would.
func readLink(seq []byte, p1, p2 *penWriter) {
	before := p1.link
	readLinkData(oscData(seq), &p1.link)
	if p2.link == before {
		// The same data read over the same link gives the same link.
		p2.link = p1.link
	} else {
		readLinkData(oscData(seq), &p2.link)
	}
}

// readLinkData is uv.ReadLink(data, link) (ultraviolet styled.go: the
// data split at its first two semicolons into command, parameters and
// URL; data with fewer semicolons leaves link as it is), without
// splitting data into a slice of parts and with a part equal to what link
// holds kept rather than copied again: the pens read a link's sequence
// at each of its ends, 70,000 times in a 2 MB post's render.
// TestReadLinkDataIsReadLink compares the two.
func readLinkData(data []byte, link *uv.Link) {
	i := bytes.IndexByte(data, ';')
	if i < 0 {
		return
	}
	rest := data[i+1:]
	j := bytes.IndexByte(rest, ';')
	if j < 0 {
		return
	}
	if params := rest[:j]; string(params) != link.Params {
		link.Params = string(params)
	}
	if url := rest[j+1:]; string(url) != link.URL {
		link.URL = string(url)
	}
}

// oscParserData is the size of the data buffer of x/ansi's pooled
// parsers (ansi.GetParser, x/ansi v0.11.9 parser_sync.go), which the
// pens use: the parser hands its OSC handler at most that much.
const oscParserData = 4 * 1024

// oscData is what the pens' parser hands its OSC handler for seq, a
// whole OSC 8 sequence of the form osc8Len reads: the bytes between
// ESC ] and the terminator (BEL or ESC \), cut to the parser's buffer.
// The parser itself is left in its ground state, where it would be after
// the sequence: what else it keeps of it (command, data) is cleared when
// the next sequence starts.
func oscData(seq []byte) []byte {
	end := len(seq) - 1 // BEL
	if seq[end] == '\\' {
		end-- // ESC \
	}
	data := seq[2:end]
	if len(data) > oscParserData {
		data = data[:oscParserData]
	}
	return data
}

// plainWidth reports whether b is of the plain form fold writes itself,
// applying its sequences to the pens p1 and p2 as it reads them (the
// caller sets them back when it says no):
// valid UTF-8 of printable characters (no C0 control, no DEL: each
// character checked as it is measured), and
// escape sequences only of the forms penWriter.sgr reads and of OSC 8
// links in printable ASCII (osc8Len). For such text it also returns its
// width as stringWidth measures it: b's text between sequences measured
// run by run (a sequence starts with ESC, a control, at which a grapheme
// cluster always ends, and leaves the parser in its ground state).
func plainWidth(b []byte, p1, p2 *penWriter) (int, bool) {
	width := 0
	// A run of padding cells (see cellRun) is read once: [runAt, runEnd)
	// are its cells after the first, runCells of them.
	runAt, runEnd, runCells := -1, 0, 0
	for i := 0; i < len(b); {
		if i == runAt {
			i, width = runEnd, width+runCells
			continue
		}
		c := b[i]
		switch {
		case c >= 0x20 && c < 0x7f && (i+1 == len(b) || b[i+1] < utf8.RuneSelf):
			width++
			i++
		case c >= utf8.RuneSelf:
			r, size := decodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				return 0, false
			}
			if cw, ok := knownWidth(r); ok && (i+size == len(b) || b[i+size] < utf8.RuneSelf) {
				width += cw
				i += size
				continue
			}
			n, cw := firstCluster(b[i:])
			if n != size && !utf8.Valid(b[i:i+n]) {
				return 0, false
			}
			width += cw
			i += n
		case c >= 0x20 && c != 0x7f:
			// ASCII followed by something else: a cluster that may
			// hold more characters, each checked.
			n, cw := firstCluster(b[i:])
			if n > 1 && !utf8.Valid(b[i:i+n]) {
				return 0, false
			}
			width += cw
			i += n
		case c == 0x1b && i+1 < len(b) && b[i+1] == '[':
			n, params := readSGR(b[i:], p1.params[:0])
			if n == 0 {
				return 0, false
			}
			if runAt < i {
				if u, k := padCells(unsafe.String(&b[i], len(b)-i), n); k > 1 {
					runAt, runEnd, runCells = i+u, i+k*u, k-1
				}
			}
			if p1.style == nil && p2.style == nil {
				// The same parameters read over the same (unset)
				// style give the same style: read once (most
				// sequences open a style after a reset).
				p1.readStyle(params)
				p2.style, p2.styleDirty = p1.style, true
			} else {
				p1.readStyle(params)
				p2.readStyle(params)
			}
			i += n
		case c == 0x1b:
			n, _ := osc8Len(unsafe.String(&b[i], len(b)-i))
			if n == 0 {
				return 0, false
			}
			readLink(b[i:i+n], p1, p2)
			i += n
		default:
			return 0, false
		}
	}
	return width, true
}

// padCells returns the length of the padding cell s starts with, its SGR
// sequence (n bytes) then a space and a reset ("\x1b[m"), and how many
// times it is repeated from there; 0, 0 when s starts with no cell. A
// list pads each line to the width with such cells (about 70 of them,
// 1 KB, at 80 columns: lists keep glamour's padding, which hangItems
// reads), and every block around it read each cell's sequences again. A
// cell leaves a pen reset whatever it held before it: the cells after the
// first leave it as the first did (the style read over no style is the
// one the first read, found in the pens' memo), so plainWidth and
// fitsIdle count them without reading them. TestFoldWritesChainBytes and
// TestFitsIdleIsFitsAndPenIdle write runs of cells.
func padCells(s string, n int) (size, count int) {
	const reset = "\x1b[m"
	if len(s) < n+1+len(reset) || s[n] != ' ' || s[n+1:n+1+len(reset)] != reset {
		return 0, 0
	}
	size = n + 1 + len(reset)
	count = 1
	for (count+1)*size <= len(s) && s[count*size:(count+1)*size] == s[:size] {
		count++
	}
	return size, count
}

// seqOnly reports whether b is only sequences of the plain forms
// (SGR, OSC 8).
func seqOnly(b []byte) bool {
	s := unsafe.String(&b[0], len(b))
	for i := 0; i < len(s); {
		if s[i] != 0x1b || i+1 == len(s) {
			return false
		}
		var n int
		switch s[i+1] {
		case '[':
			n = SGRLen(s[i:])
		case ']':
			n, _ = osc8Len(s[i:])
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// blockText is the text of a block's buffer without copying it, for
// Finish to lay out (upstream copies it with String: 30 MB of a 2 MB
// post's render). Safe as a block's buffer is its own until its Finish
// returns (then recycled for a later block: see writerPool.recycle), is
// neither written to nor reset while Finish lays the text out and
// writes it to the parent's buffer, and what Finish makes of the text
// (wrap's result) is copied into that buffer, not kept: the string must
// not outlive the Finish that reads it.
func blockText(b *bytes.Buffer) string {
	return unsafe.String(unsafe.SliceData(b.Bytes()), b.Len())
}
