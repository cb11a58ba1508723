package render

import (
	xansi "github.com/charmbracelet/x/ansi"
	"strings"
	"testing"
)

// A URL longer than a terminal takes as a hyperlink is drawn as text
// alone: each line of it wrapped in the list of links carried the whole
// target, so one 64 KB URL made 1,000 lines of 64 KB. A URL of the
// longest length VTE takes keeps its hyperlink.
func TestLongURLHasNoHyperlink(t *testing.T) {
	for _, n := range []int{maxHyperlink, maxHyperlink + 1, 64 << 10} {
		u := "https://example.com/" + strings.Repeat("a", n-len("https://example.com/"))
		out, err := Markdown(u+"\n", 80, Dark)
		if err != nil {
			t.Fatal(err)
		}
		linked := strings.Contains(out, "\x1b]8;")
		want := n <= maxHyperlink
		if linked != want {
			t.Errorf("%d bytes: hyperlinked %v, want %v", n, linked, want)
		}
		if !want && len(out) > 4*n+4096 {
			t.Errorf("%d bytes drew %d", n, len(out))
		}
		if !strings.Contains(strings.ReplaceAll(xansi.Strip(out), "\n", ""), "aaaa") {
			t.Errorf("%d bytes: the URL is not shown", n)
		}
	}
}
