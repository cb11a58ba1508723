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
			checkGolden(t, path, out+"\n", *update, "-update")
		}
	}
}

// checkGolden compares got with the golden file at path, or, when update
// is set, rewrites the file with got. flagName names the option that sets
// update, for the message of a missing or differing file. The golden
// tests of this package share it so that they read, write and report
// their files the same way.
func checkGolden(t *testing.T, path, got string, update bool, flagName string) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with %s to create it)", err, flagName)
	}
	if got != string(want) {
		t.Errorf("%s differs from the render (run with %s after checking it):\n%s", path, flagName, got)
	}
}
