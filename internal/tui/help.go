package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
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
	left := strings.Join(section(s.ListTitle, list), "\n")
	right := strings.Join(section(s.PagerTitle, pager), "\n")
	var body []string
	if 1+lipgloss.Width(left)+4+lipgloss.Width(right) <= m.width {
		gap := strings.Repeat(" ", 4)
		body = strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, left, gap, right), "\n")
	} else {
		body = strings.Split(left+"\n\n"+right, "\n")
	}
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(s.KeysTitle) + "  " + st.Description.Render(s.FullHelpHint) + "\n\n")
	for _, l := range body {
		b.WriteString(" " + l + "\n")
	}
	b.WriteString("\n " + st.Description.Render(s.Mouse))
	return b.String()
}
