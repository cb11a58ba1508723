package tui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

func sampleSnapshot(t *testing.T) *site.Snapshot {
	t.Helper()
	st, err := store.New(store.Options{Dir: "../../content", Parse: page.Options{HasCJKLanguage: true}})
	if err != nil {
		t.Fatal(err)
	}
	return st.Snapshot()
}

// renders is a session's render client on a pool of its own.
func renders(t testing.TB) *render.Client {
	p := render.NewPool(render.NewCache(8<<20), 1, render.Options{})
	t.Cleanup(p.Close)
	return p.Client()
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// send delivers msg and runs any command it returns (renders included)
// until the model is quiet, like the bubbletea runtime would.
func send(m *Model, msg tea.Msg) tea.Cmd {
	_, cmd := m.Update(msg)
	for cmd != nil {
		out := cmd()
		if _, ok := out.(tea.QuitMsg); ok {
			return cmd
		}
		if out == nil {
			return nil
		}
		_, cmd = m.Update(out)
	}
	return nil
}

func plain(m *Model) string { return ansi.Strip(m.View().Content) }

func assertFits(t *testing.T, m *Model) {
	t.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) > m.height {
		t.Errorf("view has %d lines, window has %d", len(lines), m.height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.width {
			t.Errorf("line %d is %d cells, window is %d: %q", i, w, m.width, ansi.Strip(l))
		}
	}
}

func indexOf(snap *site.Snapshot, slug string) int {
	for i, p := range snap.Posts {
		if p.Slug == slug {
			return i
		}
	}
	return -1
}

func TestListShowsPostsAndFooter(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), Options{Width: 100, Height: 30, Environ: []string{"LANG=en_US.UTF-8"}})
	s := plain(m)
	for _, want := range []string{snap.Site.Title, snap.Posts[0].Title, snap.Posts[1].Title, fmt.Sprintf("%d posts, %s words", len(snap.Posts), group(snap.Words))} {
		if !strings.Contains(s, want) {
			t.Errorf("list screen lacks %q:\n%s", want, s)
		}
	}
	assertFits(t, m)
}

func TestOpenReadAndReturn(t *testing.T) {
	snap := sampleSnapshot(t)
	for _, w := range []int{80, 120} {
		m := New(snap, renders(t), Options{Width: w, Height: 30})
		i := indexOf(snap, "reading-in-the-terminal")
		for range i {
			send(m, press("j"))
		}
		send(m, press("enter"))
		s := plain(m)
		if !strings.Contains(s, "在终端里读书与写作") || !strings.Contains(s, "为什么偏偏是终端") {
			t.Fatalf("@%d: pager does not show the post:\n%s", w, s)
		}
		if !strings.Contains(s, "0%") {
			t.Errorf("@%d: status bar lacks position", w)
		}
		assertFits(t, m)
		send(m, press("space"))
		if !strings.Contains(plain(m), "%") || m.pager.y == 0 {
			t.Errorf("@%d: space did not scroll", w)
		}
		send(m, press("G"))
		if !strings.Contains(plain(m), "100%") {
			t.Errorf("@%d: G did not reach the end", w)
		}
		send(m, press("q"))
		if m.screen != screenList || m.list.cursor != i {
			t.Errorf("@%d: q did not return to the list at the same post (cursor %d, want %d)", w, m.list.cursor, i)
		}
		if cmd := send(m, press("q")); cmd == nil {
			t.Errorf("@%d: q on the list did not quit", w)
		}
	}
}

func TestHelpListsKeys(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 80, Height: 40})
	send(m, press("?"))
	s := plain(m)
	for _, want := range []string{"enter", "q", "space/pgdn", "b/pgup", "g/home", "G/end", "page down", "quit"} {
		if !strings.Contains(s, want) {
			t.Errorf("help lacks %q:\n%s", want, s)
		}
	}
	send(m, press("?"))
	if m.showHelp || strings.Contains(plain(m), "page down") {
		t.Error("? did not close help")
	}
}

func TestResizeRewraps(t *testing.T) {
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), Options{Width: 120, Height: 30})
	m.list.move(indexOf(snap, "reading-in-the-terminal"))
	send(m, press("enter"))
	wide := len(m.pager.lines)
	send(m, tea.WindowSizeMsg{Width: 60, Height: 30})
	narrow := len(m.pager.lines)
	if narrow <= wide {
		t.Errorf("re-wrap at 60 columns has %d lines, at 120 had %d", narrow, wide)
	}
	assertFits(t, m)
}

func TestHostileWindowSizes(t *testing.T) {
	snap := sampleSnapshot(t)
	// 80x3: the pager's header, a blank line, a line of text and the
	// status bar do not fit: the frame is cut as the list's is.
	for _, sz := range [][2]int{{0, 0}, {5000, 100000}, {1, 1}, {-3, 7}, {80, 3}, {100, 1}} {
		m := New(snap, renders(t), Options{Width: sz[0], Height: sz[1]})
		send(m, press("enter"))
		if m.width < 1 || m.width > MaxSize || m.height < 1 || m.height > MaxSize || m.width*m.height > MaxCells {
			t.Errorf("size %v clamped to %dx%d", sz, m.width, m.height)
		}
		assertFits(t, m)
		send(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		assertFits(t, m)
	}
}

func TestLightBackgroundSwitchesStyle(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 80, Height: 24})
	send(m, press("enter"))
	darkKey := m.pager.want
	send(m, tea.BackgroundColorMsg{Color: color.White})
	if m.dark || m.pager.want == darkKey || !strings.Contains(m.pager.want, "light") {
		t.Errorf("light background: dark=%v render key %q", m.dark, m.pager.want)
	}
}

func TestChineseUI(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 100, Height: 30, Environ: []string{"LANG=zh_CN.UTF-8"}})
	s := plain(m)
	if !strings.Contains(s, "篇文章") || !strings.Contains(s, "字") || !strings.Contains(s, "分钟") {
		t.Errorf("Chinese UI strings missing:\n%s", s)
	}
	assertFits(t, m)
}

func TestSnapshotUpdateKeepsReaderInPlace(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		p := dir + "/" + rel
		os.MkdirAll(p[:strings.LastIndexByte(p, '/')], 0o755)
		os.WriteFile(p, []byte(body), 0o644)
		later := time.Now().Add(time.Duration(len(body)) * time.Second)
		os.Chtimes(p, later, later)
	}
	write("posts/a.md", "---\ntitle: Alpha\ndate: 2024-01-01\n---\nalpha body\n")
	write("posts/b.md", "---\ntitle: Beta\ndate: 2024-02-01\n---\nbeta body\n")
	st, err := store.New(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	m := New(st.Snapshot(), renders(t), Options{Width: 80, Height: 24, Environ: []string{"LANG=en_US.UTF-8"}})
	send(m, press("j")) // Alpha
	write("posts/c.md", "---\ntitle: Gamma\ndate: 2024-03-01\n---\ngamma\n")
	st.Reload(context.Background())
	m.Update(SnapshotMsg{Snap: st.Snapshot()})
	if s := plain(m); !strings.Contains(s, "Gamma") || !strings.Contains(s, "The blog was updated") || m.list.selected().Title != "Alpha" {
		t.Fatalf("list not updated in place (selected %q):\n%s", m.list.selected().Title, s)
	}
	send(m, press("enter"))
	write("posts/a.md", "---\ntitle: Alpha\ndate: 2024-01-01\n---\nREVISED alpha body, now longer\n")
	st.Reload(context.Background())
	m.Update(SnapshotMsg{Snap: st.Snapshot()})
	if s := plain(m); strings.Contains(s, "REVISED") || !strings.Contains(s, "press r to reload") {
		t.Fatalf("open post changed under the reader or no notice:\n%s", s)
	}
	send(m, press("r"))
	if s := plain(m); !strings.Contains(s, "REVISED") || strings.Contains(s, "press r") {
		t.Fatalf("r did not reload the post or the notice stayed:\n%s", s)
	}
	send(m, press("q"))
	if strings.Contains(plain(m), "press r") {
		t.Error("pager notice shown on the list")
	}
}

func TestTranslationsCycleAndReload(t *testing.T) {
	langs := map[string]bool{"zh-cn": true, "en": true, "ja": true}
	dir := t.TempDir()
	for rel, body := range map[string]string{
		"posts/hello/index.md":    "---\ntitle: 你好\ndate: 2024-01-01\n---\n中文正文\n",
		"posts/hello/index.en.md": "---\ntitle: Hello\ndate: 2024-01-01\n---\nEnglish body\n",
		"posts/hello/index.ja.md": "---\ntitle: こんにちは\ndate: 2024-01-01\n---\n日本語\n",
	} {
		os.MkdirAll(dir+"/posts/hello", 0o755)
		os.WriteFile(dir+"/"+rel, []byte(body), 0o644)
	}
	st, err := store.New(store.Options{Dir: dir,
		Site:  site.Config{Language: "zh-cn", LanguageNames: map[string]string{"en": "English", "zh-cn": "中文"}},
		Parse: page.Options{Languages: langs, DefaultLanguage: "zh-cn"}})
	if err != nil {
		t.Fatal(err)
	}
	m := New(st.Snapshot(), renders(t), Options{Width: 80, Height: 24})
	send(m, press("enter"))
	if s := plain(m); !strings.Contains(s, "English, ja (t)") {
		t.Errorf("the header should name the other languages (by name where the site gives one):\n%s", s)
	}
	var seen []string
	for range 4 {
		send(m, press("t"))
		seen = append(seen, m.pager.post.Lang)
	}
	if got := strings.Join(seen, ","); got != "en,ja,zh-cn,en" {
		t.Errorf("from zh-cn, t visits %s, want every language in turn", got)
	}
	m.Update(SnapshotMsg{Snap: st.Snapshot()})
	if strings.Contains(plain(m), "press r") {
		t.Error("an unchanged translation was reported as updated")
	}
	send(m, press("r"))
	if m.pager.post == nil || m.pager.post.Lang != "en" || strings.Contains(plain(m), "removed") {
		t.Error("r on a translation did not reload it")
	}
}

func TestKeysDoNotActBehindHelp(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 80, Height: 24})
	send(m, press("?"))
	send(m, press("j"))
	send(m, press("enter"))
	if m.screen != screenList || m.list.cursor != 0 || !m.showHelp {
		t.Errorf("keys acted behind help: screen %v cursor %d help %v", m.screen, m.list.cursor, m.showHelp)
	}
}

// A post's featured image (front matter image, a page bundle's cover) is
// named under the header, and the header still fits: the pager's height
// accounts for the extra line, so the status bar stays on the last row.
func TestPagerNamesCoverImage(t *testing.T) {
	snap := sampleSnapshot(t)
	for _, env := range []string{"LANG=en_US.UTF-8", "LANG=zh_CN.UTF-8"} {
		m := New(snap, renders(t), Options{Width: 80, Height: 24, Environ: []string{env}})
		for range indexOf(snap, "winter-reading-list") {
			send(m, press("j"))
		}
		send(m, press("enter"))
		s := plain(m)
		want := map[string]string{"LANG=en_US.UTF-8": "cover image: cover.png", "LANG=zh_CN.UTF-8": "封面图: cover.png"}[env]
		if !strings.Contains(s, want) {
			t.Errorf("%s: pager header lacks %q:\n%s", env, want, s)
		}
		lines := strings.Split(s, "\n")
		if len(lines) != 24 || !strings.Contains(lines[23], "%") {
			t.Errorf("%s: %d lines, last %q: the status bar should be the 24th line", env, len(lines), lines[len(lines)-1])
		}
		assertFits(t, m)
	}
}
