package main

import (
	"fmt"
	"os"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/ssh"
)

// renderPost reads a markdown file and renders it once, for every session:
// glamour, dark style, wrapped at width. Front matter is dropped, as the
// blog does, so both show the same text.
func renderPost(path string, width int) (string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read post: %w", err)
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(width))
	if err != nil {
		return "", fmt.Errorf("glamour: %w", err)
	}
	out, err := r.Render(stripFrontMatter(string(src)))
	if err != nil {
		return "", fmt.Errorf("render %s: %w", path, err)
	}
	return out, nil
}

// stripFrontMatter drops a leading YAML (---) or TOML (+++) block.
func stripFrontMatter(s string) string {
	for _, fence := range []string{"---", "+++"} {
		if !strings.HasPrefix(s, fence+"\n") {
			continue
		}
		if _, body, ok := strings.Cut(s[len(fence)+1:], "\n"+fence+"\n"); ok {
			return body
		}
	}
	return s
}

// postHandler gives each session a viewport over the rendered post.
func postHandler(body string) func(ssh.Session) (tea.Model, []tea.ProgramOption) {
	return func(sess ssh.Session) (tea.Model, []tea.ProgramOption) {
		pty, _, _ := sess.Pty()
		vp := viewport.New(viewport.WithWidth(pty.Window.Width), viewport.WithHeight(pty.Window.Height))
		vp.SetContent(body)
		return postModel{vp: vp}, nil
	}
}

// postModel is the floor's pager: a viewport and nothing else.
type postModel struct{ vp viewport.Model }

// Init implements tea.Model.
func (postModel) Init() tea.Cmd { return nil }

// Update implements tea.Model: q and ctrl+c quit, window sizes resize the
// viewport, and the viewport's own key map scrolls.
func (m postModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c":
			return m, tea.Quit
		}
	case tea.WindowSizeMsg:
		m.vp.SetWidth(msg.Width)
		m.vp.SetHeight(msg.Height)
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return m, cmd
}

// View implements tea.Model: the viewport in the alt screen.
func (m postModel) View() tea.View {
	v := tea.NewView(m.vp.View())
	v.AltScreen = true
	return v
}
