package gansi

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"
)

// pieces are what the random texts of these tests are made of: what
// glamour writes (text, SGR and OSC 8 sequences, newlines, padding) and
// what it should never see but must survive (controls, broken UTF-8,
// unterminated or odd sequences, spaces that Wrap treats specially).
var pieces = []string{
	"word", "a", "longerword", " ", "  ", "\n", "\n", "\n", "-", ",", ".", "|",
	"汉字", "中文，", "（括号）", "“引号”", "—", "…", "é", "e\u0301", "\u3000", "\u3000\u0301",
	"\u00a0", "👍🏽", "🇫🇷", "\t", "\r", "\x07", "\x7f", "\xff", "\xe4\xb8", "\xc2",
	"\x1b[m", "\x1b[0m", "\x1b[1m", "\x1b[38;5;252m", "\x1b[48;2;1;2;3m", "\x1b[3;4m", "\x1b[4:3m",
	"\x1b[;1m", "\x1b[1;m", "\x1b[?25l", "\x1b[", "\x1b", "\x1b]8;;https://a.example/\x07",
	"\x1b]8;id=1;https://b.example/x\x1b\\", "\x1b]8;;\x07", "\x1b]8;;http://例子.example/\x07",
	"\x1b]0;title\x07", "\x9b1m", "\x1bP1$r\x1b\\", "\x1b(B",
	"\u2028", "字\u2028字", "\u2063", "\u2e3b", "\u2e37", "，", "。", "《", "\u3000", "·", "a\u2028b",
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// writeChunks writes s to w in random pieces, split anywhere (inside
// characters and sequences too).
func writeChunks(r *rand.Rand, w io.Writer, s string) {
	for len(s) > 0 {
		n := min(len(s), 1+r.IntN(40))
		_, _ = io.WriteString(w, s[:n])
		s = s[n:]
	}
}

func TestPenWriterWritesWrapWritersBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		s := randomText(r, 1+r.IntN(60))
		var want, got bytes.Buffer
		uw := lipgloss.NewWrapWriter(&want)
		writeChunks(r, uw, s)
		_ = uw.Close()
		pw := newPenWriter(&got)
		writeChunks(r, pw, s)
		_ = pw.Close()
		if got.String() != want.String() {
			t.Fatalf("case %d: %q\nWrapWriter: %q\npenWriter:  %q", i, s, want.String(), got.String())
		}
	}
}

func TestWritersWriteUpstreamBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cell := func(w io.Writer) func(io.Writer) {
		return func(io.Writer) { _, _ = io.WriteString(w, "\x1b[48;5;1m·\x1b[m") }
	}
	for i := range 2000 {
		s := randomText(r, 1+r.IntN(60))
		n := r.IntN(12)
		for _, fn := range []bool{false, true} {
			var want, got bytes.Buffer
			var upF, ourF func(io.Writer)
			if fn {
				upF, ourF = cell(&want), cell(&got)
			}
			up := ansi.NewIndentWriter(ansi.NewPaddingWriter(&want, 3*n, upF), n, upF)
			writeChunks(r, up, s)
			_ = up.Close()
			our := NewIndentWriter(NewPaddingWriter(&got, 3*n, ourF), n, ourF)
			writeChunks(r, our, s)
			_ = our.Close()
			if got.String() != want.String() {
				t.Fatalf("case %d (padding %d, func %v): %q\nupstream: %q\nfork:     %q", i, n, fn, s, want.String(), got.String())
			}
		}
	}
}
