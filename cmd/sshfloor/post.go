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

// postHandler gives each session its own view of the rendered post: the
// bare slicing pager by default, or a bubbles viewport with useViewport.
func postHandler(body string, useViewport bool) func(ssh.Session) (tea.Model, []tea.ProgramOption) {
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n") // cut once, shared read-only
	return func(sess ssh.Session) (tea.Model, []tea.ProgramOption) {
		pty, _, _ := sess.Pty()
		if useViewport {
			vp := viewport.New(viewport.WithWidth(pty.Window.Width), viewport.WithHeight(pty.Window.Height))
			vp.SetContent(body)
			return viewportModel{vp: vp}, nil
		}
		return sliceModel{lines: lines, height: pty.Window.Height}, nil
	}
}

// sliceModel is the floor's pager: a window onto lines wrapped once at
// start. It is written by hand rather than with the bubbles viewport
// because the viewport pads (and so re-wraps) its visible lines with
// lipgloss on every frame (viewport.View in bubbles v2.2.1), which is the
// per-frame cost issue 6 asks the blog to drop: the floor is what a frame
// costs without it.
type sliceModel struct {
	lines       []string
	top, height int
}

// Init implements tea.Model.
func (sliceModel) Init() tea.Cmd { return nil }

// Update implements tea.Model: j/down and k/up scroll by a line, q and
// ctrl+c quit, window sizes set the height.
func (m sliceModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c":
			return m, tea.Quit
		case "j", "down":
			m.top = min(m.top+1, max(0, len(m.lines)-m.height))
		case "k", "up":
			m.top = max(0, m.top-1)
		}
	case tea.WindowSizeMsg:
		m.height = msg.Height
		m.top = min(m.top, max(0, len(m.lines)-m.height))
	}
	return m, nil
}

// View implements tea.Model: the visible lines in the alt screen.
func (m sliceModel) View() tea.View {
	end := min(len(m.lines), m.top+max(0, m.height))
	v := tea.NewView(strings.Join(m.lines[m.top:end], "\n"))
	v.AltScreen = true
	return v
}

// viewportModel is the same pager on a bubbles viewport (--viewport), to
// show what the viewport itself costs per frame.
type viewportModel struct{ vp viewport.Model }

// Init implements tea.Model.
func (viewportModel) Init() tea.Cmd { return nil }

// Update implements tea.Model: q and ctrl+c quit, window sizes resize the
// viewport, and the viewport's own key map scrolls (j/k/up/down and more).
func (m viewportModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
func (m viewportModel) View() tea.View {
	v := tea.NewView(m.vp.View())
	v.AltScreen = true
	return v
}
