package textwrap

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
)

func TestWrap(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		// Breaks between Han characters fill the line.
		{"我们在终端里阅读文章", 10, "我们在终端\n里阅读文章"},
		// Never before closing punctuation: the character before it
		// comes down with it.
		{"我们在终端，阅读", 10, "我们在终\n端，阅读"},
		// Never after opening punctuation.
		{"我们在终（端里阅读", 10, "我们在终\n（端里阅读"},
		// A Latin word before closing punctuation comes down with it.
		{"我们用了 Go，然后", 12, "我们用了\nGo，然后"},
		{"我们用了Go，然后", 11, "我们用了\nGo，然后"},
		// A number before closing punctuation too, and after opening.
		{"一共有三百个 42。", 14, "一共有三百个\n42。"},
		{"这本书（2019）不错", 12, "这本书\n（2019）不错"},
		// Han and Latin runs may break against each other.
		{"中文English混排", 11, "中文English\n混排"},
		// English: at spaces only, hyphenated names whole.
		{"a file-name-with-hyphens here", 22, "a\nfile-name-with-hyphens\nhere"},
		{"the quick brown fox", 9, "the quick\nbrown fox"},
		// A word wider than the line is split at the edge.
		{"abcdefghij", 4, "abcd\nefgh\nij"},
		// Source line breaks are kept; a paragraph's indentation too.
		{"  indented\nnext", 20, "  indented\nnext"},
		// Ellipses and dashes stay whole and off the line start.
		{"他说了这样话……然后", 12, "他说了这样\n话……然后"},
	}
	for _, c := range cases {
		if got := Wrap(c.in, c.width); got != c.want {
			t.Errorf("Wrap(%q, %d) =\n%s\nwant\n%s", c.in, c.width, got, c.want)
		}
	}
}

func TestWrapKeepsStylesPerLine(t *testing.T) {
	in := "\x1b[1m粗体的中文文字很长很长\x1b[m正常"
	lines := Lines(in, 10, Narrow)
	if len(lines) < 2 {
		t.Fatalf("not wrapped: %q", lines)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "\x1b[1m") {
			t.Errorf("line %q does not carry the bold style", l)
		}
	}
	if got := xansi.Strip(strings.Join(lines, "")); got != "粗体的中文文字很长很长正常" {
		t.Errorf("text changed: %q", got)
	}
}

func TestAmbiguousWide(t *testing.T) {
	s := "“引用”"
	if n := StringWidth(s, Narrow); n != 6 {
		t.Errorf("narrow width %d, want 6", n)
	}
	if n := StringWidth(s, Wide); n != 8 {
		t.Errorf("wide width %d, want 8", n)
	}
	for _, l := range Lines("他说：“这是一个很长的引用……”然后", 10, Wide) {
		if w := StringWidth(l, Wide); w > 10 {
			t.Errorf("line %q is %d cells wide (wide mode)", l, w)
		}
	}
}

// FuzzWrap: whatever the text, no line is wider than the width (unless
// a single grapheme is), nothing but breaks and spaces at them is added or
// lost, and no line starts with closing punctuation that followed a
// character it could stay with.
func FuzzWrap(f *testing.F) {
	f.Add("我们用了 Go，然后（测试）……", 7)
	f.Add("a b  c\x1b[1md\x1b[m e", 3)
	f.Add("   ", 1)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if !utf8.ValidString(s) || width < 2 || width > 200 || strings.ContainsAny(s, "\t\r") {
			return
		}
		out := Wrap(s, width)
		for _, l := range strings.Split(out, "\n") {
			if w := xansi.StringWidth(l); w > width && utf8.RuneCountInString(xansi.Strip(l)) > 1 {
				t.Fatalf("line %q is %d cells, width %d", l, w, width)
			}
		}
		strip := func(s string) string {
			return strings.NewReplacer(" ", "", "\n", "", "\u3000", "").Replace(xansi.Strip(s))
		}
		if strip(out) != strip(s) {
			t.Fatalf("text changed:\n%q\n%q", strip(s), strip(out))
		}
	})
}

func TestLongestWord(t *testing.T) {
	cases := map[string]int{
		"the description field": 11,
		"黑底白字，在":                4, // "字，" stays together
		"用 Go，然后":               4,
		"":                      0,
		"a\nlongest":            7,
	}
	for s, want := range cases {
		if got := LongestWord(s, Narrow); got != want {
			t.Errorf("LongestWord(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestLinesThatFitUnchanged: a line that fits is returned as the wrapping
// would write it, whatever its spaces, styles, links, wide or ambiguous
// characters (Lines takes a shortcut for it: table cells are measured
// one by one, and their items cost 1 KB each).
func TestLinesThatFitUnchanged(t *testing.T) {
	cells := []string{
		"", "a", " a", "a ", "  a  b  ", "\x1b[1ma\x1b[m", "\x1b[38;5;252m a \x1b[m ",
		"\x1b]8;;https://example.com\x07link\x1b]8;;\x07", "中文，标点。", "“quoted” — ‘x’", "a\tb", "e\u0301\u200b",
		"\x1b[3mitalic\x1b[m and \x1b[1mbold\x1b[m words", "x\r",
	}
	fits := 0
	for _, s := range cells {
		for _, a := range []Ambiguous{Narrow, Wide} {
			for width := 1; width <= 40; width++ {
				if !fitsLine(s, width, a) {
					continue
				}
				fits++
				if got, want := Lines(s, width, a), wrapLines(s, width, a); !slices.Equal(got, want) {
					t.Errorf("Lines(%q, %d, %v) = %q, wrapped %q", s, width, a, got, want)
				}
			}
		}
	}
	if fits == 0 {
		t.Fatal("no line fits: nothing checked")
	}
}
