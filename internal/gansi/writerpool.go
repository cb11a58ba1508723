package gansi

import (
	"bytes"
	"io"
	"strings"
)

// writerPool keeps, for one render, the margin writers that blocks are
// done with, and the styled cells margin writers pad and indent with:
// every block (a heading, a rule, a paragraph of a quote or a list item)
// was laid out through a margin writer made for it, two pens with their
// handlers, two writers, and its cells rendered and repeated again, which
// made a post of many tiny blocks cost 10 to 16 times prose of its size.
// A margin writer lives from a block's Finish to its end, and blocks
// finish one at a time, so the pool holds one or two. A render's writers
// are used by one goroutine at a time; a nil pool keeps nothing.
type writerPool struct {
	free []*MarginWriter
	runs map[cellKey]*cellRun
	// bufs are the buffers of blocks that finished (see buffer).
	bufs []*bytes.Buffer
	// wrapPen is the pen blocks are wrapped with (see wrapWith).
	wrapPen *penWriter
	// memo holds the sequences the pool's pens read (see readStyle).
	memo styleMemo
	// quotes are the logs of the quotes being laid out (see quote.go).
	quotes quoteLogs
	// docPad is the cell the document pads with, once asked for (see
	// padTrimmed).
	docPad *cellRun
	// recent are the last cells cellRun made or found, nextRecent the
	// one to replace next.
	recent     [recentCells]recentCell
	nextRecent int
}

// pen returns the pen a render wraps its blocks with (nil for a nil pool:
// wrapWith makes one).
func (p *writerPool) pen() *penWriter {
	if p == nil {
		return nil
	}
	if p.wrapPen == nil {
		p.wrapPen = &penWriter{memo: &p.memo}
	}
	return p.wrapPen
}

// maxPooledBuffers bounds the block buffers a pool keeps: blocks finish
// one at a time, so a few serve a render. A buffer that grew past
// maxPooledBuffer is not kept: eight quotes nested around a megabyte of
// text would otherwise hold eight megabytes to the render's end.
const (
	maxPooledBuffers = 8
	maxPooledBuffer  = 64 << 10
)

// buffer returns an empty buffer for a block's text with room for size
// bytes: one a block that finished gave back (see recycle), grown where
// it was only written to, or a new one. A block's buffer grew from
// nothing by doubling, for every heading, paragraph, quote and list of a
// post, and was dropped when the block was laid out.
func (p *writerPool) buffer(size int) *bytes.Buffer {
	if p != nil && size > maxPooledBuffer {
		// A document's, in a pool its renders share (see Writers):
		// the last one's, which the spare keeps (see keepBlock), when
		// it is large enough.
		if sp := p.quotes.spare; sp != nil && sp.Cap() >= size {
			p.quotes.spare = nil
			sp.Reset()
			return sp
		}
	}
	if p == nil || len(p.bufs) == 0 {
		return bytes.NewBuffer(make([]byte, 0, size))
	}
	b := p.bufs[len(p.bufs)-1]
	p.bufs = p.bufs[:len(p.bufs)-1]
	b.Grow(size)
	return b
}

// recycle takes back the buffer of a block that finished: nothing reads
// it once the block's Finish returns.
func (p *writerPool) recycle(b *bytes.Buffer) {
	if p == nil || len(p.bufs) == maxPooledBuffers || b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	p.bufs = append(p.bufs, b)
}

// growFromPool makes room in out, the buffer of an open block, for n
// more bytes: with the storage of the smallest buffer of the pool that
// holds out's bytes and n more, when out holds no more than n (copied
// once, as makeRoom does for quotes), or else by out.Grow, with room for
// four more levels that add grow bytes each (see BlockElement.Finish).
// In a nest of lists each level writes its whole text, indented, into
// the level above, whose buffer was made anew as the buffer of the level
// below went back to the pool (16 KB of "- - - ..." past the nesting cap,
// six levels deep: a quarter of what it allocated). The buffers' storage
// changes hands, not the buffers: out stays the block's, and its old
// storage goes to the pool, which nothing else reads (a quote's log
// holds offsets, not bytes; a block's text is read only during its
// Finish).
func (p *writerPool) growFromPool(out *bytes.Buffer, n, grow int) {
	if out.Cap()-out.Len() >= n {
		return
	}
	if p != nil && out.Len() <= n {
		if b := p.roomy(out.Len() + n); b != nil {
			b.Write(out.Bytes())
			*out, *b = *b, *out
			p.recycle(b)
			return
		}
	}
	out.Grow(n + 4*grow)
}

// cellKey is what a cell's bytes depend on: the text, the sequence its
// style opens with, and the style's change of case.
type cellKey struct {
	open, s string
	cases   uint8
}

// cellRun is a styled cell, as renderText writes it, and a run of it
// grown as needed: n cells are a prefix of run.
type cellRun struct {
	cell string
	run  string
	// trimmed is 1 when the caller trims the cell from line ends, 2
	// when it does not, 0 before it is asked (see padTrimmed).
	trimmed int8
	// info is what finishLines logs the cell with, once measured (see
	// infoOf).
	info *cellInfo
}

// cellFields are the fields of a style its cells depend on, as they are:
// the style's fields point to the styles' values, so that the same
// pointers are the same cell.
type cellFields struct {
	color, background                                          *string
	underline, bold, italic, crossedOut, inverse, blink, upper *bool
	lower, title                                               *bool
	s                                                          string
}

// recentCells is how many cells cellRun finds by their fields as they
// are: a margin writer asks for two (the padding's and the
// indentation's), block after block.
const recentCells = 4

// cellRun returns the run of s written in the style rules, made once per
// render.
func (p *writerPool) cellRun(m sgrMemo, rules StylePrimitive, s string) *cellRun {
	f := cellFields{rules.Color, rules.BackgroundColor, rules.Underline, rules.Bold, rules.Italic,
		rules.CrossedOut, rules.Inverse, rules.Blink, rules.Upper, rules.Lower, rules.Title, s}
	if p != nil {
		for i := range p.recent {
			if r := p.recent[i].run; r != nil && p.recent[i].fields == f {
				return r
			}
		}
	}
	r := p.cellRunOf(m, rules, s)
	if p != nil {
		p.recent[p.nextRecent] = recentCell{f, r}
		p.nextRecent = (p.nextRecent + 1) % recentCells
	}
	return r
}

// recentCell is a cell cellRun made, by its style's fields.
type recentCell struct {
	fields cellFields
	run    *cellRun
}

// cellRunOf is cellRun without the recent cells: the cell is found by
// what its bytes depend on.
func (p *writerPool) cellRunOf(m sgrMemo, rules StylePrimitive, s string) *cellRun {
	k := cellKey{open: m.open(rules), s: s}
	for i, b := range []*bool{rules.Upper, rules.Lower, rules.Title} {
		if sgrSet(b) {
			k.cases |= 1 << i
		}
	}
	if p != nil {
		if r, ok := p.runs[k]; ok {
			return r
		}
	}
	var b strings.Builder
	_, _ = m.renderText(&b, rules, s)
	r := &cellRun{cell: b.String()}
	if p != nil {
		if p.runs == nil {
			p.runs = map[cellKey]*cellRun{}
		}
		p.runs[k] = r
	}
	return r
}

// marginWriter returns a margin writer as newMarginWriter does, one the
// pool keeps when there is one.
func (p *writerPool) marginWriter(w io.Writer, width, indent int, pad, ind *cellRun) *MarginWriter {
	if p == nil || len(p.free) == 0 {
		mw := newMarginWriter(w, width, indent, pad, ind)
		if p != nil {
			mw.pool = p
			mw.pw.w.memo, mw.iw.pw.memo = &p.memo, &p.memo
		}
		return mw
	}
	mw := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	mw.reset(w, width, indent, pad, ind)
	return mw
}

// Writers are the margin writers, cells and buffers of a render (see
// writerPool), for the renders of the pieces of one post to share (see
// SetWriters): a render made its own, the document's buffer and the
// margin writers' pens with their parsers again for every piece.
type Writers struct{ p *writerPool }

// NewWriters returns empty Writers.
func NewWriters() *Writers { return &Writers{p: &writerPool{}} }

// SetWriters makes r lay out with w's writers and buffers, and keep
// them there for the next render. The renders that share w must run one
// after the other, each to its end, in the same style and with the same
// SetTrimmedPadding (the cells remember whether they are trimmed).
func (r *ANSIRenderer) SetWriters(w *Writers) { r.context.writers = w.p }
