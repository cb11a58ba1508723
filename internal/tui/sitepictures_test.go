package tui

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/store"
)

// TestPagerDrawsSiteImages: images the site publishes at its root (a
// markdown image, the figure shortcode and an <img> naming "/…" files of
// static/ or assets/) are drawn as pictures above their figure lines, and
// so is a featured image named from the root; a relative path from a post
// that is no bundle (Hugo would not find it), a path climbing out of the
// site's folders, a link out of static/ and a missing file keep their
// figure lines only.
func TestPagerDrawsSiteImages(t *testing.T) {
	root := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	png := smallPNG(t)
	write("content/posts/x.md", []byte("---\ntitle: X\ndate: 2024-01-01\nimage: /img/cover.png\n---\n\n"+
		"Intro.\n\n![markdown](/images/a.png)\n\n"+
		"{{< figure src=\"/img/b.png\" caption=\"shortcode\" >}}\n\n"+
		"<img title=\"tag\" src=\"/c.png\">\n\n"+
		"![from assets](/d.png)\n\n"+
		"![relative](rel.png)\n\n"+
		"![climbing](/../../secret.png)\n\n"+
		"![linked out](/out.png)\n\n"+
		"![missing](/images/missing.png)\n\nEnd.\n"))
	write("static/images/a.png", png)
	write("static/img/b.png", png)
	write("static/img/cover.png", png)
	write("static/c.png", png)
	write("assets/d.png", png)
	write("content/posts/rel.png", png) // next to a post that is no bundle
	write("static/posts/x/rel.png", png)
	write("secret.png", png)
	if err := os.Symlink(filepath.Join(root, "secret.png"), filepath.Join(root, "static", "out.png")); err != nil {
		t.Fatal(err)
	}
	st, err := store.New(store.Options{
		Dir:          filepath.Join(root, "content"),
		SiteFileDirs: []string{filepath.Join(root, "static"), filepath.Join(root, "assets")},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := New(st.Snapshot(), renders(t), Options{Width: 80, Height: 24})
	sendAll(m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	sendAll(m, press("enter"))
	if !m.pager.ready || m.pager.post.Slug != "x" {
		t.Fatal("post x not open")
	}
	lines := m.pager.lines
	if len(lines) == 0 || !strings.Contains(lines[0], "▀") {
		t.Errorf("no featured picture (/img/cover.png) at the top")
	}
	drawn := map[string]bool{}
	for i, l := range lines {
		if i > 0 && strings.Contains(lines[i-1], "▀") && !strings.Contains(l, "▀") {
			drawn[strings.TrimSpace(ansi.Strip(l))] = true
		}
	}
	for _, want := range []string{"▢ markdown </images/a.png>", "▢ shortcode </img/b.png>", "▢ tag </c.png>", "▢ from assets </d.png>"} {
		if !drawn[want] {
			t.Errorf("no picture above %q; drawn above: %v", want, drawn)
		}
	}
	text := ansi.Strip(strings.Join(lines, "\n"))
	for _, line := range []string{"▢ relative <rel.png>", "▢ climbing </../../secret.png>", "▢ linked out </out.png>", "▢ missing </images/missing.png>"} {
		if !strings.Contains(text, line) {
			t.Errorf("figure line %q missing", line)
		}
		if drawn[line] {
			t.Errorf("a picture drawn above %q", line)
		}
	}
	if got := len(drawn); got != 5 { // four figures and the featured image's first line
		t.Errorf("%d pictures drawn, want 4 and the featured image: %v", got, drawn)
	}
	assertFits(t, m)
}

// TestPagerDrawsPicturesInListItems: a bundle image in a list item is
// drawn under the item's text, indented as its figure line is, and no
// wider than the window.
func TestPagerDrawsPicturesInListItems(t *testing.T) {
	// A wide picture fills its width: its first cell shows where it
	// starts (pictures are centred).
	wide := image.NewNRGBA(image.Rect(0, 0, 400, 10))
	for i := range wide.Pix {
		wide.Pix[i] = 180
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, wide); err != nil {
		t.Fatal(err)
	}
	snap := bundleSnapshot(t, "Steps:\n\n1. Open the lid\n\n   ![lid](a.png)\n\n2. Done.\n", map[string][]byte{"a.png": buf.Bytes()})
	m := New(snap, renders(t), Options{Width: 60, Height: 40})
	sendAll(m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	sendAll(m, press("enter"))
	if !m.pager.ready || m.pager.post.Slug != "b" {
		t.Fatal("post b not open")
	}
	lines := m.pager.lines
	item, pic, caption := -1, -1, -1
	for i, l := range lines {
		text := ansi.Strip(l)
		switch {
		case strings.Contains(text, "1. Open the lid"):
			item = i
		case strings.Contains(l, "▀") && pic < 0:
			pic = i
			if lead := len(text) - len(strings.TrimLeft(text, " ")); lead != 5 {
				t.Errorf("picture starts at column %d, want 5 (under the item's text): %q", lead, text)
			}
		case strings.HasPrefix(text, "     ▢ lid <a.png>"):
			caption = i
		}
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line %d is %d cells wide", i, w)
		}
	}
	if item < 0 || pic < 0 || caption < 0 || !(item < pic && pic < caption) {
		t.Fatalf("item at %d, picture at %d, figure line at %d: want them in that order:\n%s", item, pic, caption, ansi.Strip(strings.Join(lines, "\n")))
	}
	if !strings.Contains(lines[caption-1], "▀") {
		t.Errorf("the picture is not right above its figure line")
	}
}
