package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// menu is the cursor and scrolling of a list of one-line rows (tags,
// the archive): the views that use it hold the rows.
type menu struct {
	n      int // rows
	cursor int
	offset int
	height int // rows on screen
}

func (m *menu) setHeight(h int) {
	m.height = max(1, h)
	m.clamp()
}

func (m *menu) move(delta int) {
	m.cursor = max(0, min(m.n-1, m.cursor+delta))
	m.clamp()
}

func (m *menu) clamp() {
	m.cursor = max(0, min(m.cursor, m.n-1))
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.height {
		m.offset = m.cursor - m.height + 1
	}
	m.offset = max(0, min(m.offset, m.n-m.height))
}

// window is the range of rows on screen.
func (m *menu) window() (lo, hi int) { return m.offset, min(m.n, m.offset+m.height) }

// update moves the cursor for a movement key or the wheel; it reports
// whether msg was one.
func (m *menu) update(msg tea.Msg, k keyMap) bool {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			m.move(-1)
		case key.Matches(msg, k.Down):
			m.move(1)
		case key.Matches(msg, k.PageUp):
			m.move(-m.height)
		case key.Matches(msg, k.PageDown):
			m.move(m.height)
		case key.Matches(msg, k.Top):
			m.move(-m.n)
		case key.Matches(msg, k.Bottom):
			m.move(m.n)
		default:
			return false
		}
		return true
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.move(-1)
		case tea.MouseWheelDown:
			m.move(1)
		}
		return true
	}
	return false
}
