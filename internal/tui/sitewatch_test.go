package tui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/sshblog/sshblog/internal/store"
)

// solidPNG is an 8x8 PNG of one colour.
func solidPNG(t *testing.T, c color.NRGBA) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPagerRedrawsEditedStaticPicture: an image of the site's static/
// folder edited in place (the operator replaced static/img/a.png) is
// drawn anew when the reader next opens the post, although no content
// file changed: the picture is not the one first drawn and cached.
func TestPagerRedrawsEditedStaticPicture(t *testing.T) {
	redrawsEdited(t, "content/posts/x.md", "/img/a.png", "static/img/a.png")
}

// TestPagerRedrawsEditedBundlePicture: so is an image of the post's page
// bundle edited in place, which changes no page either.
func TestPagerRedrawsEditedBundlePicture(t *testing.T) {
	redrawsEdited(t, "content/posts/x/index.md", "a.png", "content/posts/x/a.png")
}

// redrawsEdited opens the post at post, whose image ref is the file at
// file, edits the file in place and reopens the post until the new
// picture is drawn.
func redrawsEdited(t *testing.T, post, ref, file string) {
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
	write(post, []byte("---\ntitle: X\nslug: x\ndate: 2024-01-01\n---\n\nIntro.\n\n![a]("+ref+")\n\nEnd.\n"))
	write(file, solidPNG(t, color.NRGBA{R: 255, A: 255}))
	st, err := store.New(store.Options{
		Dir:          filepath.Join(root, "content"),
		SiteFileDirs: []string{filepath.Join(root, "static")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- st.Watch(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	<-st.Ready()

	m := New(st.Snapshot(), renders(t), Options{Width: 80, Height: 40})
	sendAll(m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	// picture is the picture's text as drawn on opening the post.
	picture := func() string {
		sendAll(m, press("enter"))
		if !m.pager.ready || m.pager.post.Slug != "x" {
			t.Fatal("post x not open")
		}
		var pic []string
		for _, l := range m.pager.lines {
			if strings.Contains(l, "▀") {
				pic = append(pic, l)
			}
		}
		sendAll(m, press("esc"))
		return strings.Join(pic, "\n")
	}
	const red, blue = "255;0;0", "0;0;255"
	if got := picture(); !strings.Contains(got, red) || strings.Contains(got, blue) {
		t.Fatalf("the red picture is not drawn: %q", got)
	}
	write(file, solidPNG(t, color.NRGBA{B: 255, A: 255}))
	// Not a timing assertion: the edit is seen within about a second;
	// the wait only gives up on a machine stalled far longer.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		got := picture()
		if strings.Contains(got, blue) && !strings.Contains(got, red) {
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("the edited picture (blue) is never drawn on reopening the post: %q", got)
		}
	}
}
