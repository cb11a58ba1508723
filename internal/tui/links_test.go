package tui

import (
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// TestPagerLinksAreHyperlinks: in the pager a link's text carries its
// number and is a hyperlink to its URL as the terminal gets it (the frame
// read the way bubbletea's renderer reads it, cell by cell), and no
// frame, at any width and scroll position, leaves a hyperlink open on a
// line: whatever slice of the post a screen shows, what follows a link
// (the margin, the status bar, the next frame) is not part of it.
func TestPagerLinksAreHyperlinks(t *testing.T) {
	snap := sampleSnapshot(t)
	const url = "https://gohugo.io/content-management/organization/"
	for _, w := range []int{30, 47, 80, 121} {
		m := New(snap, renders(t), Options{Width: w, Height: 16, Environ: []string{"LANG=en_US.UTF-8"}})
		m.list.move(indexOf(snap, "markdown-over-ssh"))
		send(m, press("enter"))
		found, numbered := false, false
		for step := 0; step < 500; step++ {
			frame := m.View().Content
			for i, l := range strings.Split(frame, "\n") {
				if open := openHyperlink(l); open != "" {
					t.Fatalf("@%d y=%d: line %d leaves a hyperlink to %q open: %q", w, m.pager.y, i, open, l)
				}
			}
			if text := ansi.Strip(frame); strings.Contains(text, "conventions") {
				numbered = numbered || strings.Contains(text, "conventions[1]")
				found = found || linkedCells(frame, w, 16, url) > 0
			}
			if m.pager.y >= m.pager.maxY() {
				break
			}
			send(m, press("space"))
		}
		if !numbered {
			t.Errorf("@%d: the link text lacks its number", w)
		}
		if !found {
			t.Errorf("@%d: no cell of \"Hugo's content conventions\" links to %s", w, url)
		}
	}
}

// openHyperlink returns the URL of the OSC 8 hyperlink still open at the
// end of l, if any.
func openHyperlink(l string) string {
	open := ""
	for {
		i := strings.Index(l, "\x1b]8;")
		if i < 0 {
			return open
		}
		l = l[i+4:]
		end := strings.IndexAny(l, "\x07\x1b")
		if end < 0 {
			return "unterminated"
		}
		_, u, _ := strings.Cut(l[:end], ";")
		open = u
		l = l[end:]
	}
}

// linkedCells draws frame as bubbletea's renderer does and counts the
// cells linked to url.
func linkedCells(frame string, w, h int, url string) int {
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(frame).Draw(buf, uv.Rect(0, 0, w, h))
	n := 0
	for y := range h {
		for x := range w {
			if c := buf.CellAt(x, y); c != nil && c.Link.URL == url {
				n++
			}
		}
	}
	return n
}
