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
	if d := ctx.docHeading(e.Level); d != nil && bs.Len() == 1 {
		// At the document's level: what renderText writes below, and
		// the style cascaded, made once per level.
		if !e.First {
			_, _ = io.WriteString(w, d.newline)
		}
		bs.Push(BlockElement{Block: ctx.writers.buffer(0), Style: d.style, text: true})
		_, _ = io.WriteString(w, d.blockPrefix)
		_, _ = io.WriteString(bs.Current().Block, d.prefix)
		return nil
	}
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

	if d := ctx.docHeading(e.Level); d != nil && bs.Len() == 2 {
		_, _ = io.WriteString(w, d.suffix)
		_, _ = io.WriteString(w, d.blockSuffix)
	} else {
		ctx.sgr.renderText(w, bs.Current().Style.StylePrimitive, rules.Suffix)
		ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, rules.BlockSuffix)
	}

	ctx.writers.recycle(bs.Current().Block)
	bs.Pop()
	return nil
}

// headingElements are the heading elements of a render, one for each
// level, first in its block or not: an element only holds those two, and
// the renderer made one to enter every heading and another to leave it
// (87 KB of 16 KB of headings).
type headingElements [2][h6 + 1]HeadingElement

// headingElement returns the element of a heading of level, first in its
// block or not: the render's own, or a new one for a level out of range
// or a context without them.
func (ctx RenderContext) headingElement(level int, first bool) *HeadingElement {
	if ctx.headingElems == nil || level < h1 || level > h6 {
		return &HeadingElement{Level: level, First: first}
	}
	i := 0
	if first {
		i = 1
	}
	e := &ctx.headingElems[i][level]
	e.Level, e.First = level, first
	return e
}

// docHeading is how a heading at the document's level is drawn, the same
// for every heading of its level in a render: its block's style (the
// document's cascaded with the level's) and what renderText writes of
// the newline before it, its block prefix and prefix, its suffix and
// block suffix. Cascaded and rendered for each heading (every renderText
// looks its style's sequence up by the style's colours), they were a
// third of a heading's layout.
type docHeading struct {
	style                                             StyleBlock
	newline, blockPrefix, prefix, suffix, blockSuffix string
}

// docHeading returns how a heading of level at the document's level is
// drawn, made once per render (nil for no memo: the tests' way, and a
// level out of range).
func (ctx RenderContext) docHeading(level int) *docHeading {
	if ctx.docHeadings == nil || level < h1 || level > h6 || ctx.blockStack.Len() < 1 {
		return nil
	}
	if d := ctx.docHeadings[level]; d != nil {
		return d
	}
	doc := (*ctx.blockStack)[0].Style
	rules := ctx.headingStyle(level)
	d := &docHeading{style: cascadeStyle(doc, rules, false)}
	text := func(rules StylePrimitive, s string) string {
		var b strings.Builder
		ctx.sgr.renderText(&b, rules, s)
		return b.String()
	}
	d.newline = text(doc.StylePrimitive, "\n")
	d.blockPrefix = text(doc.StylePrimitive, rules.BlockPrefix)
	d.prefix = text(d.style.StylePrimitive, rules.Prefix)
	// Finish reads the suffixes from the heading's block style, which
	// is d.style, as it made it.
	d.suffix = text(d.style.StylePrimitive, d.style.Suffix)
	d.blockSuffix = text(doc.StylePrimitive, d.style.BlockSuffix)
	ctx.docHeadings[level] = d
	return d
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
