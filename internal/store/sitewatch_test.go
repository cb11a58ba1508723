package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFilesVersionFollowsEdits: writing a file of the site file
// folders changes Snapshot.FilesVersion without a content change,
// also in a folder made after the watch started (it is watched too), and
// a content edit alone does not change it.
func TestFilesVersionFollowsEdits(t *testing.T) {
	root := t.TempDir()
	content, static := filepath.Join(root, "content"), filepath.Join(root, "static")
	for _, d := range []string{content, static} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(content, "a.md"), []byte("---\ntitle: A\n---\nbody\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, changes := watchSiteFiles(t, content, static)
	v := s.Snapshot().FilesVersion()
	if err := os.MkdirAll(filepath.Join(static, "img", "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	v = changes(v, "new folders")
	if err := os.WriteFile(filepath.Join(static, "img", "new", "x.png"), []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	v = changes(v, "a file written in a new folder")
	if err := os.WriteFile(filepath.Join(static, "img", "new", "x.png"), []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	v = changes(v, "the file edited in place")

	ch := s.Changed()
	if err := os.WriteFile(filepath.Join(content, "a.md"), []byte("---\ntitle: A\n---\nbody, edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	<-ch
	if now := s.Snapshot().FilesVersion(); now != v {
		t.Errorf("a content edit changed FilesVersion (%d -> %d)", v, now)
	}
}

// TestFilesVersionFollowsAReplacedSiteFolder: a site file folder replaced
// whole (a deploy that renames a fresh static/ into place) is watched
// again: a file edited in place in the new folder changes FilesVersion,
// as in the first one. (Before, the new folder had no watch: only a
// content change drew its pictures anew.)
func TestFilesVersionFollowsAReplacedSiteFolder(t *testing.T) {
	root := t.TempDir()
	content, static := filepath.Join(root, "content"), filepath.Join(root, "static")
	for _, d := range []string{content, static, static + ".new"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(content, "a.md"), "---\ntitle: A\n---\nbody\n")
	write(filepath.Join(static+".new", "x.png"), "one")
	s, changes := watchSiteFiles(t, content, static)
	v := s.Snapshot().FilesVersion()
	if err := os.Rename(static, static+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(static+".new", static); err != nil {
		t.Fatal(err)
	}
	v = changes(v, "the folder replaced")
	// Let the replacement's batch be published before the edit.
	time.Sleep(MaxDelay + Debounce)
	v = s.Snapshot().FilesVersion()
	write(filepath.Join(static, "x.png"), "two")
	changes(v, "a file of the new folder edited in place")
}

// watchSiteFiles starts a store of content with the site folder static,
// watching until the test ends, and returns it with changes, which waits
// for the site files' version to move past v (it gives up only on a
// machine stalled far longer than the debounce).
func watchSiteFiles(t *testing.T, content, static string) (*Store, func(v uint64, what string) uint64) {
	t.Helper()
	s, err := New(Options{Dir: content, SiteFileDirs: []string{static}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	<-s.Ready()
	changes := func(v uint64, what string) uint64 {
		t.Helper()
		for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(10 * time.Millisecond) {
			if now := s.Snapshot().FilesVersion(); now != v {
				return now
			}
		}
		t.Fatalf("%s: FilesVersion stays %d", what, v)
		return v
	}
	return s, changes
}
