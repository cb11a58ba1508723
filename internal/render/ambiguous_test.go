package render

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// TestAmbiguousWideLayout: for a terminal that draws “” — … two cells
// wide, every line fits the width measured that way (laid out narrow, the
// same text overflows), the cache key differs, and no filler is left.
func TestAmbiguousWideLayout(t *testing.T) {
	md := strings.Repeat("他说：“慢不是目的——慢是一种筛子……”然后‘笑了’。", 6) + "\n\n" +
		"| 引文 | 说明 |\n|---|---|\n| “慢不是目的——慢是一种筛子……” | ‘笑了’…… |\n"
	overflowNarrow := false
	for _, w := range []int{30, 40, 60, 80} {
		for _, style := range []Style{Plain, Dark} {
			wide, err := Markdown(md, w, style.Wide())
			if err != nil {
				t.Fatal(err)
			}
			if strings.ContainsRune(wide, widthFiller) {
				t.Fatalf("%s@%d: the width filler reached the output", style, w)
			}
			for i, l := range strings.Split(wide, "\n") {
				if got := textwrap.StringWidth(l, textwrap.Wide); got > w {
					t.Errorf("%s@%d wide: line %d is %d cells wide on such a terminal: %q", style, w, i, got, l)
				}
			}
			narrow, err := Markdown(md, w, style)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(narrow, "\n") {
				if textwrap.StringWidth(l, textwrap.Wide) > w {
					overflowNarrow = true
				}
			}
			checkTypography(t, "wide/"+string(style), md, wide, w)
		}
	}
	if !overflowNarrow {
		t.Error("the narrow layout never overflows a wide terminal: the test proves nothing")
	}
	if Key("p", 80, Dark) == Key("p", 80, Dark.Wide()) {
		t.Error("the cache key does not tell the ambiguous-width modes apart")
	}
}
