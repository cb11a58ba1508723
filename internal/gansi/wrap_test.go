package gansi

import (
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
)

func TestWrapIsLipglossWrap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fitting := 0
	for i := range 4000 {
		s := randomText(r, 1+r.IntN(40))
		limit := r.IntN(30)
		for _, bp := range []string{"", " ", " ,.;-+|"} {
			if fits(s, limit) {
				fitting++
				if w := xansi.Wrap(s, limit, bp); w != s {
					t.Fatalf("case %d: fits(%q, %d), but Wrap changes it to %q", i, s, limit, w)
				}
			}
			if got, want := ansiWrap(s, limit, bp), xansi.Wrap(s, limit, bp); got != want {
				t.Fatalf("case %d: ansiWrap(%q, %d, %q)\nx/ansi: %q\nfork:   %q", i, s, limit, bp, want, got)
			}
			if got, want := wrap(s, limit, bp), lipgloss.Wrap(s, limit, bp); got != want {
				t.Fatalf("case %d: wrap(%q, %d, %q)\nlipgloss: %q\nfork:     %q", i, s, limit, bp, want, got)
			}
		}
	}
	if fitting < 1000 {
		t.Fatalf("only %d texts fit: the test checks too little of fits", fitting)
	}
}

// TestAnsiWrapWordRunsAreUpstreams checks ansiWrap's runs of word bytes
// (see wordByte) against x/ansi's Wrap on texts of long and short runs
// of letters and punctuation between spaces, breakpoints, sequences,
// wide characters and newlines, at limits from 1, where runs are hard
// wrapped at every cell, to wider than the text.
func TestAnsiWrapWordRunsAreUpstreams(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	others := []string{" ", "  ", "-", ",", ".", "|", ";", "\x1b[1m", "\x1b[m", "\x1b[38;5;252m", "é", "中", "\n", "\t", "\x1b]8;;https://a.example/\x07", "\u00a0", "\x7f"}
	for i := range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			if r.IntN(2) == 0 {
				for range r.IntN(30) {
					b.WriteByte(byte('!' + r.IntN(94)))
				}
			} else {
				b.WriteString(others[r.IntN(len(others))])
			}
		}
		s := b.String()
		limit := 1 + r.IntN(40)
		for _, bp := range []string{"", " ", " ,.;-+|"} {
			if got, want := ansiWrap(s, limit, bp), xansi.Wrap(s, limit, bp); got != want {
				t.Fatalf("case %d: ansiWrap(%q, %d, %q)\nx/ansi: %q\nfork:   %q", i, s, limit, bp, want, got)
			}
		}
	}
}

// TestWrapperIsWrap checks that one Wrapper, its pen and memo kept from
// call to call, wraps each of many texts of styles, links and wide
// characters as Wrap does with a pen of its own, at widths that wrap
// and widths that do not.
func TestWrapperIsWrap(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var w Wrapper
	wrapped := 0
	for i := range 4000 {
		s := randomText(r, 1+r.IntN(50))
		if r.IntN(2) == 0 {
			// A list item's text: opened with a style, closed with a reset.
			s = "\x1b[38;5;252m" + s + "\x1b[m"
		}
		limit := r.IntN(40)
		got, want := w.Wrap(s, limit, " "), Wrap(s, limit, " ")
		if got != want {
			t.Fatalf("case %d: Wrapper.Wrap(%q, %d)\nWrap:    %q\nWrapper: %q", i, s, limit, want, got)
		}
		if got != s {
			wrapped++
		}
	}
	if wrapped < 1000 {
		t.Fatalf("only %d texts wrapped: the test checks too little", wrapped)
	}
}

// TestWrapLinesIsWrapsLines checks Wrapper.WrapLines against Wrap's
// result cut into lines, the first after its prefix and the others
// after a lead, with one Wrapper for all, on texts of styles, links and
// wide characters, at limits that wrap and limits that do not.
func TestWrapLinesIsWrapsLines(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	var w Wrapper
	many := 0
	for i := range 4000 {
		s := randomText(r, 1+r.IntN(50))
		if r.IntN(2) == 0 {
			s = "\x1b[38;5;252m" + s + "\x1b[m"
		}
		limit := r.IntN(40)
		first, lead := []string{"", "  • ", "\x1b[1m1.\x1b[m "}[r.IntN(3)], []string{"", "    ", "\x1b[38;5;240m│\x1b[m   "}[r.IntN(3)]
		var want []string
		for k, l := range strings.Split(Wrap(s, limit, " "), "\n") {
			if k == 0 {
				want = append(want, first+l)
			} else {
				want = append(want, lead+l)
			}
		}
		got := w.WrapLines([]string{"before"}, s, limit, " ", first, lead)
		if len(got) == 0 || got[0] != "before" || strings.Join(got[1:], "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("case %d: WrapLines(%q, %d, %q, %q)\nwant %q\ngot  %q", i, s, limit, first, lead, want, got)
		}
		if len(want) > 1 {
			many++
		}
	}
	if many < 1000 {
		t.Fatalf("only %d texts wrapped into lines: the test checks too little", many)
	}
}

// TestIdleTextIsWrapped checks wrap's shortcut for text that fits with
// the pen unset at every newline (penIdle) on texts like the document
// block glamour wraps again, whose lines end with the pen reset, and on
// some whose lines do not.
func TestIdleTextIsWrapped(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	words := []string{"word", "汉字", "，", " ", "“q”", "\u2028", "\x1b[38;5;252m", "\x1b[1m", "\x1b[m", "\x1b[0m",
		"\x1b]8;;https://a.example/\x07", "\x1b]8;;\x07", "\x1b]8;id=1;https://b.example/\x1b\\", "\x1b]8;;\x1b\\", "\x1b]8;x\x07", "\x1b]8;;h\x07", "\x1b]8;p;\x07"}
	idle := 0
	for i := range 4000 {
		var b strings.Builder
		for line := range 1 + r.IntN(6) {
			if line > 0 {
				b.WriteString("\n")
			}
			for range r.IntN(8) {
				b.WriteString(words[r.IntN(len(words))])
			}
			if r.IntN(4) > 0 {
				b.WriteString("\x1b]8;;\x07\x1b[m")
			}
		}
		if r.IntN(2) == 0 {
			b.WriteString("\n")
		}
		s := b.String()
		limit := 10 + r.IntN(30)
		if fits(s, limit) && penIdle(s) {
			idle++
		}
		if got, want := wrap(s, limit, " ,.;-+|"), lipgloss.Wrap(s, limit, " ,.;-+|"); got != want {
			t.Fatalf("case %d: wrap(%q, %d)\nlipgloss: %q\nfork:     %q", i, s, limit, want, got)
		}
	}
	if idle < 500 {
		t.Fatalf("only %d idle texts: the test checks too little of penIdle", idle)
	}
}

// TestWrapLinesIsAnsiWrap checks wrapLines against ansiWrap on random
// texts of many lines, most of which fit (as the blocks wrapped again at
// each level of nesting), and on texts of every piece (sequences left
// open across a newline, controls, broken UTF-8).
func TestWrapLinesIsAnsiWrap(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	fitting := 0
	for i := range 4000 {
		limit := 1 + r.IntN(30)
		var b strings.Builder
		for range 1 + r.IntN(8) {
			if r.IntN(3) > 0 {
				// A line that fits: words and styles within the limit.
				w := 0
				for w < limit-5 {
					b.WriteString("\x1b[38;5;252mword\x1b[m ")
					w += 5
				}
				fitting++
			} else {
				b.WriteString(randomText(r, 1+r.IntN(20)))
			}
			b.WriteString("\n")
		}
		s := b.String()
		for _, bp := range []string{"", " ,.;-+|"} {
			if got, want := wrapLines(s, limit, bp), ansiWrap(s, limit, bp); got != want {
				t.Fatalf("case %d: wrapLines(%q, %d, %q)\nansiWrap:  %q\nwrapLines: %q", i, s, limit, bp, want, got)
			}
		}
	}
	if fitting < 1000 {
		t.Fatalf("only %d lines that fit: the test checks too little", fitting)
	}
}

// TestWrapKeepsIsAnsiWrap checks wrapKeeps against ansiWrap on random
// lines of words, spaces, breakpoints, SGR sequences, list bullets, quote
// bars, Chinese, no-break and other spaces, wider than the limit or not:
// where it says the line is kept, ansiWrap returns it as it is, and where
// it says no to a line of its form, ansiWrap changes it.
func TestWrapKeepsIsAnsiWrap(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"a", "bc", "word", " ", "  ", "-", "- ", "1.", "1. ", ",", ".", ";", "+", "|", "\x1b[38;5;252m", "\x1b[m", "\x1b[1;3m", "•", "▏", "中文", "\u00a0", "\u3000", "⸻", "é", "\u2028", "\t", "\x1b]8;;x\x07", "\u0301", "e\u0301", "🇫🇷", "\xff"}
	kept, wider, changed := 0, 0, 0
	for i := range 200000 {
		limit := 1 + r.IntN(16)
		var b strings.Builder
		for range 1 + r.IntN(24) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		line := b.String()
		for _, bp := range []string{"", " ,.;-+|"} {
			want := ansiWrap(line, limit, bp) == line
			got := wrapKeeps(line, limit, bp)
			if got && !want {
				t.Fatalf("case %d: wrapKeeps(%q, %d, %q) keeps it, ansiWrap makes %q", i, line, limit, bp, ansiWrap(line, limit, bp))
			}
			if want && !got && !strings.ContainsAny(line, "\t\x07\u2028\u0301\xff") {
				t.Fatalf("case %d: wrapKeeps(%q, %d, %q) says no, ansiWrap keeps it", i, line, limit, bp)
			}
			if got {
				kept++
				if !fits(line, limit) {
					wider++
				}
			} else if !want {
				changed++
			}
		}
	}
	if kept < 10000 || wider < 1000 || changed < 10000 {
		t.Fatalf("kept %d lines (%d wider than the limit), changed %d: the test checks too little", kept, wider, changed)
	}
}

// TestWrapIdleSkipsOnlyAPassThatKeeps checks wrapIdle, which returns a
// text whose lines wrapLines keeps and whose pen is idle as it is,
// against the pass it skips (wrapLines, then the pen pass), on random
// texts of lines wider than the limit that ansiWrap keeps, lines it
// wraps, and styles left open or closed at the newlines.
func TestWrapIdleSkipsOnlyAPassThatKeeps(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	pieces := []string{"-", " -", " 1.", "1.", "\x1b[38;5;252m - -\x1b[m", " - - - -", "a", "word ", "\x1b[38;5;252m- - \x1b[m", "\x1b[38;5;252m \x1b[m", "• ", "▏", "中文", "\x1b]8;;x\x07a\x1b]8;;\x07", "\x1b[1m", "\x1b]8;;x\x07"}
	skipped := 0
	for i := range 20000 {
		limit := 1 + r.IntN(20)
		var b strings.Builder
		for range 1 + r.IntN(6) {
			for range r.IntN(12) {
				// Mostly the pieces that leave the pen idle;
				// half of the texts of breakpoints only.
				n := len(pieces) - r.IntN(3)
				if i%2 == 0 {
					n = 6
				}
				b.WriteString(pieces[r.IntN(n)])
			}
			b.WriteString("\n")
		}
		s := b.String()
		bp := " ,.;-+|"
		got, gotIdle := wrapIdle(nil, s, limit, bp)
		// The pass wrapIdle made before it skipped any.
		want, wantIdle := s, true
		if fit, idle := fitsIdle(s, limit); !fit || !idle {
			if !fit {
				want = wrapLines(s, limit, bp)
			}
			var out strings.Builder
			pen := newPenWriter(&out)
			_, _ = io.WriteString(pen, want)
			_ = pen.Close()
			want = out.String()
			wantIdle = penIdle(want)
		}
		if got != want || gotIdle != wantIdle {
			t.Fatalf("case %d: wrapIdle(%q, %d) = %q, %v; the pass: %q, %v", i, s, limit, got, gotIdle, want, wantIdle)
		}
		if fit, _ := fitsIdle(s, limit); !fit && got == s {
			skipped++
		}
	}
	if skipped < 1000 {
		t.Fatalf("only %d texts wider than the limit kept: the test checks too little", skipped)
	}
}

// TestWrapLinesIdleIsPenIdle checks wrapLinesIdle against ansiWrap and
// penIdle on random texts of lines of words, breakpoints, padding cells,
// SGR sequences left open or closed, links, Chinese and broken bytes,
// most of them lines ansiWrap keeps (a nest of lists): its text, that it
// is the text given when it says it kept every line, and, when it did,
// whether the text is idle.
func TestWrapLinesIdleIsPenIdle(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	pieces := []string{"a", "word", " ", "- ", "1. ", ",", "|", "\x1b[38;5;252m \x1b[m\x1b[38;5;252m \x1b[m", "\x1b[38;5;252m", "\x1b[m", "\x1b[0m", "\x1b[1;3m", "•", "▏", "中文", "\x1b]8;;x\x07", "\x1b]8;;\x07", "\x1b[2J", "\x7f", "\xff", "\t"}
	idles, keptAll := 0, 0
	for i := range 100000 {
		limit := r.IntN(20)
		var b strings.Builder
		for range 1 + r.IntN(5) {
			for range r.IntN(12) {
				// Mostly the plain pieces, now and then the others.
				n := 12
				if r.IntN(8) == 0 {
					n = len(pieces)
				}
				b.WriteString(pieces[r.IntN(n)])
			}
			if r.IntN(4) > 0 {
				b.WriteString("\n")
			}
		}
		s := b.String()
		for _, bp := range []string{"", " ,.;-+|", "-|中"} {
			got, kept, idle := wrapLinesIdle(s, limit, bp, nil, nil)
			want := s
			if limit >= 1 {
				want = ansiWrap(s, limit, bp)
			}
			if got != want || kept && got != s || kept && idle != penIdle(s) {
				t.Fatalf("case %d: wrapLinesIdle(%q, %d, %q) = %q, %v, %v; ansiWrap %q; penIdle %v", i, s, limit, bp, got, kept, idle, want, penIdle(s))
			}
			if kept {
				keptAll++
				if idle {
					idles++
				}
			}
		}
	}
	if idles < 10000 || keptAll-idles < 10000 {
		t.Fatalf("kept %d texts, %d of them idle: the test checks too little", keptAll, idles)
	}
}

// TestByteSetIsRuneContainsAny checks byteSet against runeContainsAny for
// every ASCII byte.
func TestByteSetIsRuneContainsAny(t *testing.T) {
	for _, s := range []string{"", " ,.;-+|", "-", "中-x\x7f\x00", "?@_`~\x1b"} {
		set := newByteSet(s)
		for c := range byte(utf8.RuneSelf) {
			if set.has(c) != runeContainsAny(rune(c), s) {
				t.Fatalf("newByteSet(%q).has(%q) = %v", s, c, set.has(c))
			}
		}
	}
}

// TestWrapLinesKeeping checks wrapLinesIdle with a keepLine (see
// SetKeptItems) on random texts of lines of words, breakpoints, styles
// and links, some with the marks keepLine reads: a line it says to keep
// whole is kept, a line whose first line it says to keep is ansiWrap's
// first line of it and then the rest of it, unwrapped and cut to what
// the caller reads (see keptRest), and any other line
// is wrapped as ansiWrap wraps it; the kept and cut lines are counted.
func TestWrapLinesKeeping(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	pieces := []string{"a", "word", " ", "- ", "1. ", ",", "\x1b[38;5;252m", "\x1b[m", "\x1b[1;3m", "•", "中文", "\x1b]8;;x\x07", "\x1b]8;;\x07", "⸻", "⸸"}
	keepLine := func(line string) Keep {
		switch {
		case strings.Contains(line, "⸻"):
			return KeepFirst
		case strings.Contains(line, "⸸"):
			return KeepWhole
		}
		return KeepWrap
	}
	firsts, wholes := 0, 0
	for i := range 20000 {
		limit := 1 + r.IntN(20)
		var lines []string
		for range 1 + r.IntN(5) {
			var b strings.Builder
			for range r.IntN(30) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			lines = append(lines, b.String())
		}
		s := strings.Join(lines, "\n")
		bp := " ,.;-+|"
		var want []string
		// n lines at least are kept or cut, at most most: a line
		// ansiWrap keeps as it is that wrapKeeps does not read (a
		// link) may be kept by keepLine too.
		n, most := 0, 0
		for _, l := range lines {
			w := ansiWrap(l, limit, bp)
			_, plain := plainPen(l, OpenPen{})
			if plain && keepLine(l) != KeepWrap {
				most++
			}
			switch k := keepLine(l); {
			case w == l || !plain || k == KeepWrap || k == KeepFirst && !cutFirst(l, w):
				// (A line ansiWrap breaks nowhere, or right
				// away, has no first line to keep.)
				want = append(want, w)
			case k == KeepWhole:
				want = append(want, l)
				n++
				wholes++
			default:
				first, _, _ := strings.Cut(w, "\n")
				want = append(want, first, keptRest(l[len(first):]))
				n++
				firsts++
			}
		}
		kept := 0
		got, _, _ := wrapLinesIdle(s, limit, bp, keepLine, &kept)
		if got != strings.Join(want, "\n") || kept < n || kept > most {
			t.Fatalf("case %d: wrapLinesIdle(%q, %d) = %q (%d kept); want %q (%d-%d)", i, s, limit, got, kept, strings.Join(want, "\n"), n, most)
		}
	}
	if firsts < 1000 || wholes < 1000 {
		t.Fatalf("cut %d lines, kept %d whole: the test checks too little", firsts, wholes)
	}
}

// cutFirst reports whether w, ansiWrap's wrap of line, has a first line
// that is not empty and that line starts with, the one wrapLinesIdle
// keeps (KeepFirst).
func cutFirst(line, w string) bool {
	n := strings.IndexByte(w, '\n')
	return n > 0 && strings.HasPrefix(line, w[:n])
}

// TestKeptRest checks keptRest on random rests of words, styles, links
// and tags: it keeps every sequence and every character beyond ASCII in
// order, and the text after the last of those characters as it is, and
// drops every printable ASCII byte before it; a rest it drops nothing of
// is itself, not a copy.
func TestKeptRest(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	pieces := []string{"a", "word", " ", "- ", "1. ", ",", "\x1b[38;5;252m", "\x1b[m", "\x1b[1;3m", "•", "中文", "\x1b]8;;x\x07", "\x1b]8;;\x07", "⸻", "⸸", "  "}
	// parts returns the sequences and the characters beyond ASCII of
	// s, in order, and the text after the last such character.
	parts := func(s string) (kept []string, tail string) {
		for i := 0; i < len(s); {
			if n := seqAt(s, i); n > 0 {
				kept = append(kept, s[i:i+n])
				tail += s[i : i+n]
				i += n
				continue
			}
			if s[i] >= utf8.RuneSelf {
				_, size := utf8.DecodeRuneInString(s[i:])
				kept = append(kept, s[i:i+size])
				tail = ""
				i += size
				continue
			}
			tail += s[i : i+1]
			i++
		}
		return kept, tail
	}
	cut := 0
	for i := range 20000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		rest := b.String()
		got := keptRest(rest)
		wantKept, wantTail := parts(rest)
		gotKept, gotTail := parts(got)
		if !slices.Equal(gotKept, wantKept) || gotTail != wantTail || !strings.HasSuffix(got, wantTail) {
			t.Fatalf("case %d: keptRest(%q) = %q: keeps %q then %q, want %q then %q", i, rest, got, gotKept, gotTail, wantKept, wantTail)
		}
		head := got[:len(got)-len(wantTail)]
		for j := 0; j < len(head); {
			if n := seqAt(head, j); n > 0 {
				j += n
				continue
			}
			if head[j] >= 0x20 && head[j] < 0x7f {
				t.Fatalf("case %d: keptRest(%q) = %q keeps ASCII %q before its last tag", i, rest, got, head[j])
			}
			j++
		}
		if len(got) == len(rest) && got != "" && unsafe.StringData(got) != unsafe.StringData(rest) {
			t.Fatalf("case %d: keptRest(%q) copied a rest it drops nothing of", i, rest)
		}
		if len(got) < len(rest) {
			cut++
		}
	}
	if cut < 5000 {
		t.Fatalf("cut %d rests: the test checks too little", cut)
	}
}

// TestAnsiWrapFirst compares ansiWrapFirst with the first line of
// ansiWrap on random lines of words, breakpoints, styles, links and
// Chinese, long and short, with first lines of every length (a run of
// "- " that the wrap breaks late or nowhere, past ansiWrapFirst's room).
func TestAnsiWrapFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	pieces := []string{"a", "word", " ", "- ", "1. ", ",", "\x1b[38;5;252m", "\x1b[m", "\x1b[1;3m", "•", "中文", "\x1b]8;;x\x07", "\x1b]8;;\x07", "⸻", "⸸", "\n", strings.Repeat("- ", 100), strings.Repeat("x", 50)}
	late, split := 0, 0
	for i := range 20000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		limit := 1 + r.IntN(30)
		for _, bp := range []string{" ,.;-+|", ""} {
			want, _, wantMore := strings.Cut(ansiWrap(s, limit, bp), "\n")
			got, more := ansiWrapFirst(s, limit, bp)
			if got != want || more != wantMore {
				t.Fatalf("case %d: ansiWrapFirst(%q, %d, %q) = %q, %v; want %q, %v", i, s, limit, bp, got, more, want, wantMore)
			}
			if more {
				split++
			}
			if len(want) > 4*limit+64 {
				late++
			}
		}
	}
	if late < 500 || split < 10000 {
		t.Fatalf("%d first lines past the room, %d split: the test checks too little", late, split)
	}
}
