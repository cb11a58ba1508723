package store

import (
	"context"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/site"
)

// A blog past CompressAbove keeps its posts' sources compressed and reads
// them back as the files were written (cat prints them); an edit keeps
// its new version compressed, and a post broken since keeps serving its
// last good version. A blog under the size keeps them as they are.
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
	if got, _ := source(s, "posts/a.md"); got != edited || len(s.Problems) != 1 {
		t.Errorf("broken a.md: last good version served %t, problems %v", got == edited, s.Problems)
	}
	// Not in a.md's summary: found in its compressed text.
	if hits := s.Search("终端里阅读"); hits.Len() != 2 {
		t.Errorf("a Chinese phrase finds %d posts, want 2", hits.Len())
	}
}
