package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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
	m.offset = scrolled(m.cursor, m.offset, m.height, m.n)
}

// scrolled is the offset of the first of vis rows on screen out of n, moved
// from offset as little as needed to show the cursor's row, and the screen
// kept full when the rows reach past it: the lists, menus and search
// results of every screen scroll by it.
func scrolled(cursor, offset, vis, n int) int {
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+vis {
		offset = cursor - vis + 1
	}
	return max(0, min(offset, n-vis))
}

// window is the range of rows on screen.
func (m *menu) window() (lo, hi int) { return m.offset, min(m.n, m.offset+m.height) }

// update moves the cursor for a movement key or the wheel; it reports
// whether msg was one.
func (m *menu) update(msg tea.Msg, k keyMap) bool {
	d, ok := movement(msg, k, m.height, m.n)
	if ok {
		m.move(d)
	}
	return ok
}

// movement is how far a movement key or the mouse wheel moves the cursor
// of a list of n rows showing page of them; ok is false for any other
// message. The lists and menus of every screen move by it.
func movement(msg tea.Msg, k keyMap, page, n int) (delta int, ok bool) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			return -1, true
		case key.Matches(msg, k.Down):
			return 1, true
		case key.Matches(msg, k.PageUp):
			return -page, true
		case key.Matches(msg, k.PageDown):
			return page, true
		case key.Matches(msg, k.Top):
			return -n, true
		case key.Matches(msg, k.Bottom):
			return n, true
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			return -1, true
		case tea.MouseWheelDown:
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// draw lays out the rows on screen, w cells wide: the cursor's with the
// selection bar and style; each row's label, right-hand text and style
// from rowAt, given the style the cursor decides.
func (m *menu) draw(st styles, w int, rowAt func(i int, style lipgloss.Style) (label, right string, _ lipgloss.Style)) string {
	var b strings.Builder
	lo, hi := m.window()
	for i := lo; i < hi; i++ {
		bar, style := "  ", st.ItemTitle
		if i == m.cursor {
			bar, style = st.SelBar.Render("▌ "), st.SelTitle
		}
		label, right, style := rowAt(i, style)
		b.WriteString(bar + row(label, right, style, st.ItemMeta, w-2))
		if i < hi-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
