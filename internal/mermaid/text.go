package mermaid

import (
	"github.com/rivo/uniseg"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// graphemes splits s into its user-perceived characters with the cells
// each takes in mode a, as the pager counts them (textwrap.StringWidth):
// a CJK character takes two cells.
func graphemes(s string, a textwrap.Ambiguous) (gs []string, ws []int) {
	state := -1
	for s != "" {
		var g string
		g, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		gs = append(gs, g)
		ws = append(ws, textwrap.StringWidth(g, a))
	}
	return gs, ws
}

// width is the cells s takes in mode a.
func width(s string, a textwrap.Ambiguous) int { return textwrap.StringWidth(s, a) }

// cut shortens s to at most n cells, ending it with "…" when cut.
func cut(s string, n int) string {
	if width(s, textwrap.Narrow) <= n {
		return s
	}
	gs, ws := graphemes(s, textwrap.Narrow)
	out, w := "", 0
	for i, g := range gs {
		if w+ws[i] > n-1 {
			break
		}
		out += g
		w += ws[i]
	}
	return out + "…"
}
