package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// view is what readers see of a snapshot: lists, slugs, taxonomies, the
// archive, stats and search results.
func view(s *site.Snapshot) string {
	var b strings.Builder
	for _, p := range append(append([]*page.Page(nil), s.Posts...), s.Pages...) {
		fmt.Fprintf(&b, "%s %s %q %s\n", p.Path, p.Slug, p.Title, p.Date.Format(time.RFC3339))
	}
	for _, tax := range []string{"tags", "categories"} {
		for _, t := range s.Terms(tax) {
			fmt.Fprintf(&b, "%s %s:", tax, t.Name)
			for _, p := range s.TermPosts(tax, t.Name) {
				b.WriteString(" " + p.Path)
			}
			b.WriteByte('\n')
		}
	}
	for _, m := range s.Months() {
		fmt.Fprintf(&b, "month %d-%d %d\n", m.Year, m.Month, m.Count)
	}
	fmt.Fprintf(&b, "words %d problems %v\n", s.Words, s.Problems)
	for _, q := range []string{"终端", "terminal", "renamed", "edited"} {
		fmt.Fprintf(&b, "search %s:", q)
		for _, p := range s.Search(q).Pages() {
			b.WriteString(" " + p.Path)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Each change the watcher applies on its own (an edit, a new post, a
// deletion, a rename, a change of tags) gives the snapshot a fresh load
// of the folder gives.
func TestIncrementalReloadEqualsColdLoad(t *testing.T) {
	files := map[string]string{}
	for i := range 30 {
		body := "We read in the terminal."
		if i%2 == 0 {
			body = "我们在终端里阅读。"
		}
		files[fmt.Sprintf("posts/p%02d.md", i)] = fmt.Sprintf("---\ntitle: Post %d\ndate: 2024-01-%02d\ntags: [t%d]\ncategories: [c%d]\n---\n%s\n", i%3, 1+i%5, i%4, i%3, body) // ties: same title and date
	}
	st, dir := watched(t, files)
	steps := []struct {
		name   string
		change func()
		seen   func(*site.Snapshot) bool
	}{
		{"edit", func() {
			writeFile(t, dir, "posts/p03.md", "---\ntitle: Edited\ndate: 2023-05-01\ntags: [t1]\n---\nedited text\n")
		}, func(s *site.Snapshot) bool { p, ok := s.Lookup("p03"); return ok && p.Title == "Edited" }},
		{"add", func() {
			writeFile(t, dir, "posts/new.md", "---\ntitle: Post 2\ndate: 2024-01-03\ntags: [t9]\n---\nnew in the terminal\n")
		}, func(s *site.Snapshot) bool { _, ok := s.Lookup("new"); return ok }},
		{"delete", func() { os.Remove(filepath.Join(dir, "posts/p05.md")) },
			func(s *site.Snapshot) bool { _, ok := s.ByPath("posts/p05.md"); return !ok }},
		{"rename", func() { os.Rename(filepath.Join(dir, "posts/p06.md"), filepath.Join(dir, "posts/renamed.md")) },
			func(s *site.Snapshot) bool { _, ok := s.ByPath("posts/renamed.md"); return ok }},
		{"retag", func() {
			writeFile(t, dir, "posts/p08.md", "---\ntitle: Post 1\ndate: 2024-01-09\ntags: [fresh, t0]\ncategories: [c9]\n---\n我们在终端里阅读。\n")
		}, func(s *site.Snapshot) bool { return len(s.TermPosts("tags", "fresh")) == 1 }},
	}
	for _, step := range steps {
		step.change()
		eventually(t, st, step.name, step.seen)
		cold, err := New(Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := view(st.Snapshot()), view(cold.Snapshot()); got != want {
			t.Fatalf("after %s, the reloaded snapshot differs from a cold load:\n--- reloaded\n%s--- cold\n%s", step.name, got, want)
		}
	}
}
