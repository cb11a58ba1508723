package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/site"
)

// TestPagesReadInSiteDialect: the site's math delimiters, set once in the
// site's settings, are what the store reads every page's text with (word
// count, summary, search), as the pager reads it: a formula's "<y and z>"
// is TeX, not a raw HTML tag left out of the text. The parse options
// need not be told again (they were a second copy, which a caller could
// leave out or set apart).
func TestPagesReadInSiteDialect(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "---\ntitle: M\ndate: 2024-01-01\n---\nHere @(x <y and z> w)@ ends.\n"
	if err := os.WriteFile(filepath.Join(dir, "posts", "m.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	dialect := markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})
	st, err := New(Options{Dir: dir, Site: site.Config{Title: "T", Dialect: dialect}})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	if len(snap.Posts) != 1 {
		t.Fatalf("%d posts, want 1", len(snap.Posts))
	}
	p := snap.Posts[0]
	if got, want := p.WordCount, 7; got != want { // Here x <y and z> w ends.
		t.Errorf("WordCount = %d, want %d (the formula's words)", got, want)
	}
	if !strings.Contains(p.Plain(), "x <y and z> w") {
		t.Errorf("Plain lost the formula's text: %q", p.Plain())
	}
}
