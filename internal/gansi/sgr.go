package gansi

import (
	"bytes"
	"fmt"
	"io"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// sgrMemo keeps the SGR sequence renderText opens each style with, by the
// style's colours and attributes, for one render: renderText worked it out
// for every piece of text it drew (parsing the colour, building the
// sequence), 4% of a 2 MB post's render, and a post has a handful of
// styles. A renderer's memo is used by one goroutine at a time; a nil
// memo keeps nothing.
type sgrMemo map[sgrKey]string

// sgrKey is what of a StylePrimitive the sequence depends on.
type sgrKey struct {
	color, background       string
	hasColor, hasBackground bool
	attrs                   uint8
}

// The attributes of sgrKey, in the order renderText applies them.
const (
	sgrUnderline = 1 << iota
	sgrBold
	sgrItalic
	sgrCrossedOut
	sgrInverse
	sgrBlink
)

func sgrSet(b *bool) bool { return b != nil && *b }

// open returns the sequence renderText writes before text in rules' style
// ("" for none), as renderText makes it.
func (m sgrMemo) open(rules StylePrimitive) string {
	var k sgrKey
	if rules.Color != nil {
		k.color, k.hasColor = *rules.Color, true
	}
	if rules.BackgroundColor != nil {
		k.background, k.hasBackground = *rules.BackgroundColor, true
	}
	for i, b := range []*bool{rules.Underline, rules.Bold, rules.Italic, rules.CrossedOut, rules.Inverse, rules.Blink} {
		if sgrSet(b) {
			k.attrs |= 1 << i
		}
	}
	if seq, ok := m[k]; ok {
		return seq
	}
	style := ansi.Style{}
	if k.hasColor {
		style = style.ForegroundColor(lipgloss.Color(k.color))
	}
	if k.hasBackground {
		style = style.BackgroundColor(lipgloss.Color(k.background))
	}
	if k.attrs&sgrUnderline != 0 {
		style = style.Underline(true)
	}
	if k.attrs&sgrBold != 0 {
		style = style.Bold()
	}
	if k.attrs&sgrItalic != 0 {
		style = style.Italic(true)
	}
	if k.attrs&sgrCrossedOut != 0 {
		style = style.Strikethrough(true)
	}
	if k.attrs&sgrInverse != 0 {
		style = style.Reverse(true)
	}
	if k.attrs&sgrBlink != 0 {
		style = style.Blink(true)
	}
	seq := ""
	if len(style) > 0 {
		seq = style.String()
	}
	if m != nil {
		m[k] = seq
	}
	return seq
}

// renderText writes s in the style rules (the case it changes to, if
// any, then the style's sequence, s, and a reset), the style's sequence
// taken from m. For a bytes.Buffer the sequence and the text are written
// in three writes, without a string joining them. A nil memo works the
// sequence out every time (the package's renderText).
func (m sgrMemo) renderText(w io.Writer, rules StylePrimitive, s string) (int, error) {
	if len(s) == 0 {
		return 0, nil
	}
	if sgrSet(rules.Upper) {
		s = cases.Upper(language.English).String(s)
	}
	if sgrSet(rules.Lower) {
		s = cases.Lower(language.English).String(s)
	}
	if sgrSet(rules.Title) {
		s = cases.Title(language.English).String(s)
	}
	seq := m.open(rules)
	switch b, ok := w.(*bytes.Buffer); {
	case seq == "":
	case ok:
		b.WriteString(seq)
		b.WriteString(s)
		b.WriteString(ansi.ResetStyle)
		return len(seq) + len(s) + len(ansi.ResetStyle), nil
	default:
		s = seq + s + ansi.ResetStyle
	}
	n, err := io.WriteString(w, s)
	if err != nil {
		return n, fmt.Errorf("glamour: error writing to writer: %w", err)
	}
	return n, nil
}
