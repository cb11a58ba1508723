// Package picture draws raster images (PNG, JPEG, GIF, WebP) as terminal
// text: half-block cells ("▀" with the upper pixel as the foreground
// colour and the lower one as the background), in 24-bit or 256 colours.
//
// Images come from posts, so they are untrusted: a file over MaxFileSize,
// or whose header claims more than MaxPixels (or more memory than
// maxDecodedBytes once decoded), is refused before anything is decoded,
// so a small file that claims a huge image (a decompression bomb) costs
// nothing. No I/O happens here: the caller opens the file.
package picture

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // registers GIF with image.Decode
	_ "image/jpeg"
	_ "image/png"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/colorprofile"
	xansi "github.com/charmbracelet/x/ansi"
	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// The limits on an image that is drawn; larger ones get their figure
// line only.
const (
	MaxFileSize = 20 << 20
	MaxPixels   = 40_000_000
	// maxDecodedBytes bounds the memory of a decoded image: 40 MP at
	// 4 bytes a pixel; a 16-bit PNG takes 8, so it may have half as
	// many.
	maxDecodedBytes = 4 * MaxPixels
)

// ErrTooLarge is the error of an image over the limits.
var ErrTooLarge = errors.New("image too large to draw")

// Decode reads an image from r, a file of size bytes, checking the limits
// against the size and the header before decoding. r is read from its
// start twice (header, then image), a JPEG three times (its scans are
// counted).
func Decode(r io.ReadSeeker, size int64) (image.Image, error) {
	if size > MaxFileSize {
		return nil, fmt.Errorf("%w: %d MB is over %d MB", ErrTooLarge, size>>20, MaxFileSize>>20)
	}
	// The decoders read through a bufio.Reader of their own if r is not
	// one; a limit keeps a file that grew since it was measured to size.
	cfg, format, err := image.DecodeConfig(bufio.NewReader(io.LimitReader(r, size)))
	if err != nil {
		return nil, fmt.Errorf("read image header: %w", err)
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("image of %dx%d pixels", cfg.Width, cfg.Height)
	}
	if px > MaxPixels || px*bytesPerPixel(cfg.ColorModel) > maxDecodedBytes {
		return nil, fmt.Errorf("%w: %dx%d pixels", ErrTooLarge, cfg.Width, cfg.Height)
	}
	if format == "jpeg" {
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("rewind image: %w", err)
		}
		if scans := jpegScans(bufio.NewReader(io.LimitReader(r, size))); int64(scans)*px > maxScanPixels {
			return nil, fmt.Errorf("%w: %dx%d pixels in %d scans", ErrTooLarge, cfg.Width, cfg.Height, scans)
		}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind image: %w", err)
	}
	img, _, err := image.Decode(bufio.NewReader(io.LimitReader(r, size)))
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	return img, nil
}

// Header reads the size in pixels of the image in r, a file of size
// bytes, from its header alone (no limits checked: Decode checks them),
// from r's start.
func Header(r io.ReadSeeker, size int64) (w, h int, err error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return 0, 0, fmt.Errorf("rewind image: %w", err)
	}
	cfg, _, err := image.DecodeConfig(bufio.NewReader(io.LimitReader(r, size)))
	if err != nil {
		return 0, 0, fmt.Errorf("read image header: %w", err)
	}
	return cfg.Width, cfg.Height, nil
}

// maxScanPixels bounds a JPEG's scans times its pixels. image/jpeg goes
// over every block of the image (copying each, 256 bytes) in each scan of
// a progressive JPEG, and does not limit the scans: an 84 KB file of a
// 40 MP image in 101 scans, each a few dozen bytes of end-of-band runs,
// took 3.9 s to decode, 1,001 scans 30 s (a scan of 40 MP about 32 ms; a
// baseline 40 MP JPEG 0.16 s, the slowest 40 MP PNG 0.27 s). libjpeg's
// progressive scripts have 10 scans (6 for grey) and mozjpeg's a few
// more: this allows 16 scans of 24 MP (9 of 40 MP), about 0.2 s of scans
// on top of the reconstruction every progressive JPEG pays once (0.4 s
// at 40 MP here, measured with the machine's two cores shared).
const maxScanPixels = 16 * 24_000_000

// jpegScans counts the scans (SOS segments) of a JPEG: it reads the
// markers, skipping each segment and the data of each scan. What it
// cannot read (a truncated or broken file) ends the count: the decoder
// reports the error.
func jpegScans(r *bufio.Reader) int {
	scans := 0
	for {
		// Up to the next 0xFF: past a scan's data, or nothing.
		for {
			_, err := r.ReadSlice(0xff)
			if err == nil {
				break
			}
			if err != bufio.ErrBufferFull {
				return scans
			}
		}
		m, err := r.ReadByte()
		for err == nil && m == 0xff { // fill bytes
			m, err = r.ReadByte()
		}
		switch {
		case err != nil || m == 0xd9: // EOI
			return scans
		case m == 0x00 || m == 0x01 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7):
			continue // a stuffed byte in a scan's data; TEM, SOI, RSTn: no length
		}
		var l [2]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return scans
		}
		n := int(l[0])<<8 | int(l[1])
		if n < 2 {
			return scans
		}
		if _, err := r.Discard(n - 2); err != nil {
			return scans
		}
		if m == 0xda { // SOS: its data follows
			scans++
		}
	}
}

// bytesPerPixel is what a decoder allocates a pixel for each colour model.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.Gray16Model:
		return 2
	}
	return 4
}

// Size is the picture of a w x h pixel image at most cols wide and rows
// high, in cells: one cell is one pixel wide and two high (a terminal
// cell is about twice as high as wide, so the image keeps its shape). An
// image is made smaller to fit, never larger.
func Size(w, h, cols, rows int) (int, int) {
	if w <= 0 || h <= 0 || cols <= 0 || rows <= 0 {
		return 0, 0
	}
	pw, ph := w, h // in pixels of the picture: cols x 2*rows at most
	if pw > cols {
		pw, ph = cols, max(1, h*cols/w)
	}
	if ph > 2*rows {
		pw, ph = max(1, pw*2*rows/ph), 2*rows
	}
	return pw, (ph + 1) / 2
}

// Cells are what a picture is drawn with.
type Cells int

const (
	// HalfBlocks draws two pixels a cell: "▀" in the upper pixel's
	// colour on the lower one's.
	HalfBlocks Cells = iota
	// Spaces draws one pixel a cell, a space on its colour: for
	// terminals that draw "▀" (of East Asian ambiguous width) two cells
	// wide, as many Chinese setups do, which would break every line.
	Spaces
)

// Draw draws img at most cols cells wide and rows high, centred in cols,
// with cells c in the colours of profile p (TrueColor: 24-bit; ANSI256
// and ANSI: the 256 colours, which the terminal's renderer brings down to
// 16 if it must). Other profiles have no colours: no picture (nil).
func Draw(img image.Image, cols, rows int, p colorprofile.Profile, c Cells) []string {
	b := img.Bounds()
	w, h := Size(b.Dx(), b.Dy(), cols, rows)
	return DrawSized(img, w, h, strings.Repeat(" ", max(0, cols-w)/2), p, c)
}

// DrawSized draws img w cells wide and h high (as Size gives them), each
// line starting with pad: Draw without working out the size, for a
// caller that keeps drawings by size (one drawing serves every window
// wide enough for it, see Header).
func DrawSized(img image.Image, w, h int, pad string, p colorprofile.Profile, c Cells) []string {
	if p < colorprofile.ANSI || w <= 0 || h <= 0 {
		return nil
	}
	pixelRows := 2 * h
	if c == Spaces {
		pixelRows = h
	}
	small := scale(img, w, pixelRows)
	lines := make([]string, h)
	var sb strings.Builder
	for y := range h {
		sb.Reset()
		sb.WriteString(pad)
		var last cell
		first := true
		for x := range w {
			var c cell
			if pixelRows == h {
				c = spaceAt(small, x, y, p)
			} else {
				c = cellAt(small, x, 2*y, p)
			}
			if first || c.sgr != last.sgr {
				sb.WriteString(c.sgr)
			}
			sb.WriteString(c.glyph)
			last, first = c, false
		}
		sb.WriteString("\x1b[m")
		lines[y] = sb.String()
	}
	return lines
}

// scale brings img to w x h pixels: a large image is first sampled
// (approximate bilinear) down to twice the size, then filtered (bilinear,
// its kernel widened to the ratio) to the size. Filtering a 12 MP photo
// at full size with a kernel that wide costs about a second; sampling
// first costs milliseconds, and the aliasing it may bring is halved by
// the filter and lost in cells this coarse.
func scale(img image.Image, w, h int) *image.NRGBA {
	b := img.Bounds()
	if b.Dx() > 4*w && b.Dy() > 4*h {
		mid := image.NewNRGBA(image.Rect(0, 0, 2*w, 2*h))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), img, b, draw.Src, nil)
		img, b = mid, mid.Bounds()
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.BiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// cell is one drawn cell: its colours as an SGR sequence and its glyph.
type cell struct{ sgr, glyph string }

// cellAt is the cell of the pixels (x, y) and (x, y+1). A transparent
// pixel shows the terminal's background: a half block in the other's
// colour, or a space.
func cellAt(img *image.NRGBA, x, y int, p colorprofile.Profile) cell {
	top := img.NRGBAAt(x, y)
	bot := img.NRGBAAt(x, y+1)
	if y+1 >= img.Bounds().Dy() {
		bot = color.NRGBA{}
	}
	const opaque = 128
	switch {
	case top.A < opaque && bot.A < opaque:
		return cell{"\x1b[m", " "}
	case top.A < opaque:
		return cell{"\x1b[0;" + fg(bot, p) + "m", "▄"}
	case bot.A < opaque:
		return cell{"\x1b[0;" + fg(top, p) + "m", "▀"}
	}
	return cell{"\x1b[0;" + fg(top, p) + ";" + bg(bot, p) + "m", "▀"}
}

// spaceAt is the cell of pixel (x, y) drawn as a space on its colour.
func spaceAt(img *image.NRGBA, x, y int, p colorprofile.Profile) cell {
	px := img.NRGBAAt(x, y)
	if px.A < 128 {
		return cell{"\x1b[m", " "}
	}
	return cell{"\x1b[0;" + bg(px, p) + "m", " "}
}

func fg(c color.NRGBA, p colorprofile.Profile) string { return sgrColor("38", c, p) }
func bg(c color.NRGBA, p colorprofile.Profile) string { return sgrColor("48", c, p) }

func sgrColor(which string, c color.NRGBA, p colorprofile.Profile) string {
	c.A = 255
	if p == colorprofile.TrueColor {
		return which + ";2;" + strconv.Itoa(int(c.R)) + ";" + strconv.Itoa(int(c.G)) + ";" + strconv.Itoa(int(c.B))
	}
	// x/ansi's conversion, not colorprofile's: that one caches every
	// colour it converts, for ever, which a photo would fill.
	return which + ";5;" + strconv.Itoa(int(xansi.Convert256(c)))
}
