package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/site"
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
	marked := false
	for _, l := range strings.Split(pagerText(m), "\n") {
		marked = marked || strings.Contains(l, "▌") && strings.Contains(l, "后悔药")
	}
	if !marked {
		t.Errorf("the line of the match is not marked:\n%s", plain(m))
	}
	assertFits(t, m)
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
