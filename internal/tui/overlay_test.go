package tui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// outlinePost has headings far apart (one with inline code, one long
// enough to wrap, one in Chinese), a heading-like paragraph line before
// its heading, and links, one of them repeated and one an image.
func outlinePost() string {
	para := strings.Repeat("Words to read on the way down the page. ", 12) + "\n\n"
	var b strings.Builder
	b.WriteString("---\ntitle: Outlined\ndate: 2024-05-02\nlastmod: 2024-06-01T10:00:00Z\n---\n")
	b.WriteString("Intro with [the map](https://maps.example/x) and ![a picture](https://img.example/p.png).\n\n")
	b.WriteString("## First section\n\n" + strings.Repeat(para, 3))
	b.WriteString("Second `section`\n\n") // a paragraph, not a heading
	b.WriteString("## Second `section`\n\n" + strings.Repeat(para, 3) + "See <https://b.example/> and [the map again](https://maps.example/x).\n\n")
	b.WriteString("### A third heading that is long enough to wrap on a narrow window for sure\n\n" + strings.Repeat(para, 3))
	b.WriteString("## 第四节 调解工作室\n\n" + strings.Repeat(para, 6))
	return b.String()
}

func outlineSnapshot(t *testing.T, posts map[string]string) *site.Snapshot {
	t.Helper()
	dir := t.TempDir()
	for name, src := range posts {
		p := filepath.Join(dir, "posts", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.New(store.Options{Dir: dir, Site: site.Config{Language: "en"}, Parse: page.Options{DefaultLanguage: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	return st.Snapshot()
}

// openFirst opens the first post and waits for its render.
func openFirst(t *testing.T, m *Model) {
	t.Helper()
	cmd := m.open(m.snap.Posts[0])
	for cmd != nil {
		_, cmd = m.Update(cmd())
	}
	if !m.pager.ready {
		t.Fatal("post not rendered")
	}
}

// topLine is the first line of text the pager shows.
func topLine(m *Model) string { return strings.TrimSpace(ansi.Strip(m.pager.lines[m.pager.y])) }

// textOf is a rendered line's text: no styles, spaces collapsed.
func textOf(l string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(ansi.Strip(l), "\u00a0", " ")), " ")
}

func TestTableOfContentsJumpsToHeadings(t *testing.T) {
	for _, width := range []int{80, 40} {
		m := New(outlineSnapshot(t, map[string]string{"outlined.md": outlinePost()}), renders(t), Options{Width: width, Height: 20})
		openFirst(t, m)
		send(m, press("o"))
		if m.pager.overlay == nil {
			t.Fatal("o did not open the table of contents")
		}
		v := plain(m)
		for _, want := range []string{"Contents", "First section", "Second section", "A third heading", "第四节 调解工作室"} {
			if !strings.Contains(v, want) {
				t.Errorf("width %d: contents lack %q:\n%s", width, want, v)
			}
		}
		assertFits(t, m)
		// Headings are drawn without "#" markers (their style tells them).
		wants := []string{"First section", "Second section", "A third heading", "第四节"}
		headingTexts := []string{"First section", "Second section", "A third heading that is long enough to wrap on a narrow window for sure", "第四节 调解工作室"}
		send(m, press("esc"))
		for i, want := range wants {
			send(m, press("o"))
			send(m, press("g"))
			for range i {
				send(m, press("j"))
			}
			send(m, press("enter"))
			if m.pager.overlay != nil || m.screen != screenPager {
				t.Fatalf("enter did not close the contents and stay in the post")
			}
			// The Chinese heading is the last: the end of the post may
			// fill the screen from above it, but it must be on screen.
			got := textOf(topLine(m))
			if !strings.HasPrefix(got, want) {
				t.Errorf("width %d: heading %d: top line %q, want %q", width, i, got, want)
			}
			// The heading itself, not a paragraph of the same words
			// ("Second section" comes before its heading): its lines
			// down to the paragraph after it hold the heading's text
			// and no more.
			drawn := ""
			for y := m.pager.y; y < len(m.pager.lines); y++ {
				l := textOf(m.pager.lines[y])
				if strings.HasPrefix(l, "Words to read") {
					break
				}
				drawn = strings.TrimSpace(drawn + " " + l)
			}
			if i < len(wants)-1 && drawn != headingTexts[i] {
				t.Errorf("width %d: heading %d: the jump shows %q above the paragraph, want the heading %q alone", width, i, drawn, headingTexts[i])
			}
			// And the line the render says the heading starts on.
			if at := m.pager.rowOf(m.pager.pics.headings[i]); m.pager.y != at && m.pager.y != m.pager.maxY() {
				t.Errorf("width %d: heading %d: jumped to row %d, the render's heading row is %d", width, i, m.pager.y, at)
			}
		}
		send(m, press("o"))
		send(m, press("esc"))
		if m.pager.overlay != nil || m.screen != screenPager {
			t.Errorf("esc should close the contents, not the post")
		}
	}
}

func TestLinksListCopiesTheSelectedURL(t *testing.T) {
	m := New(outlineSnapshot(t, map[string]string{"outlined.md": outlinePost()}), renders(t), Options{Width: 60, Height: 20})
	openFirst(t, m)
	send(m, press("l"))
	v := plain(m)
	for _, want := range []string{"Links", "[1] the map", "[2] https://b.example/", "https://maps.example/x"} {
		if !strings.Contains(v, want) {
			t.Errorf("links list lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "[3]") || strings.Contains(v, "img.example") {
		t.Errorf("links list counts an image or a repeated link:\n%s", v)
	}
	assertFits(t, m)
	send(m, press("j"))
	_, cmd := m.Update(press("enter"))
	if cmd == nil {
		t.Fatal("enter on a link gave no clipboard command")
	}
	msg := cmd()
	if got := reflect.ValueOf(msg).String(); !strings.Contains(reflect.TypeOf(msg).String(), "Clipboard") || got != "https://b.example/" {
		t.Errorf("enter copied %T %q, want the clipboard set to https://b.example/", msg, got)
	}
	if !strings.Contains(plain(m), "Copied") {
		t.Errorf("no copied notice:\n%s", plain(m))
	}
	send(m, press("l"))
	if m.pager.overlay != nil || m.screen != screenPager {
		t.Error("l should close the links list")
	}
}

func TestOverlaysInChineseAndEmpty(t *testing.T) {
	m := New(outlineSnapshot(t, map[string]string{"plain.md": "---\ntitle: 无标题\ndate: 2024-05-02\n---\n只有一段文字。\n"}), renders(t), Options{Width: 60, Height: 20, Environ: []string{"LANG=zh_CN.UTF-8"}})
	openFirst(t, m)
	send(m, press("o"))
	if v := plain(m); !strings.Contains(v, "目录") || !strings.Contains(v, "本文没有标题。") {
		t.Errorf("empty contents in Chinese:\n%s", v)
	}
	send(m, press("l"))
	if v := plain(m); !strings.Contains(v, "链接") || !strings.Contains(v, "本文没有链接。") {
		t.Errorf("empty links in Chinese:\n%s", v)
	}
	send(m, press("enter"))
	send(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if strings.Contains(plain(m), "更新于") {
		t.Error("a post never modified shows an updated date")
	}
}

func TestPagerHeaderShowsUpdatedDate(t *testing.T) {
	m := New(outlineSnapshot(t, map[string]string{"outlined.md": outlinePost()}), renders(t), Options{Width: 80, Height: 20})
	openFirst(t, m)
	if v := plain(m); !strings.Contains(v, "updated Jun 1, 2024") {
		t.Errorf("header lacks the updated date, written as the list writes dates:\n%s", v)
	}
	// In the language's own date format, and again after L.
	m = New(outlineSnapshot(t, map[string]string{"outlined.md": outlinePost()}), renders(t), Options{Width: 80, Height: 20, Environ: []string{"LANG=zh_CN.UTF-8"}})
	openFirst(t, m)
	if v := plain(m); !strings.Contains(v, "更新于 2024年6月1日") {
		t.Errorf("Chinese header lacks the updated date as 2024年6月1日:\n%s", v)
	}
	send(m, press("L"))
	if v := plain(m); !strings.Contains(v, "updated Jun 1, 2024") {
		t.Errorf("after L, the header lacks the English updated date:\n%s", v)
	}
	same := "---\ntitle: Same day\ndate: 2024-05-02T08:00:00Z\nlastmod: 2024-05-02T20:00:00Z\n---\ntext\n"
	m = New(outlineSnapshot(t, map[string]string{"same.md": same}), renders(t), Options{Width: 80, Height: 20})
	openFirst(t, m)
	if v := plain(m); strings.Contains(v, "updated") {
		t.Errorf("an edit on the day of publication shows as updated:\n%s", v)
	}
}

// TestHeadingRowsOnEveryStyle checks the heading positions against the
// renders themselves, in each style, with a heading in a quote (found by
// its place in the text instead).
func TestHeadingRowsOnEveryStyle(t *testing.T) {
	md := "# Title one\n\ntext\n\n> ## Quoted heading\n\n" + strings.Repeat("filler line\n\n", 40) + "## Plain **bold** heading\n\nend\n"
	src := []byte(md)
	hs := markdown.Headings(markdown.Parse((*markdown.Dialect)(nil).Parser(false), src, nil), src)
	for _, style := range []render.Style{render.Dark, render.Light, render.Plain} {
		out, err := render.Markdown(md, 50, style)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(out, "\n")
		rows := headingRows(lines, hs, len(md))
		if got := ansi.Strip(lines[rows[0]]); !strings.Contains(got, "Title one") {
			t.Errorf("%s: heading 1 at %q", style, got)
		}
		if rows[1] <= rows[0] || rows[1] >= rows[2] {
			t.Errorf("%s: quoted heading at row %d, not between %d and %d", style, rows[1], rows[0], rows[2])
		}
		if got := ansi.Strip(lines[rows[2]]); !strings.Contains(strings.ReplaceAll(got, "*", ""), "Plain bold heading") {
			t.Errorf("%s: heading 3 at %q", style, got)
		}
	}
}

// TestOutlinesWaitForASlot checks that the outline parse waits for one
// of the server's slots, off the update loop.
func TestOutlinesWaitForASlot(t *testing.T) {
	slots := limits.NewSlots(1)
	slots <- struct{}{} // another session's parse
	m := New(outlineSnapshot(t, map[string]string{"outlined.md": outlinePost()}), renders(t), Options{Width: 80, Height: 20, Outlines: slots})
	openFirst(t, m)
	_, cmd := m.Update(press("o"))
	if cmd == nil || m.pager.overlay != nil {
		t.Fatal("o should build the outline in a command")
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case <-done:
		t.Fatal("the outline was built while every slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	<-slots
	select {
	case msg := <-done:
		m.Update(msg)
	case <-time.After(10 * time.Second):
		t.Fatal("the outline was not built once a slot was free")
	}
	if m.pager.overlay == nil || m.pager.overlay.kind != overlayTOC || len(m.pager.outline.headings) != 4 {
		t.Errorf("table of contents not open with 4 headings once built")
	}
}

// TestOverlayAskedWhileRendering checks that o pressed before the post is
// laid out opens the contents once it is, instead of being lost.
func TestOverlayAskedWhileRendering(t *testing.T) {
	m := New(outlineSnapshot(t, map[string]string{"outlined.md": outlinePost()}), renders(t), Options{Width: 80, Height: 20})
	cmd := m.open(m.snap.Posts[0])
	if m.pager.ready {
		t.Skip("rendered at once: nothing to wait for")
	}
	_, c := m.Update(press("o"))
	if c != nil || m.pager.overlay != nil {
		t.Fatal("o before the render should wait for it")
	}
	for cmd != nil {
		_, cmd = m.Update(cmd())
	}
	if m.pager.overlay == nil || m.pager.overlay.kind != overlayTOC {
		t.Error("the contents asked for during the render did not open after it")
	}
}

// TestOutlineGivesUpWithTheSession checks that an outline waiting for a
// slot is not built once its session has ended: a command outlives its
// program, and a crowd that pressed o on the longest post and left would
// otherwise queue a parse each for nobody.
func TestOutlineGivesUpWithTheSession(t *testing.T) {
	slots := limits.NewSlots(1)
	slots <- struct{}{} // another session's parse, which takes a while
	ctx, cancel := context.WithCancel(context.Background())
	m := New(outlineSnapshot(t, map[string]string{"outlined.md": outlinePost()}), renders(t), Options{Width: 80, Height: 20, Outlines: slots, Context: ctx})
	openFirst(t, m)
	_, cmd := m.Update(press("o"))
	if cmd == nil {
		t.Fatal("o should build the outline in a command")
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	cancel() // the reader leaves
	select {
	case msg := <-done:
		if msg != nil {
			t.Errorf("outline built for a session that ended: %T", msg)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the outline still waits for a slot after its session ended")
	}
	if len(slots) != 1 {
		t.Errorf("%d slots taken, want only the other session's", len(slots))
	}
}
