package render

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/sshblog/sshblog/internal/picture"
)

// TestPictureDecodedOncePerSize: a picture is drawn as picture.Draw draws
// it, at every width; the drawing is kept by the size it is drawn at, so
// a window of another width that draws it at the same size does not
// decode the file again (a photo was decoded for every width opened).
func TestPictureDecodedOncePerSize(t *testing.T) {
	dir := t.TempDir()
	path, hash := testPhoto(t, dir, 1, 600, 400)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := picture.Decode(f, 1<<20)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache(64 << 20)
	p := NewPool(cache, 1, Options{})
	defer p.Close()
	c := p.Client()
	for _, width := range []int{30, 80, 120, 200} {
		want := picture.Draw(img, width-2*docMargin, PictureRows, colorprofile.TrueColor, picture.HalfBlocks)
		got := drawPicture(t, c, path, width)
		if len(got) != len(want) || len(got) == 0 {
			t.Fatalf("@%d: %d lines, want %d", width, len(got), len(want))
		}
		for i := range want {
			if got[i] != "  "+want[i] {
				t.Fatalf("@%d: line %d is %q, want %q", width, i, got[i], "  "+want[i])
			}
		}
	}
	// 600 x 400 is 60 x 20 cells from 64 columns up: windows of 120 and
	// 300 columns take the kept drawing (here put there first, to see
	// that it is taken and nothing decoded).
	cache = NewCache(64 << 20)
	p2 := NewPool(cache, 1, Options{})
	defer p2.Close()
	style := Style("picture-" + colorprofile.TrueColor.String())
	cache.putRender(sizedKey(hash, 60, 20, style), &Rendered{Lines: []string{"kept"}})
	for _, width := range []int{120, 300} {
		got := drawPicture(t, p2.Client(), path, width)
		if want := strings.Repeat(" ", docMargin+(width-2*docMargin-60)/2) + "kept"; len(got) != 1 || got[0] != want {
			t.Errorf("@%d: %.200q, want the kept drawing %q", width, got, want)
		}
	}
}
