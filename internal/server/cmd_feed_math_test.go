package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// TestFeedReadsSiteMathDelimiters: a formula between the site's own math
// delimiters (Hugo's passthrough) reaches the feed as the formula's text,
// as the pager reads it: its "<y and z>" is TeX, not a raw HTML tag left
// out, and its "_" and "*" are not emphasis. Math is written between
// the delimiters MathJax reads ("$x$" made the feed panic).
func TestFeedReadsSiteMathDelimiters(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "posts", "m.md"), []byte("---\ntitle: M\ndate: 2024-01-01\n---\nHere @(a_1 *b_2* <y and z> w)@ ends, and $x$.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dialect := markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})
	st, err := store.New(store.Options{Dir: dir, Site: site.Config{Title: "T", Dialect: dialect}})
	if err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, st.Snapshot(), "feed")
	if code != 0 {
		t.Fatalf("feed: code %d: %s", code, errs)
	}
	f := parseFeed(t, out)
	if len(f.Entries) != 1 {
		t.Fatalf("%d entries, want 1", len(f.Entries))
	}
	if got := f.Entries[0].Content.Text; !strings.Contains(got, `\(a_1 *b_2* &lt;y and z&gt; w\)`) || !strings.Contains(got, `\(x\)`) || strings.Contains(got, "omitted") || strings.Contains(got, "<em>") {
		t.Errorf("the formula is not the feed's text: %q", got)
	}
}
