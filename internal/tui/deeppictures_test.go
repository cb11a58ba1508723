package tui

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// TestPagerDeepListPictureFits: a picture in a list item nested so deep
// that less than render.MinWidth of the window is left beside its
// indentation keeps its figure line only: the pool draws pictures at
// least MinWidth wide, and padded by the whole indent one went past the
// window's edge (28 cells in a 24-cell window), which the terminal wraps.
func TestPagerDeepListPictureFits(t *testing.T) {
	wide := image.NewNRGBA(image.Rect(0, 0, 400, 10))
	for i := range wide.Pix {
		wide.Pix[i] = 180
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, wide); err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	md.WriteString("Steps:\n\n")
	// Ordered lists of long numbers indent deepest within the parser's
	// nesting bound.
	const marker = "123456789. "
	depth := 6
	for d := range depth {
		md.WriteString(strings.Repeat(" ", d*len(marker)) + marker + "level\n\n")
	}
	md.WriteString(strings.Repeat(" ", depth*len(marker)) + "![lid](a.png)\n")
	for _, width := range []int{24, 60} {
		snap := bundleSnapshot(t, md.String(), map[string][]byte{"a.png": buf.Bytes()})
		m := New(snap, renders(t), Options{Width: width, Height: 60})
		sendAll(m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
		sendAll(m, press("enter"))
		if !m.pager.ready || m.pager.post.Slug != "b" {
			t.Fatal("post b not open")
		}
		pictured := false
		for i, l := range m.pager.lines {
			pictured = pictured || strings.Contains(l, "▀")
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("%d cells: line %d is %d cells wide: %q", width, i, w, ansi.Strip(l))
			}
		}
		assertFits(t, m)
		if text := ansi.Strip(strings.Join(m.pager.lines, "\n")); !strings.Contains(text, "▢ lid") {
			t.Errorf("%d cells: figure line missing:\n%s", width, text)
		}
		// With room beside the indent, the picture is drawn.
		if width == 60 && !pictured {
			t.Errorf("%d cells: no picture drawn", width)
		}
	}
}
