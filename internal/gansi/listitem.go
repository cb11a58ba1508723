package gansi

import (
	"io"
	"strconv"
)

// An ItemElement is used to render items inside a list.
type ItemElement struct {
	IsOrdered   bool
	Enumeration uint
}

// Render renders an ItemElement.
func (e *ItemElement) Render(w io.Writer, ctx RenderContext) error {
	var el *BaseElement
	if e.IsOrdered {
		el = &BaseElement{
			Style:  ctx.options.Styles.Enumeration,
			Prefix: strconv.FormatInt(int64(e.Enumeration), 10), //nolint:gosec
		}
	} else {
		el = &BaseElement{
			Style: ctx.options.Styles.Item,
		}
	}

	return el.Render(w, ctx)
}

// leavesPadding reports whether the list being finished (the current
// block, written with mw) may leave its lines unpadded, to be padded by
// the list it is nested in: whether that list pads with the same cells,
// and pads a line of this list's at least as wide as this list would
// (its width is this list's, its indentation and margin, and the margin
// again, when no width is cut to zero). Then the line is the same, byte
// for byte, whoever pads it: the padding comes after the text and the
// reset that ends it, before the newline, and each cell closes its own
// style. An outline of three levels had each item's line padded to the
// window by its innermost list (a styled space per cell: about 1 KB a
// line at 80 columns), and that kilobyte scanned again by every list
// around it. The parent list pads its lines, or leaves them to its own
// parent list on the same terms, so the outermost list pads them all.
// (The document pads with plain spaces, the lists with styled ones: a
// top-level list pads its own lines, or, when its caller trims that
// padding, leaves it out: see SetTrimmedPadding.)
func leavesPadding(ctx RenderContext, mw *MarginWriter) bool {
	bs := *ctx.blockStack
	if len(bs) < 2 || mw.pw.Padding <= 0 || mw.pw.cells == nil {
		return false
	}
	parent := bs[len(bs)-2]
	if !parent.list || !parent.Margin {
		return false
	}
	// A definition list may start after a description's prefix, on a
	// line of its parent's (see parentPads).
	if int(bs[:len(bs)-1].Width(ctx)) < mw.iw.Indent+mw.pw.Padding || !atLineStart(parent.Block) {
		return false
	}
	return ctx.writers.cellRun(ctx.sgr, parent.Style.StylePrimitive, " ").cell == mw.pad.cell
}

// listElements are the elements NewElement makes for lists and their
// items, one of each for a render. NewElement makes a node's element
// again for each node the render enters or leaves, and an element is used
// only while its Render or Finish runs (a list's Render pushes a copy of
// it onto the block stack, and its Finish reads the stack's), so one
// serves every list: an outline of 300 items made 400 list elements (one
// to enter and one to leave each list) of 350 bytes each, most of it the
// block's style.
type listElements struct {
	list BlockElement
	item ItemElement
}
