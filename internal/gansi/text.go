package gansi

import (
	"bytes"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
)

// textElement is the BaseElement upstream makes for each text node, with
// the renderer's Text style held by pointer instead of copied: the style
// is a struct of some 20 fields, and its copies were 39 MB of the 393 MB
// a 2 MB post's render allocates. It renders as that BaseElement, made
// when it is drawn.
type textElement struct {
	token string
	style *StylePrimitive
}

// Render renders the text as BaseElement.Render.
func (e *textElement) Render(w io.Writer, ctx RenderContext) error {
	b := BaseElement{Token: e.token, Style: *e.style}
	return b.Render(w, ctx)
}

// StyleOverrideRender renders the text as BaseElement.StyleOverrideRender
// (the children of emphasis and links).
func (e *textElement) StyleOverrideRender(w io.Writer, ctx RenderContext, style StylePrimitive) error {
	b := BaseElement{Token: e.token, Style: *e.style}
	return b.StyleOverrideRender(w, ctx, style)
}

// textMemo keeps what a text node's element writes around its text in
// the current block's style (see writeText), for one render: a paragraph
// of many text nodes (a line of 94,000 inline figures in a hostile post)
// made an element for each, copied its text, and cascaded its style and
// worked out its prefix and suffix each time, though the block's style
// changes only from block to block.
type textMemo struct {
	valid bool
	// block is the current block's style the rest was worked out for.
	block StyleBlock
	// plain is false when the text itself would be changed by the
	// style (a format or a change of case): writeText leaves those to
	// the element.
	plain bool
	// head and tail are the bytes written before and after the text,
	// open the sequence the text is written in ("" for none).
	head, open, tail string
}

// textMemos are the textMemos of the last blocks of different styles
// text was written in: a post's blocks take turns (a heading, a
// paragraph, a heading...), and one memo was worked out again for each.
type textMemos struct {
	m    [4]textMemo
	next int
	// links holds what the texts of links are written with (see
	// writeLink), made for the first such link: a post without one
	// does not allocate them.
	links *textMemos
	// emph and strong hold what the texts of emphasis and strong
	// emphasis are written with (see writeEmphasis), made for the first.
	emph, strong *textMemos
}

// find returns the memo for blocks of style block: one made for it, or
// one made invalid for writeText to make.
func (t *textMemos) find(block *StyleBlock) *textMemo {
	for i := range t.m {
		if m := &t.m[i]; m.valid && m.block == *block {
			return m
		}
	}
	m := &t.m[t.next]
	t.next = (t.next + 1) % len(t.m)
	m.valid = false
	return m
}

// writeText writes text node n entering, as its element (textElement)
// would, to b in the current block: it returns false, having written
// nothing, where the element's work is not simply the text, its
// backslash escapes undone (see writeUnescaped), between the memo's bytes
// (an entity in the text, a style that formats or changes case), and the
// element is made as before.
// TestWriteTextWritesTheElementsBytes compares the two.
func (ctx RenderContext) writeText(b *bytes.Buffer, n *ast.Text, source []byte) bool {
	return ctx.writeTextOf(b, n.Segment.Value(source), n.HardLineBreak() || n.SoftLineBreak())
}

// writeTextOf is writeText for a text node of val that breaks its line
// after it when brk.
func (ctx RenderContext) writeTextOf(b *bytes.Buffer, val []byte, brk bool) bool {
	if bytes.IndexByte(val, '&') >= 0 {
		return false
	}
	m := ctx.textMemo()
	if !m.plain {
		return false
	}
	m.write(b, val, brk)
	return true
}

// makeTextMemo is the memo of texts written in block cur: st1 is the
// style around them (its block prefix and suffix), st2 theirs (the Text
// style, and an emphasis' or a link's cascaded over it).
func (ctx RenderContext) makeTextMemo(cur StyleBlock, st1, st2 StylePrimitive) textMemo {
	var head, tail bytes.Buffer
	ctx.sgr.renderText(&head, st1, st2.BlockPrefix)
	ctx.sgr.renderText(&head, st2, st2.Prefix)
	ctx.sgr.renderText(&tail, st2, st2.Suffix)
	ctx.sgr.renderText(&tail, st1, st2.BlockSuffix)
	return textMemo{
		valid: true,
		block: cur,
		plain: st2.Format == "" && !sgrSet(st2.Upper) && !sgrSet(st2.Lower) && !sgrSet(st2.Title),
		head:  head.String(),
		open:  ctx.sgr.open(st2),
		tail:  tail.String(),
	}
}

// textMemo returns the memo of what text is written with in the current
// block's style, made if need be.
func (ctx RenderContext) textMemo() *textMemo {
	cur := ctx.blockStack.Current().Style
	m := ctx.text.find(&cur)
	if !m.valid {
		st1 := cur.StylePrimitive
		st2 := ctx.blockStack.With(ctx.options.Styles.Text)
		*m = ctx.makeTextMemo(cur, st1, st2)
	}
	return m
}

// write writes the text val, without "&", as writeText does in a plain
// style (m.plain), breaking the line after it when brk.
func (m *textMemo) write(b *bytes.Buffer, val []byte, brk bool) {
	if len(val) == 0 && !brk {
		// renderText writes nothing for no text.
		b.WriteString(m.head)
		b.WriteString(m.tail)
		return
	}
	b.WriteString(m.head)
	b.WriteString(m.open)
	writeUnescaped(b, val)
	if brk {
		b.WriteByte('\n')
	}
	if m.open != "" {
		b.WriteString(ansi.ResetStyle)
	}
	b.WriteString(m.tail)
}

// writeUnescaped writes text to b with its backslash escapes undone, as
// the element's escapeReplacer does (every pattern is a backslash and
// one of escapable, replaced by the character, leftmost first): text of
// many escapes ("\\(a" lines) made an element, copied and replaced for
// each text node.
func writeUnescaped(b *bytes.Buffer, text []byte) {
	for {
		i := bytes.IndexByte(text, '\\')
		if i < 0 || i+1 == len(text) {
			b.Write(text)
			return
		}
		if strings.IndexByte(escapable, text[i+1]) < 0 {
			b.Write(text[:i+1])
			text = text[i+1:]
			continue
		}
		b.Write(text[:i])
		b.WriteByte(text[i+1])
		text = text[i+2:]
	}
}

// escapable are the characters a backslash escapes (escapeReplacer).
const escapable = "\\`*_{}[]<>()#+-.!|"
