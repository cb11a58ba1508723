package render

import (
	"strings"

	"charm.land/glamour/v2/ansi"
	"github.com/yuin/goldmark/renderer"

	"github.com/sshblog/sshblog/internal/gansi"
)

// ansiRenderer is the goldmark renderer that lays d out: our fork of
// glamour's ansi package (internal/gansi: the same output, computed
// faster), or glamour's own when d.upstreamANSI, for the tests that check
// that both write the same bytes.
func (d doc) ansiRenderer(o ansi.Options) renderer.NodeRenderer {
	if d.upstreamANSI {
		if d.upstreamStyles != nil {
			o.Styles = d.upstreamStyles(o.Styles)
		}
		return ansi.NewRenderer(o)
	}
	r := gansi.NewRenderer(o)
	// Lowered with markdown.LowerOptions.SpacedBreaks (see lowered).
	r.SetSpacedBreaks(true)
	if !d.keepPadding {
		// fit trims every line's padding (trimPadding).
		r.SetTrimmedPadding(trimmedCell)
		// hangItems cuts the lead of an item's continuation lines
		// from its tagged first line, padding and all.
		r.SetReadPadding(itemMark)
	}
	if d.themes != nil {
		r.SetThemes(d.themes)
	}
	if d.writers != nil && !d.keepPadding {
		r.SetWriters(d.writers)
	}
	if d.lexed != nil {
		r.SetLexed(d.lexed.tokens)
	}
	return r
}

// trimmedCell reports whether trimPadding removes cell, a padding cell
// as glamour draws it, whole from the end of any line: a plain space, or
// a space after an SGR sequence of digits and semicolons that
// invisibleOnSpace accepts, and a reset. Removed from the end of
// line+cell, it leaves line, which trimPadding goes on with as it would
// have without the cell (see gansi's SetTrimmedPadding).
func trimmedCell(cell string) bool {
	if cell == " " {
		return true
	}
	body, ok := strings.CutSuffix(cell, " \x1b[m")
	if !ok || len(body) < 3 || !strings.HasPrefix(body, "\x1b[") || body[len(body)-1] != 'm' {
		return false
	}
	params := body[2 : len(body)-1]
	return strings.Trim(params, "0123456789;") == "" && invisibleOnSpace(params)
}
