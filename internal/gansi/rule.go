package gansi

import (
	"io"
	"strings"
)

// ruleElement draws every thematic break of a render, as BaseElement
// does, but with its text closed at each line: the style's sequence
// reset at the end of each line of its format ("\n--------\n") and set
// again at the start of the next, as the pen of every writer the text
// goes through (the block's wrap and margin writer) writes it anyway.
// Left open across its newlines, a rule made every line around it one
// the document's one-pass finish does not lay out itself (see
// quoteElement.finishLines), and a post of rules went whole through the
// wrap and the margin writer, every sequence of every line read twice.
// TestClosedRulesDrawTheSame compares the two.
type ruleElement struct {
	BaseElement
	// open writes the text as BaseElement does (the tests' way).
	open bool
	// closed is the closed form of the last text drawn, key says of
	// what (see closedText).
	key    closedKey
	closed string
	// atDoc is what a rule at the document's level writes, once drawn
	// (the document's style is the same throughout the render): the
	// styles cascaded, the format and the sequences looked up for every
	// rule were most of the layout of a post of rules.
	atDoc     string
	atDocDone bool
}

// closedKey is what a rule's text depends on: the style's sequence, its
// change of case and the format's text.
type closedKey struct {
	seq, s string
	cases  uint8
}

// Render renders the rule as BaseElement.Render, its text closed at each
// line.
func (e *ruleElement) Render(w io.Writer, ctx RenderContext) error {
	if e.open {
		return e.BaseElement.Render(w, ctx)
	}
	bs := ctx.blockStack
	if bs.Len() == 1 && e.atDocDone {
		_, _ = io.WriteString(w, e.atDoc)
		return nil
	}
	st1 := bs.Current().Style.StylePrimitive
	st2 := bs.With(e.Style)
	if bs.Len() != 1 {
		return e.doRenderText(w, ctx.sgr, ctx.formats, st1, st2, e.closedText)
	}
	var b strings.Builder
	if err := e.doRenderText(&b, ctx.sgr, ctx.formats, st1, st2, e.closedText); err != nil {
		return err
	}
	e.atDoc, e.atDocDone = b.String(), true
	_, _ = io.WriteString(w, e.atDoc)
	return nil
}

// closedText writes s in the style rules as m.renderText does, closed at
// each line: renderText's bytes as a pen writes them (reset before each
// newline, set again after it), worked out once for a render's rules.
func (e *ruleElement) closedText(w io.Writer, m sgrMemo, rules StylePrimitive, s string) {
	if strings.IndexByte(s, '\n') < 0 {
		m.renderText(w, rules, s)
		return
	}
	k := closedKey{seq: m.open(rules), s: s}
	for i, b := range []*bool{rules.Upper, rules.Lower, rules.Title} {
		if sgrSet(b) {
			k.cases |= 1 << i
		}
	}
	if k != e.key || e.closed == "" {
		var text, closed strings.Builder
		m.renderText(&text, rules, s)
		pw := newPenWriter(&closed)
		_, _ = pw.WriteString(text.String())
		idle := pw.style == nil && pw.link.IsZero()
		_ = pw.Close()
		if !idle {
			// Open at its end: as renderText writes it.
			_, _ = io.WriteString(w, text.String())
			return
		}
		e.key, e.closed = k, closed.String()
	}
	_, _ = io.WriteString(w, e.closed)
}
