package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// A blog past CompressAbove keeps no sources of its posts: it reads them
// back from the files as they were written (cat prints them); an edit's
// new version is read back the same way. A post broken since keeps its
// place in the lists, but its text cannot be read again: it shows a
// notice. A blog under the size keeps its sources in memory.
func TestLargeBlogKeepsSourcesCompressed(t *testing.T) {
	dir := t.TempDir()
	para := strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。Reading in the terminal.\n\n", 20)
	files := map[string]string{
		"posts/a.md":       "---\ntitle: A\ndate: 2024-01-01\nsummary: 摘要\n---\n" + para,
		"posts/b/index.md": "+++\ntitle = \"B\"\ndate = 2024-02-01\n+++\n" + para + "{{< ref \"a\" >}}\n",
	}
	for rel, src := range files {
		writeFile(t, dir, rel, src)
	}
	source := func(s *site.Snapshot, rel string) (string, bool) {
		p, ok := s.ByPath(rel)
		if !ok {
			t.Fatalf("%s not served", rel)
		}
		return p.Source(), p.Compressed()
	}

	small, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, z := source(small.Snapshot(), "posts/a.md"); z {
		t.Error("a blog of two posts keeps its sources compressed")
	}

	st, err := New(Options{Dir: dir, CompressAbove: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range files {
		if got, z := source(st.Snapshot(), rel); got != want || !z {
			t.Errorf("%s: compressed %v, source read back %t", rel, z, got == want)
		}
	}
	a, _ := st.Snapshot().ByPath("posts/a.md")
	if md, _ := st.Snapshot().Markdown(a); md != para {
		t.Errorf("a.md's markdown read back %q...", md[:min(40, len(md))])
	}

	edited := "---\ntitle: A2\ndate: 2024-01-01\nsummary: 摘要\n---\n" + para + "一句新的话。\n"
	writeFile(t, dir, "posts/a.md", edited)
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, z := source(st.Snapshot(), "posts/a.md"); got != edited || !z {
		t.Errorf("edited a.md: compressed %v, source read back %t", z, got == edited)
	}

	writeFile(t, dir, "posts/a.md", "---\ntitle: [broken\n---\n")
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	broken, ok := s.ByPath("posts/a.md")
	if !ok || broken.Title != "A2" || len(s.Problems) != 1 {
		t.Fatalf("broken a.md: last good version listed %t, problems %v", ok, s.Problems)
	}
	if src, err := broken.ReadSource(); !errors.Is(err, page.ErrChanged) || src != "" {
		t.Errorf("broken a.md's source read back as %q, %v; want the file changed", src, err)
	}
	if md, key := s.Markdown(broken); strings.Contains(md, "一句新的话") || key == broken.Key() {
		t.Errorf("broken a.md shown as %q under its own key %t", md, key == broken.Key())
	}
	// Not in a.md's summary: found in b's text read again, not in the
	// broken a.md, whose bytes are gone.
	if hits := s.Search("终端里阅读"); hits.Len() != 1 {
		t.Errorf("a Chinese phrase finds %d posts, want 1", hits.Len())
	}
}

// A large blog's post whose file is changed behind the store's back
// (before the watcher's reload) is never shown with bytes other than the
// page's: a file grown to 10 MB, replaced by a link to a secret out of
// the blog or to a file of the same size elsewhere in it, or deleted,
// shows a notice, is not found by a Chinese phrase, and cat fails.
// Put back, the same bytes are served again.
func TestLargeBlogRereadsOnlyItsBytes(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	para := strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。\n\n", 20)
	a := "---\ntitle: A\ndate: 2024-01-01\nsummary: 摘要\n---\n" + para
	writeFile(t, dir, "posts/a.md", a)
	writeFile(t, dir, "posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nother words\n")
	// Same size as a.md, other bytes.
	twin := "---\ntitle: A\ndate: 2024-01-01\nsummary: 摘要\n---\n" + strings.Replace(para, "终端", "窗口", -1)
	writeFile(t, dir, "drafts/twin.txt", twin)
	writeFile(t, outside, "secret.md", twin)
	st, err := New(Options{Dir: dir, CompressAbove: 10})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	p, ok := s.ByPath("posts/a.md")
	if !ok || !p.OnDisk() {
		t.Fatalf("a.md served %t, kept on disk %t", ok, ok && p.OnDisk())
	}
	served := func(want bool, how string) {
		t.Helper()
		src, err := p.ReadSource()
		md, key := s.Markdown(p)
		hits := s.Search("终端里阅读").Len()
		if got := err == nil && src == a && md == para && key == p.Key() && hits == 1; got != want {
			t.Errorf("%s: served %t (err %v, source %t, markdown %t, key %t, %d hits), want %t",
				how, got, err, src == a, md == para, key == p.Key(), hits, want)
		}
		if !want && (src != "" || strings.Contains(md, "窗口") || hits != 0) {
			t.Errorf("%s: other bytes served: source %q, markdown %.40q, %d hits", how, src, md, hits)
		}
	}
	served(true, "as loaded")

	path := filepath.Join(dir, "posts", "a.md")
	big := a + strings.Repeat("x", 10<<20)
	if err := os.WriteFile(path, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	served(false, "grown to 10 MB")

	for _, target := range []string{filepath.Join(outside, "secret.md"), filepath.Join(dir, "drafts", "twin.txt"), "../drafts/twin.txt"} {
		os.Remove(path)
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
		served(false, "a link to "+target)
	}
	os.Remove(path)
	served(false, "deleted")

	if err := os.WriteFile(path, []byte(a), 0o644); err != nil {
		t.Fatal(err)
	}
	served(true, "put back")
}

// A git-sync swap of a large blog's folder link, the old worktree
// removed: a post the swap did not change is read again from the new
// worktree by the snapshot a reader holds, a changed one shows a notice
// until the reload, which serves its new text.
func TestLargeBlogRereadsAcrossSwap(t *testing.T) {
	parent := t.TempDir()
	body := strings.Repeat("我们在终端里阅读文章。\n\n", 10)
	a := "---\ntitle: A\ndate: 2024-01-01\n---\n" + body
	writeFile(t, parent, "rev1/posts/a.md", a)
	writeFile(t, parent, "rev1/posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nold text\n")
	link := filepath.Join(parent, "content")
	symlink(t, "rev1", link)
	st, err := New(Options{Dir: link, CompressAbove: 10})
	if err != nil {
		t.Fatal(err)
	}
	old := st.Snapshot()
	pa, _ := old.ByPath("posts/a.md")
	pb, _ := old.ByPath("posts/b.md")
	if src, err := pa.ReadSource(); err != nil || src != a || !pa.OnDisk() {
		t.Fatalf("a.md before the swap: %v, read back %t, on disk %t", err, src == a, pa.OnDisk())
	}

	writeFile(t, parent, "rev2/posts/a.md", a)
	writeFile(t, parent, "rev2/posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nnew text\n")
	swapLink(t, "rev2", link)
	if err := os.RemoveAll(filepath.Join(parent, "rev1")); err != nil {
		t.Fatal(err)
	}
	if src, err := pa.ReadSource(); err != nil || src != a {
		t.Errorf("unchanged a.md after the swap: %v, read back %t", err, src == a)
	}
	if md, _ := old.Markdown(pb); strings.Contains(md, "text") {
		t.Errorf("changed b.md shown by the old snapshot as %q", md)
	}
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	nb, _ := st.Snapshot().ByPath("posts/b.md")
	if md, _ := st.Snapshot().Markdown(nb); md != "new text\n" {
		t.Errorf("b.md after the reload: %q", md)
	}
}
