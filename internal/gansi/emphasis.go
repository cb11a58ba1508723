package gansi

import (
	"bytes"
	"fmt"
	"io"

	"github.com/yuin/goldmark/ast"
)

// A EmphasisElement is used to render emphasis.
type EmphasisElement struct {
	Children []ElementRenderer
	Level    int
}

// Render renders a EmphasisElement.
func (e *EmphasisElement) Render(w io.Writer, ctx RenderContext) error {
	style := ctx.options.Styles.Emph
	if e.Level > 1 {
		style = ctx.options.Styles.Strong
	}

	return e.doRender(w, ctx, style)
}

// StyleOverrideRender renders a EmphasisElement with a given style.
func (e *EmphasisElement) StyleOverrideRender(w io.Writer, ctx RenderContext, style StylePrimitive) error {
	base := ctx.options.Styles.Emph
	if e.Level > 1 {
		base = ctx.options.Styles.Strong
	}
	return e.doRender(w, ctx, cascadeStylePrimitives(base, style))
}

func (e *EmphasisElement) doRender(w io.Writer, ctx RenderContext, style StylePrimitive) error {
	for _, child := range e.Children {
		if r, ok := child.(StyleOverriderElementRenderer); ok {
			if err := r.StyleOverrideRender(w, ctx, style); err != nil {
				return fmt.Errorf("glamour: error rendering with style: %w", err)
			}
		} else {
			if err := child.Render(w, ctx); err != nil {
				return fmt.Errorf("glamour: error rendering: %w", err)
			}
		}
	}

	return nil
}

// writeEmphasis writes emphasis n entering, as its element
// (EmphasisElement, each child a textElement drawn with the emphasis
// style over it) would, to b in the current block, and reports true: when
// n holds only text nodes and the emphasis style, cascaded over the
// block's text style, neither formats nor changes case. Else it returns
// false, having written nothing, and the element is made as before. A
// term of a definition list is lowered to a bold paragraph, and a list of
// many made an element for each, a slice of its children, an element and
// a copy for each text, and cascaded both styles twice per text, to write
// the same few sequences around each.
// TestWriteEmphasisWritesTheElementsBytes compares the two.
func (ctx RenderContext) writeEmphasis(b *bytes.Buffer, n *ast.Emphasis, source []byte) bool {
	return ctx.writeEmphasized(b, n, n.Level, source)
}

// writeEmphasized is writeEmphasis for the children of n drawn as an
// emphasis of level would draw them: n is the emphasis, or a node that
// stands for one (a term gansi draws, see renderTerm).
func (ctx RenderContext) writeEmphasized(b *bytes.Buffer, n ast.Node, level int, source []byte) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.Text); !ok {
			return false
		}
	}
	m := ctx.emphasisMemo(level > 1)
	if !m.plain {
		return false
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t := c.(*ast.Text)
		m.writeUnescaped(b, t.Segment.Value(source), t.HardLineBreak() || t.SoftLineBreak())
	}
	return true
}

// emphasisMemo returns the memo of what the texts of emphasis (strong
// emphasis if strong) are written with in the current block's style
// (EmphasisElement.Render: each text as textElement.StyleOverrideRender
// with the emphasis style), made if need be.
func (ctx RenderContext) emphasisMemo(strong bool) *textMemo {
	if strong {
		return ctx.styledTextMemo(&ctx.text.strong, ctx.options.Styles.Strong)
	}
	return ctx.styledTextMemo(&ctx.text.emph, ctx.options.Styles.Emph)
}
