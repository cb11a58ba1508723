package gansi

import (
	"bytes"
	"io"
	"strings"
	"unsafe"

	"github.com/alecthomas/chroma/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// A code block's tokens are written to its IndentWriter as chroma's
// indexed formatter writes them: each token's sequence, its value, and a
// reset after a non-empty sequence. The writer's pen read every one of
// those sequences back (readSGR, the style memo) to know the style to
// reset before each line end and set again after each line's
// indentation, and scanned every value for sequences: most of the render
// of a line of 16 KB of "x+" (16,000 tokens), a tenth of written Go's.
// highlight knows each token's sequence, so the pen is told instead: the
// style a sequence leaves the pen with is read once per sequence (see
// toldStyleOf), and tellTokens writes what the writer would have written
// for those bytes, straight to the writer's output. A value the pen must
// read (a control character other than a line end, bytes that are not
// UTF-8), a sequence that leaves more than a style, and a writer that
// does not indent with cells are written through the writer as before.
// TestToldPenWritesAsTheWriter compares the two on random tokens.

// toldStyle is what a code pen holds after a token's sequence: whether a
// style is set, and the sequence that sets it again (the pen's: see
// penWriter.seq).
type toldStyle struct {
	set bool
	seq string
}

// toldStyleOf is the style a pen holding none is left with by clr, read
// as the pen reads it (see penWriter.sgr and readStyle: sequences of the
// form readSGR reads, a reset leaving no style); ok is false for clr of
// anything else (a link, another sequence, text), which a told pen does
// not follow.
func toldStyleOf(clr string) (s toldStyle, ok bool) {
	var st uv.Style
	var params [maxSGRParams]ansi.Param
	for p := unsafe.Slice(unsafe.StringData(clr), len(clr)); len(p) > 0; {
		n, ps := readSGR(p, params[:0])
		if n == 0 {
			return toldStyle{}, false
		}
		if len(ps) == 0 || len(ps) == 1 && ps[0].Param(0) == 0 && !ps[0].HasMore() {
			st = uv.Style{}
		} else {
			uv.ReadStyle(ps, &st)
		}
		p = p[n:]
	}
	if styleZero(&st) {
		return toldStyle{}, true
	}
	return toldStyle{set: true, seq: st.String()}, true
}

// tellable reports whether iw's state is what a told pen starts from
// and leaves between tokens: no style, no link, its pen's parser in its
// ground state, its indentation made of cells.
func (w *IndentWriter) tellable() bool {
	return w.cells != nil && w.pw != nil && w.pw.p != nil && w.pw.style == nil && w.pw.link.IsZero() &&
		w.pw.p.State() == parser.GroundState
}

// text returns what write(n) writes.
func (c *cells) text(n int) string {
	if n <= 0 || c.cell == "" {
		return ""
	}
	if len(c.run) < n*len(c.cell) {
		c.run = strings.Repeat(c.cell, max(n, 2*len(c.run)/len(c.cell)))
	}
	return c.run[:n*len(c.cell)]
}

// toldPen follows an IndentWriter's state as tokens are told to it: its
// output so far (buffered), whether the current line's indentation is
// written, and the pen's style.
type toldPen struct {
	w io.Writer
	// out is what is written and not flushed: in the free room of w's
	// buffer when w is a block's buffer (see growFor), which flush then
	// takes as it is, else in a buffer of its own.
	out    []byte
	room   *bytes.Buffer
	indent string
	skip   bool
	cur    toldStyle
	// joint is what goes between two lines of a value in style
	// jointOf: the line end, the pen reset and set around it and around
	// the indentation (see text).
	joint   string
	jointOf toldStyle
	jointOK bool
}

// between returns what text writes between two lines of a value: the
// line end and the next line's start, in the current style.
func (t *toldPen) between() string {
	if !t.jointOK || t.jointOf != t.cur {
		var b strings.Builder
		if t.cur.set {
			b.WriteString(ansi.ResetStyle)
		}
		b.WriteByte('\n')
		if t.cur.set {
			b.WriteString(t.cur.seq)
			b.WriteString(ansi.ResetStyle)
		}
		b.WriteString(t.indent)
		if t.cur.set {
			b.WriteString(t.cur.seq)
		}
		t.joint, t.jointOf, t.jointOK = b.String(), t.cur, true
	}
	return t.joint
}

// flush writes out what is buffered.
func (t *toldPen) flush() {
	if len(t.out) > 0 {
		_, _ = t.w.Write(t.out)
		t.out = t.out[:0]
	}
	if t.room != nil {
		t.out = t.room.AvailableBuffer()
	}
}

// lineStart writes the indentation if the line has none yet, as
// IndentWriter.writeIndent: the pen reset around it.
func (t *toldPen) lineStart() {
	if t.skip {
		return
	}
	if t.cur.set {
		t.out = append(t.out, ansi.ResetStyle...)
	}
	t.out = append(t.out, t.indent...)
	t.skip = true
	if t.cur.set {
		t.out = append(t.out, t.cur.seq...)
	}
}

// sequence writes clr, which leaves the pen with s.
func (t *toldPen) sequence(clr string, s toldStyle) {
	if clr == "" {
		return
	}
	t.lineStart()
	t.out = append(t.out, clr...)
	t.cur = s
}

// text writes v, of characters the pen passes through and line ends;
// around each line end the pen resets its style and sets it again, and
// each line after is indented.
func (t *toldPen) text(v string) {
	for len(v) > 0 {
		t.lineStart()
		nl := strings.IndexByte(v, '\n')
		if nl < 0 {
			t.out = append(t.out, v...)
			return
		}
		t.out = append(t.out, v[:nl]...)
		if nl+1 < len(v) {
			// Another line follows at once: the line end and its
			// start, written as lineStart writes it, in one.
			t.out = append(t.out, t.between()...)
			v = v[nl+1:]
			if len(t.out) >= flushAt {
				t.flush()
			}
			continue
		}
		if t.cur.set {
			t.out = append(t.out, ansi.ResetStyle...)
		}
		t.out = append(t.out, '\n')
		if t.cur.set {
			t.out = append(t.out, t.cur.seq...)
		}
		t.skip = false
		v = v[nl+1:]
		if len(t.out) >= flushAt {
			t.flush() // a long value's lines: the buffer stays small
		}
	}
}

// penPlain reports whether v is text a pen passes through without
// reading it: characters of plainRun and line ends.
func penPlain(v string) bool {
	p := unsafe.Slice(unsafe.StringData(v), len(v))
	for i := 0; i < len(p); {
		i += plainRun(p[i:])
		if i < len(p) {
			if p[i] != '\n' {
				return false
			}
			i++
		}
	}
	return true
}

// tellTokens writes the tokens of it to iw as writing each token's
// sequence clr(type), its value and ttyReset after a non-empty sequence
// does, telling iw's pen the style instead where it can (see above).
// told holds the styles of the sequences read so far; buf is a buffer
// to write in, returned for the next block.
func tellTokens(iw *IndentWriter, it chroma.Iterator, clr func(chroma.TokenType) string, told map[string]toldStyle, buf []byte) []byte {
	reset := toldStyle{} // ttyReset leaves no style (TestToldReset)
	tell := iw.tellable()
	t := toldPen{w: iw.w, out: buf[:0], indent: iw.cells.text(iw.Indent), skip: iw.skipIndent}
	if b, ok := iw.w.(*bytes.Buffer); ok {
		t.room, t.out = b, b.AvailableBuffer()
	}
	// The last types' sequences and styles, by type: tokens take turns
	// among a few types, and the maps are asked only when the type is
	// not here.
	var recent [16]struct {
		typ chroma.TokenType
		clr string
		s   toldStyle
		ok  bool
		in  bool
	}
	for tok := it(); tok != chroma.EOF; tok = it() {
		r := &recent[uint(tok.Type)%uint(len(recent))]
		if !r.in || r.typ != tok.Type {
			r.typ, r.clr, r.in = tok.Type, clr(tok.Type), true
			r.s, r.ok = told[r.clr]
			if !r.ok {
				r.s, r.ok = toldStyleOf(r.clr)
				if r.ok {
					told[r.clr] = r.s
				}
			}
		}
		c, s, ok := r.clr, r.s, r.ok
		if tell && ok && penPlain(tok.Value) {
			t.sequence(c, s)
			t.text(tok.Value)
			if c != "" {
				t.sequence(ttyReset, reset)
			}
			if len(t.out) >= flushAt {
				t.flush()
			}
			continue
		}
		// Through the writer, its state as told so far.
		t.flush()
		if tell {
			iw.skipIndent = t.skip
		}
		_, _ = io.WriteString(iw, c)
		_, _ = io.WriteString(iw, tok.Value)
		if c != "" {
			_, _ = io.WriteString(iw, ttyReset)
		}
		tell = iw.tellable()
		t.skip = iw.skipIndent
		t.flush() // nothing to write: the room after what iw wrote
	}
	t.flush()
	if tell {
		iw.skipIndent = t.skip
	}
	if t.room != nil {
		return buf
	}
	return t.out[:0]
}
