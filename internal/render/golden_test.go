package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites the golden files: go test ./internal/render -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestTypographyGolden renders the gallery of hard cases (Chinese and
// English: emphasis by CJK punctuation, line breaking, tables) at 40, 80
// and 120 columns in the plain style and compares with testdata/golden.
func TestTypographyGolden(t *testing.T) {
	for name, md := range galleryPosts(t) {
		for _, w := range []int{40, 80, 120} {
			out, err := Markdown(md, w, Plain)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", fmt.Sprintf("%s.%d.txt", strings.TrimSuffix(name, ".md"), w))
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if out+"\n" != string(want) {
				t.Errorf("%s differs from the render at %d columns (run with -update after checking it):\n%s", path, w, out)
			}
		}
	}
}
