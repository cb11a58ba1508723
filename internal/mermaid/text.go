package mermaid

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

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

// brs are the line breaks a label may hold.
var brs = strings.NewReplacer("<br/>", "\n", "<br />", "\n", "<br>", "\n", "<BR>", "\n", "<BR/>", "\n", "\\n", "\n")

var (
	// tags are the HTML tags a label may hold (<b>, <i>, <span ...>):
	// their text is kept.
	tags = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)
	// icons are Font Awesome icons (fa:fa-car), which a terminal cannot
	// show.
	icons    = regexp.MustCompile(`\bfab?:fa-[a-z0-9-]+`)
	emphasis = strings.NewReplacer("**", "", "*", "")
)

// cleanLabel turns a label's source into its lines: markdown-string
// backticks and emphasis dropped, <br> a line break, other tags and
// icons dropped, entities decoded, control and
// format characters removed (the label reaches a terminal), each line cut
// at MaxLabel cells and at most MaxLabelLines lines.
func cleanLabel(s string) []string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		// A markdown string: its emphasis markers are not drawn.
		s = emphasis.Replace(s[1 : len(s)-1])
	}
	s = brs.Replace(s)
	s = html.UnescapeString(icons.ReplaceAllString(tags.ReplaceAllString(s, ""), ""))
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(strings.Map(printable, l)), " ")
		if l == "" {
			continue
		}
		if len(lines) == MaxLabelLines {
			lines[len(lines)-1] = cut(lines[len(lines)-1]+" …", MaxLabel)
			break
		}
		lines = append(lines, cut(l, MaxLabel))
	}
	if len(lines) == 0 {
		lines = []string{" "}
	}
	return lines
}

// printable keeps the runes that draw: controls (C0, C1) and format
// characters (bidi overrides, line separators...) go, tabs become
// spaces.
func printable(r rune) rune {
	switch {
	case r == '\t':
		return ' '
	case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == '\u2028', r == '\u2029', r == utf8.RuneError:
		return -1
	}
	return r
}
