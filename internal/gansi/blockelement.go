package gansi

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// BlockElement provides a render buffer for children of a block element.
// After all children have been rendered into it, it applies indentation and
// margins around them and writes everything to the parent rendering buffer.
type BlockElement struct {
	Block   *bytes.Buffer
	Style   StyleBlock
	Margin  bool
	Newline bool
	// size, when Block is nil, is the room Render makes Block with.
	size int
	// text says the block holds text only, no blocks (a heading, a
	// paragraph): see padTrimmed.
	text bool
	// list says it is a list's block (see leavesPadding); leaf, a
	// list's with no list in it, when the render asks (see
	// SetKeptListTexts).
	list, leaf bool
}

// Render renders a BlockElement.
func (e *BlockElement) Render(w io.Writer, ctx RenderContext) error {
	if e.Block == nil || e.Block.Cap() == 0 {
		// The document's (nil: see documentSize) or a new, empty one
		// (quotes, lists): one from the pool.
		e.Block = ctx.writers.buffer(e.size)
	}
	bs := ctx.blockStack
	bs.Push(*e)

	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, e.Style.BlockPrefix)
	ctx.sgr.renderText(bs.Current().Block, bs.Current().Style.StylePrimitive, e.Style.Prefix)
	return nil
}

// Finish finishes rendering a BlockElement.
func (e *BlockElement) Finish(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack

	if e.Margin { //nolint: nestif
		// A nested block keeps the lines its caller lays out again
		// (see SetKeptItems). A block in the document wraps an item
		// that starts in it, as before: its lines then fit the
		// document, which finishes them in one pass (see
		// quoteElement.finishLines); it keeps what a nested block
		// left of an item unwrapped, once wrapped at every level.
		keep := ctx.keptLine()
		if keep != nil && bs.Len() <= 2 {
			nested := keep
			keep = func(line string) Keep {
				if k := nested(line); k == KeepWhole {
					return k
				}
				return KeepWrap
			}
		}
		var kept *int
		if ctx.lists != nil {
			kept = &ctx.lists.kept
		}
		text := blockText(bs.Current().Block)
		keptBefore := 0
		if kept != nil {
			keptBefore = *kept
		}
		s, idle := wrapIdleKeeping(ctx.writers.pen(),
			text,
			int(bs.Width(ctx)),
			" ,.;-+|",
			keep, kept,
		)
		if e.list {
			ctx.seeList(text, s) // (see SetListTexts)
			if e.leaf && bs.Len() > 2 && kept != nil && *kept != keptBefore {
				ctx.lists.keptTexts(text) // (see SetKeptListTexts)
			}
		}

		mw := NewMarginWriter(ctx, w, bs.Current().Style)
		defer mw.Close() //nolint:errcheck
		// readPad is the padding of the lines whose padding the
		// caller reads, in a list that leaves it out of the others
		// (see quotedListTrimmed).
		readPad := 0
		switch {
		case !e.list:
		case leavesPadding(ctx, mw):
			mw.pw.Padding = 0
		case quotedListTrimmed(ctx, mw) && cleanLines(s, mw.pw.Padding):
			if ctx.readMark != 0 && strings.ContainsRune(s, ctx.readMark) {
				readPad = mw.pw.Padding
			}
			mw.pw.Padding = 0
		}
		if g, ok := w.(grower); ok && (bs.Len() == 1 || e.list && (bs.Len() == 2 || len(s) >= nestedGrow)) {
			// The document, written whole to the output; or a
			// top-level list, which pads every line of its own and
			// its nested lists' to the width (see leavesPadding), to
			// the document's buffer: grown by doubling, that was
			// twice what the list came to. Or a large nested list,
			// written to its parent's buffer: in a deep nest of
			// lists each level writes its whole text, indented, to
			// the level above, and doubling copied each twice.
			if out, ok := w.(*bytes.Buffer); ok && bs.Len() > 2 && out == bs.Parent().Block {
				// Its parent's buffer, with the storage of a
				// block that finished when it is large enough.
				// A parent that is a nested list writes its
				// text, and this, into the level above in turn:
				// it grows with room for levels above that
				// indent as this one does, so that they find
				// theirs in the pool (the level below's buffer
				// is short of its parent's by that much). Not a
				// quote, nor a list the document holds: a list
				// in a quote grew past what the pool keeps.
				n, grow := mw.room(s), 0
				if bs.Parent().list && bs.Len() > 3 {
					grow = max(0, n-len(s))
				}
				ctx.writers.growFromPool(out, n, grow)
			} else {
				g.Grow(mw.room(s))
			}
		}
		if readPad > 0 {
			if err := writeReadPadded(mw, s, idle, ctx.readMark, readPad); err != nil {
				return err
			}
		} else if err := mw.writeFlow(s, idle); err != nil {
			return err
		}

		if e.Newline {
			if _, err := io.WriteString(mw, "\n"); err != nil {
				return fmt.Errorf("glamour: error writing to writer: %w", err)
			}
		}
	} else {
		_, err := bs.Parent().Block.Write(bs.Current().Block.Bytes())
		if err != nil {
			return fmt.Errorf("glamour: error writing to writer: %w", err)
		}
	}

	ctx.sgr.renderText(w, bs.Current().Style.StylePrimitive, e.Style.Suffix)
	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, e.Style.BlockSuffix)

	ctx.writers.recycle(bs.Current().Block)
	bs.Pop()
	return nil
}

// nestedGrow is the size from which a nested list's text grows its
// parent's buffer once (see Finish): a smaller one, most lists of an
// outline, fits in what the buffer has or doubles it once.
const nestedGrow = 4 << 10

// grower is an output that can make room for what is written next
// (strings.Builder, bytes.Buffer).
type grower interface{ Grow(n int) }
