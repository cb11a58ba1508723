package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// helpView lists every key, for the list and for the pager: side by side
// when the window is wide enough, one above the other otherwise.
func (m *Model) helpView() string {
	st, s := m.st, m.str
	list, pager := m.keys.fullHelp()
	section := func(title string, bs []key.Binding) []string {
		lines := []string{st.HelpHeading.Render(title)}
		kw := 0
		for _, k := range bs {
			kw = max(kw, ansi.StringWidth(k.Help().Key))
		}
		for _, k := range bs {
			h := k.Help()
			lines = append(lines, "  "+st.HelpKey.Render(h.Key+strings.Repeat(" ", kw-ansi.StringWidth(h.Key)))+"  "+st.HelpDesc.Render(h.Desc))
		}
		return lines
	}
	left, right := section(s.ListTitle, list), section(s.PagerTitle, pager)
	lw := 0
	for _, l := range left {
		lw = max(lw, ansi.StringWidth(l))
	}
	rw := 0
	for _, l := range right {
		rw = max(rw, ansi.StringWidth(l))
	}
	var body []string
	if 1+lw+4+rw <= m.width {
		for i := range max(len(left), len(right)) {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			body = append(body, l+strings.Repeat(" ", lw-ansi.StringWidth(l)+4)+r)
		}
	} else {
		body = append(append(append(body, left...), ""), right...)
	}
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(s.KeysTitle) + "  " + st.Description.Render(s.FullHelpHint) + "\n\n")
	for _, l := range body {
		b.WriteString(" " + l + "\n")
	}
	b.WriteString("\n " + st.Description.Render(s.Mouse))
	return b.String()
}
