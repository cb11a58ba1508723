package render

import (
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

// TestFittingIsBySegments: fitting, which takes printable ASCII followed
// by ASCII a cell at a time, cuts where cutting grapheme cluster by
// cluster cuts, and codeWidth measures what x/ansi's StringWidth does,
// on lines of ASCII, combining marks after ASCII letters, line ends,
// controls, escape sequences, wide characters and emoji, at every width.
func TestFittingIsBySegments(t *testing.T) {
	bySegments := func(s string, cells int) int {
		n, w := 0, 0
		for n < len(s) {
			c, cw := xansi.FirstGraphemeCluster(s[n:], xansi.GraphemeWidth)
			if w+cw > cells {
				break
			}
			n, w = n+len(c), w+cw
		}
		return n
	}
	parts := []string{"x+", "abc", " ", "e\u0301", "a\u200d", "\r\n", "\t", "\x1b[31m", "\x7f", "中文", "👍🏽", "🇫🇷", "a\u0308b", "~", "\x00", "ǅ", "\xff", "#\ufe0f\u20e3", "1\ufe0f"}
	var lines []string
	for i := range parts {
		for j := range parts {
			lines = append(lines, parts[i]+parts[j], strings.Repeat(parts[i], 5)+parts[j]+strings.Repeat(parts[j], 3))
		}
	}
	lines = append(lines, strings.Repeat("x+", 500), "", "a")
	for _, l := range lines {
		for cells := 0; cells <= min(len(l), 40)+2; cells++ {
			if got, want := fitting(l, cells), bySegments(l, cells); got != want {
				t.Fatalf("fitting(%q, %d) = %d, cluster by cluster %d", l, cells, got, want)
			}
		}
		if got, want := codeWidth(l), xansi.StringWidth(l); got != want {
			t.Errorf("codeWidth(%q) = %d, StringWidth %d", l, got, want)
		}
	}
}
