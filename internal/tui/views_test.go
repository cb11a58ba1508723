package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

var english80 = Options{Width: 80, Height: 24, Environ: []string{"LANG=en_US.UTF-8"}}

// typeText types s a character at a time.
func typeText(m *Model, s string) {
	for _, r := range s {
		send(m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// pagerText is the text the pager shows, without its header and bar.
func pagerText(m *Model) string {
	lines := strings.Split(plain(m), "\n")
	return strings.Join(lines[m.pager.headLines:len(lines)-1], "\n")
}

func TestSearchChineseOpensAtMatch(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), english80)
	send(m, press("/"))
	if m.screen != screenSearch {
		t.Fatalf("/ did not open search")
	}
	typeText(m, "后悔药")
	s := plain(m)
	if m.search.len() != 1 || !strings.Contains(s, "在终端里读书与写作") || !strings.Contains(s, "1 result") {
		t.Fatalf("search 后悔药: %d results:\n%s", m.search.len(), s)
	}
	if !strings.Contains(m.View().Content, m.st.Highlight.Render("后悔药")) {
		t.Errorf("the match is not highlighted in the snippet:\n%s", s)
	}
	assertFits(t, m)
	send(m, press("enter"))
	if m.screen != screenPager || m.pager.y == 0 {
		t.Fatalf("enter: screen %v at line %d, want the post scrolled to its match", m.screen, m.pager.y)
	}
	if !strings.Contains(pagerText(m), "后悔药") {
		t.Errorf("the match is not on screen:\n%s", plain(m))
	}
	send(m, press("esc"))
	if m.screen != screenSearch || m.search.query != "后悔药" {
		t.Errorf("back from the post: screen %v query %q, want the search as it was", m.screen, m.search.query)
	}
	send(m, press("esc"))
	if m.screen != screenList || len(m.stack) != 0 {
		t.Errorf("back from search: screen %v, stack %d, want the home list", m.screen, len(m.stack))
	}
}

func TestSearchEnglishPrefixTypoAndMatches(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), english80)
	// From the pager too; a typo still finds the post.
	m.list.move(indexOf(snap, "notes-from-a-quiet-terminal"))
	send(m, press("enter"))
	send(m, press("/"))
	typeText(m, "Glamuor")
	if indexOf(&site.Snapshot{Posts: m.search.pages()}, "markdown-over-ssh") < 0 {
		t.Fatalf("typo search found %v", m.search.pages())
	}
	for range 4 {
		send(m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	if m.search.query != "Gla" || m.search.len() == 0 {
		t.Fatalf("backspace: query %q, %d results", m.search.query, m.search.len())
	}
	m.search.selectPath(snap.Posts[indexOf(snap, "markdown-over-ssh")].Path)
	send(m, press("enter"))
	f := m.pager.find
	if f == nil || len(f.matches) == 0 || !strings.Contains(strings.ToLower(pagerText(m)), "gla") {
		t.Fatalf("the post did not open at a match of the prefix:\n%s", plain(m))
	}
	first := m.pager.y
	m.Update(press("n")) // not send: the notice's timer would run out
	if len(f.matches) > 1 && m.pager.y <= first {
		t.Errorf("n: line %d, was %d", m.pager.y, first)
	}
	m.Update(press("N"))
	if m.pager.y != first {
		t.Errorf("N: line %d, want back at %d", m.pager.y, first)
	}
	// Back through the search to the post it was opened from.
	send(m, press("q"))
	send(m, press("esc"))
	if m.screen != screenPager || m.pager.post.Slug != "notes-from-a-quiet-terminal" {
		t.Errorf("back twice: screen %v, want the post search was opened from", m.screen)
	}
}

func TestSearchTypesEveryKey(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), english80)
	send(m, press("/"))
	typeText(m, "q?jk/L\x1b[31m")
	if m.screen != screenSearch || m.showHelp || m.search.query != "q?jk/L[31m" {
		t.Errorf("keys were not typed: screen %v help %v query %q", m.screen, m.showHelp, m.search.query)
	}
	// A burst of keys (a paste) runs one search, when the keys are in.
	send(m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	var cmds []tea.Cmd
	for _, r := range "终端" {
		_, cmd := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		cmds = append(cmds, cmd)
	}
	m.Update(cmds[0]())
	if m.search.ran != "" {
		t.Errorf("a search ran for %q while keys were waiting", m.search.ran)
	}
	m.Update(cmds[1]())
	if m.search.ran != "终端" || m.search.len() == 0 {
		t.Errorf("the burst's search: ran %q, %d results", m.search.ran, m.search.len())
	}
	typeText(m, strings.Repeat("x", 2*maxQuery))
	if len(m.search.query) > maxQuery {
		t.Errorf("query grew to %d bytes", len(m.search.query))
	}
}

func TestTagsToPostAndBack(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), english80)
	send(m, press("t"))
	if m.screen != screenTerms {
		t.Fatal("t did not open the tags")
	}
	terms := snap.Terms("tags")
	if m.terms.items[0].name != terms[0].Name || m.terms.items[0].count < m.terms.items[len(m.terms.items)-1].count {
		t.Errorf("tags not most used first: %v", m.terms.items)
	}
	s := plain(m)
	if !strings.Contains(s, "#"+terms[0].Name) || !strings.Contains(s, "most used first") {
		t.Errorf("tags screen:\n%s", s)
	}
	send(m, press("s"))
	for i := 1; i < len(m.terms.items); i++ {
		if strings.ToLower(m.terms.items[i-1].name) > strings.ToLower(m.terms.items[i].name) {
			t.Errorf("s: not by name: %q before %q", m.terms.items[i-1].name, m.terms.items[i].name)
		}
	}
	// To 阅读's posts, the second of them, and back.
	for i, it := range m.terms.items {
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
	if m.screen != screenTerms || m.terms.items[m.terms.menu.cursor].name != "阅读" || !m.terms.byName {
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

func TestDeepLinks(t *testing.T) {
	snap := sampleSnapshot(t)
	for _, tc := range []struct {
		target string
		check  func(m *Model) bool
	}{
		{"less-for-long-books", func(m *Model) bool { return m.screen == screenPager && m.pager.post.Slug == "less-for-long-books" }},
		{"/less-for-long-books/", func(m *Model) bool { return m.screen == screenPager }},
		{"tags/阅读", func(m *Model) bool { return m.screen == screenList && m.listQuery.Term == "阅读" }},
		{"tags/%E9%98%85%E8%AF%BB", func(m *Model) bool { return m.screen == screenList && m.listQuery.Term == "阅读" }},
		{"categories/essays", func(m *Model) bool { return m.screen == screenList && m.listQuery.Term == "Essays" }},
		{"tags", func(m *Model) bool { return m.screen == screenTerms }},
		{"archives", func(m *Model) bool { return m.screen == screenArchive }},
		{"archives/2024", func(m *Model) bool {
			return m.screen == screenList && m.listQuery.Year == 2024 && len(m.list.posts) > 0 && m.below().screen == screenArchive
		}},
		{"archives/2024/05", func(m *Model) bool { return m.screen == screenList && m.listQuery.Month == time.May }},
		{"search/终端", func(m *Model) bool { return m.screen == screenSearch && m.search.len() > 0 }},
		{"search/terminal", func(m *Model) bool { return m.screen == screenSearch && m.search.len() > 0 }},
		{"no-such-post", func(m *Model) bool {
			return m.screen == screenList && strings.Contains(plain(m), `Nothing at "no-such-post"`)
		}},
		{"tags/no-such-tag", func(m *Model) bool { return m.screen == screenList && len(m.stack) == 0 && m.notice != "" }},
		{"x\x1b]0;pwned\x07", func(m *Model) bool { return m.screen == screenList && !strings.Contains(m.View().Content, "\x07") }},
	} {
		m := New(snap, renders(t), Options{Width: 80, Height: 24, Environ: []string{"LANG=en_US.UTF-8"}, Target: tc.target})
		if cmd := m.Init(); cmd != nil {
			send(m, cmd())
		}
		if !tc.check(m) {
			t.Errorf("target %q: screen %v, list %v, notice %q", tc.target, m.screen, m.listQuery, m.notice)
		}
		assertFits(t, m)
		// Back from any of them leads home.
		for range 4 {
			send(m, press("esc"))
		}
		if m.screen != screenList || len(m.stack) != 0 {
			t.Errorf("target %q: esc did not lead home", tc.target)
		}
	}
}

func TestLanguageSwitch(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), english80)
	p := snap.Posts[0]
	en := plain(m)
	if !strings.Contains(en, p.Date.Format("Jan 2, 2006")) || !strings.Contains(en, fmt.Sprintf("%d posts, %s words", len(snap.Posts), group(snap.Words))) {
		t.Errorf("English dates and footer:\n%s", en)
	}
	send(m, press("L"))
	zh := plain(m)
	wantDate := fmt.Sprintf("%d年%d月%d日", p.Date.Year(), p.Date.Month(), p.Date.Day())
	if !strings.Contains(zh, wantDate) || !strings.Contains(zh, fmt.Sprintf("共 %d 篇文章，总计 %d 字", len(snap.Posts), snap.Words)) {
		t.Errorf("L: Chinese dates and footer:\n%s", zh)
	}
	send(m, press("enter"))
	if !strings.Contains(plain(m), "返回") {
		t.Errorf("the pager is not in Chinese:\n%s", plain(m))
	}
	send(m, press("L"))
	if !strings.Contains(plain(m), "back") {
		t.Errorf("L again: not English:\n%s", plain(m))
	}
}

// TestEveryLanguageComplete: a language file that leaves a string out
// would show nothing where it belongs.
func TestEveryLanguageComplete(t *testing.T) {
	for _, code := range Languages() {
		v := reflect.ValueOf(languages[code])
		for i := range v.NumField() {
			if v.Field(i).IsZero() {
				t.Errorf("%s leaves %s unset", code, v.Type().Field(i).Name)
			}
		}
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
	if m.screen != screenTerms || m.terms.items[0].count != 2 {
		t.Errorf("the tags after the deletions: %v", m.terms.items)
	}
}
