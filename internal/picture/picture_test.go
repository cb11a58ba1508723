package picture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	xansi "github.com/charmbracelet/x/ansi"
)

// halves is a w x h image, red above and blue below.
func halves(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{255, 0, 0, 255}
			if y >= h/2 {
				c = color.NRGBA{0, 0, 255, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func TestDecodeFormats(t *testing.T) {
	src := halves(40, 30)
	encoders := map[string]func(*bytes.Buffer) error{
		"png":  func(b *bytes.Buffer) error { return png.Encode(b, src) },
		"jpeg": func(b *bytes.Buffer) error { return jpeg.Encode(b, src, nil) },
		"gif":  func(b *bytes.Buffer) error { return gif.Encode(b, src, nil) },
	}
	for name, enc := range encoders {
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			t.Fatal(err)
		}
		img, err := Decode(bytes.NewReader(b.Bytes()), int64(b.Len()))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if img.Bounds().Dx() != 40 || img.Bounds().Dy() != 30 {
			t.Errorf("%s: decoded %v", name, img.Bounds())
		}
	}
	// A WebP of 1x1 pixel (lossless), as cwebp writes it.
	webp := []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
	if img, err := Decode(bytes.NewReader(webp), int64(len(webp))); err != nil || img.Bounds().Dx() != 1 {
		t.Errorf("webp: %v", err)
	}
}

// bombPNG is a PNG header claiming w x h pixels, and no pixels at all.
func bombPNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// TestDecodeRefusesBombs: a file over 20 MB, or whose header claims more
// than 40 megapixels, is refused before any pixel is decoded.
func TestDecodeRefusesBombs(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		size int64
	}{
		{"100k x 100k header", bombPNG(100000, 100000), 0},
		{"just over 40 MP", bombPNG(8000, 5001), 0},
		{"a file over 20 MB", bombPNG(10, 10), MaxFileSize + 1},
	} {
		size := c.size
		if size == 0 {
			size = int64(len(c.data))
		}
		_, err := Decode(bytes.NewReader(c.data), size)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", c.name, err)
		}
	}
	if _, err := Decode(strings.NewReader("not an image"), 12); err == nil || errors.Is(err, ErrTooLarge) {
		t.Errorf("text: %v, want a decoding error", err)
	}
}

func TestSize(t *testing.T) {
	for _, c := range []struct{ w, h, cols, rows, wantW, wantH int }{
		{4000, 3000, 80, 20, 53, 20}, // height bound: 40 pixel rows
		{4000, 1000, 80, 20, 80, 10}, // width bound
		{16, 16, 80, 20, 16, 8},      // never enlarged
		{1, 10000, 80, 20, 1, 20},
		{10000, 1, 80, 20, 80, 1},
	} {
		w, h := Size(c.w, c.h, c.cols, c.rows)
		if w != c.wantW || h != c.wantH {
			t.Errorf("Size(%d, %d, %d, %d) = %d, %d, want %d, %d", c.w, c.h, c.cols, c.rows, w, h, c.wantW, c.wantH)
		}
	}
}

// TestDraw: half-block cells in the profile's colours, within the width
// and rows asked for.
func TestDraw(t *testing.T) {
	img := halves(400, 300)
	tc := Draw(img, 60, 20, colorprofile.TrueColor, HalfBlocks)
	if len(tc) == 0 || len(tc) > 20 {
		t.Fatalf("%d lines, want 1..20", len(tc))
	}
	all := strings.Join(tc, "\n")
	for _, want := range []string{"38;2;255;0;0", "38;2;0;0;255", "▀"} {
		if !strings.Contains(all, want) {
			t.Errorf("truecolor picture has no %q", want)
		}
	}
	for _, l := range tc {
		if w := xansi.StringWidth(l); w > 60 {
			t.Errorf("line %d cells wide, want at most 60", w)
		}
		if !strings.HasSuffix(l, "\x1b[m") {
			t.Errorf("line does not reset its colours: %q", l)
		}
	}
	c256 := strings.Join(Draw(img, 60, 20, colorprofile.ANSI256, HalfBlocks), "\n")
	if !strings.Contains(c256, "38;5;196") || strings.Contains(c256, ";2;") {
		t.Errorf("256-colour picture: %q", c256[:min(200, len(c256))])
	}
	if got := Draw(img, 60, 20, colorprofile.ASCII, HalfBlocks); got != nil {
		t.Errorf("a terminal without colours gets %d lines, want none", len(got))
	}
}

// TestDrawSpaces: for terminals that draw "▀" two cells wide, a picture
// of plain spaces on their colours, of the same size in cells, each line
// as wide as with half blocks.
func TestDrawSpaces(t *testing.T) {
	img := halves(400, 300)
	blocks := Draw(img, 60, 20, colorprofile.TrueColor, HalfBlocks)
	spaces := Draw(img, 60, 20, colorprofile.TrueColor, Spaces)
	if len(spaces) != len(blocks) {
		t.Fatalf("%d lines, want %d as with half blocks", len(spaces), len(blocks))
	}
	all := strings.Join(spaces, "\n")
	if strings.ContainsRune(all, '▀') || strings.ContainsRune(all, '▄') {
		t.Error("half blocks drawn")
	}
	for _, want := range []string{"48;2;255;0;0m", "48;2;0;0;255m"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q", want)
		}
	}
	for i := range spaces {
		if a, b := xansi.StringWidth(spaces[i]), xansi.StringWidth(blocks[i]); a != b {
			t.Errorf("line %d: %d cells, want %d", i, a, b)
		}
	}
}

// BenchmarkDecodeScale: a 4000x3000 photo-sized JPEG decoded and drawn at
// 80 columns.
func BenchmarkDecodeScale(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Decode(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
				b.Fatal(err)
			}
		}
	})
	dec, err := Decode(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("scale+draw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if lines := Draw(dec, 76, 20, colorprofile.TrueColor, HalfBlocks); len(lines) != 20 {
				b.Fatalf("%d lines", len(lines))
			}
		}
	})
}

// progressiveBomb is a progressive gray JPEG of w x h pixels with n AC
// scans, each a few dozen bytes of end-of-band runs over every block.
func progressiveBomb(w, h, n int) []byte {
	var b bytes.Buffer
	seg := func(marker byte, payload []byte) {
		b.Write([]byte{0xff, marker, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)})
		b.Write(payload)
	}
	b.Write([]byte{0xff, 0xd8})
	q := make([]byte, 65)
	for i := 1; i < 65; i++ {
		q[i] = 1
	}
	seg(0xdb, q)
	seg(0xc2, []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})
	dc := append([]byte{0x00, 1}, make([]byte, 15)...)
	dc = append(dc, 0)
	seg(0xc4, dc)
	ac := append([]byte{0x10, 1}, make([]byte, 15)...)
	ac = append(ac, 0xe0)
	seg(0xc4, ac)
	blocks := ((w + 7) / 8) * ((h + 7) / 8)
	// DC first scan: one 0 bit a block.
	seg(0xda, []byte{1, 1, 0x00, 0, 0, 0x00})
	b.Write(make([]byte, (blocks+7)/8))
	for range n {
		seg(0xda, []byte{1, 1, 0x00, 1, 63, 0x00})
		// EOB runs of 32767 blocks: code 0 then 14 one bits.
		var bits []bool
		for left := blocks; left > 0; left -= 32767 {
			bits = append(bits, false)
			for range 14 {
				bits = append(bits, true)
			}
		}
		var cur byte
		nb := 0
		for _, bit := range bits {
			cur <<= 1
			if bit {
				cur |= 1
			}
			nb++
			if nb == 8 {
				b.WriteByte(cur)
				if cur == 0xff {
					b.WriteByte(0)
				}
				cur, nb = 0, 0
			}
		}
		if nb > 0 {
			cur = cur<<(8-nb) | byte(1<<(8-nb)-1)
			b.WriteByte(cur)
			if cur == 0xff {
				b.WriteByte(0)
			}
		}
	}
	b.Write([]byte{0xff, 0xd9})
	return b.Bytes()
}

// A progressive JPEG of many scans, each a few dozen bytes, made
// image/jpeg go over all its blocks in each: 100 scans of a 40 MP image
// (84 KB) took 3.9 s, 1,000 scans 40 s. Such a file is refused before it
// is decoded; a small image may have as many scans, and a large one as
// many as libjpeg and mozjpeg write.
func TestDecodeRefusesScanBombs(t *testing.T) {
	for _, tt := range []struct {
		w, h, acScans int
		ok            bool
	}{
		{64, 64, 100, true},
		{6000, 4000, 9, true},  // 24 MP in 10 scans, as libjpeg's progressive script
		{6000, 4000, 15, true}, // in 16
		{6000, 4000, 16, false},
		{6300, 6300, 100, false},
		{6300, 6300, 1000, false},
	} {
		data := progressiveBomb(tt.w, tt.h, tt.acScans)
		img, err := Decode(bytes.NewReader(data), int64(len(data)))
		if tt.ok && (err != nil || img.Bounds().Dx() != tt.w) {
			t.Errorf("%dx%d in %d scans: %v", tt.w, tt.h, tt.acScans+1, err)
		}
		if !tt.ok && !errors.Is(err, ErrTooLarge) {
			t.Errorf("%dx%d in %d scans: error %v, want %v", tt.w, tt.h, tt.acScans+1, err, ErrTooLarge)
		}
	}
}
