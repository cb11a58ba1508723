package gansi

import (
	"bytes"
	"fmt"
	"io"

	"github.com/yuin/goldmark/ast"
	astext "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// parentPads reports whether the block on top of the block stack, indented
// by indent cells and padded to width with pad's cells, may leave its
// lines' padding to its parent: a list's or definition list's block (see
// leavesPadding) that pads with the same cells, at a width that takes the
// whole of this block's padded line (no width cut to zero), when the block
// starts a line of its parent's (nothing before it on its first line, a
// description's prefix say, that would make the padded line overflow and
// be wrapped). The line is
// then the same, byte for byte, whoever pads it: the padding comes after
// the text and the reset that ends it, before the newline, and each cell
// closes its own style. A definition list of many terms had each term's
// line padded to the window by its paragraph, a styled space per cell
// (about 1 KB a line at 80 columns), scanned again by the lists around it.
func parentPads(ctx RenderContext, indent, width int, pad *cellRun) bool {
	bs := *ctx.blockStack
	if len(bs) < 2 || width <= 0 || pad == nil {
		return false
	}
	parent := bs[len(bs)-2]
	if !parent.list || !parent.Margin {
		return false
	}
	if int(bs[:len(bs)-1].Width(ctx)) < indent+width || !atLineStart(parent.Block) {
		return false
	}
	return ctx.writers.cellRun(ctx.sgr, parent.Style.StylePrimitive, " ").cell == pad.cell
}

// indentation is the cells a block of rules is indented by: its indent
// and its margin, as writeIndented and NewMarginWriter draw them.
func indentation(rules *StyleBlock) int {
	var n uint
	if rules.Indent != nil {
		n += *rules.Indent
	}
	if rules.Margin != nil {
		n += *rules.Margin
	}
	return int(n)
}

// atLineStart reports whether what is written next to b starts a line.
func atLineStart(b *bytes.Buffer) bool {
	if b == nil {
		return false
	}
	p := b.Bytes()
	return len(p) == 0 || p[len(p)-1] == '\n'
}

// definitionElements are the elements NewElement makes for definition
// lists and their descriptions, one of each for a render, as lists'
// are (see listElements): an element is used only while its Render or
// Finish runs, and NewElement makes a node's element again to leave it.
// Definitions nested in definitions made four of each for each term,
// some 300 bytes each (their style), a third of the layout's memory.
type definitionElements struct {
	list BlockElement
	// leave is the element every definition list is left with (see
	// leaveDefinitionList), made once.
	leave *leaveDefinitions
	// description is the element of every description, made for the
	// first (see description): a render of no definition list does not
	// allocate it.
	description *descriptionElement
	// keepBlanks has every blank line after a list written through its
	// margin writer (see blankTrimmed): the tests' way.
	keepBlanks bool
	// blanks holds, by the depth of the block stack, whether the cells
	// of a blank line after a list at that depth, in definition lists
	// only, are trimmed and fit (see blankTrimmed): 0 not known yet,
	// 1 yes, 2 no.
	blanks []int8
	// ahead holds the source spans of the definition lists growAhead
	// grows blocks of, read once per list.
	ahead outerSpans
}

// descriptionElement is the element of a definition's description: a
// BaseElement of no text in the description style, which writes nothing
// when that style has no prefix, suffix or format (silent): the
// description style of package render's styles. A post of many
// descriptions cascaded the style over the block's for each, and copied
// it twice (the element made to enter and to leave the node), to write
// nothing.
type descriptionElement struct {
	BaseElement
	silent bool
}

// Render renders the description as its BaseElement, which writes
// nothing for a silent one: its text and its prefixes are empty, and
// Render writes only those (a cascaded style takes a block's prefixes,
// suffixes and format from the child alone).
func (e *descriptionElement) Render(w io.Writer, ctx RenderContext) error {
	if e.silent {
		return nil
	}
	return e.BaseElement.Render(w, ctx)
}

// definitionList is the block element of a definition list: a list's
// (see leavesPadding and SetTrimmedPadding), so that a definition list
// nested in another, or in a list, leaves the padding of its lines to the
// list around it, and one at the document's level leaves it out when its
// caller trims it. Definitions nested in definitions ("a\n: b\n  : c\n"
// repeated) had every line padded to the window, a styled space per cell
// (about 1 KB a line at 80 columns), by the inner list, then copied, and
// its terms' lines by their paragraphs as well: 38 MB for 16 KB of them,
// 140 times prose. It has no buffer: Render takes one from the pool.
func (ctx RenderContext) definitionList() *BlockElement {
	style := cascadeStyle(ctx.blockStack.Current().Style, ctx.options.Styles.DefinitionList, false)
	if ctx.definitions == nil {
		return &BlockElement{Style: style, Margin: true, Newline: true, list: !ctx.padDefinitions}
	}
	e := &ctx.definitions.list
	*e = BlockElement{Style: style, Margin: true, Newline: true, list: !ctx.padDefinitions}
	return e
}

// leaveDefinitionList returns the element a definition list is left
// with: the one of the render, for what Finish reads of it is the same
// for every list (it lays out the block on top of the stack, and writes
// the style's suffixes, which cascading takes from the definition list
// style alone), as leaveQuote's. The element made for entering cascaded
// the style over the parent's again (some 300 bytes) for every list.
// TestDefinitionsLeavingPaddingDrawTheSame and the dump compare the
// output.
func (r *ANSIRenderer) leaveDefinitionList(node ast.Node, source []byte) Element {
	d := r.context.definitions
	if d == nil {
		return r.NewElement(node, source)
	}
	if d.leave == nil {
		dl := r.context.options.Styles.DefinitionList
		d.leave = &leaveDefinitions{BlockElement: BlockElement{
			Style:   StyleBlock{StylePrimitive: StylePrimitive{Suffix: dl.Suffix, BlockSuffix: dl.BlockSuffix}},
			Margin:  true,
			Newline: true,
			list:    !r.context.padDefinitions,
		}}
	}
	d.leave.inDefinitions = onlyInDefinitions(node)
	d.leave.node = node
	return Element{Renderer: d.leave, Finisher: d.leave}
}

// leaveDefinitions is the element a definition list is left with: its
// block element, whose blank line after the list, in a definition list
// of definition lists only, is written as a bare newline where its
// indentation would be trimmed (see blankTrimmed).
type leaveDefinitions struct {
	BlockElement
	// inDefinitions says the list is in definition lists only (see
	// onlyInDefinitions).
	inDefinitions bool
	// node is the list being left.
	node ast.Node
}

// Finish finishes the list as its BlockElement does, but for the blank
// line after it where blankTrimmed says its indentation is trimmed: that
// line is written as a newline alone after the list, where the element
// wrote it through the list's margin writer, as its indentation (a
// styled space per cell) and the newline. Definitions nested in
// definitions ("a\n: b\n  : c\n" repeated) had a third of the lines
// of their outer list so, some 70 KB in 16 KB of them, copied by the
// list and the document for the caller to trim.
func (e *leaveDefinitions) Finish(w io.Writer, ctx RenderContext) error {
	if b, ok := w.(*bytes.Buffer); ok {
		spans := &outerSpans{}
		if ctx.definitions != nil {
			spans = &ctx.definitions.ahead
		}
		growAhead(b, ctx.blockStack.Current().Block, e.node, spans)
	}
	if !e.Newline || !e.blankTrimmed(ctx) {
		return e.BlockElement.Finish(w, ctx)
	}
	e.Newline = false
	err := e.BlockElement.Finish(w, ctx)
	e.Newline = true
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// blankTrimmed reports whether the blank line that ends the definition
// list on top of the block stack may be written without its indentation,
// the caller trimming it (see SetTrimmedPadding): the list is nested in
// definition lists only (no item's lines, which render reads, no quote's
// bar), its text ends its last line (the blank line is one of its own),
// it has no suffix to write after it, no style is open at its end, the
// line fits every block around it unwrapped, and every cell that the line
// would hold or be padded with, by the list and every block around it, is
// one the caller trims. The line is then trimmed to what the enclosing blocks
// write before it either way, the same bytes.
func (e *leaveDefinitions) blankTrimmed(ctx RenderContext) bool {
	bs := *ctx.blockStack
	if ctx.trimmed == nil || ctx.padDefinitions || ctx.definitions.keepBlanks || !e.inDefinitions || len(bs) < 3 ||
		e.Style.Suffix != "" || e.Style.BlockSuffix != "" || !atLineStart(bs[len(bs)-1].Block) {
		return false
	}
	// The blocks on the stack are the document and definition lists,
	// whose styles are the same at the same depth: their cells are
	// looked at once per depth.
	d := ctx.definitions
	for len(d.blanks) <= len(bs) {
		d.blanks = append(d.blanks, 0)
	}
	if d.blanks[len(bs)] == 0 {
		d.blanks[len(bs)] = 2
		if blankCells(ctx, bs) {
			d.blanks[len(bs)] = 1
		}
	}
	// The margin writer's pens unset after the text: the newline is
	// then written as the line's indentation and itself, nothing around.
	return d.blanks[len(bs)] == 1 && penIdle(blockText(bs[len(bs)-1].Block))
}

// blankCells reports whether the cells of the blank line after the list
// on top of bs are all trimmed, the list's indentation and every block's
// padding, and whether the line fits every block that wraps it (see
// blankTrimmed).
func blankCells(ctx RenderContext, bs BlockStack) bool {
	cur := bs[len(bs)-1].Style
	if cur.IndentToken != nil && *cur.IndentToken != " " {
		return false
	}
	p := ctx.writers
	if !ctx.trimmedCell(p.cellRun(ctx.sgr, bs[len(bs)-2].Style.StylePrimitive, " ")) {
		return false // the list's indentation
	}
	for i := range bs {
		if !ctx.trimmedCell(p.cellRun(ctx.sgr, bs[i].Style.StylePrimitive, " ")) {
			return false // a block's padding
		}
	}
	// The line, as its indentation and the indentation of every list
	// around it, fits every block that wraps it (a line wrapped would be
	// drawn as two, of other cells).
	if ctx.options.WordWrap > 0 {
		w := 0
		for j := len(bs) - 1; j >= 1; j-- {
			w += indentation(&bs[j].Style)
			if limit := int(bs[:j].Width(ctx)); limit > 0 && w >= limit {
				return false
			}
		}
	}
	return true
}

// onlyInDefinitions reports whether definition list n stands in
// definition lists only: each block around it a description, a
// definition list or the document.
func onlyInDefinitions(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case astext.KindDefinitionDescription, astext.KindDefinitionList, ast.KindDocument:
		default:
			return false
		}
	}
	return true
}

// description is the element of a definition's description.
func (ctx RenderContext) description() ElementRenderer {
	if ctx.definitions == nil {
		return &BaseElement{Style: ctx.options.Styles.DefinitionDescription}
	}
	d := ctx.definitions
	if d.description == nil {
		st := &ctx.options.Styles.DefinitionDescription
		d.description = &descriptionElement{
			BaseElement: BaseElement{Style: *st},
			silent:      st.BlockPrefix == "" && st.BlockSuffix == "" && st.Prefix == "" && st.Suffix == "" && st.Format == "",
		}
	}
	return d.description
}

// growAhead makes room in b, the block of the definition list around
// list (a description's), before list's text is written to it, when b
// has a quarter of its room or less left (what else is written to it,
// the terms' lines, grows it as before): room for what b would hold at the end of its list
// if the rest of that list's markdown laid out as what was read of it so
// far did (a sixteenth more), up to sixteen times b's room, and no more
// (bytes.Buffer.Grow makes twice b's room at least). A list of many
// descriptions, each holding a list (16 KB of "a\n: b\n  : c\n"), grew
// its block by doubling, written to a description at a time, to twice
// what it came to: 0.5 MB. Up to eight times b's room and by Grow, it
// grew that list's block of 150 KB three times (8, 64 and 180 KB), and
// a block of 16 KB projected to 20 KB to 32 KB; now twice (16 and 164
// KB). Room is all it makes: what is written is not
// changed. The span of the list around is read once into spans, for
// every list nested in it (see outerSpans).
func growAhead(b, text *bytes.Buffer, list ast.Node, spans *outerSpans) {
	if list == nil || text == nil || b.Available() >= max(2*text.Len(), b.Cap()/4) {
		return
	}
	dd := list.Parent()
	if dd == nil || dd.Kind() != astext.KindDefinitionDescription || dd.Parent() == nil {
		return
	}
	start, stop := spans.of(dd.Parent())
	at := lastStop(list, &spans.steps)
	if start < 0 || stop <= start || at <= start || at > stop {
		return
	}
	written := b.Len() + 2*text.Len()
	projected := int(int64(written) * int64(stop-start) / int64(at-start))
	target := min(projected+projected/16, 16*max(b.Cap(), 1<<10))
	if target > b.Cap() {
		// Room for target exactly: b.Grow makes twice b's room at
		// least, which took a projection of 20 KB in a block of 16 KB
		// to 32 KB.
		grown := make([]byte, b.Len(), target)
		copy(grown, b.Bytes())
		*b = *bytes.NewBuffer(grown)
	}
}

// outerSpan is where the lines of a definition list's blocks start and
// stop in the source (firstStart and lastStop).
type outerSpan struct {
	// list is the list whose span start and stop are, nil before any.
	list        ast.Node
	start, stop int
}

// outerSpans keeps the spans of the lists whose nested lists growAhead
// grows blocks for, one per depth in the tree: read again for each nested
// list, a list of N line-less terms (the paragraphs Lower makes of them)
// before M nested lists cost N·M/4 steps. The lists at one depth are
// drawn one after the other (each holds the lists nested in it), so each
// list's span is read once; the nodes do not change while they are
// drawn. One span for all depths was read again for the list two levels
// up each time a list one level up ended after one of its own nested
// lists.
type outerSpans struct {
	byDepth []outerSpan
	// steps counts the nodes firstStart and lastStop looked at, and the
	// parents counted for depths, for the tests: the walks are bounded
	// by the lists' nodes, once each, and the tree's depth.
	steps int
}

// of returns the start and stop of list's lines (see firstStart and
// lastStop), read the first time it is asked for that list.
func (s *outerSpans) of(list ast.Node) (start, stop int) {
	depth := 0
	for p := list.Parent(); p != nil; p = p.Parent() {
		depth++ // bounded by the parser's caps on nesting
	}
	s.steps += depth
	for len(s.byDepth) <= depth {
		s.byDepth = append(s.byDepth, outerSpan{})
	}
	span := &s.byDepth[depth]
	if span.list != list {
		span.list = list
		span.start, span.stop = firstStart(list, &s.steps), lastStop(list, &s.steps)
	}
	return span.start, span.stop
}

// firstStart is where the first line of a block under n starts in the
// source, -1 if none has lines (the paragraphs Lower makes of terms have
// none: they are passed over; a term Lower leaves a block, see
// loweredTerm, has its line). It adds the nodes it looks at to steps.
func firstStart(n ast.Node, steps *int) int {
	for c := n.FirstChild(); c != nil && c.Type() == ast.TypeBlock; c = c.NextSibling() {
		*steps++
		if l := c.Lines(); l.Len() > 0 {
			return l.At(0).Start
		}
		if at := firstStart(c, steps); at >= 0 {
			return at
		}
	}
	return -1
}

// lastStop is where the last line of a block under n stops in the
// source, -1 if none has lines. It adds the nodes it looks at to steps.
func lastStop(n ast.Node, steps *int) int {
	for c := n.LastChild(); c != nil && c.Type() == ast.TypeBlock; c = c.PreviousSibling() {
		*steps++
		if l := c.Lines(); l.Len() > 0 {
			return l.At(l.Len() - 1).Stop
		}
		if at := lastStop(c, steps); at >= 0 {
			return at
		}
	}
	return -1
}

// loweredTerm reports whether n is a definition list's term that
// markdown.Lower left a block of its own (see LowerOptions.Terms): one out
// of any definition list, drawn as the paragraph of strong emphasis of its
// texts it stands for (see renderTerm). Goldmark's parse leaves every term
// in its list, where NewElement draws it as glamour does.
func loweredTerm(n ast.Node) (*astext.DefinitionTerm, bool) {
	t, ok := n.(*astext.DefinitionTerm)
	if !ok || t.Parent() == nil || t.Parent().Kind() == astext.KindDefinitionList {
		return nil, false
	}
	return t, true
}

// renderTerm draws t, a term markdown.Lower left a block of its own,
// entering or leaving it, as renderNode draws the paragraph of a strong
// emphasis of t's texts that it stands for (what Lower makes of a term
// without LowerOptions.Terms): entering, the paragraph's element is
// entered (none in a list item, which draws its paragraphs' texts
// itself) and the texts written as renderNode writes the emphasis
// (writeEmphasis, or its element); leaving, the paragraph is finished.
// The paragraph is as big as ParagraphElement's of the term's line (see
// paragraphSize). 16 KB of "a\n: b\n  : c\n" made the paragraph and the
// emphasis for each of its 1,365 terms. The children are written here:
// the walk skips them.
func (r *ANSIRenderer) renderTerm(w util.BufWriter, t *astext.DefinitionTerm, source []byte, entering bool) (ast.WalkStatus, error) {
	size, _ := paragraphSize(t)
	if err := r.standInParagraph(w, t, t.Parent().Kind() == ast.KindListItem, size, entering); err != nil {
		return ast.WalkStop, err
	} else if !entering {
		return ast.WalkContinue, nil
	}
	bs := r.context.blockStack
	writeTo := io.Writer(w)
	if bs.Len() > 0 {
		writeTo = bs.Current().Block
		if r.context.writeEmphasized(bs.Current().Block, t, 2, source) {
			return ast.WalkSkipChildren, nil
		}
	}
	if err := r.emphasisElement(t, 2, source).Render(writeTo, r.context); err != nil {
		return ast.WalkStop, fmt.Errorf("glamour: error rendering: %w", err)
	}
	return ast.WalkSkipChildren, nil
}
