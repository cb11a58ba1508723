package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpView lists every key, for the lists, the pager, and searching and
// browsing: side by side when the window is wide enough, one above the
// other otherwise, scrolled by helpY in a short window.
func (m *Model) helpView() string {
	st, s := m.st, m.str
	list, pager, browse := m.keys.fullHelp()
	section := func(title string, bs []key.Binding) string {
		lines := []string{st.HelpHeading.Render(title)}
		kw := 0
		for _, k := range bs {
			kw = max(kw, ansi.StringWidth(k.Help().Key))
		}
		for _, k := range bs {
			h := k.Help()
			lines = append(lines, "  "+st.HelpKey.Render(h.Key+strings.Repeat(" ", kw-ansi.StringWidth(h.Key)))+"  "+st.HelpDesc.Render(h.Desc))
		}
		return strings.Join(lines, "\n")
	}
	sections := []string{section(s.ListTitle, list), section(s.PagerTitle, pager), section(s.BrowseTitle, browse)}
	gap := strings.Repeat(" ", 4)
	var body []string
	switch {
	case 1+lipgloss.Width(sections[0])+4+lipgloss.Width(sections[1])+4+lipgloss.Width(sections[2]) <= m.width:
		body = strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, sections[0], gap, sections[1], gap, sections[2]), "\n")
	case 1+lipgloss.Width(sections[0])+4+lipgloss.Width(sections[1]) <= m.width:
		body = strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, sections[0], gap, sections[1])+"\n\n"+sections[2], "\n")
	default:
		body = strings.Split(strings.Join(sections, "\n\n"), "\n")
	}
	body = append(body, "", st.Description.Render(s.Mouse))
	m.helpY = max(0, min(m.helpY, len(body)+2-m.height))
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(s.KeysTitle) + "  " + st.Description.Render(s.FullHelpHint) + "\n\n")
	for i, l := range body[m.helpY:] {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(" " + l)
	}
	return b.String()
}

// scrollHelp scrolls the help screen by a key or the wheel.
func (m *Model) scrollHelp(msg tea.Msg) {
	k := m.keys
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.helpY -= wheelLines
		case tea.MouseWheelDown:
			m.helpY += wheelLines
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			m.helpY--
		case key.Matches(msg, k.Down):
			m.helpY++
		case key.Matches(msg, k.PageUp):
			m.helpY -= m.height
		case key.Matches(msg, k.PageDown):
			m.helpY += m.height
		}
	}
	m.helpY = max(0, m.helpY) // and at most the end: see helpView
}
