package render

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkRenderFigures renders the gallery of figures (English and
// Chinese, repeated to the size of a long post) cold at 80 and 120
// columns: the cost of figure lines against a post of the same size.
func BenchmarkRenderFigures(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		src, err := os.ReadFile("testdata/figures." + lang + ".md")
		if err != nil {
			b.Fatal(err)
		}
		md := strings.Repeat(string(src)+"\n", 20)
		for _, w := range []int{80, 120} {
			b.Run(lang+"/"+strconv.Itoa(w), func(b *testing.B) {
				for b.Loop() {
					if _, err := Markdown(md, w, Dark); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
