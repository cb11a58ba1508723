package server

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// feedSite is a snapshot of a site of short posts (posts of them) of a site with math
// delimiters of its own (dialect; nil for none).
func feedSite(tb testing.TB, posts int, dialect *markdown.Dialect) *site.Snapshot {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		tb.Fatal(err)
	}
	for i := range posts {
		src := fmt.Sprintf("---\ntitle: P%d\ndate: 2024-01-%02d\n---\nA paragraph with a [link](https://example.com/%d) and *emphasis*.\n", i, 1+i%28, i)
		if err := os.WriteFile(filepath.Join(dir, "posts", fmt.Sprintf("p%d.md", i)), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	st, err := store.New(store.Options{Dir: dir, Site: site.Config{Title: "T", Dialect: dialect}})
	if err != nil {
		tb.Fatal(err)
	}
	return st.Snapshot()
}

// feedOnce writes the feed of snap, with the command's limits.
func feedOnce(tb testing.TB, snap *site.Snapshot) {
	if err := runFeed(context.Background(), nil, snap, 1<<20, limits.NewSlots(1), limits.NewSlots(1), io.Discard); err != nil {
		tb.Fatal(err)
	}
}

// TestFeedBuildsNoParser: a feed of a site with math delimiters of its
// own costs what a feed of a site without them costs: it reads with the
// parser the site's configuration made once (site.Config.Dialect), not
// one built for each call (building a goldmark parser and parsing with it the first time is
// some 150 allocations more than a parse;
// counted, not timed).
func TestFeedBuildsNoParser(t *testing.T) {
	plain := feedSite(t, 2, nil)
	own := feedSite(t, 2, markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}}))
	feedOnce(t, own) // the site's parsers are built on first use
	feedOnce(t, plain)
	base := testing.AllocsPerRun(10, func() { feedOnce(t, plain) })
	got := testing.AllocsPerRun(10, func() { feedOnce(t, own) })
	if got > base+20 {
		t.Errorf("a feed of the site with its own math delimiters allocates %.0f times, %.0f without them: a parser built per call?", got, base)
	}
}

// BenchmarkFeedSiteMath is one `feed` (20 short posts) of a site with
// math delimiters of its own.
func BenchmarkFeedSiteMath(b *testing.B) {
	snap := feedSite(b, 20, markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}}))
	for b.Loop() {
		feedOnce(b, snap)
	}
}
