package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A large load indexes its posts as they are parsed (search.Prepare): it
// finds what a small load of the same posts finds, drafts and scheduled
// posts left out, and so does the reload after an edit.
func TestLargeLoadFindsAsSmall(t *testing.T) {
	dir := t.TempDir()
	words := []string{"terminal", "reading", "keyboard", "library", "终端", "阅读", "图书馆", "服务器连接"}
	for i := range prepareJobs + 300 {
		front := fmt.Sprintf("title: Post %d\ndate: 2024-01-01T00:%02d:%02dZ\n", i, i/60%60, i%60)
		switch i % 50 {
		case 7:
			front += "draft: true\n"
		case 9:
			front += "publishDate: 2999-01-01\n"
		}
		body := fmt.Sprintf("%s %s %s 第%d篇 post%d\n", words[i%len(words)], words[i/3%len(words)], words[i/7%len(words)], i, i)
		path := filepath.Join(dir, "posts", fmt.Sprintf("p%05d.md", i))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("---\n"+front+"---\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	small, err := New(Options{Dir: dir, CompressAbove: -1})
	if err != nil {
		t.Fatal(err)
	}
	large, err := New(Options{Dir: dir, CompressAbove: 1, SpillDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer large.Close()
	queries := []string{"terminal", "readnig", "终端", "阅读 library", "服务器连接", "post4100", "第4321篇", "post7"}
	same := func(when string) {
		t.Helper()
		for _, q := range queries {
			want, got := small.Snapshot().Search(q).Pages(), large.Snapshot().Search(q).Pages()
			if len(got) != len(want) {
				t.Fatalf("%s, %q: %d results, a small load %d", when, q, len(got), len(want))
			}
			for i := range got {
				if got[i].Path != want[i].Path {
					t.Fatalf("%s, %q: result %d is %s, a small load's %s", when, q, i, got[i].Path, want[i].Path)
				}
			}
		}
	}
	same("loaded")
	if n := len(large.Snapshot().Search("服务器连接").Pages()); n == 0 || n > prepareJobs {
		t.Fatalf("服务器连接: %d results", n)
	}
	// An edit, reloaded by both.
	edited := filepath.Join(dir, "posts", "p00100.md")
	if err := os.WriteFile(edited, []byte("---\ntitle: Edited\ndate: 2024-01-01\n---\nterminal 编辑过的 gopher\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Second)
	os.Chtimes(edited, later, later)
	for _, st := range []*Store{small, large} {
		if err := st.Reload(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	queries = append(queries, "gopher", "编辑过的")
	same("after an edit")
}
