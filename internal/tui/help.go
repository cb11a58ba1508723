package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// helpView lists every key, for the list and for the pager.
func (m *Model) helpView() string {
	st, s := m.st, m.str
	list, pager := m.keys.fullHelp()
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(s.KeysTitle) + "  " + st.Description.Render(s.FullHelpHint) + "\n\n")
	section := func(title string, bs []key.Binding) {
		b.WriteString(" " + st.HelpHeading.Render(title) + "\n")
		kw := 0
		for _, k := range bs {
			kw = max(kw, ansi.StringWidth(k.Help().Key))
		}
		for _, k := range bs {
			h := k.Help()
			b.WriteString("   " + st.HelpKey.Render(h.Key+strings.Repeat(" ", kw-ansi.StringWidth(h.Key))) + "  " + st.HelpDesc.Render(h.Desc) + "\n")
		}
		b.WriteString("\n")
	}
	section(s.ListTitle, list)
	section(s.PagerTitle, pager)
	b.WriteString("   " + st.Description.Render(s.Mouse))
	return b.String()
}
