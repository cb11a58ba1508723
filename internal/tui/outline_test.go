package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestContentsJumpsExactlyBelowPictures: headings in a quote and a list
// are jumped to exactly (their lines are the render's record, not a
// guess), also when a picture drawn above pushes them down, and the
// table of contents opens on the heading on screen.
func TestContentsJumpsExactlyBelowPictures(t *testing.T) {
	para := strings.Repeat("Words to read on the way down the page. ", 12) + "\n\n"
	body := "![pic](a.png)\n\n" +
		"## Near one\n\nshort\n\n## Near two\n\n" + strings.Repeat(para, 3) +
		"Quoted heading\n\n" + // a paragraph of the quoted heading's words
		"> ## Quoted heading\n>\n> Words to read in the quote.\n\n" + strings.Repeat(para, 3) +
		"- an item\n\n  ### Listed heading\n\n  Words to read in the list.\n\n" + strings.Repeat(para, 8)
	snap := bundleSnapshot(t, body, map[string][]byte{"a.png": smallPNG(t)})
	m := New(snap, renders(t), Options{Width: 60, Height: 16})
	sendAll(m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	sendAll(m, press("enter"))
	if !m.pager.ready || len(m.pager.pics.drawn) != 1 {
		t.Fatalf("post not open with its picture drawn (ready %v, %d pictures)", m.pager.ready, len(m.pager.pics.drawn))
	}
	wants := []string{"Near one", "Near two", "Quoted heading", "Listed heading"}
	for i, want := range wants {
		sendAll(m, press("o"))
		if m.pager.overlay == nil {
			t.Fatal("o did not open the table of contents")
		}
		sendAll(m, press("g"))
		for range i {
			sendAll(m, press("j"))
		}
		sendAll(m, press("enter"))
		y := m.pager.y
		if got := strings.Trim(textOf(m.pager.lines[y]), quoteBar+"• "); got != want {
			t.Errorf("heading %d: top line %q, want %q", i, textOf(m.pager.lines[y]), want)
		}
		// The next text is what follows the heading, not the heading
		// after a paragraph of its words.
		next := y + 1
		for next < len(m.pager.lines) && strings.Trim(textOf(m.pager.lines[next]), quoteBar) == "" {
			next++
		}
		if got := strings.Trim(textOf(m.pager.lines[next]), quoteBar+" "); !strings.HasPrefix(got, "Words to read") && got != "short" {
			t.Errorf("heading %d: %q follows it, not its paragraph", i, got)
		}
		// Opened again, the contents select the heading on screen,
		// counted below the picture.
		sendAll(m, press("o"))
		if m.pager.overlay == nil || m.pager.overlay.sel != i {
			t.Errorf("heading %d on screen: the contents open on entry %d", i, m.pager.overlay.sel)
		}
		sendAll(m, press("esc"))
	}
}

// TestPlaceHeadingsFallsBack: the render's heading lines are used when
// there is one for each heading; else (a piece shown as plain text has
// none) the headings are found by their text.
func TestPlaceHeadingsFallsBack(t *testing.T) {
	md := "# Title one\n\ntext\n\nSecond\n\n## Second\n\nend\n"
	src := []byte(md)
	hs := markdown.Headings(markdown.Parse((*markdown.Dialect)(nil).Parser(false), src, nil), src)
	lines := []string{"Title one", "", "text", "", "Second", "", "Second", "", "end"}
	if got := placeHeadings(lines, []int{0, 6}, hs, len(md)); got[0] != 0 || got[1] != 6 {
		t.Errorf("with the render's rows: %v, want [0 6]", got)
	}
	for _, heads := range [][]int{nil, {0}, {6, 0}, {0, 99}} {
		if got := placeHeadings(lines, heads, hs, len(md)); got[0] != 0 || got[1] != 4 {
			t.Errorf("render rows %v: %v, want the text match [0 4]", heads, got)
		}
	}
}

// quoteBar is the bar the renderer draws before quoted lines.
const quoteBar = "▏"

// TestHeadingRowsBounded checks that placing headings by their text costs
// about one pass over the render, for a hostile post whose headings and
// lines all share their first runes and never match: each heading tried
// every line (77 s on the CI machine for 40,000 of each). The bound is
// 100 times what it takes now, so that a loaded machine cannot fail it.
func TestHeadingRowsBounded(t *testing.T) {
	n := 40_000
	lines := make([]string, n)
	hs := make([]markdown.Heading, n)
	for i := range n {
		lines[i] = fmt.Sprintf("aaaaaaaa line %d", i)
		hs[i] = markdown.Heading{Level: 2, Text: fmt.Sprintf("aaaaaaaa heading %d", i), Offset: i * 20}
	}
	start := time.Now()
	rows := headingRows(lines, hs, n*20)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("headingRows of %d headings took %v", n, took)
	}
	// Not found, each is placed by its offset in the markdown.
	if rows[n/2] != n/2 {
		t.Errorf("heading %d placed at line %d, want %d", n/2, rows[n/2], n/2)
	}
}
