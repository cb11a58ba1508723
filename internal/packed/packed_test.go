package packed

import (
	"strings"
	"testing"
)

func keep(b []byte) string { return string(b) }

// A compressed text reads back as it was written, whole and from any
// offset, and keeps less than the text when it repeats itself; a text
// that does not shrink, or is over MaxLen (read whole at each use), is
// kept as it is.
func TestCompressRoundTrip(t *testing.T) {
	text := "---\ntitle: 终端\n---\n" + strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。Some English too.\n\n", 40)
	z := Compress(text, keep)
	if !z.Compressed() || z.Kept() >= len(text)/4 {
		t.Fatalf("%d bytes kept as %d (compressed %v)", len(text), z.Kept(), z.Compressed())
	}
	if z.String() != text || z.Len() != len(text) {
		t.Fatalf("read back %d bytes, want %d", len(z.String()), len(text))
	}
	for _, off := range []int{0, 1, 17, len(text) / 2, len(text)} {
		s := z.Suffix(off)
		if s.String() != text[off:] || s.Len() != len(text)-off {
			t.Errorf("suffix at %d reads %q...", off, s.String()[:min(20, s.Len())])
		}
		if got := string(s.AppendTo([]byte("head"))); got != "head"+text[off:] {
			t.Errorf("suffix at %d appended: %q...", off, got[:min(24, len(got))])
		}
		if ss := s.Suffix(s.Len() / 2); ss.String() != text[off+s.Len()/2:] {
			t.Errorf("suffix of suffix at %d", off)
		}
	}
	short := Compress("ab", keep)
	if short.Compressed() || short.String() != "ab" {
		t.Errorf("2 bytes: compressed %v, %q", short.Compressed(), short.String())
	}
	if empty := Compress("", keep); empty.String() != "" || empty.Len() != 0 {
		t.Errorf("empty text reads %q", empty.String())
	}
	if big := Compress(strings.Repeat("a", MaxLen+1), keep); big.Compressed() || big.Len() != MaxLen+1 {
		t.Errorf("a text over MaxLen: compressed %v, %d bytes", big.Compressed(), big.Len())
	}
	if p := Plain("plain").Suffix(2); p.String() != "ain" || p.Compressed() {
		t.Errorf("plain suffix %q", p.String())
	}
}
