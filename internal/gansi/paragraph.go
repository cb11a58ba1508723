package gansi

import (
	"bytes"
	"io"
	"strings"
)

// A ParagraphElement is used to render individual paragraphs.
type ParagraphElement struct {
	First bool
	// size is the room its block is made with (see paragraphSize).
	size int
}

// Render renders a ParagraphElement.
func (e *ParagraphElement) Render(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack
	rules := ctx.options.Styles.Paragraph

	if !e.First {
		_, _ = io.WriteString(w, "\n")
	}
	be := BlockElement{
		Block: ctx.writers.buffer(e.size),
		Style: cascadeStyle(bs.Current().Style, rules, false),
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
			leave := ctx.padTrimmed(pad) || parentPads(ctx, indentation(rules), width, pad)
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
