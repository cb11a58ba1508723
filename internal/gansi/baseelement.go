package gansi

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/template"
)

// BaseElement renders a styled primitive element.
type BaseElement struct {
	Token  string
	Prefix string
	Suffix string
	Style  StylePrimitive
}

// formats holds a render's style formats ("format" of a style, a
// text/template) parsed once: parsing one (a new template and its
// function maps) for every element drawn with it cost 15 KB a
// thematic break, 62 MB for 16 KB of "***" lines. Executed with the same
// text, a template parsed once writes what one parsed anew does.
type formats map[string]*parsedFormat

// parsedFormat is a format parsed, and what it writes for no text once
// it has written it: a thematic break is drawn with its format and no
// text, and executing the template for each was an eighth of the render
// of a post of rules.
type parsedFormat struct {
	tmpl  *template.Template
	empty string
	// emptyDone says empty is known.
	emptyDone bool
}

// format writes token through the style format (upstream's formatToken),
// the template parsed once per render (a nil formats parses it every
// time).
func (f formats) format(format string, token string) (string, error) {
	pf := f[format]
	if pf == nil {
		tmpl, err := template.New(format).Funcs(TemplateFuncMap).Parse(format)
		if err != nil {
			return "", fmt.Errorf("glamour: error parsing template: %w", err)
		}
		pf = &parsedFormat{tmpl: tmpl}
		if f != nil {
			f[format] = pf
		}
	}
	if token == "" && pf.emptyDone {
		return pf.empty, nil
	}

	var b bytes.Buffer
	v := make(map[string]interface{})
	v["text"] = token
	err := pf.tmpl.Execute(&b, v)
	if token == "" && err == nil {
		pf.empty, pf.emptyDone = b.String(), true
	}
	return b.String(), err
}

// renderText writes s in the style rules, as upstream's renderText
// (ansi.Style.Styled: the style's sequence, s and a reset; s alone for no
// style), without a memo: see sgrMemo.renderText, which a render's
// elements use.
func renderText(w io.Writer, rules StylePrimitive, s string) (int, error) {
	return sgrMemo(nil).renderText(w, rules, s)
}

// StyleOverrideRender renders a BaseElement with an overridden style.
func (e *BaseElement) StyleOverrideRender(w io.Writer, ctx RenderContext, style StylePrimitive) error {
	bs := ctx.blockStack
	st1 := cascadeStylePrimitives(bs.Current().Style.StylePrimitive, style)
	st2 := cascadeStylePrimitives(bs.With(e.Style), style)

	return e.doRender(w, ctx.sgr, ctx.formats, st1, st2)
}

// Render renders a BaseElement.
func (e *BaseElement) Render(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack
	st1 := bs.Current().Style.StylePrimitive
	st2 := bs.With(e.Style)
	return e.doRender(w, ctx.sgr, ctx.formats, st1, st2)
}

// doRender writes the element, the styles' sequences taken from m.
func (e *BaseElement) doRender(w io.Writer, m sgrMemo, fs formats, st1, st2 StylePrimitive) error {
	return e.doRenderText(w, m, fs, st1, st2, nil)
}

// doRenderText is doRender, its text (after the format) written by
// text when it is not nil, else by m.renderText.
func (e *BaseElement) doRenderText(w io.Writer, m sgrMemo, fs formats, st1, st2 StylePrimitive,
	text func(w io.Writer, m sgrMemo, rules StylePrimitive, s string)) error {
	m.renderText(w, st1, e.Prefix)
	defer func() {
		m.renderText(w, st1, e.Suffix)
	}()

	// render unstyled prefix/suffix
	m.renderText(w, st1, st2.BlockPrefix)
	defer func() {
		m.renderText(w, st1, st2.BlockSuffix)
	}()

	// render styled prefix/suffix
	m.renderText(w, st2, st2.Prefix)
	defer func() {
		m.renderText(w, st2, st2.Suffix)
	}()

	s := e.Token
	if len(st2.Format) > 0 {
		var err error
		s, err = fs.format(st2.Format, s)
		if err != nil {
			return err
		}
	}
	if strings.IndexByte(s, '\\') >= 0 {
		// Every escape starts with a backslash: text without one (most
		// text) is left as it is without the generic replacer's work
		// (2% of a long post's render).
		s = escapeReplacer.Replace(s)
	}
	if text != nil {
		text(w, m, st2, s)
		return nil
	}
	m.renderText(w, st2, s)
	return nil
}

// https://www.markdownguide.org/basic-syntax/#characters-you-can-escape
var escapeReplacer = strings.NewReplacer(
	"\\\\", "\\",
	"\\`", "`",
	"\\*", "*",
	"\\_", "_",
	"\\{", "{",
	"\\}", "}",
	"\\[", "[",
	"\\]", "]",
	"\\<", "<",
	"\\>", ">",
	"\\(", "(",
	"\\)", ")",
	"\\#", "#",
	"\\+", "+",
	"\\-", "-",
	"\\.", ".",
	"\\!", "!",
	"\\|", "|",
)
