package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/site"
)

// watched starts a store with its watcher on a fresh folder.
func watched(t *testing.T, files map[string]string) (*Store, string) {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	for rel, body := range files {
		writeFile(t, dir, rel, body)
	}
	os.MkdirAll(dir, 0o755)
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)
	return st, dir
}

// startWatch runs st's watcher until the test ends, and waits for it to
// stop before the test's folders are removed.
func startWatch(t *testing.T, st *Store) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { st.Watch(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-st.Ready():
	case <-time.After(5 * time.Second):
		t.Fatal("the watcher never became ready")
	}
}

// waitFlush waits until the watcher has handled a batch of changes (ch is
// from afterFlush, taken before the change).
func waitFlush(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("the watcher did not handle the change")
	}
}

// eventually waits for the snapshot to satisfy cond.
func eventually(t *testing.T, st *Store, what string, cond func(*site.Snapshot) bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		ch := st.Changed()
		if cond(st.Snapshot()) {
			return
		}
		select {
		case <-ch:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("%s: snapshot never matched; posts %s, problems %v", what, titles(st.Snapshot()), st.Snapshot().Problems)
		}
	}
}

func post(title, date string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n---\nbody of " + title + "\n"
}

func hasTitles(want string) func(*site.Snapshot) bool {
	return func(s *site.Snapshot) bool { return titles(s) == want }
}

func TestWatchFollowsEdits(t *testing.T) {
	st, dir := watched(t, map[string]string{"posts/a.md": post("A", "2024-01-01")})

	writeFile(t, dir, "posts/b.md", post("B", "2024-02-01"))
	eventually(t, st, "create", hasTitles("B,A"))

	writeFile(t, dir, "posts/b.md", post("B2", "2024-02-01"))
	eventually(t, st, "edit", hasTitles("B2,A"))

	os.Rename(filepath.Join(dir, "posts/b.md"), filepath.Join(dir, "posts/c.md"))
	eventually(t, st, "rename", func(s *site.Snapshot) bool {
		p, ok := s.Lookup("c")
		return ok && p.Path == "posts/c.md" && titles(s) == "B2,A"
	})
	if p, ok := st.Snapshot().Lookup("b"); !ok || p.Path != "posts/c.md" {
		t.Errorf("old slug b does not resolve to the renamed post: %v", p)
	}

	writeFile(t, dir, "posts/a.md", "---\ntitle: [broken\n---\n")
	eventually(t, st, "break keeps last good", func(s *site.Snapshot) bool {
		return titles(s) == "B2,A" && len(s.Problems) == 1 && s.Problems[0].Path == "posts/a.md"
	})

	writeFile(t, dir, "posts/a.md", post("A fixed", "2024-01-01"))
	eventually(t, st, "fix", func(s *site.Snapshot) bool { return titles(s) == "B2,A fixed" && len(s.Problems) == 0 })

	os.Remove(filepath.Join(dir, "posts/c.md"))
	eventually(t, st, "delete", hasTitles("A fixed"))
}

func TestWatchNewFoldersAndBundles(t *testing.T) {
	st, dir := watched(t, map[string]string{"posts/a.md": post("A", "2024-01-01")})
	// A folder created after start, then a file in it: both are seen.
	flushed := st.afterFlush()
	os.MkdirAll(filepath.Join(dir, "posts/deep/er"), 0o755)
	waitFlush(t, flushed) // the new folders are watched now
	writeFile(t, dir, "posts/deep/er/x.md", post("X", "2024-03-01"))
	eventually(t, st, "file in new folder", hasTitles("X,A"))

	writeFile(t, dir, "posts/bundle/index.md", post("Bundle", "2024-04-01"))
	writeFile(t, dir, "posts/bundle/cover.png", "png")
	eventually(t, st, "bundle", func(s *site.Snapshot) bool {
		p, ok := s.Lookup("bundle")
		return ok && titles(s) == "Bundle,X,A" && strings.Join(s.Resources(p), ",") == "cover.png"
	})
	os.RemoveAll(filepath.Join(dir, "posts/deep"))
	eventually(t, st, "folder removed", hasTitles("Bundle,A"))
}

func TestWatchFolderReplacedWhole(t *testing.T) {
	st, dir := watched(t, map[string]string{"posts/a.md": post("A", "2024-01-01")})
	// rsync/git style: build a new tree beside it and swap by rename.
	next := dir + ".new"
	writeFile(t, next, "posts/n.md", post("N", "2024-05-01"))
	os.Rename(dir, dir+".old")
	os.Rename(next, dir)
	eventually(t, st, "swap", hasTitles("N"))
	writeFile(t, dir, "posts/m.md", post("M", "2024-06-01"))
	eventually(t, st, "edit after swap", hasTitles("M,N"))
}

func TestWatchFolderVanishesAndReturns(t *testing.T) {
	st, dir := watched(t, map[string]string{"posts/a.md": post("A", "2024-01-01")})
	flushed := st.afterFlush()
	os.Rename(dir, dir+".gone")
	waitFlush(t, flushed)
	if got := titles(st.Snapshot()); got != "A" {
		t.Fatalf("snapshot changed while the folder was missing: %s", got)
	}
	os.Rename(dir+".gone", dir)
	writeFile(t, dir, "posts/b.md", post("B", "2024-02-01"))
	eventually(t, st, "folder back", hasTitles("B,A"))
}

func TestWatchConfigMapSwap(t *testing.T) {
	// Kubernetes mounts a ConfigMap as symlinks to ..data, itself a
	// symlink to a timestamped folder that is swapped atomically.
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	os.MkdirAll(dir, 0o755)
	v1 := filepath.Join(dir, "..2026_01")
	writeFile(t, v1, "a.md", post("A", "2024-01-01"))
	os.Symlink("..2026_01", filepath.Join(dir, "..data"))
	os.Symlink("..data/a.md", filepath.Join(dir, "a.md"))
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := st.Snapshot().Lookup("a"); !ok || p.Title != "A" {
		t.Fatalf("symlinked post not loaded: %v", st.Snapshot().Pages)
	}
	startWatch(t, st)

	v2 := filepath.Join(dir, "..2026_02")
	writeFile(t, v2, "a.md", post("A v2", "2024-01-01"))
	os.Symlink("..2026_02", filepath.Join(dir, "..data_tmp"))
	os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data"))
	eventually(t, st, "configmap swap", func(s *site.Snapshot) bool {
		p, ok := s.Lookup("a")
		return ok && p.Title == "A v2"
	})
}

func TestScheduledPostAppearsWithoutRestart(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	soon := time.Now().Add(300 * time.Millisecond).UTC().Format(time.RFC3339Nano)
	writeFile(t, dir, "posts/a.md", post("A", "2024-01-01"))
	writeFile(t, dir, "posts/later.md", "---\ntitle: Later\ndate: "+soon+"\n---\n")
	st, err := New(Options{Dir: dir, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if titles(st.Snapshot()) != "A" || st.Snapshot().NextChange.IsZero() {
		t.Fatalf("future post shown early or not scheduled: %s", titles(st.Snapshot()))
	}
	startWatch(t, st)
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	eventually(t, st, "scheduled post", hasTitles("Later,A"))
}

func TestWatchRelativeFolder(t *testing.T) {
	// The default --content is the relative path "content".
	parent := t.TempDir()
	writeFile(t, parent, "content/posts/a.md", post("A", "2024-01-01"))
	t.Chdir(parent)
	st, err := New(Options{Dir: "content"})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)
	writeFile(t, parent, "content/posts/b.md", post("B", "2024-02-01"))
	eventually(t, st, "edit under a relative folder", hasTitles("B,A"))
}

func TestFarFutureDatesDoNotSpin(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "posts/a.md", "---\ntitle: A\ndate: 2024-01-01\nexpiryDate: 9999-12-31\n---\n")
	writeFile(t, dir, "posts/b.md", "---\ntitle: B\ndate: 2900-01-01\n---\n")
	// The watcher reads the clock each time it wakes for a due change: a
	// timer that overflows or fires at once would wake it over and over.
	var reads atomic.Int64
	st, err := New(Options{Dir: dir, Now: func() time.Time { reads.Add(1); return time.Now() }})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)
	before := reads.Load()
	time.Sleep(time.Second)
	if n := reads.Load() - before; n > 2 {
		t.Errorf("the watcher read the clock %d times in a second with nothing due: it spins", n)
	}
	if st.Snapshot().NextChange.IsZero() {
		t.Error("no change scheduled: the test would not exercise the timer")
	}
}

// A folder renamed within the content folder: edits in it are seen, and
// in its subfolders too. (Before, the subfolders' watches kept their old
// names, and the edits were reported there and lost.)
func TestWatchRenamedFolderThenEdit(t *testing.T) {
	for _, c := range []struct{ name, post, added string }{
		{"flat", "a.md", "c.md"},
		{"nested", "sub/deeper/a.md", "sub/c.md"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, dir := watched(t, map[string]string{"posts/old/" + c.post: post("A", "2024-01-01")})
			os.Rename(filepath.Join(dir, "posts/old"), filepath.Join(dir, "posts/new"))
			eventually(t, st, "folder renamed", func(s *site.Snapshot) bool {
				_, ok := s.ByPath("posts/new/" + c.post)
				return ok
			})
			writeFile(t, dir, "posts/new/"+c.post, post("A edited", "2024-01-01"))
			writeFile(t, dir, "posts/new/"+c.added, post("C", "2024-03-01"))
			eventually(t, st, "edits inside the renamed folder", hasTitles("C,A edited"))
		})
	}
}

// Folders renamed out of the content folder (to be deleted later) leave
// no watches behind: the process holds as many inotify watches after the
// fifth as after the first.
func TestWatchFolderRenamedAwayUnwatched(t *testing.T) {
	st, dir := watched(t, map[string]string{"posts/a.md": post("A", "2024-01-01")})
	away := t.TempDir()
	var watches []int
	for i := range 5 {
		sub := fmt.Sprintf("posts/s%d", i)
		ch := st.afterFlush()
		writeFile(t, dir, sub+"/x/y/b.md", post(fmt.Sprint("B", i), "2024-02-01"))
		waitFlush(t, ch)
		eventually(t, st, "the folder made", hasTitles(fmt.Sprint("B", i)+",A"))
		ch = st.afterFlush()
		if err := os.Rename(filepath.Join(dir, sub), filepath.Join(away, fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
		waitFlush(t, ch)
		eventually(t, st, "the folder renamed away", hasTitles("A"))
		watches = append(watches, inotifyWatches(t))
	}
	waitWatchesDown(t, watches)
	if watches[len(watches)-1] > watches[0] {
		t.Errorf("inotify watches after each of 5 folders renamed away: %v", watches)
	}
}

func TestWatchSymlinkedRoot(t *testing.T) {
	real := t.TempDir()
	writeFile(t, real, "posts/a.md", post("A", "2024-01-01"))
	link := filepath.Join(t.TempDir(), "content")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	st, err := New(Options{Dir: link})
	if err != nil {
		t.Fatal(err)
	}
	if titles(st.Snapshot()) != "A" {
		t.Fatalf("symlinked content folder served %q", titles(st.Snapshot()))
	}
	startWatch(t, st)
	writeFile(t, real, "posts/b.md", post("B", "2024-02-01"))
	eventually(t, st, "edit behind a symlinked root", hasTitles("B,A"))
}

func TestInvisibleChangesPublishNothing(t *testing.T) {
	st, dir := watched(t, map[string]string{"posts/a.md": post("A", "2024-01-01")})
	ch, flushed := st.Changed(), st.afterFlush()
	for i := range 5 {
		writeFile(t, dir, "posts/.a.md.swp", strings.Repeat("x", i+1))
	}
	os.Chtimes(filepath.Join(dir, "posts"), time.Now(), time.Now())
	waitFlush(t, flushed) // the touched folder, after the swap files
	select {
	case <-ch:
		t.Error("a swap file or a touched folder published a new snapshot")
	default:
	}
}
