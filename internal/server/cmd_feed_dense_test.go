package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// denseFeedSite is a blog of one post of 1 MB of list items, and one of
// prose.
func denseFeedSite(t *testing.T) *site.Snapshot {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	posts := map[string]string{
		"dense.md": "---\ntitle: D\ndate: 2024-01-02\n---\n" + strings.Repeat("- item\n", 150_000),
		"prose.md": "---\ntitle: P\ndate: 2024-01-01\n---\nSome *prose*.\n",
	}
	for name, body := range posts {
		if err := os.WriteFile(filepath.Join(dir, "posts", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.New(store.Options{Dir: dir, Site: site.Config{Title: "T"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st.Snapshot()
}

// TestFeedGivesDensePostsAsText: a post too dense to parse at each
// request (a MB of list items took half a second to write as HTML) is
// in the feed as its text, as a post over the maximum size is; others
// are HTML.
func TestFeedGivesDensePostsAsText(t *testing.T) {
	out, errs, code := run(t, denseFeedSite(t), "feed")
	if code != 0 {
		t.Fatalf("feed: code %d: %s", code, errs)
	}
	f := parseFeed(t, out)
	if len(f.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(f.Entries))
	}
	for _, e := range f.Entries {
		switch e.Title {
		case "D":
			if strings.Contains(e.Content.Text, "<li>") || !strings.Contains(e.Content.Text, "item") {
				t.Errorf("the dense post not as text: %.200q", e.Content.Text)
			}
		case "P":
			if !strings.Contains(e.Content.Text, "<em>prose</em>") {
				t.Errorf("the prose post not as HTML: %q", e.Content.Text)
			}
		}
	}
}
