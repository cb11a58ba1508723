//go:build linux

package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A swap is read by the fast rescan (the store has files). Bytes the
// store has parsed decide nothing but "keep the page": a worktree whose
// files have those bytes but are links out of the content folder, a
// folder that became a link to outside holding the same bundle, a named
// pipe, a file grown past the size limit or one that no longer parses
// are judged as a cold load would, and a file that no longer parses or
// grew too large keeps its last good version.
func TestSwapChecksWhatTheFastRescanDoesNotKeep(t *testing.T) {
	parent := t.TempDir()
	bundle := post("Bundle", "2024-01-04")
	linked := post("Linked", "2024-01-05") + secret
	writeFile(t, parent, "outside/linked.md", linked)
	writeFile(t, parent, "outside/bundle/index.md", bundle+secret)
	a := map[string]string{
		"posts/same.md":         post("Same", "2024-01-01"),
		"posts/linked.md":       linked,
		"posts/pipe.md":         post("Pipe", "2024-01-02"),
		"posts/broken.md":       post("Broken", "2024-01-03"),
		"posts/large.md":        post("Large", "2024-01-06"),
		"posts/bundle/index.md": bundle + secret,
		"posts/deep/er/d.md":    post("Deep", "2024-01-07"),
	}
	for rel, body := range a {
		writeFile(t, parent, ".worktrees/a/"+rel, body)
	}
	writeFile(t, parent, ".worktrees/b/posts/same.md", a["posts/same.md"])
	writeFile(t, parent, ".worktrees/b/posts/deep/er/d.md", a["posts/deep/er/d.md"])
	writeFile(t, parent, ".worktrees/b/posts/broken.md", "---\ntitle: [unclosed\n---\n")
	writeFile(t, parent, ".worktrees/b/posts/large.md", a["posts/large.md"]+strings.Repeat("x", 300))
	writeFile(t, parent, ".worktrees/b/posts/new.md", post("New", "2024-01-08"))
	symlink(t, "../../../outside/linked.md", filepath.Join(parent, ".worktrees/b/posts/linked.md"))
	symlink(t, "../../../outside/bundle", filepath.Join(parent, ".worktrees/b/posts/bundle"))
	if err := syscall.Mkfifo(filepath.Join(parent, ".worktrees/b/posts/pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(parent, "repo")
	symlink(t, ".worktrees/a", repo)
	st, err := New(Options{Dir: repo, MaxFileSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := titles(st.Snapshot()), "Deep,Large,Linked,Bundle,Broken,Pipe,Same"; got != want {
		t.Fatalf("before the swap: %q, want %q; problems %v", got, want, st.Snapshot().Problems)
	}
	same, _ := st.Snapshot().ByPath("posts/same.md")
	startWatch(t, st)
	swapLink(t, ".worktrees/b", repo)
	eventually(t, st, "the swap", hasTitles("New,Deep,Large,Broken,Same"))
	s := st.Snapshot()
	wantRefused(t, s, "outside the content folder", "posts/linked.md")
	wantRefused(t, s, "not a regular file", "posts/pipe.md")
	for _, path := range []string{"posts/broken.md", "posts/large.md"} {
		if _, ok := problemFor(s, path); !ok {
			t.Errorf("%s: no problem reported; problems %v", path, s.Problems)
		}
	}
	if _, ok := s.ByPath("posts/bundle/index.md"); ok {
		t.Error("a bundle behind a folder link to outside is served")
	}
	if l := leaks(s, secret); l != "" {
		t.Error(l)
	}
	if now, _ := s.ByPath("posts/same.md"); now != same {
		t.Error("a file whose bytes did not change was parsed again")
	}

	// Edits in the new worktree, deep down too, are followed: the
	// fast rescan watched its folders.
	writeFile(t, parent, ".worktrees/b/posts/deep/er/d.md", post("Deep 2", "2024-01-07"))
	eventually(t, st, "an edit after the swap", hasTitles("New,Deep 2,Large,Broken,Same"))
}

// The store's own listing of folders (readDirents) gives every entry with
// its type, as os.ReadDir does, also for a folder larger than its buffer.
func TestReadDirentsListsEveryEntry(t *testing.T) {
	dir := t.TempDir()
	for i := range 600 {
		name := strings.Repeat("n", 1+i%200) + strconv.Itoa(i)
		switch i % 4 {
		case 0:
			os.Mkdir(filepath.Join(dir, name), 0o755)
		case 1:
			os.Symlink("elsewhere", filepath.Join(dir, name))
		default:
			os.WriteFile(filepath.Join(dir, name+".md"), nil, 0o644)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	err = readDirents(int(f.Fd()), make([]byte, 1024), func(name []byte, typ fs.FileMode, known bool) {
		if !known {
			fi, err := os.Lstat(filepath.Join(dir, string(name)))
			if err != nil {
				t.Fatal(err)
			}
			typ = fi.Mode().Type()
		}
		got = append(got, string(name)+" "+typ.String())
	})
	if err != nil {
		t.Fatal(err)
	}
	var wantS []string
	for _, e := range want {
		wantS = append(wantS, e.Name()+" "+e.Type().String())
	}
	slices.Sort(got)
	if !slices.Equal(got, wantS) {
		t.Errorf("listed %d entries, os.ReadDir %d; first listed %q, first wanted %q", len(got), len(wantS), got[:min(3, len(got))], wantS[:3])
	}
}
