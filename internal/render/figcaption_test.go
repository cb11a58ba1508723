package render

import (
	"strings"
	"testing"
)

// TestFigcaptionShownOnce: an HTML <figure> with an image and a
// <figcaption> shows its caption once, on the figure line; a figcaption
// of a figure without media (nothing took it as a caption) and the
// figure's other text are still shown.
func TestFigcaptionShownOnce(t *testing.T) {
	md := "Before.\n\n" +
		"<figure><img src=\"a.png\" alt=\"alt\"><figcaption>Harbour at <em>dusk</em></figcaption></figure>\n\n" +
		"<figure>\n  <img src=\"b.png\">\n  <figcaption>港口 黄昏</figcaption>\n  <p>Photo credit: me</p>\n</figure>\n\n" +
		"<figure><blockquote>A quote</blockquote><figcaption>Only words</figcaption></figure>\n\n" +
		"After.\n"
	for _, w := range []int{40, 80, 120} {
		out, err := Markdown(md, w, Plain)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			text string
			n    int
		}{{"Harbour at dusk", 1}, {"港口 黄昏", 1}, {"Photo credit: me", 1}, {"Only words", 1}, {"A quote", 1}} {
			if got := strings.Count(out, c.text); got != c.n {
				t.Errorf("width %d: %q shown %d times, want %d:\n%s", w, c.text, got, c.n, out)
			}
		}
		if !strings.Contains(out, "▢ Harbour at dusk <a.png>") {
			t.Errorf("width %d: the caption is not on the figure line:\n%s", w, out)
		}
	}
}
