package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
	changes("new folders", func() error { return os.MkdirAll(filepath.Join(static, "img", "new"), 0o755) })
	changes("a file written in a new folder", func() error {
		return os.WriteFile(filepath.Join(static, "img", "new", "x.png"), []byte("one"), 0o644)
	})
	changes("the file edited in place", func() error {
		return os.WriteFile(filepath.Join(static, "img", "new", "x.png"), []byte("two"), 0o644)
	})

	v := s.Snapshot().FilesVersion()
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
	_, changes := watchSiteFiles(t, content, static)
	changes("the folder replaced", func() error { return replace(static, static+".old", static+".new") })
	changes("a file of the new folder edited in place", func() error {
		return os.WriteFile(filepath.Join(static, "x.png"), []byte("two"), 0o644)
	})
}

// replace renames dir to old and next into its place, as a deploy does.
func replace(dir, old, next string) error {
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	return os.Rename(next, dir)
}

// inotifyWatches counts the inotify watches the process holds (Linux:
// /proc/self/fdinfo lists them).
// waitWatchesDown reads the process's inotify watches again, for a few
// seconds, while the last count in watches is over the first: the count
// is the process's, and a watcher of an earlier test may still be
// closing, while a watch kept for a folder gone stays for good.
func waitWatchesDown(t *testing.T, watches []int) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); watches[len(watches)-1] > watches[0] && time.Now().Before(end); {
		time.Sleep(50 * time.Millisecond)
		watches[len(watches)-1] = inotifyWatches(t)
	}
}

func inotifyWatches(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fdinfo")
	if err != nil {
		t.Skip("no /proc/self/fdinfo:", err)
	}
	n := 0
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/proc/self/fdinfo", e.Name()))
		if err != nil {
			continue // closed since it was listed
		}
		for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); {
			if strings.HasPrefix(sc.Text(), "inotify wd:") {
				n++
			}
		}
	}
	return n
}

// TestSiteFolderRenamedAwayUnwatched: a site file folder replaced whole
// again and again (each deploy renames the old one away, to be deleted
// later) leaves no watches on the folders renamed away: the process
// holds as many watches after five deploys as after one. (Before, each
// folder renamed away kept the watches of its subfolders until it was
// deleted, reporting its changes as the new folder's.)
func TestSiteFolderRenamedAwayUnwatched(t *testing.T) {
	root := t.TempDir()
	content, static := filepath.Join(root, "content"), filepath.Join(root, "static")
	mkTree := func(dir string) {
		t.Helper()
		for _, sub := range []string{"img/2024", "img/2025", "css", "js/vendor"} {
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.MkdirAll(content, 0o755); err != nil {
		t.Fatal(err)
	}
	mkTree(static)
	if err := os.WriteFile(filepath.Join(content, "a.md"), []byte("---\ntitle: A\n---\nbody\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, changes := watchSiteFiles(t, content, static)
	var watches []int
	for i := range 5 {
		next := fmt.Sprintf("%s.new%d", static, i)
		mkTree(next)
		changes("the folder replaced", func() error { return replace(static, fmt.Sprintf("%s.old%d", static, i), next) })
		watches = append(watches, inotifyWatches(t))
	}
	waitWatchesDown(t, watches)
	if watches[len(watches)-1] > watches[0] {
		t.Errorf("inotify watches after each of 5 replacements of the site folder: %v", watches)
	}
	changes("a file of the last folder written", func() error {
		return os.WriteFile(filepath.Join(static, "img", "2025", "x.png"), []byte("one"), 0o644)
	})
}

// watchSiteFiles starts a store of content with the site folder static,
// watching until the test ends, and returns it with changes, which does
// something to the site folder and waits for the batch of changes it
// makes to move the site files' version (it gives up only on a machine
// stalled far longer than the debounce).
func watchSiteFiles(t *testing.T, content, static string) (*Store, func(what string, do func() error)) {
	t.Helper()
	s, err := New(Options{Dir: content, SiteFileDirs: []string{static}})
	if err != nil {
		t.Fatal(err)
	}
	bumped := make(chan struct{}, 1)
	s.siteBumped = func() {
		select {
		case bumped <- struct{}{}:
		default:
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	<-s.Ready()
	changes := func(what string, do func() error) {
		t.Helper()
		select {
		case <-bumped: // a batch before: done with
		default:
		}
		v := s.Snapshot().FilesVersion()
		if err := do(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-bumped:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: FilesVersion stays %d", what, v)
		}
		if now := s.Snapshot().FilesVersion(); now == v {
			t.Fatalf("%s: the watcher bumped, FilesVersion stays %d", what, v)
		}
		// A change of several steps (a folder replaced: two renames)
		// may come in more than one batch: wait until the watcher is
		// quiet, so that the next change's bump is its own.
		for quiet := false; !quiet; {
			select {
			case <-bumped:
			case <-time.After(4 * Debounce):
				quiet = true
			}
		}
	}
	return s, changes
}
