package render

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/gansi"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// emptyStyleRE is what dropEmptyStyles removes, as a regular expression.
var emptyStyleRE = regexp.MustCompile(`\x1b\[[0-9;]*m\x1b\[0?m`)

// linePieces are what the random lines of these tests are made of: what
// glamour writes around list items (styled text and padding cells,
// marks, quote bars) and what it should not, but might (controls, broken
// UTF-8, other sequences, combining marks after a sequence).
var linePieces = []string{
	" ", " ", "  ", "a", "word", "1.", "•", "│", "汉字", "，", "é", "e\u0301", "\u0301", "👍🏽", "👍", "🏽", "🇫", "🇷", "•\u0301", "a\u0301", " \u200d", "\u2022\u200d\u2022", "\u00a0", "\u2063", "\u2e3b", "\u00ad", "¿", "x\u00a0y",
	"\x1b[38;5;252m", "\x1b[m", "\x1b[0m", "\x1b[1;38;5;39m", "\x1b[38;5;252m \x1b[m", "\x1b[m\x1b[m", "\x1b[;m", "\x1b[",
	"\t", "\x07", "\x7f", "\xff", "\xe4\xb8", "\u0085", "\x1b]8;;https://a.example/\x07", "\x1b[?25l", "\x1b",
}

// glamourPieces are the pieces of lines as glamour writes them.
var glamourPieces = []string{
	" ", "  ", "a", "word", "1.", "•", "│", "\u2e3b", "\x1b[38;5;252m", "\x1b[m", "\x1b[0m", "\x1b[1;38;5;39m", "\x1b[38;5;252m \x1b[m",
	"\x1b]8;id=7;https://example.com/p/1\x07", "\x1b]8;;\x07", "\x1b]8;;https://b.example/\x1b\\",
	"\u00a0code\u00a0",
}

// randomLine returns a line of pieces: of glamourPieces alone for even i.
func randomLine(r *rand.Rand, i int) string {
	pieces := linePieces
	if i%2 == 0 {
		pieces = glamourPieces
	}
	var b strings.Builder
	for range 1 + r.IntN(16) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	if r.IntN(2) == 0 {
		for range r.IntN(6) {
			b.WriteString([]string{" ", "\x1b[38;5;252m \x1b[m", "\x1b[m"}[r.IntN(3)])
		}
	}
	return b.String()
}

// TestTrimPadIsTruncate checks trimPad against what it stands in for
// (the line cut by xansi.Truncate after its last character that is not
// a space, then empty styles removed by the regular expression), on
// random lines; and that most of glamour's lines take its one-pass way.
func TestTrimPadIsTruncate(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 3))
	fast := 0
	for i := range 30000 {
		l := randomLine(r, i)
		plain := strings.TrimRight(xansi.Strip(l), " ")
		want := emptyStyleRE.ReplaceAllString(xansi.Truncate(l, xansi.StringWidth(plain), ""), "")
		if got := trimPad(l); got != want {
			t.Fatalf("case %d: %q: got %q, want %q", i, l, got, want)
		}
		if _, ok := padEnd(l); ok {
			fast++
		}
	}
	if fast < 5000 {
		t.Fatalf("only %d lines cut in one pass: the test checks too little", fast)
	}
}

// TestDropEmptyStylesIsTheRegexp checks dropEmptyStyles against the
// regular expression it stands in for.
func TestDropEmptyStylesIsTheRegexp(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 4))
	dropped := 0
	for i := range 30000 {
		l := randomLine(r, i)
		want := emptyStyleRE.ReplaceAllString(l, "")
		if got := dropEmptyStyles(l); got != want {
			t.Fatalf("case %d: %q: got %q, want %q", i, l, got, want)
		}
		if want != l {
			dropped++
		}
	}
	if dropped < 3000 {
		t.Fatalf("only %d lines had an empty style: the test checks too little", dropped)
	}
}

// TestNoCharacterWiderThanItsBytes checks what fit relies on to skip
// measuring a line of no more bytes than the width: no character, in
// either ambiguous width, is wider in cells than in bytes.
func TestNoCharacterWiderThanItsBytes(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		for _, amb := range []textwrap.Ambiguous{textwrap.Narrow, textwrap.Wide} {
			if w := lineWidth(s, amb); w > len(s) {
				t.Fatalf("%U is %d cells wide (%v) in %d bytes", r, w, amb, len(s))
			}
		}
	}
}

// TestFitMeasuresInvalidBytes: where ambiguous characters are wide, an
// invalid byte is two cells in one byte, so a line of no more bytes than
// the width may still be too wide: fit measures it and wraps it.
func TestFitMeasuresInvalidBytes(t *testing.T) {
	for _, l := range []string{strings.Repeat("\xff", 8), strings.Repeat("\xc2", 8), "ab\xffcd\xc2ef"} {
		for _, amb := range []textwrap.Ambiguous{textwrap.Narrow, textwrap.Wide} {
			for _, got := range fit(l, 8, nil, false, amb) {
				if w := lineWidth(got, amb); w > 8 {
					t.Errorf("%q (%v) fitted to 8 columns drew %q, %d wide", l, amb, got, w)
				}
			}
		}
	}
}

// TestLeadCutIsTruncate checks leadCut against xansi.Truncate, which it
// stands in for, on random lines cut at every width up to theirs and
// beyond; and that most of glamour's lines take its one-pass way.
func TestLeadCutIsTruncate(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 5))
	fast := 0
	for i := range 20000 {
		l := randomLine(r, i)
		for n := range xansi.StringWidth(l) + 2 {
			if got, want := leadCut(l, n), xansi.Truncate(l, n, ""); got != want {
				t.Fatalf("case %d, %d cells: %q: got %q, want %q", i, n, l, got, want)
			}
			if _, ok := leadCutPlain(l, n); ok {
				fast++
			}
		}
	}
	if fast < 50000 {
		t.Fatalf("only %d lines cut in one pass: the test checks too little", fast)
	}
}

// TestItemLeadDrawsAsLeadCut checks itemLead against leadCut, which it
// stands in for: followed by the hang's spaces and text, each lead draws
// the same cells (see drawnCells) and leaves the same pen; and that many
// lines take its short way.
func TestItemLeadDrawsAsLeadCut(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 19))
	short := 0
	for i := range 3000 {
		l := randomLine(r, i)
		if i%3 == 0 {
			l = "  " + []string{"", "\x1b[38;5;252m▏\x1b[m", "\x1b[38;5;252m \x1b[m\x1b[38;5;252m \x1b[m"}[r.IntN(3)] + l
		}
		for n := range xansi.StringWidth(l) + 2 {
			got, want := itemLead(l, n), leadCut(l, n)
			if got != want {
				short++
			}
			// The pen at the lead's end shows on the spaces and text
			// after it, and on the next line.
			const after = "  x\x1b[4my\nz"
			if d := cellsDiffer(want+after, got+after); d != "" {
				t.Fatalf("case %d, %d cells: %q: %q draws otherwise than %q: %s", i, n, l, got, want, d)
			}
		}
	}
	if short < 2500 {
		t.Fatalf("only %d leads shorter than leadCut's: the test checks too little", short)
	}
}

// TestPrefixWidths checks prefixWidths against x/ansi's measure of the
// stripped prefix and its lead, on random lines and item prefixes; and
// that most of glamour's lines take its one-pass way.
func TestPrefixWidths(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	fast := 0
	for i := range 30000 {
		l := randomLine(r, i)
		if i%3 == 0 {
			l = "  " + []string{"", "\x1b[38;5;252m▏\x1b[m", "\x1b[38;5;252m \x1b[m\x1b[38;5;252m \x1b[m"}[r.IntN(3)] + l
		}
		hang, lead := prefixWidths(l)
		wantHang, wantLead := prefixWidthsSlow(l)
		if hang != wantHang || lead != wantLead {
			t.Fatalf("case %d: %q: got %d, %d, want %d, %d", i, l, hang, lead, wantHang, wantLead)
		}
		if plain := xansi.Strip(l); wantHang != xansi.StringWidth(plain) || wantLead != xansi.StringWidth(leadOf(plain)) {
			t.Fatalf("case %d: %q: the slow way measures otherwise", i, l)
		}
		if _, _, ok := prefixWidthsPlain(l); ok {
			fast++
		}
	}
	if fast < 5000 {
		t.Fatalf("only %d prefixes measured in one pass: the test checks too little", fast)
	}
}

// TestOnlyPaddingIsStrip checks onlyPadding against the test it stands
// in for: nothing but spaces left once sequences are stripped.
func TestOnlyPaddingIsStrip(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 6))
	blank := 0
	for i := range 30000 {
		l := randomLine(r, i)
		if i%3 == 0 {
			// The rest of a line after an item's end tag: padding.
			l = l[len(l)/2:]
			if !utf8.ValidString(l) {
				continue
			}
		}
		want := strings.TrimSpace(xansi.Strip(l)) == ""
		if onlyPadding(l) && !want {
			t.Fatalf("case %d: %q is not only padding", i, l)
		}
		if onlyPadding(l) {
			blank++
		}
	}
	if blank < 300 {
		t.Fatalf("only %d lines of padding: the test checks too little", blank)
	}
}

// TestDropLeadingSpaces checks dropLeadingSpaces against the cut it
// stands in for, on random lines with and without leading spaces.
func TestDropLeadingSpaces(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 8))
	fast := 0
	for i := range 30000 {
		l := randomLine(r, i)
		if i%3 != 0 {
			l = strings.Repeat(" ", r.IntN(3)) + []string{"", "\x1b[38;5;252m", "\x1b]8;;https://a.example/\x07"}[r.IntN(3)] + []string{" ", ""}[r.IntN(2)] + l
		}
		plain := xansi.Strip(l)
		want := xansi.TruncateLeft(l, len(plain)-len(strings.TrimLeft(plain, " ")), "")
		got, ok := dropLeadingSpaces(l)
		if ok {
			fast++
			if got != want {
				t.Fatalf("case %d: %q: got %q, want %q", i, l, got, want)
			}
		}
	}
	if fast < 10000 {
		t.Fatalf("only %d lines cut in one pass: the test checks too little", fast)
	}
}

// TestWrapItem checks hangLines against lipgloss.Wrap's lines, which it
// stands in for, on random item texts at widths around theirs, with one
// wrapper for them all as hangItems has; and that most of glamour's
// fitting texts are taken as they are.
func TestWrapItem(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 9))
	asIs := 0
	var wr gansi.Wrapper
	for i := range 30000 {
		s := trimSpaces(randomLine(r, i))
		w := xansi.StringWidth(s)
		for _, width := range []int{w - 1, w, w + 1, w + 10} {
			var want []string
			for k, l := range strings.Split(lipgloss.Wrap(s, width, " "), "\n") {
				want = append(want, []string{"  • ", "    "}[min(k, 1)]+l)
			}
			got := hangLines(&wr, nil, s, width, "  • ", func() string { return "    " })
			if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
				t.Fatalf("case %d at %d: %q: got %q, want %q", i, width, s, got, want)
			}
			if fitsAsIs(s, width) {
				asIs++
			}
		}
	}
	if asIs < 5000 {
		t.Fatalf("only %d texts taken as they are: the test checks too little", asIs)
	}
}

// TestMarkWidths checks that gansi measures every mark rune (see
// markRune) alone as x/ansi does: prefixWidthsPlain measures them so.
func TestMarkWidths(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0x2e7f; r++ {
		if !markRune(r) {
			continue
		}
		n++
		if s := string(r); gansi.StringWidth(s) != xansi.StringWidth(s) {
			t.Fatalf("%U: gansi measures %d cells, x/ansi %d", r, gansi.StringWidth(s), xansi.StringWidth(s))
		}
	}
	if n < 1000 {
		t.Fatalf("only %d mark runes", n)
	}
}

// TestFitsAsIsParts compares fitsAsIsParts with fitsAsIs as it was, on
// the whole text, for random item texts cut into three parts anywhere
// (in a sequence too), at widths around theirs.
func TestFitsAsIsParts(t *testing.T) {
	// whole is fitsAsIs read whole, as it was.
	whole := func(s string, width int) bool {
		cells := 0
		var pen gansi.OpenPen
		for i := 0; i < len(s); {
			c := s[i]
			switch {
			case c >= ' ' && c < 0x7f:
				cells++
				i++
			case c == 0x1b:
				n := seqLen(s[i:])
				if n == 0 {
					return false
				}
				pen.See(s[i : i+n])
				i += n
			default:
				return false
			}
		}
		return width >= 1 && cells <= width && !pen.Open()
	}
	r := rand.New(rand.NewPCG(41, 42))
	fits := 0
	for i := range 30000 {
		s := randomLine(r, i)
		if r.IntN(2) == 0 {
			s = trimSpaces(s)
		}
		a := r.IntN(len(s) + 1)
		b := a + r.IntN(len(s)-a+1)
		w := xansi.StringWidth(s)
		for _, width := range []int{0, w - 1, w, w + 1} {
			want := whole(s, width)
			if got := fitsAsIsParts(width, s[:a], s[a:b], s[b:]); got != want {
				t.Fatalf("case %d: fitsAsIsParts(%d, %q, %q, %q) = %v, want %v", i, width, s[:a], s[a:b], s[b:], got, want)
			}
			if fitsAsIs(s, width) != want {
				t.Fatalf("case %d: fitsAsIs(%q, %d) = %v, want %v", i, s, width, !want, want)
			}
			if want {
				fits++
			}
		}
	}
	if fits < 3000 {
		t.Fatalf("only %d texts fit: the test checks too little", fits)
	}
}
