package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// testPhoto writes a w x h JPEG of a gradient (seeded by n) to dir and
// returns its path and the file's hash.
func testPhoto(t testing.TB, dir string, n, w, h int) (string, string) {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x + n), uint8(y * 3), uint8(n * 7), 255})
		}
	}
	path := filepath.Join(dir, fmt.Sprintf("p%d.jpg", n))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return path, hex.EncodeToString(sum[:])
}

func drawPicture(t testing.TB, c *Client, path string, width int) []string {
	t.Helper()
	tk := c.Picture(PictureRequest{
		Path: path, Key: path, Width: width, Profile: colorprofile.TrueColor,
		Open: func() (*os.File, error) { return os.Open(path) },
	})
	<-tk.Done()
	r, err := tk.Result()
	if err != nil {
		t.Fatal(err)
	}
	return r.Lines
}

// BenchmarkPictures draws 64 photos at three widths (each a request of
// its own, as three readers' windows make them).
func BenchmarkPictures(b *testing.B) {
	dir := b.TempDir()
	var paths []string
	for n := range 64 {
		path, _ := testPhoto(b, dir, n, 1200, 800)
		paths = append(paths, path)
	}
	for b.Loop() {
		p := NewPool(NewCache(256<<20), 1, Options{})
		c := p.Client()
		for _, width := range []int{80, 120, 160} {
			for _, path := range paths {
				drawPicture(b, c, path, width)
			}
		}
		p.Close()
	}
}
