package gansi

import (
	"io"
	"slices"
	"unicode/utf8"
	"unsafe"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// penWriter is lipgloss.WrapWriter (lipgloss v2.1.0, wrap.go), which every
// writer of this package wraps its output in: it passes bytes through and
// keeps track of the pen (SGR style and OSC 8 link), and around each
// newline it resets the pen and sets it again. Upstream feeds every byte
// to an ANSI parser; this one feeds the parser only what can change its
// state (see plainRun) and skips the text between, which is most bytes.
// Its output is upstream's, byte for byte.
type penWriter struct {
	w io.Writer
	p *ansi.Parser
	// style is the pen's style, nil when unset (see readStyle).
	style *uv.Style
	link  uv.Link
	// styleSeq is style.String(), made again only after style changed.
	styleSeq   string
	styleDirty bool
	params     [maxSGRParams]ansi.Param
	// handler is the parser's handler, made once (see reset).
	handler ansi.Handler
	// memo holds the last sequences read (see readStyle): the render's,
	// shared by the pens of its writer pool, or the pen's own, made when
	// it first reads a sequence.
	memo *styleMemo
}

// newPenWriter returns a penWriter writing to w.
func newPenWriter(w io.Writer) *penWriter {
	pw := &penWriter{}
	pw.reset(w)
	return pw
}

// reset makes pw a new pen writing to w, with a parser of its own again
// after Close: a margin writer's pens are kept for the next block (see
// writerPool), their handler made once.
func (w *penWriter) reset(out io.Writer) {
	w.w = out
	w.style, w.link, w.styleSeq, w.styleDirty = nil, uv.Link{}, "", false
	if w.handler.HandleCsi == nil {
		w.handler = ansi.Handler{
			HandleCsi: func(cmd ansi.Cmd, params ansi.Params) {
				if cmd == 'm' {
					w.readStyle(params)
				}
			},
			HandleOsc: func(cmd int, data []byte) {
				if cmd == 8 {
					readLinkData(data, &w.link)
				}
			},
		}
	}
	if w.p == nil {
		w.p = ansi.GetParser()
	} else {
		w.p.Reset()
	}
	w.p.SetHandler(w.handler)
}

// Style returns the current pen style.
func (w *penWriter) Style() uv.Style {
	if w.style == nil {
		return uv.Style{}
	}
	return *w.style
}

// Link returns the current pen link.
func (w *penWriter) Link() uv.Link { return w.link }

// Write writes p, setting the pen again after each newline.
func (w *penWriter) Write(p []byte) (int, error) {
	if w.p == nil {
		// Closed: as upstream, a write after close is dropped.
		return len(p), nil
	}
	start := 0
	for i := 0; i < len(p); i++ {
		if w.p.State() == parser.GroundState {
			i += plainRun(p[i:])
			if i == len(p) {
				break
			}
			if n := w.sgr(p[i:]); n > 0 {
				i += n - 1
				continue
			}
		}
		b := p[i]
		w.p.Advance(b)
		if b != '\n' {
			continue
		}
		if i > start {
			_, _ = w.w.Write(p[start:i])
		}
		w.newline()
		start = i + 1
	}
	if start < len(p) {
		_, _ = w.w.Write(p[start:])
	}
	return len(p), nil
}

// WriteString writes s without copying it, as MarginWriter.WriteString.
func (w *penWriter) WriteString(s string) (int, error) {
	return w.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// newline writes a newline, the pen reset before it and set after it.
func (w *penWriter) newline() {
	if w.style != nil {
		_, _ = io.WriteString(w.w, ansi.ResetStyle)
	}
	if !w.link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetHyperlink())
	}
	_, _ = w.w.Write(newlineByte)
	if !w.link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.SetHyperlink(w.link.URL, w.link.Params))
	}
	if w.style != nil {
		if w.styleDirty {
			w.styleSeq, w.styleDirty = w.memo.seq(w.style), false
		}
		_, _ = io.WriteString(w.w, w.styleSeq)
	}
}

// readStyle applies an SGR sequence's parameters to the pen. A sequence
// read over a style the pen read it over lately sets what it set then
// (see styleMemo): glamour opens every styled piece of text after a
// reset, most with the sequence of the piece before, and reading each
// again (colours parsed, the style rebuilt) was a third of the margin
// writers' work on a post of many tiny styled blocks. The pen holds its
// style by pointer, shared and never changed once set: a style holds
// colours (interfaces), and copying it at every sequence cost write
// barriers.
func (w *penWriter) readStyle(params ansi.Params) {
	w.styleDirty = true
	if len(params) == 0 || len(params) == 1 && params[0].Param(0) == 0 && !params[0].HasMore() {
		// Reset (uv.ReadStyle's 0, or a parameter left out): whatever
		// the style was, none. Chroma's formatter resets after every
		// token, and each reset took a place in the memo.
		w.style = nil
		return
	}
	if st, ok := w.memo.get(w.style, params); ok {
		w.style = st
		return
	}
	var st uv.Style
	if w.style != nil {
		st = *w.style
	}
	uv.ReadStyle(params, &st)
	var next *uv.Style
	if !styleZero(&st) {
		next = &st
	}
	if w.memo == nil {
		w.memo = &styleMemo{}
	}
	w.memo.put(w.style, params, next)
	w.style = next
}

// styleMemo holds the last few sequences a pen read, each with the
// style it was read over and the style it set (see readStyle): a quote's
// bar and the text in it, or a list's marker and its item, take turns,
// and the styles a pen holds are the memo's, so that the same sequence
// over the same style finds them again.
type styleMemo struct {
	entries [16]styleEntry
	next    int
}

// styleEntry is one sequence's parameters, the style it was read over
// and the style it set (nil: none).
type styleEntry struct {
	params   [maxSGRParams]ansi.Param
	n        int
	from, to *uv.Style
	// seq is to.String() once asked for (see seq).
	seq string
}

// get returns the style params set over from, if it holds it (a nil
// memo holds nothing).
func (m *styleMemo) get(from *uv.Style, params ansi.Params) (*uv.Style, bool) {
	if m == nil {
		return nil, false
	}
	for i := range m.entries {
		e := &m.entries[i]
		if e.n == len(params) && e.n > 0 && e.from == from && slices.Equal(e.params[:e.n], params) {
			return e.to, true
		}
	}
	return nil, false
}

// put keeps the style params set over from, in place of the oldest it
// holds; parameters longer than it keeps are not kept.
func (m *styleMemo) put(from *uv.Style, params ansi.Params, to *uv.Style) {
	if len(params) == 0 || len(params) > maxSGRParams {
		return
	}
	e := &m.entries[m.next]
	e.n = copy(e.params[:], params)
	e.from, e.to, e.seq = from, to, ""
	m.next = (m.next + 1) % len(m.entries)
}

// seq returns st.String(), the sequence that sets st, made once for a
// style the memo holds: a pen sets its style again after every newline,
// and made the sequence again each time its style had changed since (a
// nil memo makes it every time).
func (m *styleMemo) seq(st *uv.Style) string {
	if m != nil {
		for i := range m.entries {
			if e := &m.entries[i]; e.to == st && e.n > 0 {
				if e.seq == "" {
					e.seq = st.String()
				}
				return e.seq
			}
		}
	}
	return st.String()
}

// maxSGRParams and maxSGRDigits bound the SGR sequences sgr reads: well
// under the parser's 32 parameters, and numbers far from overflowing.
const (
	maxSGRParams = 16
	maxSGRDigits = 9
)

// sgr reads an SGR sequence of the plain form ESC [ digits and semicolons
// m (as all of glamour's are) at the start of p, for a parser in its
// ground state, and applies it to the pen as the parser's CSI handler
// would, with the same parameters (x/ansi v0.11.9, parser.go:
// ParamAction, DispatchAction). It returns the sequence's length, or 0
// when p does not start with one whole sequence of that form: the parser
// reads those.
func (w *penWriter) sgr(p []byte) int {
	n, params := readSGR(p, w.params[:0])
	if n > 0 {
		w.readStyle(params)
	}
	return n
}

// readSGR reads the sequence sgr reads, appending its parameters to
// params: it returns the sequence's length, or 0, and the parameters.
func readSGR(p []byte, params []ansi.Param) (int, []ansi.Param) {
	if len(p) < 3 || p[0] != 0x1b || p[1] != '[' {
		return 0, params
	}
	cur, digits := ansi.Param(parser.MissingParam), 0
	for i := 2; i < len(p); i++ {
		switch c := p[i]; {
		case c >= '0' && c <= '9':
			if digits++; digits > maxSGRDigits {
				return 0, params
			}
			if cur == parser.MissingParam {
				cur = 0
			}
			cur = cur*10 + ansi.Param(c-'0')
		case c == ';':
			if len(params) == maxSGRParams-1 {
				return 0, params
			}
			params = append(params, cur)
			cur, digits = parser.MissingParam, 0
		case c == 'm':
			// The parser counts the last parameter when there is
			// one before it or when it is not missing: "ESC[m" has
			// none, "ESC[1;m" two.
			if len(params) > 0 || cur != parser.MissingParam {
				params = append(params, cur)
			}
			return i + 1, params
		default:
			return 0, params
		}
	}
	return 0, params
}

var newlineByte = []byte{'\n'}

// Close resets the pen if it is set and releases the parser.
func (w *penWriter) Close() error {
	if w.style != nil {
		_, _ = io.WriteString(w.w, ansi.ResetStyle)
	}
	if !w.link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetHyperlink())
	}
	if w.p != nil {
		ansi.PutParser(w.p)
		w.p = nil
	}
	return nil
}

// plainRun is the length of the longest prefix of p that leaves an ANSI
// parser (x/ansi's) in its ground state unchanged apart from the last
// printed character, which nothing here reads: printable ASCII and whole,
// valid UTF-8 characters. A control byte (ESC, newline...), DEL, or a byte
// that is not valid UTF-8 ends it: the parser must see those.
func plainRun(p []byte) int {
	i := 0
	for i < len(p) {
		c := p[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			return i
		}
		r, size := decodeRune(p[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return i
}

// styleZero is s.IsZero(), field by field: the struct comparison IsZero
// makes is not inlined, and pens ask it at every sequence and newline.
func styleZero(s *uv.Style) bool {
	return s.Fg == nil && s.Bg == nil && s.UnderlineColor == nil && s.Underline == 0 && s.Attrs == 0
}

// OpenPen is what a text's SGR sequences and OSC 8 links leave open after
// them: a style, a link. The zero value is a pen with neither, as at the
// start of a line. penIdle, fitsIdle and render's fitsAsIs and neutralCut
// follow a text's pen so, to tell whether a newline, a cut or the text's
// end leaves a style or link open.
type OpenPen struct{ Style, Link bool }

// See updates the pen for seq, a whole SGR sequence (ESC [ ... m) or OSC 8
// link (ESC ] 8 ; ... ended by BEL or ST), as its caller has delimited it
// (see SGRLen, osc8Len): any SGR sequence but ESC[m and ESC[0m sets a
// style (it resets the pen's style first, so the style is open after it),
// and any link but the empty one (ESC]8;; ended by BEL or ST) opens a
// link. For a link osc8Len reads (ESC]8;params;URL), that is osc8Len's
// "sets a link": its params or URL are not empty.
func (p *OpenPen) See(seq string) {
	if len(seq) > 1 && seq[1] == '[' {
		p.Style = seq != "\x1b[m" && seq != "\x1b[0m"
		return
	}
	p.Link = seq != "\x1b]8;;\x07" && seq != "\x1b]8;;\x1b\\"
}

// Open reports whether a style or a link is open.
func (p OpenPen) Open() bool { return p.Style || p.Link }
