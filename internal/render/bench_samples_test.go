package render

import (
	"os"
	"strconv"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
)

// BenchmarkColdSamples renders the long Chinese and the long English
// sample posts cold (a fresh glamour run, nothing cached) at 80 and 120
// columns, in the dark style: the figures issue 7 must not make more than
// 1.3x slower.
func BenchmarkColdSamples(b *testing.B) {
	samples := []struct{ name, path string }{
		{"zh", "../../content/posts/reading-in-the-terminal.md"},
		{"en", "../../content/posts/rendering-markdown-over-ssh.md"},
	}
	for _, s := range samples {
		src, err := os.ReadFile(s.path)
		if err != nil {
			b.Fatal(err)
		}
		p, err := page.Parse(s.path, src, page.Options{HasCJKLanguage: s.name == "zh"})
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range []int{80, 120} {
			b.Run(s.name+"/"+strconv.Itoa(w), func(b *testing.B) {
				for b.Loop() {
					if _, err := Markdown(p.Body(), w, Dark); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
