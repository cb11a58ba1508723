package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/store"
)

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

// TestDeepLinkAliases: a deep link resolves as cat and read do: by slug,
// alias, url and old slug.
func TestDeepLinkAliases(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "posts", "new-name.md"), []byte("---\ntitle: Moved\ndate: 2024-01-01\naliases: [/2019/old-name/]\nurl: /p/moved/\n---\ntext\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.New(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"new-name", "2019/old-name", "/2019/old-name/", "p/moved"} {
		m := New(st.Snapshot(), renders(t), Options{Width: 80, Height: 24, Target: target})
		if m.screen != screenPager || m.pager.post.Title != "Moved" {
			t.Errorf("target %q: screen %v, want the post", target, m.screen)
		}
	}
}

// A deep link is the client's command line, up to 256 KB: looking it up
// must cost about its size, not its size for every term of the site.
func TestLongDeepLinkBounded(t *testing.T) {
	dir := t.TempDir()
	var tags strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&tags, "  - Tag %d\n", i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	post := "---\ntitle: Tagged\ndate: 2024-01-01\ntags:\n" + tags.String() + "---\nbody\n"
	if err := os.WriteFile(filepath.Join(dir, "posts", "a.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.New(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	m := New(st.Snapshot(), renders(t), Options{Width: 80, Height: 24, Environ: []string{"LANG=en_US.UTF-8"}})
	target := "tags/" + strings.Repeat("Ab ", 80_000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m.openTarget(target)
	runtime.ReadMemStats(&after)
	// Folding the 240 KB name once per term allocated about 480 MB.
	if got := after.TotalAlloc - before.TotalAlloc; got > 32<<20 {
		t.Errorf("a %d KB deep link allocated %d MB", len(target)>>10, got>>20)
	}
	if m.screen != screenList || !strings.Contains(plain(m), "Nothing at") {
		t.Errorf("a too long deep link is not reported: screen %v\n%s", m.screen, plain(m))
	}
}
