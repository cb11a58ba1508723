package render

import (
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
	if d.themes != nil {
		r.SetThemes(d.themes)
	}
	if d.lexed != nil {
		r.SetLexed(d.lexed.tokens)
	}
	return r
}
