package gansi

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

// TestFoldWritesChainBytes checks the folded margin writer against its
// writer chain (IndentWriter over PaddingWriter, which
// TestWritersWriteUpstreamBytes checks against upstream's) on random
// texts written in random pieces: glamour's text and sequences, and what
// must go through the chain (controls, broken UTF-8, odd sequences, wide
// and combining characters), at random widths and indentations, with
// styled and plain cells.
func TestFoldWritesChainBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	cellsOf := []string{" ", "\x1b[38;5;252m \x1b[0m", "\x1b[48;5;1m·\x1b[m", "│"}
	// Plain texts: what glamour writes, so that most lines are folded.
	plain := []string{"word", "a", " ", "\n", "\n", "汉字", "中文，", "“引号”", "é", "e\u0301", "👍🏽",
		"\x1b[m", "\x1b[0m", "\x1b[1m", "\x1b[38;5;252m", "\x1b[48;2;1;2;3m", "\x1b[3;4m",
		"\x1b]8;;https://a.example/\x07", "\x1b]8;;\x07", "\x1b]8;id=1;https://b.example/x\x1b\\",
		// Runs of padding cells (see padCell), and near ones.
		strings.Repeat("\x1b[38;5;252m \x1b[m", 7), strings.Repeat("\x1b[1;3m \x1b[m", 3), "\x1b[38;5;252m \x1b[0m\x1b[38;5;252m \x1b[0m",
		"\x1b[38;5;252m \x1b[m\x1b[38;5;252m  \x1b[m", "\x1b[m \x1b[m\x1b[m \x1b[m",
		// Longer than the parser's data buffer, which cuts it.
		"\x1b]8;;https://c.example/" + strings.Repeat("x", 4090) + ";y\x07"}
	for i := range 4000 {
		var s string
		if i%2 == 0 {
			s = randomText(r, 1+r.IntN(60))
		} else {
			var b bytes.Buffer
			for range 1 + r.IntN(80) {
				b.WriteString(plain[r.IntN(len(plain))])
			}
			s = b.String()
		}
		width, indent := r.IntN(30), r.IntN(6)
		padCell, indCell := cellsOf[r.IntN(len(cellsOf))], cellsOf[r.IntN(len(cellsOf))]
		var want, got bytes.Buffer
		for _, c := range []struct {
			out    *bytes.Buffer
			noFold bool
		}{{&want, true}, {&got, false}} {
			mw := newMarginWriter(c.out, width, indent, &cellRun{cell: padCell}, &cellRun{cell: indCell})
			mw.noFold = c.noFold
			if i%3 == 0 {
				_, _ = mw.WriteString(s) // as blocks are written: whole
			} else {
				writeChunks(r, mw, s)
			}
			_ = mw.Close()
		}
		if got.String() != want.String() {
			t.Fatalf("case %d (width %d, indent %d, cells %q %q): %q\nchain: %q\nfold:  %q",
				i, width, indent, padCell, indCell, s, want.String(), got.String())
		}
	}
}

// TestFoldFolds checks that the lines glamour writes are folded, not
// all sent through the chain (which would pass the test above too).
func TestFoldFolds(t *testing.T) {
	var out bytes.Buffer
	mw := newMarginWriter(&out, 20, 2, &cellRun{cell: " "}, &cellRun{cell: " "})
	for _, line := range []string{"\x1b[1mword\x1b[m 汉字\n", "\x1b]8;;https://a.example/\x07link\x1b]8;;\x07\n", "end"} {
		if !mw.fold([]byte(line)) {
			t.Errorf("line %q not folded", line)
		}
	}
	if mw.fold([]byte("bell\x07\n")) {
		t.Error("a line with a control character was folded")
	}
}

// TestFitsIdleIsFitsAndPenIdle checks the fused check wrap makes against
// the two it replaces, on random texts (every piece of pieces, and
// lines that fit with the pen reset at their end, as in the document's
// block).
func TestFitsIdleIsFitsAndPenIdle(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	both := 0
	for i := range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(5) {
			b.WriteString(randomText(r, r.IntN(8)))
			if r.IntN(4) == 0 {
				// Padding cells (see padCells), and near ones.
				b.WriteString(strings.Repeat([]string{"\x1b[38;5;252m \x1b[m", "\x1b[1m \x1b[0m", "\x1b[m \x1b[m"}[r.IntN(3)], r.IntN(30)))
			}
			if r.IntN(3) > 0 {
				b.WriteString("\x1b]8;;\x07\x1b[m")
			}
			b.WriteString("\n")
		}
		s := b.String()
		if r.IntN(2) == 0 {
			s = s[:r.IntN(len(s)+1)]
		}
		limit := r.IntN(40)
		fit, idle := fitsIdle(s, limit)
		if fit != fits(s, limit) || fit && idle != penIdle(s) {
			t.Fatalf("case %d: fitsIdle(%q, %d) = %v, %v; fits %v, penIdle %v", i, s, limit, fit, idle, fits(s, limit), penIdle(s))
		}
		if fit && idle {
			both++
		}
	}
	if both < 1000 {
		t.Fatalf("only %d texts fit with the pen idle: the test checks too little", both)
	}
}

// TestReadLinkDataIsReadLink checks readLinkData against uv.ReadLink for
// OSC 8 data of every shape, read over an unset link and over links with
// the same and other parts.
func TestReadLinkDataIsReadLink(t *testing.T) {
	datas := []string{"", "8", "8;", "8;;", "8;;https://a.example", "8;id=1;https://a.example/x;y", "8;id=1;", ";;",
		"8;;;", "8;a=b:c=d;u", "8;id=1;https://b.example", "8;id=2;https://a.example", "x;y;z;w"}
	links := []uv.Link{{}, {URL: "https://a.example"}, {URL: "https://a.example", Params: "id=1"}, {URL: "u", Params: "a=b:c=d"}}
	for _, d := range datas {
		for _, l := range links {
			want, got := l, l
			uv.ReadLink([]byte(d), &want)
			readLinkData([]byte(d), &got)
			if got != want {
				t.Errorf("data %q over %+v: readLinkData gave %+v, uv.ReadLink %+v", d, l, got, want)
			}
		}
	}
}
