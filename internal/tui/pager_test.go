package tui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// bigSite is a blog of one long post (many render pieces) and one short.
func bigSite(t testing.TB, size int) *site.Snapshot {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "posts"), 0o755)
	os.WriteFile(filepath.Join(dir, "posts", "long.md"), []byte("---\ntitle: Long\ndate: 2024-02-01\n---\n"+markdown.Hostile("prose", size)), 0o644)
	os.WriteFile(filepath.Join(dir, "posts", "short.md"), []byte("---\ntitle: Short\ndate: 2024-01-01\n---\nA short post.\n"), 0o644)
	st, err := store.New(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return st.Snapshot()
}

// TestLongRenderShowsProgressAndCanBeLeft: while a long post renders the
// pager shows how far it got, and q leaves at once, stopping the render
// that nobody else waits for.
func TestLongRenderShowsProgressAndCanBeLeft(t *testing.T) {
	// Long enough to be rendering at the first progress report
	// (progressEvery): 4 MB of prose renders in about 180 ms now.
	snap := bigSite(t, 8<<20)
	pool := render.NewPool(render.NewCache(64<<20), 1, render.Options{})
	defer pool.Close()
	for _, tc := range []struct{ lang, want string }{{"LANG=en_US.UTF-8", "Rendering… "}, {"LANG=zh_CN.UTF-8", "正在排版… "}} {
		m := New(snap, pool.Client(), Options{Width: 80, Height: 24, Environ: []string{tc.lang}})
		_, cmd := m.Update(press("enter")) // the long post is first
		var ticket *render.Ticket
		for i := 0; cmd != nil && i < 300; i++ {
			msg := cmd()
			if p, ok := msg.(progressMsg); ok {
				ticket = p.ticket
			}
			_, cmd = m.Update(msg)
			if m.pager.progress > 0 {
				break
			}
		}
		s := plain(m)
		if !m.pager.ready && (!strings.Contains(s, tc.want) || !strings.Contains(s, "%")) {
			t.Errorf("%s: no progress while rendering:\n%s", tc.lang, s)
		}
		if ticket == nil || m.pager.ready {
			t.Fatalf("%s: the render finished before the test could leave it", tc.lang)
		}
		// The status bar's position is not "100%" for a text not there yet.
		if lines := strings.Split(s, "\n"); strings.Contains(lines[len(lines)-1], "100%") {
			t.Errorf("%s: status bar at 100%% while rendering: %q", tc.lang, lines[len(lines)-1])
		}
		m.Update(press("q"))
		if m.screen != screenList {
			t.Fatalf("%s: q did not leave the pager", tc.lang)
		}
		select {
		case <-ticket.Done():
		case <-time.After(time.Minute):
			t.Fatalf("%s: the abandoned render kept running", tc.lang)
		}
		if _, err := ticket.Result(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: the abandoned render ended with %v, want it cancelled", tc.lang, err)
		}
		// A late report of the abandoned render changes nothing.
		if _, cmd := m.Update(progressMsg{key: "stale", ticket: ticket}); cmd != nil || m.screen != screenList {
			t.Errorf("%s: a stale progress report acted", tc.lang)
		}
	}
}

// TestTooLargePostShownAsPlainText: a post over the size limit is its
// source, under a notice, scrollable like any other.
func TestTooLargePostShownAsPlainText(t *testing.T) {
	snap := bigSite(t, 64<<10)
	pool := render.NewPool(render.NewCache(64<<20), 1, render.Options{MaxPostSize: 32 << 10})
	defer pool.Close()
	m := New(snap, pool.Client(), Options{Width: 80, Height: 24, Environ: []string{"LANG=en_US.UTF-8"}})
	send(m, press("enter"))
	s := plain(m)
	if !strings.Contains(s, "too large to lay out") || !strings.Contains(s, "The quick brown fox") {
		t.Errorf("no notice or no text:\n%s", s)
	}
	assertFits(t, m)
	send(m, press("G"))
	if !strings.Contains(plain(m), "100%") {
		t.Error("G did not reach the end of the plain text")
	}
	lines := strings.Split(plain(m), "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines on a 24-line screen", len(lines))
	}
}

// TestScrollingKeepsTheFrame: every key and wheel step leaves a frame of
// exactly the window's size, the status bar on the last row.
func TestScrollingKeepsTheFrame(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), Options{Width: 90, Height: 20})
	m.list.move(indexOf(snap, "reading-in-the-terminal"))
	send(m, press("enter"))
	for _, msg := range []tea.Msg{press("j"), press("space"), tea.MouseWheelMsg{Button: tea.MouseWheelDown}, press("k"), press("b"), press("G"), press("g"), tea.MouseWheelMsg{Button: tea.MouseWheelUp}} {
		before := m.pager.y
		send(m, msg)
		lines := strings.Split(plain(m), "\n")
		if len(lines) != 20 || !strings.Contains(lines[19], "%") {
			t.Errorf("after %v (y %d -> %d): %d lines, last %q", msg, before, m.pager.y, len(lines), lines[len(lines)-1])
		}
		assertFits(t, m)
	}
	send(m, press("G"))
	if m.pager.y != m.pager.total()-m.pager.height {
		t.Errorf("G: first line %d, want %d", m.pager.y, m.pager.total()-m.pager.height)
	}
	send(m, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if m.pager.y != m.pager.total()-m.pager.height-wheelLines {
		t.Errorf("wheel up scrolled to %d", m.pager.y)
	}
}

// BenchmarkPagerScroll is the server's cost of one scroll key on a long
// post: Update and View, as bubbletea calls them.
func BenchmarkPagerScroll(b *testing.B) {
	snap := bigSite(b, 256<<10)
	m := New(snap, renders(b), Options{Width: 100, Height: 40})
	send(m, press("enter"))
	if !m.pager.ready {
		b.Fatal("not rendered")
	}
	down, up := press("j"), press("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i/200%2 == 1 {
			k = up
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}

// TestStaleRenderIgnored: after resizing away and back, the first
// request's end (cancelled) must not replace the current one's.
func TestStaleRenderIgnored(t *testing.T) {
	snap := bigSite(t, 1<<20)
	pool := render.NewPool(render.NewCache(64<<20), 1, render.Options{})
	defer pool.Close()
	m := New(snap, pool.Client(), Options{Width: 80, Height: 24})
	m.Update(press("enter"))
	old := m.pager.ticket
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if m.pager.ticket == old {
		t.Fatal("the pager did not ask again")
	}
	m.Update(renderedMsg{key: m.pager.want, ticket: old, err: context.Canceled})
	if m.pager.ready || m.pager.err != nil {
		t.Errorf("a stale, cancelled render was shown (ready %v, err %v)", m.pager.ready, m.pager.err)
	}
	send(m, tea.WindowSizeMsg{Width: 90, Height: 24})
	if !m.pager.ready || m.pager.err != nil || len(m.pager.lines) == 0 {
		t.Errorf("the current render did not arrive: ready %v, err %v", m.pager.ready, m.pager.err)
	}
}
