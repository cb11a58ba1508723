package gansi

import (
	"io"
	"strings"
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
	rules := ctx.headingStyle(e.Level)

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
	rules := &bs.Current().Style
	flow, idle := wrapIdle(ctx.writers.pen(), blockText(bs.Current().Block), int(bs.Width(ctx)), "")
	if !idle || ctx.marginHeadings || strings.IndexByte(flow, '\n') >= 0 {
		mw := NewMarginWriter(ctx, w, *rules)
		defer mw.Close() //nolint:errcheck
		if err := mw.writeFlow(flow, idle); err != nil {
			return err
		}
	} else if flow != "" {
		// A heading of one line, its pen unset at its end: a margin
		// writer, fresh, would write its indentation and the line
		// (see MarginWriter.writeIdle), and on closing nothing more.
		// Made, reset and closed for every heading, it was a third of
		// the heading's layout.
		writeIndented(w, ctx, rules, flow)
	}

	ctx.sgr.renderText(w, bs.Current().Style.StylePrimitive, rules.Suffix)
	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, rules.BlockSuffix)

	ctx.writers.recycle(bs.Current().Block)
	bs.Pop()
	return nil
}

// writeIndented writes line, of one line, as a fresh margin writer for a
// block of style rules (see NewMarginWriter) writes it when its pens are
// unset at its end (see MarginWriter.writeIdle): its indentation, in the
// parent's style, and the line.
func writeIndented(w io.Writer, ctx RenderContext, rules *StyleBlock, line string) {
	var indentation, margin uint
	if rules.Indent != nil {
		indentation = *rules.Indent
	}
	if rules.Margin != nil {
		margin = *rules.Margin
	}
	if n := int(indentation + margin); n > 0 {
		ic := " "
		if rules.IndentToken != nil {
			ic = *rules.IndentToken
		}
		ind := cells{w: w, cellRun: ctx.writers.cellRun(ctx.sgr, ctx.blockStack.Parent().Style.StylePrimitive, ic)}
		ind.write(n)
	}
	_, _ = io.WriteString(w, line)
}

// headingStyles holds the style of each level of heading, made once per
// render (see headingStyle).
type headingStyles [h6 + 1]*StyleBlock

// headingStyle is the style of a heading of level: the headings' style
// cascaded with the level's. Cascading the styles (400 bytes each) for
// every heading was a twentieth of the render of a post of headings.
func (ctx RenderContext) headingStyle(level int) StyleBlock {
	if level < h1 || level > h6 {
		return ctx.options.Styles.Heading
	}
	if ctx.headings != nil && ctx.headings[level] != nil {
		return *ctx.headings[level]
	}
	st := &ctx.options.Styles
	rules := cascadeStyles(st.Heading, [...]StyleBlock{h1: st.H1, h2: st.H2, h3: st.H3, h4: st.H4, h5: st.H5, h6: st.H6}[level])
	if ctx.headings != nil {
		ctx.headings[level] = &rules
	}
	return rules
}
