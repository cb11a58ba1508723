package render

import (
	"strings"
	"testing"
)

// TestFigcaptionBreaksSeparateWords: a <figcaption> whose words are
// parted by a <br> or by block tags (<p>, <h4>, as Hugo's figure
// shortcode writes a title and a caption) keeps them apart on the figure
// line ("Photobyme" before), and is still not drawn a second time.
func TestFigcaptionBreaksSeparateWords(t *testing.T) {
	for md, want := range map[string]string{
		"<figure><img src=\"a.png\"><figcaption>Photo<br>by me</figcaption></figure>\n":                   "▢ Photo by me <a.png>",
		"<figure><img src=\"a.png\"><figcaption><h4>Title</h4><p>The caption</p></figcaption></figure>\n": "▢ Title The caption <a.png>",
	} {
		out, err := MarkdownWith(md, 60, Plain, Features{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, want) {
			t.Errorf("%q: no %q in\n%s", md, want, out)
		}
		if n := strings.Count(out, "by me") + strings.Count(out, "The caption"); n != 1 {
			t.Errorf("%q: the caption is drawn %d times:\n%s", md, n, out)
		}
	}
}
