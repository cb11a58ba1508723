package sitegen

import (
	"os"
	"path/filepath"
	"testing"
	"unicode"
)

// The default corpus is what issue 8's targets name: 3,000 posts, half
// Chinese, 3 million Han characters. A tenth of it is checked: the same
// shape, at a tenth of the time.
func TestCorpusShape(t *testing.T) {
	c := DefaultCorpus
	c.Posts /= 10
	dir := t.TempDir()
	if _, err := c.Generate(dir); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "posts", "*.md"))
	han := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, r := range string(b) {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
	}
	if len(files) != 300 || han < 300_000 || han > 330_000 {
		t.Errorf("%d posts, %d Han characters; want 300 posts and about 300,000", len(files), han)
	}
}
