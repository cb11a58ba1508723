package tui

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// sendAll delivers msg and runs every command that follows, batches
// included, until the model is quiet.
func sendAll(m *Model, msg tea.Msg) {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		msg, queue = queue[0], queue[1:]
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		}
		if msg == nil {
			continue
		}
		if _, cmd := m.Update(msg); cmd != nil {
			queue = append(queue, cmd())
		}
	}
}

// openSlug opens the post slug in a model of the given size and profile.
func openSlug(t *testing.T, slug string, width, height int, profile colorprofile.Profile) *Model {
	t.Helper()
	snap := sampleSnapshot(t)
	m := New(snap, renders(t), Options{Width: width, Height: height, Environ: []string{"LANG=en_US.UTF-8"}})
	sendAll(m, tea.ColorProfileMsg{Profile: profile})
	i := indexOf(snap, slug)
	if i < 0 {
		t.Fatalf("no sample post %q", slug)
	}
	for range i {
		sendAll(m, press("j"))
	}
	sendAll(m, press("enter"))
	return m
}

// TestPagerDrawsBundlePictures: a bundle image is drawn as half-block
// cells in the reader's colours above its figure line, which stays as
// its caption; an image from elsewhere keeps its line only.
func TestPagerDrawsBundlePictures(t *testing.T) {
	for _, c := range []struct {
		profile colorprofile.Profile
		colour  string
	}{
		{colorprofile.TrueColor, ";2;"},
		{colorprofile.ANSI256, ";5;"},
	} {
		m := openSlug(t, "figures-in-the-terminal", 100, 200, c.profile)
		if !m.pager.ready {
			t.Fatal("post not rendered")
		}
		all := strings.Join(m.pager.lines, "\n")
		if !strings.Contains(all, "▀") || !strings.Contains(all, "\x1b[0;38"+c.colour) {
			t.Fatalf("%v: no picture cells in the pager:\n%s", c.profile, ansi.Strip(all))
		}
		text := ansi.Strip(all)
		for _, want := range []string{
			"▢ The harbour at dusk, with the pier and the setting sun (Drawn for this post)",
			"<harbour-at-dusk.png>",
			"▢ A lighthouse in fog (Not fetched) <https://images.example.com/2023/03/lighthouse-in-fog.jpg>",
			"video: A short film <https://www.youtube.com/embed/aqz-KE-bpKQ>",
			"▢ A sketch that is not in the bundle <sketches/harbour-sketch.png>",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%v: no line %q", c.profile, want)
			}
		}
		// Each picture is right above its caption, at most 20 rows and
		// the text's width.
		pictures := 0
		for i, l := range m.pager.lines {
			if !strings.Contains(l, "▀") {
				continue
			}
			if w := ansi.StringWidth(l); w > 100 {
				t.Errorf("picture line %d is %d cells wide", i, w)
			}
			if i+1 < len(m.pager.lines) && !strings.Contains(m.pager.lines[i+1], "▀") {
				pictures++
				if caption := ansi.Strip(m.pager.lines[i+1]); !strings.Contains(caption, "▢") {
					t.Errorf("picture not above its figure line: %q follows", caption)
				}
			}
		}
		if pictures != 2 {
			t.Errorf("%v: %d pictures drawn, want 2 (the gallery's bundle image too)", c.profile, pictures)
		}
		assertFits(t, m)
	}
}

// TestPagerDrawsFeaturedImage: a bundle's featured image (front matter
// image) is drawn above the text, as Stack's article header shows it.
func TestPagerDrawsFeaturedImage(t *testing.T) {
	m := openSlug(t, "winter-reading-list", 80, 60, colorprofile.TrueColor)
	if len(m.pager.lines) == 0 || !strings.Contains(m.pager.lines[0], "▀") {
		t.Fatalf("no featured picture at the top:\n%s", plain(m))
	}
	if !strings.Contains(plain(m), "cover image: cover.png") {
		t.Errorf("the header no longer names the cover")
	}
}

// TestPagerNoPicturesWithoutColours: a terminal without colours (and the
// profile unknown) gets the figure lines only.
func TestPagerNoPicturesWithoutColours(t *testing.T) {
	for _, p := range []colorprofile.Profile{colorprofile.ASCII, colorprofile.NoTTY} {
		m := openSlug(t, "figures-in-the-terminal", 100, 200, p)
		all := strings.Join(m.pager.lines, "\n")
		if strings.Contains(all, "▀") {
			t.Errorf("%v: picture drawn", p)
		}
		if !strings.Contains(ansi.Strip(all), "<harbour-at-dusk.png>") {
			t.Errorf("%v: figure line missing", p)
		}
	}
}

// TestPagerPicturesFollowResize: after a resize the pictures are drawn
// again for the new width, and the reader's place is kept.
func TestPagerPicturesFollowResize(t *testing.T) {
	m := openSlug(t, "figures-in-the-terminal", 100, 40, colorprofile.TrueColor)
	sendAll(m, tea.WindowSizeMsg{Width: 50, Height: 40})
	n := 0
	for _, l := range m.pager.lines {
		if strings.Contains(l, "▀") {
			n++
			if w := ansi.StringWidth(l); w > 50 {
				t.Errorf("picture line %d cells wide in a 50-cell window", w)
			}
		}
	}
	if n == 0 {
		t.Error("no picture after a resize")
	}
}

// bundleSnapshot is a snapshot of a temporary blog with one page bundle
// posts/b (slug "b") holding index.md and files.
func bundleSnapshot(t *testing.T, body string, files map[string][]byte) *site.Snapshot {
	t.Helper()
	dir := t.TempDir()
	b := filepath.Join(dir, "posts", "b")
	if err := os.MkdirAll(b, 0o755); err != nil {
		t.Fatal(err)
	}
	files["index.md"] = []byte("---\ntitle: B\ndate: 2024-01-01\n---\n\n" + body)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(b, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.New(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return st.Snapshot()
}

func smallPNG(t *testing.T) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPagerPicturesBounded: a post naming its one image a thousand times
// gets at most maxPictures pictures (the rest keep their figure lines),
// and a file whose header claims a huge image, or that is no image, is
// never drawn: its figure line stays.
func TestPagerPicturesBounded(t *testing.T) {
	bomb := smallPNG(t)
	binary.BigEndian.PutUint32(bomb[16:], 100000) // IHDR width, height
	binary.BigEndian.PutUint32(bomb[20:], 100000)
	binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))
	snap := bundleSnapshot(t, strings.Repeat("![same](a.png)\n\n", 1000)+"![bomb](bomb.png)\n\n![text](fake.png)\n",
		map[string][]byte{"a.png": smallPNG(t), "bomb.png": bomb, "fake.png": []byte("not a picture")})
	m := New(snap, renders(t), Options{Width: 80, Height: 24})
	sendAll(m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	sendAll(m, press("enter"))
	if !m.pager.ready || m.pager.post.Slug != "b" {
		t.Fatal("post b not open")
	}
	if got := len(m.pager.pics.drawn); got != maxPictures {
		t.Errorf("%d pictures drawn, want %d", got, maxPictures)
	}
	text := ansi.Strip(strings.Join(m.pager.lines, "\n"))
	if n := strings.Count(text, "▢ same <a.png>"); n != 1000 {
		t.Errorf("%d figure lines of a.png, want 1000", n)
	}
	for _, want := range []string{"▢ bomb <bomb.png>", "▢ text <fake.png>"} {
		i := strings.Index(text, want)
		if i < 0 {
			t.Fatalf("no figure line %q", want)
		}
		if strings.Contains(text[max(0, i-200):i], "▀") {
			t.Errorf("a picture drawn above %q", want)
		}
	}
}
