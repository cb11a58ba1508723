package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files are read through the Root of their folder (see dirRoots): links
// from a bundle's folder to elsewhere in the content folder keep working,
// links out of it are still refused, however many files the scan reads
// (the Roots kept are few, and replaced as the scan goes).
func TestFolderRootsKeepConfinement(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	writeFile(t, parent, "outside/secret.md", post("Secret", "2024-01-01")+secret+"\n")
	writeFile(t, dir, "shared/linked.md", post("Linked", "2024-01-02"))
	var want []string
	for i := range 12 {
		name := string(rune('a' + i))
		writeFile(t, dir, "posts/"+name+"/index.md", post("Bundle "+name, "2024-03-01"))
		writeFile(t, dir, "posts/"+name+".md", post("Flat "+name, "2024-03-02"))
		want = append(want, "Bundle "+name, "Flat "+name)
	}
	// A bundle whose page is a link to a sibling folder (inside), one to
	// outside, and a link to outside after many folders were opened.
	symlink(t, "../../shared/linked.md", filepath.Join(dir, "posts/in/index.md"))
	symlink(t, "../../../outside/secret.md", filepath.Join(dir, "posts/out/index.md"))
	symlink(t, "../../outside/secret.md", filepath.Join(dir, "posts/zz.md"))
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	got := titles(s)
	for _, w := range append(want, "Linked") {
		if !strings.Contains(got, w) {
			t.Errorf("posts %q lack %q", got, w)
		}
	}
	if n := len(s.Posts); n != 2*12+1 {
		t.Errorf("%d posts, want %d: %s", n, 2*12+1, got)
	}
	if l := leaks(s, secret); l != "" {
		t.Error(l)
	}
	wantRefused(t, s, "outside the content folder", "posts/out/index.md", "posts/zz.md")
}

// readFile returns a file's bytes whatever its size says: exactly, when
// the file grew or shrank after it was looked at, and refuses one over
// the limit.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	body := bytes.Repeat([]byte("0123456789"), 1000)
	os.WriteFile(p, body, 0o644)
	read := func(size, limit int64, buf []byte) ([]byte, error) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return readFile(f, "f", size, limit, buf)
	}
	for _, c := range []struct {
		name string
		size int64
		buf  []byte
	}{
		{"its size", int64(len(body)), nil},
		{"grew since", 10, nil},
		{"shrank since", 20000, nil},
		{"empty said", 0, nil},
		{"into a small buffer", int64(len(body)), make([]byte, 5)},
		{"into a large buffer", int64(len(body)), make([]byte, 0, 50000)},
	} {
		got, err := read(c.size, 1<<20, c.buf)
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("%s: %d bytes, %v; want %d", c.name, len(got), err, len(body))
		}
	}
	if _, err := read(int64(len(body)), 100, nil); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := read(10, 100, nil); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("grown over the limit: %v", err)
	}
	os.WriteFile(p, nil, 0o644)
	if got, err := read(0, 100, nil); err != nil || len(got) != 0 {
		t.Errorf("empty file: %q, %v", got, err)
	}
}
