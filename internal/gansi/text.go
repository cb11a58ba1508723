package gansi

import "io"

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
