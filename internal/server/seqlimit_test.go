package server

import (
	"io"
	"runtime"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

// An escape sequence that never ends made the decoder scan all that was
// sent so far on every read: 1 MB of one unterminated OSC cost 11.6 s of
// CPU and 1 GB of allocations, growing with the square of the size. Each
// sequence is cut at maxSequence bytes, and the keys after it arrive.
func TestLongSequencesAreCut(t *testing.T) {
	for _, tc := range []struct{ name, seq string }{
		{"OSC", "\x1b]0;" + strings.Repeat("a", 1<<20)},
		{"DCS", "\x1bP" + strings.Repeat("a", 1<<20)},
		{"8-bit OSC", "\x9d" + strings.Repeat("a", 1<<20)},
		{"CSI", "\x1b[" + strings.Repeat("!", 1<<20)},
		{"CSI params", "\x1b[" + strings.Repeat("1;", 1<<19)},
		// 33 parameters panicked in x/ansi's decoder and killed the server.
		{"33 CSI params", "\x1b[" + strings.Repeat("1;", 32) + "1A"},
		{"33 8-bit CSI params", "\x9b" + strings.Repeat("1:", 32) + "1A"},
		{"33 DCS params", "\x1bP" + strings.Repeat("1;", 32) + "1q"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := io.MultiReader(strings.NewReader(tc.seq+"\x07"), strings.NewReader("q"))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var keys []string
			for _, m := range inputEvents(t, &smallReads{r: in}) {
				if k, ok := m.(uv.KeyPressEvent); ok {
					keys = append(keys, k.String())
				}
			}
			runtime.ReadMemStats(&after)
			if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
				t.Errorf("a %d KB sequence cost %d MB of allocations", len(tc.seq)>>10, got>>20)
			}
			if len(keys) == 0 || keys[len(keys)-1] != "q" {
				t.Errorf("keys after the sequence end with %q, want q last", keys[max(0, len(keys)-3):])
			}
		})
	}
}

// Sequences a terminal sends (a colour report, a mouse click, a key with
// modifiers) and text with C1-like bytes inside its characters pass
// whole.
func TestShortSequencesPass(t *testing.T) {
	in := "\x1b]11;rgb:1111/2222/3333\x1b\\" + "\x1b[<0;10;5M" + "\x1b[1;5A" + "终端œ" + strings.Repeat("x", 5000)
	got := filterAll(t, in)
	if got != in {
		t.Errorf("input changed by the filter: %q", got[:min(len(got), 80)])
	}
}

// filterAll is what seqLimit passes of in, read in small pieces.
func filterAll(t *testing.T, in string) string {
	t.Helper()
	out, err := io.ReadAll(newSeqLimit(&smallReads{r: strings.NewReader(in), n: 7}))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// A string cut short is ended with ST, and the rest of it, up to its
// own ST, is dropped.
func TestSequenceCutEndsWithST(t *testing.T) {
	got := filterAll(t, "\x1b]0;"+strings.Repeat("a", 3*maxSequence)+"\x1b\\z")
	want := "\x1b]0;" + strings.Repeat("a", maxSequence-4) + "\x1b\\z"
	if got != want {
		t.Errorf("cut OSC: got %d bytes ending %q, want %d ending %q", len(got), got[max(0, len(got)-8):], len(want), want[len(want)-8:])
	}
}

// Bytes the decoder cannot read (one that starts no character, a
// character cut short, a CSI broken by a control) made it wait for a
// pause in the input, reading its whole buffer again on every read until
// then: text sent after them without a pause cost time and memory growing
// with the square of its size (256 KB: 1.1 s of CPU and 80 MB; 1 MB about
// 17 s). Such bytes are dropped, and a broken CSI ended, before the
// decoder: what follows them costs what text costs.
func TestUndecodableInputCostsLikeText(t *testing.T) {
	text := strings.Repeat("a", 1<<19)
	allocated := func(in string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		inputEvents(t, &smallReads{r: strings.NewReader(in)})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	plain := allocated(text)
	for _, tc := range []struct{ name, prefix string }{
		{"invalid byte", "\xff"},
		{"broken character", "\xe4\xb8"},
		{"CSI ended by CAN", "\x1b[1;2\x18"},
		{"CSI ended by a newline", "\x1b[1;2\n"},
		{"8-bit CSI ended by DEL", "\x9b1\x7f"},
	} {
		if got := allocated(tc.prefix + text); got > 2*plain+16<<20 {
			t.Errorf("%s, then %d KB of text: %d MB of allocations, text alone %d MB", tc.name, len(text)>>10, got>>20, plain>>20)
		}
	}
}

// Characters pass whole and valid, however the reads split them; bytes
// no character starts with, and characters cut short, are dropped; a CSI
// broken by a control is ended, and the control still arrives.
func TestInputBytesTheDecoderCanRead(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"终端 é 🎉", "终端 é 🎉"},
		{"a\xffb\xc0c", "abc"},
		{"\xe4\xb8x", "x"},
		{"\xed\xa0\x80y", "y"}, // a surrogate: not UTF-8
		{"\x1b[1;2\x18q", "\x1b[1;2z\x18q"},
		{"\x1b[1;5A", "\x1b[1;5A"},
	} {
		if got := filterAll(t, tc.in); got != tc.want {
			t.Errorf("%q passed as %q, want %q", tc.in, got, tc.want)
		}
	}
}
