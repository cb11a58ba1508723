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
	write := writer(t, root)
	write(post, []byte("---\ntitle: X\nslug: x\ndate: 2024-01-01\n---\n\nIntro.\n\n![a]("+ref+")\n\nEnd.\n"))
	write(file, solidPNG(t, color.NRGBA{R: 255, A: 255}))
	m := watchedPager(t, store.Options{
		Dir:          filepath.Join(root, "content"),
		SiteFileDirs: []string{filepath.Join(root, "static")},
	})
	waitPicture(t, m, red, "")
	write(file, solidPNG(t, color.NRGBA{B: 255, A: 255}))
	waitPicture(t, m, blue, red)
}

// TestPagerRedrawsStaticPictureAfterGitSyncSwap: the site is a git-sync
// checkout (current -> worktree, swapped by renaming a new link over
// it): after a swap the new worktree's static/ picture is drawn, and a
// picture edited there afterwards is drawn anew too, as in the worktree
// the server started with. (The static folder's watch followed the old
// worktree: edits in the new one were seen only after a restart.)
func TestPagerRedrawsStaticPictureAfterGitSyncSwap(t *testing.T) {
	root := t.TempDir()
	write := writer(t, root)
	post := []byte("---\ntitle: X\nslug: x\ndate: 2024-01-01\n---\n\nIntro.\n\n![a](/img/a.png)\n\nEnd.\n")
	write("wt-a/content/posts/x.md", post)
	write("wt-a/static/img/a.png", solidPNG(t, color.NRGBA{R: 255, A: 255}))
	current := filepath.Join(root, "current")
	swap := func(wt string) { // as git-sync does: a new link renamed over the old
		tmp := filepath.Join(root, "current.tmp")
		if err := os.Symlink(filepath.Join(root, wt), tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, current); err != nil {
			t.Fatal(err)
		}
	}
	swap("wt-a")
	m := watchedPager(t, store.Options{
		Dir:          filepath.Join(current, "content"),
		SiteRoot:     current,
		SiteFileDirs: []string{filepath.Join(current, "static")},
	})
	waitPicture(t, m, red, "")

	write("wt-b/content/posts/x.md", post)
	write("wt-b/static/img/a.png", solidPNG(t, color.NRGBA{G: 255, A: 255}))
	swap("wt-b")
	waitPicture(t, m, green, red)
	write("wt-b/static/img/a.png", solidPNG(t, color.NRGBA{B: 255, A: 255}))
	waitPicture(t, m, blue, green)
}

// The colours of the pictures as drawn in truecolor.
const red, green, blue = "255;0;0", "0;255;0", "0;0;255"

// writer writes files by their path below root, making their folders.
func writer(t *testing.T, root string) func(rel string, data []byte) {
	return func(rel string, data []byte) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// watchedPager is a session on a store of opt, watched until the test
// ends.
func watchedPager(t *testing.T, opt store.Options) *Model {
	st, err := store.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- st.Watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	<-st.Ready()
	m := New(st.Snapshot(), renders(t), Options{Width: 80, Height: 40})
	sendAll(m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	return m
}

// picture is the picture's text as drawn on opening the post x.
func picture(t *testing.T, m *Model) string {
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

// waitPicture reopens the post x until its picture is drawn in the
// colour want and not in the colour not ("": any other).
func waitPicture(t *testing.T, m *Model, want, not string) {
	t.Helper()
	// Not a timing assertion: a change is seen within about a second;
	// the wait only gives up on a machine stalled far longer.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		got := picture(t, m)
		if strings.Contains(got, want) && (not == "" || !strings.Contains(got, not)) {
			return
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("the picture in %s is never drawn on reopening the post: %q", want, got)
		}
	}
}

// TestPagerDrawsPictureOfStaticFolderMadeLater: the site's static/ folder
// is made while the server runs (a first picture added to a site that had
// none): its picture is drawn when the reader next opens the post, with
// no restart.
func TestPagerDrawsPictureOfStaticFolderMadeLater(t *testing.T) {
	root := t.TempDir()
	write := writer(t, root)
	write("content/posts/x.md", []byte("---\ntitle: X\nslug: x\ndate: 2024-01-01\n---\n\nIntro.\n\n![a](/img/a.png)\n\nEnd.\n"))
	m := watchedPager(t, store.Options{
		Dir:          filepath.Join(root, "content"),
		SiteRoot:     root,
		SiteFileDirs: []string{filepath.Join(root, "static")},
	})
	if got := picture(t, m); got != "" {
		t.Fatalf("a picture drawn of no file: %q", got)
	}
	write("static/img/a.png", solidPNG(t, color.NRGBA{R: 255, A: 255}))
	waitPicture(t, m, red, "")
	write("static/img/a.png", solidPNG(t, color.NRGBA{B: 255, A: 255}))
	waitPicture(t, m, blue, red)
}
