package gansi

import (
	"bytes"
	"io"
	"strings"
)

// A ParagraphElement is used to render individual paragraphs.
type ParagraphElement struct {
	First bool
	// size is the room its block is made with (see paragraphSize), and
	// lines its markdown's lines (see room).
	size, lines int
}

// room is the room e's block is made with in a block of style st: size,
// or, for a paragraph of many short lines, what its lines come to drawn
// in st, each line's text and the space of its soft break a run of its
// own (the style's sequence, the text, a reset). A paragraph of 4,096
// lines of three bytes ("\\(a", "a") came to ten times its markdown,
// and its block doubled from twice it three times over.
func (e *ParagraphElement) room(ctx RenderContext, st StylePrimitive) int {
	if e.lines < 2 {
		return e.size
	}
	run := len(ctx.sgr.open(st)) + len(resetSeq)
	return max(e.size, (e.size-64)/2+e.lines*2*(run+1)+64)
}

// resetSeq is the reset that ends a styled run.
const resetSeq = "\x1b[m"

// flowGrow is the size from which a paragraph's laid-out text grows the
// buffer it is written to once, to what the margin writer writes of it
// (see MarginWriter.room), rather than by doubling: a paragraph of
// thousands of lines wrote 150 KB into the document's block, which
// doubled twice for it.
const flowGrow = 4 << 10

// Render renders a ParagraphElement.
func (e *ParagraphElement) Render(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack
	rules := ctx.options.Styles.Paragraph

	if !e.First {
		_, _ = io.WriteString(w, "\n")
	}
	style := cascadeStyle(bs.Current().Style, rules, false)
	be := BlockElement{
		Block: ctx.writers.buffer(e.room(ctx, style.StylePrimitive)),
		Style: style,
		text:  true,
	}
	bs.Push(be)

	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, rules.BlockPrefix)
	ctx.sgr.renderText(bs.Current().Block, bs.Current().Style.StylePrimitive, rules.Prefix)
	return nil
}

// Finish finishes rendering a ParagraphElement.
func (e *ParagraphElement) Finish(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack
	rules := &bs.Current().Style

	if len(bytes.TrimSpace(bs.Current().Block.Bytes())) > 0 {
		blk := blockText(bs.Current().Block)
		if !ctx.options.PreserveNewLines {
			blk = strings.ReplaceAll(blk, "\n", " ")
		}
		width := int(bs.Width(ctx))
		flow, idle := wrapIdle(ctx.writers.pen(), blk, width, "")
		if idle && flow != "" && !ctx.marginParagraphs && strings.IndexByte(flow, '\n') < 0 {
			// A paragraph of one line, its pen unset at its end: a
			// fresh margin writer writes its indentation and the line
			// (see MarginWriter.writeIdle), then, for the newline, the
			// line's padding unless it is left out (see
			// SetTrimmedPadding: fold measures the line as stringWidth
			// does) and the newline, and on closing nothing more.
			// Made, reset and closed for every paragraph, it was half
			// of a short paragraph's layout.
			pad := ctx.writers.cellRun(ctx.sgr, rules.StylePrimitive, " ")
			leave := ctx.padTrimmed(pad) || parentPads(ctx, indentation(rules), width, pad) ||
				ctx.quotedTextTrimmed(pad, flow, width)
			writeIndented(w, ctx, rules, flow)
			if !leave {
				if n := width - StringWidth(flow); n > 0 {
					(&cells{w: w, cellRun: pad}).write(n)
				}
			}
			_, _ = io.WriteString(w, "\n")
		} else {
			mw := NewMarginWriter(ctx, w, *rules)
			defer mw.Close() //nolint:errcheck
			if ctx.quotedTextTrimmed(mw.pad.cellRun, flow, width) {
				// Its lines clean and within the width: written as
				// they are, unpadded (writeIdle).
				mw.trim, mw.pw.Padding = true, 0
			}
			if g, ok := w.(grower); ok && len(flow) >= flowGrow {
				g.Grow(mw.room(flow) + 1) // and the newline
			}
			if err := mw.writeFlow(flow, idle); err != nil {
				return err
			}
			_, _ = io.WriteString(mw, "\n")
		}
	}

	ctx.sgr.renderText(w, bs.Current().Style.StylePrimitive, rules.Suffix)
	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, rules.BlockSuffix)

	ctx.writers.recycle(bs.Current().Block)
	bs.Pop()
	return nil
}
