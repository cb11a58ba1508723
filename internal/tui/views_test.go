package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

func TestTagsToPostAndBack(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), english80)
	send(m, press("t"))
	if m.screen != screenTerms {
		t.Fatal("t did not open the tags")
	}
	terms := snap.Terms("tags")
	if m.terms.rows()[0].name != terms[0].Name || m.terms.rows()[0].count < m.terms.rows()[len(m.terms.rows())-1].count {
		t.Errorf("tags not most used first: %v", m.terms.rows())
	}
	s := plain(m)
	if !strings.Contains(s, "#"+terms[0].Name) || !strings.Contains(s, "most used first") {
		t.Errorf("tags screen:\n%s", s)
	}
	send(m, press("s"))
	for i := 1; i < len(m.terms.rows()); i++ {
		if strings.ToLower(m.terms.rows()[i-1].name) > strings.ToLower(m.terms.rows()[i].name) {
			t.Errorf("s: not by name: %q before %q", m.terms.rows()[i-1].name, m.terms.rows()[i].name)
		}
	}
	// To 阅读's posts, the second of them, and back.
	for i, it := range m.terms.rows() {
		if it.name == "阅读" {
			m.terms.menu.move(i)
		}
	}
	send(m, press("enter"))
	want := snap.TermPosts("tags", "阅读")
	if m.screen != screenList || len(m.list.posts) != len(want) || !strings.Contains(plain(m), "Tags: 阅读") {
		t.Fatalf("tag list: %v\n%s", m.list.posts, plain(m))
	}
	send(m, press("j"))
	send(m, press("enter"))
	if m.pager.post != want[1] {
		t.Fatalf("opened %v, want %s", m.pager.post, want[1].Slug)
	}
	send(m, press("q"))
	if m.screen != screenList || m.list.cursor != 1 {
		t.Errorf("back: screen %v cursor %d, want the tag's list at the same post", m.screen, m.list.cursor)
	}
	send(m, press("q"))
	if m.screen != screenTerms || m.terms.rows()[m.terms.menu.cursor].name != "阅读" || !m.terms.byName {
		t.Errorf("back: screen %v, want the tags by name at 阅读", m.screen)
	}
	send(m, press("q"))
	if m.screen != screenList || m.listQuery.Kind != site.ListPosts {
		t.Errorf("back: screen %v, want the home list", m.screen)
	}
	send(m, press("c"))
	if m.screen != screenTerms || !strings.Contains(plain(m), "Categories") {
		t.Errorf("c: screen %v\n%s", m.screen, plain(m))
	}
}

func TestArchiveByYearAndMonth(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), english80)
	send(m, press("a"))
	if m.screen != screenArchive {
		t.Fatal("a did not open the archive")
	}
	s := plain(m)
	first := snap.Months()[0]
	if !strings.Contains(s, fmt.Sprint(first.Year)) || !strings.Contains(s, fmt.Sprintf("%s %d", first.Month, first.Year)) {
		t.Errorf("archive lacks %v:\n%s", first, s)
	}
	total := 0
	for _, it := range m.archive.items {
		if it.month == 0 {
			total += it.count
		}
	}
	if total != len(snap.MonthPosts(first.Year, 0))+countBefore(snap, first.Year) {
		t.Errorf("year counts add up to %d", total)
	}
	send(m, press("j")) // the newest month
	send(m, press("enter"))
	if m.screen != screenList || m.listQuery.Kind != site.ListMonth || len(m.list.posts) != first.Count {
		t.Errorf("month list: %v, %d posts, want %d", m.listQuery, len(m.list.posts), first.Count)
	}
	if !strings.Contains(plain(m), fmt.Sprintf("Archive: %s %d", first.Month, first.Year)) {
		t.Errorf("month list heading:\n%s", plain(m))
	}
	send(m, press("q"))
	if m.screen != screenArchive || m.archive.menu.cursor != 1 {
		t.Errorf("back to the archive at the month: screen %v cursor %d", m.screen, m.archive.menu.cursor)
	}
}

// countBefore counts the dated posts of years before y.
func countBefore(snap *site.Snapshot, y int) int {
	n := 0
	for _, mo := range snap.Months() {
		if mo.Year < y {
			n += mo.Count
		}
	}
	return n
}

func TestPostTermsAndRelated(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), Options{Width: 100, Height: 30, Environ: []string{"LANG=en_US.UTF-8"}})
	m.list.move(indexOf(snap, "reading-in-the-terminal"))
	send(m, press("enter"))
	related := snap.Related(m.pager.post, relatedCount)
	if len(related) == 0 {
		t.Fatal("the sample post has no related posts")
	}
	send(m, press("G"))
	if s := plain(m); !strings.Contains(s, "Related posts") || !strings.Contains(s, related[0].Title) {
		t.Errorf("the end of the post lacks its related posts:\n%s", s)
	}
	send(m, press("#"))
	s := plain(m)
	for _, want := range []string{"#终端", "#terminal", "Related posts: " + related[0].Title} {
		if !strings.Contains(s, want) {
			t.Errorf("the post's terms lack %q:\n%s", want, s)
		}
	}
	send(m, press("G")) // the last row: a related post
	send(m, press("enter"))
	if m.screen != screenPager || m.pager.post != related[len(related)-1] {
		t.Errorf("enter on a related post opened %v", m.pager.post)
	}
	send(m, press("q"))
	send(m, press("g"))
	send(m, press("enter")) // the first tag
	if m.screen != screenList || m.listQuery.Term != "终端" {
		t.Errorf("enter on a tag: %v", m.listQuery)
	}
}

func TestNextPreviousAndReadingPosition(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), english80)
	send(m, press("enter"))
	send(m, press("]"))
	if m.pager.post != snap.Posts[1] || m.list.cursor != 0 || m.below().list.cursor != 1 {
		t.Fatalf("]: %v, list cursor %d", m.pager.post.Slug, m.below().list.cursor)
	}
	send(m, press("["))
	m.Update(press("[")) // not send: the notice's timer would run out
	if m.pager.post != snap.Posts[0] || !strings.Contains(m.notice, "first post") {
		t.Errorf("[ at the first post: %v, notice %q", m.pager.post.Slug, m.notice)
	}
	// The reading position of a post is kept in the session.
	i := indexOf(snap, "markdown-over-ssh")
	send(m, press("q"))
	m.list.move(i - m.list.cursor)
	send(m, press("enter"))
	for range 3 {
		send(m, press("space"))
	}
	y := m.pager.y
	send(m, press("q"))
	send(m, press("g"))
	send(m, press("enter"))
	send(m, press("q"))
	m.list.move(i)
	send(m, press("enter"))
	if m.pager.y != y || y == 0 {
		t.Errorf("back in the post at line %d, left it at %d", m.pager.y, y)
	}
}

func TestHelpListsEveryViewAndScrolls(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 120, Height: 50, Environ: []string{"LANG=en_US.UTF-8"}})
	send(m, press("?"))
	s := plain(m)
	list, pager, browse := m.keys.fullHelp()
	for _, b := range append(append(list, pager...), browse...) {
		if !strings.Contains(s, b.Help().Desc) {
			t.Errorf("help lacks %q", b.Help().Desc)
		}
	}
	for _, want := range []string{"/", "#", "]", "L", "search", "archive", "related", "next match"} {
		if !strings.Contains(s, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	send(m, press("?"))
	send(m, tea.WindowSizeMsg{Width: 40, Height: 12})
	send(m, press("?"))
	top := plain(m)
	send(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if plain(m) == top {
		t.Error("the wheel does not scroll a help taller than the window")
	}
	assertFits(t, m)
}

func TestWheelScrollsEveryView(t *testing.T) {
	snap := sampleSnapshot(t)
	down := tea.MouseWheelMsg{Button: tea.MouseWheelDown}
	for _, k := range []string{"t", "a", "/"} {
		m := New(snap, renders(t), Options{Width: 80, Height: 8})
		send(m, press(k))
		if k == "/" {
			typeText(m, "e")
		}
		before := plain(m)
		send(m, down)
		if plain(m) == before {
			t.Errorf("%s: the wheel did not move", k)
		}
	}
}

func TestViewsFitEveryWidth(t *testing.T) {
	snap := sampleSnapshot(t)
	for _, w := range []int{40, 80, 120} {
		for _, keys := range [][]string{{"t"}, {"c"}, {"a"}, {"a", "j", "enter"}, {"/"}, {"enter", "#"}, {"enter", "G"}, {"?"}} {
			m := New(snap, renders(t), Options{Width: w, Height: 24})
			for _, k := range keys {
				send(m, press(k))
			}
			if keys[0] == "/" {
				typeText(m, "终端 term")
			}
			assertFits(t, m)
		}
	}
}

// TestSnapshotChangeUnderViews: each view keeps its place when the blog
// changes, and a deleted post closes with a notice, wherever it is in the
// stack.
func TestSnapshotChangeUnderViews(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		write(fmt.Sprintf("posts/p%d.md", i), fmt.Sprintf("---\ntitle: Post %d\ndate: 2024-0%d-01\ntags: [go]\n---\nsearchable words %d\n", i, i+1, i))
	}
	load := func() *site.Snapshot {
		st, err := store.New(store.Options{Dir: dir, Parse: page.Options{}})
		if err != nil {
			t.Fatal(err)
		}
		return st.Snapshot()
	}
	m := New(load(), renders(t), english80)
	send(m, press("t"))
	send(m, press("enter")) // #go: p4..p0
	send(m, press("j"))
	send(m, press("j")) // p2
	send(m, press("enter"))
	send(m, press("/"))
	typeText(m, "searchable")
	send(m, tea.KeyPressMsg{Code: tea.KeyDown}) // p3
	sel := m.search.selected().Path

	// p0 goes: the search keeps its selection, the tag list loses a post.
	os.Remove(filepath.Join(dir, "posts/p0.md"))
	m.Update(SnapshotMsg{Snap: load()})
	if m.screen != screenSearch || m.search.selected().Path != sel || m.search.len() != 4 {
		t.Errorf("search after a change: %d results, selected %v", m.search.len(), m.search.selected())
	}
	// p2, open under the search, goes: its layer closes.
	os.Remove(filepath.Join(dir, "posts/p2.md"))
	m.Update(SnapshotMsg{Snap: load()})
	send(m, press("esc"))
	if m.screen != screenList || m.list.selected() == nil || len(m.list.posts) != 3 {
		t.Fatalf("back from search: screen %v, %d posts", m.screen, len(m.list.posts))
	}
	// The post on screen goes: it closes with a notice.
	send(m, press("enter"))
	gone := m.pager.post.Path
	os.Remove(filepath.Join(dir, gone))
	m.Update(SnapshotMsg{Snap: load()})
	if m.screen != screenList || !strings.Contains(plain(m), "This post was removed") {
		t.Errorf("a deleted post on screen: screen %v\n%s", m.screen, plain(m))
	}
	for _, p := range m.list.posts {
		if p.Path == gone {
			t.Errorf("the list still shows %s", gone)
		}
	}
	send(m, press("q"))
	if m.screen != screenTerms || m.terms.rows()[0].count != 2 {
		t.Errorf("the tags after the deletions: %v", m.terms.rows())
	}
}

// rows are the rows of a terms screen.
func (t *termsView) rows() []termItem {
	out := make([]termItem, t.len())
	for i := range out {
		out[i] = t.item(i)
	}
	return out
}
