package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// TestAmbiguousProbe: a terminal that answers the probe with the cursor
// two cells on (“ drawn wide) gets the post laid out wide, measured so;
// a narrow answer, a report from another row or a later report change
// nothing.
func TestAmbiguousProbe(t *testing.T) {
	if !strings.Contains(ambiguousProbe, "\x1b[2;1H“\x1b[6n") {
		t.Fatalf("the probe does not print “ on row 2 and ask for the cursor: %q", ambiguousProbe)
	}
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), Options{Width: 60, Height: 40})
	m.list.selectPath(snap.Posts[indexOf(snap, "reading-in-the-terminal")].Path)
	send(m, press("enter"))
	narrowKey := m.pager.want
	send(m, tea.CursorPositionMsg{X: 2, Y: 5}) // not the probe's row
	if m.pager.want != narrowKey {
		t.Fatalf("a report from another row changed the layout: %q", m.pager.want)
	}
	send(m, tea.CursorPositionMsg{X: 2, Y: 1})
	if m.pager.want == narrowKey || !strings.Contains(m.pager.want, "wide") {
		t.Fatalf("a wide answer did not lay the post out wide: key %q", m.pager.want)
	}
	sawAmbiguous := false
	for i, l := range strings.Split(m.View().Content, "\n") {
		if strings.ContainsAny(l, "“”") {
			sawAmbiguous = true
		}
		if w := textwrap.StringWidth(l, textwrap.Wide); w > m.width {
			t.Errorf("line %d is %d cells on a wide terminal, window %d: %q", i, w, m.width, l)
		}
	}
	if !sawAmbiguous {
		t.Error("no “ on screen: the test proves nothing")
	}
	send(m, press("esc")) // the list, with its “…” and “·”, fits too
	for i, l := range strings.Split(m.View().Content, "\n") {
		if w := textwrap.StringWidth(l, textwrap.Wide); w > m.width {
			t.Errorf("list line %d is %d cells on a wide terminal, window %d: %q", i, w, m.width, l)
		}
	}
	send(m, press("enter"))
	wideKey := m.pager.want
	send(m, tea.CursorPositionMsg{X: 1, Y: 1}) // a later report
	if m.pager.want != wideKey {
		t.Errorf("a second report changed the layout again")
	}

	n := New(snap, renders(t), Options{Width: 60, Height: 40})
	send(n, press("enter"))
	before := n.pager.want
	send(n, tea.CursorPositionMsg{X: 1, Y: 1})
	if n.pager.want != before || n.amb != textwrap.Narrow {
		t.Errorf("a narrow answer changed the layout: %q", n.pager.want)
	}
}
