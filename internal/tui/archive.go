package tui

import (
	"fmt"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/sshblog/sshblog/internal/site"
)

// archiveItem is one row of the archive: a year, or a month of it.
type archiveItem struct {
	year  int
	month time.Month // 0 for the year's row
	count int
}

// archiveView is Stack's archives page for a terminal: the years, newest
// first, each with its months and their post counts.
type archiveView struct {
	items []archiveItem
	menu  menu
	width int
}

func newArchive(snap *site.Snapshot) archiveView {
	var a archiveView
	a.refresh(snap)
	return a
}

func (a *archiveView) refresh(snap *site.Snapshot) {
	var sel archiveItem
	if a.menu.cursor < len(a.items) {
		sel = a.items[a.menu.cursor]
	}
	a.items = a.items[:0]
	for _, m := range snap.Months() {
		if n := len(a.items); n == 0 || a.items[findYear(a.items)].year != m.Year {
			a.items = append(a.items, archiveItem{year: m.Year})
		}
		a.items[findYear(a.items)].count += m.Count
		a.items = append(a.items, archiveItem{year: m.Year, month: m.Month, count: m.Count})
	}
	a.menu.n, a.menu.cursor = len(a.items), 0
	for i, it := range a.items {
		if it.year == sel.year && it.month == sel.month {
			a.menu.cursor = i
		}
	}
	a.menu.clamp()
}

// findYear is the index of the last year row.
func findYear(items []archiveItem) int {
	for i := len(items) - 1; i >= 0; i-- {
		if items[i].month == 0 {
			return i
		}
	}
	return 0
}

// selectYear moves the cursor to a year's row, if the archive has it.
func (a *archiveView) selectYear(y int) bool {
	for i, it := range a.items {
		if it.year == y && it.month == 0 {
			a.menu.cursor = i
			a.menu.clamp()
			return true
		}
	}
	return false
}

func (a *archiveView) setSize(width, height int) {
	a.width = width
	a.menu.setHeight(height)
}

func (a *archiveView) selected() (archiveItem, bool) {
	if a.menu.cursor >= len(a.items) {
		return archiveItem{}, false
	}
	return a.items[a.menu.cursor], true
}

func (a *archiveView) view(st styles, s Strings) string {
	if len(a.items) == 0 {
		return st.Description.Render(s.NoPosts)
	}
	return a.menu.draw(st, max(1, a.width), func(i int, style lipgloss.Style) (string, string, lipgloss.Style) {
		it := a.items[i]
		label := s.Year(it.year)
		if it.month != 0 {
			label = "  " + s.Month(it.year, it.month)
		} else {
			style = style.Bold(true)
		}
		return label, fmt.Sprint(it.count), style
	})
}
