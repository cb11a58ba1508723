package gansi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unsafe"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// MarginWriter is a Writer that applies indentation and padding around
// whatever you write to it.
type MarginWriter struct {
	w  io.Writer
	iw *IndentWriter
	pw *PaddingWriter
	// noFold makes every line go through the writer chain (tests).
	noFold bool
	// pad and ind are the cells pw pads and iw indents with.
	pad, ind cells
	// pool, when set, takes the writer back when it is closed (see
	// writerPool); pooled says it has it.
	pool   *writerPool
	pooled bool
	// trim leaves out the padding of the lines it folds (see
	// SetTrimmedPadding); chained says the line being written went
	// through the chain in part, which pads it. A line of another form
	// (a tab, a control character) is padded as glamour pads it: the
	// document's wrap may measure it otherwise than the padding writer
	// does, and wrap the padding.
	trim, chained bool
}

// NewMarginWriter returns a MarginWriter for a block. It is the
// render's: closed, it is reset and given to the next block (see
// writerPool), so nothing may write to it after Close.
func NewMarginWriter(ctx RenderContext, w io.Writer, rules StyleBlock) *MarginWriter {
	bs := ctx.blockStack

	var indentation uint
	var margin uint
	if rules.Indent != nil {
		indentation = *rules.Indent
	}
	if rules.Margin != nil {
		margin = *rules.Margin
	}

	// Upstream pads and indents with a function that renders one styled
	// cell straight to w, called once per cell: the cell is rendered once
	// per render and repeated (see cellRun).
	ic := " "
	if rules.IndentToken != nil {
		ic = *rules.IndentToken
	}
	// Upstream also made a lipgloss.WrapWriter on w here that nothing
	// wrote to: closing it wrote nothing.
	p := ctx.writers
	pad := p.cellRun(ctx.sgr, rules.StylePrimitive, " ")
	mw := p.marginWriter(w, int(bs.Width(ctx)), int(indentation+margin),
		pad, p.cellRun(ctx.sgr, bs.Parent().Style.StylePrimitive, ic))
	mw.trim = ctx.padTrimmed(pad)
	return mw
}

// SetTrimmedPadding tells r that its caller removes, from the end of
// every line of the output, every padding cell that trimmed accepts (a
// plain space, a space in a colour that does not show on it), and that
// nothing that depends on how far a line was padded reads the output
// before: the document and the blocks of text at its level then leave
// such padding out. Their lines were padded to the width, cell by cell,
// and every byte of the padding was wrapped, measured, split and trimmed
// again: a post of tiny blocks (headings, rules, short paragraphs) was
// three times its visible bytes in padding, and prose's last lines too.
//
// The lines trimmed are the same: padding comes right before a line's
// newline, each enclosing block's after the one inside it, so a line is
// its text and then the paddings, innermost first. A block at the
// document's level that pads no more leaves the document to pad its
// lines further, in the document's cells, which are trimmed as well; a
// document that pads no more leaves them as they are. The lines are no
// wider, so the document's block wraps them as before. Only lines of the
// plain form that fold writes itself are left unpadded (the document may
// measure another line otherwise than its block did, and wrap its
// padding), and only blocks of text (headings, paragraphs) and lists at
// the document's level leave their padding out: what encloses deeper
// blocks (quotes) may draw it. A top-level list padded every line of its
// own and of its nested lists (see leavesPadding) with a styled space per
// cell, about 1 KB a line at 80 columns, which render's hangItems copied,
// as sequences, into the lead of an item's continuation lines: without
// it those lines draw the same cells with fewer bytes.
func (r *ANSIRenderer) SetTrimmedPadding(trimmed func(cell string) bool) {
	r.context.trimmed = trimmed
}

// SetLineWriter makes the document's one-pass finish (see
// quoteElement.finishLines) write each line of the document's text it
// lays out through f, which writes line (without its indentation, padding
// and newline) to w, the render's output, as it is or changed: render
// drops its heading marks so, as it copies the lines, where fit copied
// the whole output again to drop them. A document the one-pass finish
// does not lay out is written as before, f unused. f must not keep line.
// The room made in w before the lines are written is what they take
// unchanged.
func (r *ANSIRenderer) SetLineWriter(f func(w io.Writer, line []byte)) {
	r.context.lineWriter = f
}

// padTrimmed reports whether the block on top of the block stack, padded
// with pad, may leave its padding out (see SetTrimmedPadding).
func (ctx RenderContext) padTrimmed(pad *cellRun) bool {
	if ctx.trimmed == nil {
		return false
	}
	bs := *ctx.blockStack
	switch len(bs) {
	case 1:
		return ctx.trimmedCell(pad)
	case 2:
		if !(bs[1].text || bs[1].list) || !ctx.trimmedCell(pad) {
			return false
		}
		p := ctx.writers
		if p == nil {
			return ctx.trimmedCell(p.cellRun(ctx.sgr, bs[0].Style.StylePrimitive, " "))
		}
		if p.docPad == nil {
			// The document's style is the same throughout the render.
			p.docPad = p.cellRun(ctx.sgr, bs[0].Style.StylePrimitive, " ")
		}
		return ctx.trimmedCell(p.docPad)
	}
	return false
}

// trimmedCell is ctx.trimmed(c.cell), asked once per cell.
func (ctx RenderContext) trimmedCell(c *cellRun) bool {
	if c.trimmed == 0 {
		c.trimmed = 2
		if ctx.trimmed(c.cell) {
			c.trimmed = 1
		}
	}
	return c.trimmed == 1
}

// newMarginWriter returns a MarginWriter that pads lines to width with
// pad's cells and indents them by indent of ind's cells (both writing to
// w).
func newMarginWriter(w io.Writer, width, indent int, pad, ind *cellRun) *MarginWriter {
	mw := &MarginWriter{
		pw: &PaddingWriter{w: &penWriter{}},
		iw: &IndentWriter{pw: &penWriter{}},
	}
	mw.reset(w, width, indent, pad, ind)
	return mw
}

// reset makes mw what newMarginWriter makes, keeping its writers, their
// pens and the padding writer's line buffer.
func (mw *MarginWriter) reset(w io.Writer, width, indent int, pad, ind *cellRun) {
	mw.w, mw.noFold, mw.pooled = w, false, false
	mw.trim, mw.chained = false, false
	mw.pad, mw.ind = cells{w: w, cellRun: pad}, cells{w: w, cellRun: ind}
	pw := mw.pw
	pw.Padding, pw.PadFunc, pw.cells = width, nil, &mw.pad
	pw.cache.Reset()
	pw.w.reset(w)
	iw := mw.iw
	iw.Indent, iw.IndentFunc, iw.cells = indent, nil, &mw.ind
	iw.w, iw.skipIndent = pw, false
	iw.pw.reset(pw)
}

// room is about what mw makes of s, for the output to grow to once: s,
// each line's indentation, and its padding as if each byte of the line
// but its SGR sequences were a cell (other characters of several bytes
// make it short), and an eighth more. A quarter more than s was room
// enough for prose, whose lines come padded, but a post of tiny blocks
// pads most of its lines here (blank lines, headings, rules): its output
// doubled from there twice, three times what it came to.
func (mw *MarginWriter) room(s string) int {
	n := len(s)
	indent := mw.iw.Indent * len(mw.ind.cell)
	for rest := s; len(rest) > 0; {
		line := rest
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			line = rest[:nl]
			rest = rest[nl+1:]
		} else {
			rest = ""
		}
		if mw.trim {
			n += indent
			continue
		}
		n += indent + max(0, mw.pw.Padding-visibleBytes(line))*len(mw.pad.cell)
	}
	return n + n/8
}

// visibleBytes is the length of line without its SGR sequences.
func visibleBytes(line string) int {
	n := len(line)
	for i := strings.IndexByte(line, 0x1b); i >= 0; {
		l := SGRLen(line[i:])
		n -= l
		next := strings.IndexByte(line[i+1:], 0x1b)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return n
}

// cells writes n styled cells, as n calls of a PaddingFunc that renders
// one would.
type cells struct {
	w io.Writer
	*cellRun
}

func (c *cells) write(n int) {
	if n <= 0 || c.cell == "" {
		return
	}
	if len(c.run) < n*len(c.cell) {
		c.run = strings.Repeat(c.cell, max(n, 2*len(c.run)/len(c.cell)))
	}
	_, _ = io.WriteString(c.w, c.run[:n*len(c.cell)])
}

// Write writes to the margin writer and implements [io.Writer].
func (w *MarginWriter) Write(b []byte) (int, error) {
	if w.noFold {
		n, err := w.iw.Write(b)
		if err != nil {
			return 0, fmt.Errorf("glamour: error writing bytes: %w", err)
		}
		return n, nil
	}
	// A line at a time, folded where it can be (see fold.go), else
	// through the chain: the chain's writers are line-oriented and their
	// pens stream-oriented, so splitting the write at newlines changes
	// nothing.
	for rest := b; len(rest) > 0; {
		line := rest
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			line = rest[:nl+1]
		}
		if !w.fold(line) {
			if _, err := w.iw.Write(line); err != nil {
				return 0, fmt.Errorf("glamour: error writing bytes: %w", err)
			}
			w.chained = line[len(line)-1] != '\n'
		}
		rest = rest[len(line):]
	}
	return len(b), nil
}

// writeFlow writes a block's text, wrapped, to w: without reading its
// sequences when idle says that it fits and its pen is unset at each of
// its newlines and at its end (see wrapIdle and writeIdle).
func (w *MarginWriter) writeFlow(s string, idle bool) error {
	if idle && w.writeIdle(s) {
		return nil
	}
	if _, err := io.WriteString(w, s); err != nil {
		return fmt.Errorf("glamour: error writing to writer: %w", err)
	}
	return nil
}

// writeIdle writes s as Write does, and reports true, when the writer's
// pens are unset and it leaves its lines unpadded (see
// SetTrimmedPadding), pads none (a nested list's block, which leaves
// its padding to the list around it: see leavesPadding) or s ends none
// (a heading's text, written without its newline), for s of the form fold writes whose pen is unset at each
// of its newlines and at its end (penIdle): such a line is written, and
// fold writes it, as its indentation and its text, with nothing around
// them.
// It writes the lines without reading their sequences, which fold reads
// into both pens to know what to write around the newline: a post of
// tiny blocks laid out every line of it so twice, in its block and in the
// document. It reports false, having written nothing, for another writer.
func (w *MarginWriter) writeIdle(s string) bool {
	iw, pw := w.iw, w.pw
	p1, p2 := iw.pw, pw.w
	if (w.chained || !w.trim && pw.Padding > 0) && strings.IndexByte(s, '\n') >= 0 || w.noFold || iw.cells == nil || pw.cells == nil || p1.p == nil || p2.p == nil ||
		p1.p.State() != parser.GroundState || p2.p.State() != parser.GroundState ||
		p1.style != nil || p2.style != nil || !p1.link.IsZero() || !p2.link.IsZero() {
		return false
	}
	for rest := s; len(rest) > 0; {
		line := rest
		nl := strings.IndexByte(rest, '\n')
		if nl >= 0 {
			line = rest[:nl+1]
		}
		rest = rest[len(line):]
		if !iw.skipIndent {
			iw.cells.write(iw.Indent)
			iw.skipIndent = true
		}
		_, _ = io.WriteString(w.w, line)
		if nl >= 0 {
			pw.cache.Reset()
			iw.skipIndent = false
		} else {
			// As fold keeps a line left open, for a write that
			// ends it through the chain.
			pw.cache.WriteString(line)
		}
	}
	return true
}

// WriteString writes s without copying it (io.WriteString copies a string
// into a new slice for a writer without this method; blocks and
// paragraphs arrive here whole). Nothing the writer calls keeps or
// changes the bytes it is given.
func (w *MarginWriter) WriteString(s string) (int, error) {
	return w.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// Close closes the [MarginWriter], and gives it back to its pool.
func (w *MarginWriter) Close() error {
	err := w.iw.Close()
	if w.pool != nil && !w.pooled {
		w.pooled = true
		w.pool.free = append(w.pool.free, w)
	}
	return err
}

// PaddingFunc is a function that applies padding around whatever you write to it.
type PaddingFunc = func(w io.Writer)

// PaddingWriter is a writer that applies padding around whatever you write to
// it.
type PaddingWriter struct {
	Padding int
	PadFunc PaddingFunc
	w       *penWriter
	cache   bytes.Buffer
	// cells, when set, pads instead of PadFunc.
	cells *cells
}

// NewPaddingWriter returns a new PaddingWriter.
func NewPaddingWriter(w io.Writer, padding int, padFunc PaddingFunc) *PaddingWriter {
	return &PaddingWriter{
		Padding: padding,
		PadFunc: padFunc,
		w:       newPenWriter(w),
	}
}

// Write writes to the padding writer. Upstream went a rune at a time;
// this goes a line at a time, which writes the same bytes.
func (w *PaddingWriter) Write(p []byte) (int, error) {
	for rest := p; len(rest) > 0; {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			w.cache.Write(rest)
			_, _ = w.w.Write(rest)
			break
		}
		w.cache.Write(rest[:nl])
		_, _ = w.w.Write(rest[:nl])
		if err := w.pad(); err != nil {
			return 0, err
		}
		w.cache.Reset()
		_, _ = w.w.Write(rest[nl : nl+1])
		rest = rest[nl+1:]
	}
	return len(p), nil
}

// pad pads the line in the cache to the padding width.
func (w *PaddingWriter) pad() error {
	if w.Padding <= 0 {
		return nil
	}
	linew := stringWidth(w.cache.Bytes())
	if linew >= w.Padding {
		return nil
	}
	switch {
	case w.cells != nil:
		w.cells.write(w.Padding - linew)
	case w.PadFunc != nil:
		for n := 0; n < w.Padding-linew; n++ {
			w.PadFunc(w.w)
		}
	default:
		_, err := io.WriteString(w.w, strings.Repeat(" ", w.Padding-linew))
		if err != nil {
			return fmt.Errorf("glamour: error writing padding: %w", err)
		}
	}
	return nil
}

// Close closes the [PaddingWriter].
func (w *PaddingWriter) Close() error {
	return w.w.Close()
}

// IndentFunc is a function that applies indentation around whatever you write to
// it.
type IndentFunc = func(w io.Writer)

// IndentWriter is a writer that applies indentation around whatever you write to
// it.
type IndentWriter struct {
	Indent     int
	IndentFunc PaddingFunc
	w          io.Writer
	pw         *penWriter
	skipIndent bool
	// cells, when set, indents instead of IndentFunc.
	cells *cells
}

// NewIndentWriter returns a new IndentWriter.
func NewIndentWriter(w io.Writer, indent int, indentFunc IndentFunc) *IndentWriter {
	return &IndentWriter{
		Indent:     indent,
		IndentFunc: indentFunc,
		pw:         newPenWriter(w),
		w:          w,
	}
}

func (w *IndentWriter) resetPen() {
	style := w.pw.Style()
	link := w.pw.Link()
	if !style.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetStyle)
	}
	if !link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.ResetHyperlink())
	}
}

// restorePen sets again, after the indent, the style and link of the
// line cut by resetPen; the style's sequence is the pen's, made once per
// style (see penWriter.seq), not once per line.
func (w *IndentWriter) restorePen() {
	style := w.pw.Style()
	link := w.pw.Link()
	if !style.IsZero() {
		_, _ = w.w.Write(w.pw.seq())
	}
	if !link.IsZero() {
		_, _ = io.WriteString(w.w, ansi.SetHyperlink(link.URL, link.Params))
	}
}

// Write writes to the indentation writer. Upstream went a rune at a time;
// this goes a line at a time, which writes the same bytes.
func (w *IndentWriter) Write(p []byte) (int, error) {
	for rest := p; len(rest) > 0; {
		if !w.skipIndent {
			if err := w.writeIndent(); err != nil {
				return 0, err
			}
		}
		line := rest
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			line = rest[:nl+1]
			w.skipIndent = false
		}
		_, _ = w.pw.Write(line)
		rest = rest[len(line):]
	}
	return len(p), nil
}

// writeIndent writes a line's indentation, the pen reset around it.
func (w *IndentWriter) writeIndent() error {
	w.resetPen()
	switch {
	case w.cells != nil:
		w.cells.write(w.Indent)
	case w.IndentFunc != nil:
		for j := 0; j < w.Indent; j++ {
			w.IndentFunc(w.pw)
		}
	default:
		_, err := io.WriteString(w.pw, strings.Repeat(" ", w.Indent))
		if err != nil {
			return fmt.Errorf("glamour: error writing indentation: %w", err)
		}
	}
	w.skipIndent = true
	w.restorePen()
	return nil
}

// WriteString writes s without copying it, as MarginWriter.WriteString
// (code is highlighted into an IndentWriter a token at a time).
func (w *IndentWriter) WriteString(s string) (int, error) {
	return w.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// Close closes the [IndentWriter].
func (w *IndentWriter) Close() error {
	// Close the wrap writer (w.pw) before the downstream writer (w.w). w.pw
	// wraps w.w, so its Close flushes a trailing style/link reset back through
	// w.w. Closing w.w first would return its parser to the pool and nil it
	// out, turning that flush into a write on a closed writer.
	werr := w.pw.Close()

	if c, ok := w.w.(io.WriteCloser); ok {
		werr = errors.Join(werr, c.Close())
	}

	return werr
}
