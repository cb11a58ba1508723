package gansi

import (
	"io"
)

// A HeadingElement is used to render headings.
type HeadingElement struct {
	Level int
	First bool
}

const (
	h1 = iota + 1
	h2
	h3
	h4
	h5
	h6
)

// Render renders a HeadingElement.
func (e *HeadingElement) Render(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack
	rules := ctx.options.Styles.Heading

	switch e.Level {
	case h1:
		rules = cascadeStyles(rules, ctx.options.Styles.H1)
	case h2:
		rules = cascadeStyles(rules, ctx.options.Styles.H2)
	case h3:
		rules = cascadeStyles(rules, ctx.options.Styles.H3)
	case h4:
		rules = cascadeStyles(rules, ctx.options.Styles.H4)
	case h5:
		rules = cascadeStyles(rules, ctx.options.Styles.H5)
	case h6:
		rules = cascadeStyles(rules, ctx.options.Styles.H6)
	}

	if !e.First {
		ctx.sgr.renderText(w, bs.Current().Style.StylePrimitive, "\n")
	}

	be := BlockElement{
		Block: ctx.writers.buffer(0),
		Style: cascadeStyle(bs.Current().Style, rules, false),
		text:  true,
	}
	bs.Push(be)

	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, rules.BlockPrefix)
	ctx.sgr.renderText(bs.Current().Block, bs.Current().Style.StylePrimitive, rules.Prefix)
	return nil
}

// Finish finishes rendering a HeadingElement.
func (e *HeadingElement) Finish(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack
	rules := bs.Current().Style
	mw := NewMarginWriter(ctx, w, rules)
	defer mw.Close() //nolint:errcheck

	flow, idle := wrapIdle(ctx.writers.pen(), blockText(bs.Current().Block), int(bs.Width(ctx)), "")
	if err := mw.writeFlow(flow, idle); err != nil {
		return err
	}

	ctx.sgr.renderText(w, bs.Current().Style.StylePrimitive, rules.Suffix)
	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, rules.BlockSuffix)

	ctx.writers.recycle(bs.Current().Block)
	bs.Pop()
	return nil
}
