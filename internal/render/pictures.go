package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/colorprofile"

	"github.com/sshblog/sshblog/internal/picture"
)

// PictureRows is about how high a picture is drawn, in lines: enough to
// make out a photo or a diagram, little enough to keep the text in view.
const PictureRows = 20

// PictureRequest asks for an image file drawn as a picture (see package
// picture) at one width, in one colour profile.
type PictureRequest struct {
	// Path names the image in Problems (from the content root); Key
	// identifies the version of the file the reader sees (it must
	// change when the file may have).
	Path, Key string
	// Open opens the file, through the store's confined access: the only
	// way a picture reads the disk.
	Open    func() (*os.File, error)
	Width   int
	Profile colorprofile.Profile
	// AmbiguousWide draws with spaces (picture.Spaces), for a terminal
	// that draws East Asian ambiguous characters such as "▀" two cells
	// wide.
	AmbiguousWide bool
}

// Picture asks for req's picture. Like a render, it is drawn on the
// pool's workers, taking turns with renders, under a render's budget,
// and kept in the cache: by request, and by the file's hash, width and
// profile, so that one file is decoded once whatever names it. A picture
// that cannot be drawn (too large, not an image) is a render with a
// Notice and no lines worth showing: the reader keeps the figure line.
// Unlike Render, it does not replace the session's other requests; Render
// and Cancel give up the session's pictures too.
func (c *Client) Picture(req PictureRequest) *Ticket {
	width := max(MinWidth, min(req.Width, MaxWidth))
	cells := picture.HalfBlocks
	style := Style("picture-" + req.Profile.String())
	if req.AmbiguousWide {
		cells, style = picture.Spaces, style+"-spaces"
	}
	cache := c.p.cache
	draw := func() ([]string, error) {
		f, err := req.Open()
		if errors.Is(err, fs.ErrNotExist) {
			// Not there (a file of the site's root is looked for only
			// when it is asked for; it may be published by something
			// else): the figure line alone, no problem to report.
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", req.Path, err)
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("stat %s: %w", req.Path, err)
		}
		if fi.Size() > picture.MaxFileSize {
			return nil, fmt.Errorf("%s: %w: %d MB", req.Path, picture.ErrTooLarge, fi.Size()>>20)
		}
		sum := sha256.New()
		if _, err := io.Copy(sum, io.LimitReader(f, picture.MaxFileSize+1)); err != nil {
			return nil, fmt.Errorf("read %s: %w", req.Path, err)
		}
		// The text column less glamour's margins, which the figure
		// line below it has too.
		cols := width - 2*docMargin
		hash := hex.EncodeToString(sum.Sum(nil))
		if iw, ih, err := picture.Header(f, fi.Size()); err == nil {
			w, h := picture.Size(iw, ih, cols, PictureRows)
			if r, ok := cache.Get(sizedKey(hash, w, h, style)); ok {
				return padPicture(r.Lines, cols, w), nil
			}
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("read %s: %w", req.Path, err)
		}
		img, err := picture.Decode(f, fi.Size())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", req.Path, err)
		}
		b := img.Bounds()
		w, h := picture.Size(b.Dx(), b.Dy(), cols, PictureRows)
		lines := picture.DrawSized(img, w, h, "", req.Profile, cells)
		cache.putRender(sizedKey(hash, w, h, style), &Rendered{Lines: lines})
		return padPicture(lines, cols, w), nil
	}
	t := c.p.submit(Request{Path: req.Path, Key: "picture|" + req.Key, Width: width, Style: style, draw: draw})
	c.mu.Lock()
	c.pics = append(c.pics, t)
	c.mu.Unlock()
	return t
}

// sizedKey is the cache key of the drawing of the image file of hash at
// w x h cells (see picture.Size) in style, unpadded: a picture is drawn
// at the same size in every window wide enough for it (a 3:2 photo is
// 60 x 20 cells from 64 columns up), so one decode serves them all.
func sizedKey(hash string, w, h int, style Style) string {
	return Key("picture|"+hash+"|"+strconv.Itoa(w)+"x"+strconv.Itoa(h), 0, style)
}

// padPicture is a drawing w cells wide centred in cols, after the
// document's margin, in lines of its own (the cached ones are shared).
func padPicture(lines []string, cols, w int) []string {
	if lines == nil {
		return nil
	}
	pad := strings.Repeat(" ", docMargin+max(0, cols-w)/2)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = pad + l
	}
	return out
}

// docMargin is the margin glamour's document style keeps on each side.
const docMargin = 2

// cancelPictures gives up the session's pictures. Called with c.mu held.
func (c *Client) cancelPictures() {
	for _, t := range c.pics {
		t.Cancel()
	}
	c.pics = nil
}
