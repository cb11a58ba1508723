package tui

import (
	"testing"

	"github.com/sshblog/sshblog/internal/render"
)

// rowsOf places many lines in one pass where rowOf places each: below
// the featured image and every picture drawn above a line at or before
// them (search matches move with the pictures by it).
func TestRowsOfIsRowOfEachLine(t *testing.T) {
	var p pagerView
	p.pics.figures = []render.Figure{{Line: 3}, {Line: 3}, {Line: 10}, {Line: 40}}
	p.pics.drawn = map[int][]string{featured: {"f", "f"}, 1: {"a", "b", "c"}, 3: {"d"}}
	var lines []int
	for i := range 50 {
		lines = append(lines, i)
	}
	got := p.rowsOf(lines, nil)
	for k, i := range lines {
		if want := p.rowOf(i); got[k] != want {
			t.Errorf("line %d: rowsOf %d, rowOf %d", i, got[k], want)
		}
	}
}
