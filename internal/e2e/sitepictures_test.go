package e2e

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An image of a Hugo site's static/ folder ("/images/sea.png") is drawn
// in the pager like a bundle image, also under the text of a list item;
// a file linked from static/ to outside it is not read (its figure line
// stays alone); the feed's links follow the site's permalinks.
func TestPagerDrawsStaticPicture(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
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
	img := image.NewNRGBA(image.Rect(0, 0, 120, 30))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	write("hugo.toml", []byte("baseURL = \"https://blog.example/\"\ntitle = \"Static\"\n[permalinks]\nposts = \"/:year/:month/:slug/\"\n"))
	write("static/images/sea.png", buf.Bytes())
	write("secret.png", buf.Bytes())
	if err := os.Symlink(filepath.Join(root, "secret.png"), filepath.Join(root, "static", "images", "out.png")); err != nil {
		t.Fatal(err)
	}
	write("content/posts/sea.md", []byte("---\ntitle: The Sea\ndate: 2024-05-02\n---\n\n"+
		"![Out](/images/out.png)\n\nSteps:\n\n1. Look\n\n   ![Sea in a list](/images/sea.png)\n\n2. Done\n"))
	srv := startServerOn(t, t.TempDir(), root)
	p := newPaneSSH(t, srv.Port, 80, 40, "")
	waitText(t, p, "The Sea")
	p.keys("Enter")
	screen := waitText(t, p, "▢ Sea in a list", "▀")
	rows := strings.Split(screen, "\n")
	for i, r := range rows {
		switch {
		case strings.Contains(r, "▢ Sea in a list"):
			if i == 0 || !strings.HasPrefix(rows[i-1], "     ") || !strings.Contains(rows[i-1], "▀") {
				t.Errorf("no picture indented under the item above its figure line; screen:\n%s", screen)
			}
		case strings.Contains(r, "▢ Out"):
			if i > 0 && strings.Contains(rows[i-1], "▀") {
				t.Errorf("a picture of a file outside static/; screen:\n%s", screen)
			}
		}
	}
	checkWidth(t, p, screen)
	r := runSSH(t, srv.Port, "feed")
	if r.Code != 0 || !strings.Contains(r.Stdout, "<id>https://blog.example/2024/05/the-sea/</id>") {
		t.Errorf("feed: code %d, stdout:\n%s", r.Code, r.Stdout)
	}
}
