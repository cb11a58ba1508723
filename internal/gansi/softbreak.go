package gansi

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark/ast"
)

// SetSpacedBreaks makes r draw the soft line break of a text node whose
// parent is a paragraph or a text block as a text node of one space after
// it would be drawn, instead of ending the line there: the tree is one
// markdown.Lower made with LowerOptions.SpacedBreaks, which leaves those
// breaks to the renderer instead of adding a node of " " after each text
// (a paragraph of thousands of short lines made a node per line for it).
// The bytes written are those of the tree with the nodes.
// TestSpacedBreaksDrawTheSpaceNodes compares the two.
func (r *ANSIRenderer) SetSpacedBreaks(on bool) { r.context.spacedBreaks = on }

// spacedBreak reports whether text t is drawn followed by a space of its
// own (see SetSpacedBreaks).
func (ctx RenderContext) spacedBreak(t *ast.Text) bool {
	if !ctx.spacedBreaks || !t.SoftLineBreak() || t.HardLineBreak() {
		return false
	}
	p := t.Parent()
	if p == nil {
		return false
	}
	k := p.Kind()
	return k == ast.KindParagraph || k == ast.KindTextBlock
}

// space is the text a soft break is drawn as (see SetSpacedBreaks).
var space = []byte(" ")

// writeSpaced writes text t, entering, to b as the two text nodes of its
// text without its soft break and of " " would be written: each as
// writeText writes it where it takes the text, else with the element
// NewElement makes for it. The memo is looked up once for both.
func (ctx RenderContext) writeSpaced(b *bytes.Buffer, t *ast.Text, source []byte) error {
	m := ctx.textMemo()
	for _, val := range [2][]byte{t.Segment.Value(source), space} {
		if m.plain && bytes.IndexByte(val, '&') < 0 {
			m.write(b, val, false)
			continue
		}
		e := textElement{token: html.UnescapeString(string(val)), style: &ctx.options.Styles.Text}
		if err := e.Render(b, ctx); err != nil {
			return err
		}
		m = ctx.textMemo() // as writeText would find it after the element
	}
	return nil
}
