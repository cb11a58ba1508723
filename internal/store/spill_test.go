package store

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/spill"
)

// lockedBuffer is a log a store writes to while a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// largeBlog writes n posts of varied text into a new folder.
func largeBlog(t *testing.T, n int) (dir string, srcs map[string]string) {
	dir, srcs = t.TempDir(), map[string]string{}
	for i := range n {
		rel := fmt.Sprintf("posts/p%d.md", i)
		srcs[rel] = fmt.Sprintf("---\ntitle: P%d\ndate: 2024-01-%02d\n---\n", i, 1+i%28) + variedText(uint32(100+i))
		writeFile(t, dir, rel, srcs[rel])
	}
	return dir, srcs
}

// A large blog's spill file is in the spill folder only while it is
// made: the folder is empty while the store serves texts from it.
func TestSpillFileLeavesNothingOnDisk(t *testing.T) {
	dir, srcs := largeBlog(t, 5)
	spillDir := t.TempDir()
	st, err := New(Options{Dir: dir, CompressAbove: 10, SpillDir: spillDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ents, err := os.ReadDir(spillDir); err != nil || len(ents) != 0 {
		t.Errorf("spill folder holds %v (%v)", ents, err)
	}
	for rel, want := range srcs {
		p, ok := st.Snapshot().ByPath(rel)
		if !ok || !p.OnDisk() || p.Source() != want {
			t.Errorf("%s: served %t, in the spill file %t, source read back %t", rel, ok, ok && p.OnDisk(), ok && p.Source() == want)
		}
	}
}

// A spill folder the store cannot write (read-only, not a folder), or a
// spill file full: the sources are kept in memory (compressed when that
// saves bytes), served the same, and that is logged once.
func TestSpillFallsBackToMemory(t *testing.T) {
	readOnly := t.TempDir()
	if err := os.Chmod(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(readOnly, 0o755)
	notDir := filepath.Join(t.TempDir(), "file")
	writeFile(t, filepath.Dir(notDir), "file", "x")
	cases := map[string]Options{
		"not a folder": {SpillDir: notDir},
		"full":         {SpillDir: t.TempDir(), SpillMax: 3000},
	}
	if os.Geteuid() != 0 {
		cases["read-only"] = Options{SpillDir: readOnly}
	} else if fi, err := os.Stat("/sys"); err == nil && fi.IsDir() {
		// Root writes a folder of mode 0555; sysfs refuses new files
		// to root too.
		cases["read-only"] = Options{SpillDir: "/sys"}
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			dir, srcs := largeBlog(t, 6)
			var log lockedBuffer
			opt.Dir, opt.CompressAbove = dir, 10
			opt.Logger = slog.New(slog.NewTextHandler(&log, nil))
			st, err := New(opt)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			edited := srcs["posts/p1.md"] + "一句新的话。\n"
			writeFile(t, dir, "posts/p1.md", edited)
			srcs["posts/p1.md"] = edited
			if err := st.Reload(context.Background()); err != nil {
				t.Fatal(err)
			}
			inMemory := 0
			for rel, want := range srcs {
				p, ok := st.Snapshot().ByPath(rel)
				if !ok || p.Source() != want {
					t.Errorf("%s: served %t, source read back %t", rel, ok, ok && p.Source() == want)
				}
				if ok && !p.OnDisk() {
					inMemory++
				}
			}
			if inMemory == 0 {
				t.Error("every source in the spill file")
			}
			if n := strings.Count(log.String(), "kept in memory"); n != 1 {
				t.Errorf("the fallback logged %d times:\n%s", n, log.String())
			}
		})
	}
}

// An author who rewrites one post again and again: the spill file is
// compacted (bounded by twice the live texts plus the garbage allowed),
// while a reader on the first snapshot and readers of the current one,
// all at the same time, read the texts they were made from (run with
// -race).
func TestSpillCompactsWhileReadersRead(t *testing.T) {
	dir, srcs := largeBlog(t, 8)
	st, err := New(Options{Dir: dir, CompressAbove: 10, SpillDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.mu.Lock()
	st.compactAt = 8 << 10
	first := st.spill
	st.mu.Unlock()
	oldSnap := st.Snapshot()
	oldP0, _ := oldSnap.ByPath("posts/p0.md")
	p3, _ := oldSnap.ByPath("posts/p3.md")

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if src := oldP0.Source(); src != srcs["posts/p0.md"] {
					t.Errorf("the first snapshot's p0 read back as %.40q", src)
					return
				}
				if src := p3.Source(); src != srcs["posts/p3.md"] {
					t.Errorf("p3, never edited, read back as %.40q", src)
					return
				}
				s := st.Snapshot()
				p, _ := s.ByPath("posts/p0.md")
				if src := p.Source(); !strings.HasPrefix(src, "---\ntitle: P0") {
					t.Errorf("the current p0 read back as %.40q", src)
					return
				}
				s.Search("终端里阅读")
			}
		}()
	}
	var last string
	for i := range 60 {
		last = fmt.Sprintf("---\ntitle: P0\ndate: 2024-01-01\n---\n%d\n", i) + variedText(uint32(1000+i))
		writeFile(t, dir, "posts/p0.md", last)
		if err := st.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	st.waitCompaction()
	cancel()
	wg.Wait()

	p, _ := st.Snapshot().ByPath("posts/p0.md")
	if p.Source() != last {
		t.Error("the last version of p0 not served")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.spill == first {
		t.Fatal("60 rewrites of a post, the spill file never compacted")
	}
	live := checkLive(t, st)
	if size := st.spill.Size(); size > 2*max(live, st.compactAt)+int64(len(last)) {
		t.Errorf("spill file of %d bytes for %d of live texts", size, live)
	}
}

// TestSpillFullCompactedAndUsedAgain: a spill file that stopped taking
// text at its size limit (a full disk alike) is still compacted once its
// old versions outweigh the texts in use, and takes the new versions
// again: an author rewriting a post cannot leave every later source in
// memory for good.
func TestSpillFullCompactedAndUsedAgain(t *testing.T) {
	dir, _ := largeBlog(t, 4)
	var live int
	for _, rel := range []string{"posts/p0.md", "posts/p1.md", "posts/p2.md", "posts/p3.md"} {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		live += len(b)
	}
	var log lockedBuffer
	st, err := New(Options{Dir: dir, CompressAbove: 10, SpillDir: t.TempDir(), SpillMax: int64(live * 3 / 2),
		Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.mu.Lock()
	st.compactAt = 1 << 10
	st.mu.Unlock()
	var last string
	for i := range 40 {
		last = fmt.Sprintf("---\ntitle: P0\ndate: 2024-01-01\n---\n%d\n", i) + variedText(uint32(2000+i))
		writeFile(t, dir, "posts/p0.md", last)
		if err := st.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// Rewrites until the next compaction, then one version more: put in
	// the compacted file, which has room for it.
	edit := func(i int) *spill.File {
		last = fmt.Sprintf("---\ntitle: P0\ndate: 2024-01-01\n---\n%d\n", i) + variedText(uint32(3000+i))
		writeFile(t, dir, "posts/p0.md", last)
		if err := st.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		st.waitCompaction()
		st.mu.Lock()
		defer st.mu.Unlock()
		checkLive(t, st)
		return st.spill
	}
	st.waitCompaction()
	st.mu.Lock()
	before := st.spill
	st.mu.Unlock()
	for i := 0; edit(i) == before; i++ {
		if i == 10 {
			t.Fatal("10 more rewrites, no compaction")
		}
	}
	edit(100)
	if !strings.Contains(log.String(), "kept in memory from now on") {
		t.Fatalf("40 rewrites never filled a spill file of %d bytes: the test needs more\n%s", live*3/2, log.String())
	}
	if !strings.Contains(log.String(), "spilled again") {
		t.Errorf("the full spill file was never compacted:\n%s", log.String())
	}
	p, _ := st.Snapshot().ByPath("posts/p0.md")
	if p.Source() != last {
		t.Error("the last version of p0 not served")
	}
	if !p.OnDisk() {
		t.Errorf("after the compaction the last version of p0 is kept in memory\n%s", log.String())
	}
}

// checkLive reports an error if the count of live texts the store keeps
// (spillLive) is not theirs, counted; it returns the count. Call it
// holding st.mu.
func checkLive(t *testing.T, st *Store) int64 {
	t.Helper()
	var live int64
	for _, f := range st.files {
		live += spilledIn(f.good, st.spill)
	}
	if live != st.spillLive {
		t.Errorf("the store counts %d bytes of live texts in its spill file, there are %d", st.spillLive, live)
	}
	return live
}

// waitFor fails the test unless done is closed within a generous bound:
// what it waits for would otherwise never happen (a deadlock), and the
// bound says nothing of speed.
func waitFor(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: still waiting after 30 s", what)
	}
}

// compactingBlog is a store of a large blog whose spill file compacts
// after a few kilobytes of old versions, and whose compactions stop,
// once they copied their texts, until release is closed (entered is
// told of each).
func compactingBlog(t *testing.T) (st *Store, dir string, srcs map[string]string, entered chan struct{}, release chan struct{}) {
	dir, srcs = largeBlog(t, 8)
	st, err := New(Options{Dir: dir, CompressAbove: 10, SpillDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	entered, release = make(chan struct{}, 1), make(chan struct{})
	st.mu.Lock()
	st.compactAt = 4 << 10
	st.compactHook = func() {
		entered <- struct{}{}
		select {
		case <-release:
		case <-st.ctx.Done():
		}
	}
	st.mu.Unlock()
	return st, dir, srcs, entered, release
}

// rewrite writes a new version of rel and reloads, in the background:
// the channel is closed once the store published it.
func rewrite(t *testing.T, st *Store, dir, rel, src string) <-chan struct{} {
	writeFile(t, dir, rel, src)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := st.Reload(context.Background()); err != nil {
			t.Error(err)
		}
	}()
	return done
}

// An edit made while the spill file is compacted publishes its snapshot
// without waiting for the compaction, and readers of every snapshot (the
// first, the one published during the compaction, the current one) read
// the texts they were made from, before, during and after the
// compaction commits (run with -race).
func TestSpillEditDuringCompaction(t *testing.T) {
	st, dir, srcs, entered, release := compactingBlog(t)
	first := st.Snapshot()
	st.mu.Lock()
	firstFile := st.spill
	st.mu.Unlock()

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	read := func(snap *site.Snapshot, want map[string]string) {
		defer wg.Done()
		for ctx.Err() == nil {
			for rel, src := range want {
				p, ok := snap.ByPath(rel)
				if !ok || p.Source() != src {
					t.Errorf("%s read back as %.40q (served %t)", rel, p.Source(), ok)
					return
				}
			}
		}
	}
	wg.Add(1)
	go read(first, maps.Clone(srcs))

	// Rewrites of p0 until one starts a compaction.
	started := false
	for i := 0; i < 50 && !started; i++ {
		srcs["posts/p0.md"] = fmt.Sprintf("---\ntitle: P0\ndate: 2024-01-01\n---\n%d\n", i) + variedText(uint32(1000+i))
		waitFor(t, rewrite(t, st, dir, "posts/p0.md", srcs["posts/p0.md"]), "an edit before the compaction")
		select {
		case <-entered:
			started = true
		default:
			st.mu.Lock()
			started = st.compacting
			st.mu.Unlock()
			if started {
				waitFor(t, entered, "the compaction copying")
			}
		}
	}
	if !started {
		t.Fatal("50 rewrites, no compaction")
	}
	during := st.Snapshot()
	wg.Add(1)
	go read(during, maps.Clone(srcs))

	// The compaction has copied its texts and waits: edits publish.
	srcs["posts/p1.md"] += "一句新的话。\n"
	waitFor(t, rewrite(t, st, dir, "posts/p1.md", srcs["posts/p1.md"]), "an edit during the compaction")
	srcs["posts/p2.md"] += "又一句。\n"
	waitFor(t, rewrite(t, st, dir, "posts/p2.md", srcs["posts/p2.md"]), "a second edit during the compaction")
	if p, _ := st.Snapshot().ByPath("posts/p1.md"); p.Source() != srcs["posts/p1.md"] {
		t.Error("the edit made during the compaction not served")
	}
	wg.Add(1)
	go read(st.Snapshot(), maps.Clone(srcs))

	close(release)
	st.waitCompaction()
	cancel()
	wg.Wait()

	st.mu.Lock()
	defer st.mu.Unlock()
	if st.spill == firstFile {
		t.Fatal("the compaction did not commit")
	}
	checkLive(t, st)
	for rel, src := range srcs {
		p, ok := st.Snapshot().ByPath(rel)
		if !ok || p.Source() != src {
			t.Errorf("%s after the compaction: %.40q", rel, p.Source())
		}
		if !p.Spilled().In(st.spill) {
			t.Errorf("%s not in the compacted spill file", rel)
		}
	}
}

// Close stops a compaction that runs (and waits for it); the store's
// snapshots were made before.
func TestSpillCloseDuringCompaction(t *testing.T) {
	st, dir, srcs, entered, _ := compactingBlog(t)
	for i := 0; ; i++ {
		if i == 50 {
			t.Fatal("50 rewrites, no compaction")
		}
		srcs["posts/p0.md"] = fmt.Sprintf("---\ntitle: P0\ndate: 2024-01-01\n---\n%d\n", i) + variedText(uint32(1000+i))
		waitFor(t, rewrite(t, st, dir, "posts/p0.md", srcs["posts/p0.md"]), "an edit")
		st.mu.Lock()
		started := st.compacting
		st.mu.Unlock()
		if started {
			break
		}
	}
	waitFor(t, entered, "the compaction copying")
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	}()
	waitFor(t, closed, "Close during a compaction")
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.compacting || st.spill != nil {
		t.Errorf("after Close: compacting %t, spill file %v", st.compacting, st.spill)
	}
}

// spillDescriptors counts the process's open spill files (Linux).
func spillDescriptors(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	n := 0
	for _, e := range ents {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil && strings.Contains(target, "sshblog-spill-") {
			n++
		}
	}
	return n
}

// The spill files compacted away are closed once no snapshot reads them
// (os.File's cleanup, when the garbage collector finds them unreachable):
// 30 compactions leave no more descriptors open than they began with,
// beside the store's current file.
func TestSpillFilesClosedAfterCompactions(t *testing.T) {
	dir, _ := largeBlog(t, 8)
	st, err := New(Options{Dir: dir, CompressAbove: 10, SpillDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.mu.Lock()
	st.compactAt = 4 << 10
	st.mu.Unlock()
	collect := func() int {
		n := spillDescriptors(t)
		// Cleanups run after a collection, in their own goroutine: on
		// a loaded machine it may take a while to be scheduled, so give
		// it a few seconds (a descriptor kept for good stays).
		for end := time.Now().Add(5 * time.Second); n > 1 && time.Now().Before(end); {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
			n = spillDescriptors(t)
		}
		return n
	}
	before := collect()
	compactions := 0
	for i := 0; compactions < 30; i++ {
		if i == 3000 {
			t.Fatalf("%d rewrites, %d compactions", i, compactions)
		}
		st.mu.Lock()
		file := st.spill
		st.mu.Unlock()
		writeFile(t, dir, "posts/p0.md", fmt.Sprintf("---\ntitle: P0\ndate: 2024-01-01\n---\n%d\n", i)+variedText(uint32(1000+i)))
		if err := st.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		st.waitCompaction()
		st.mu.Lock()
		if st.spill != file {
			compactions++
		}
		st.mu.Unlock()
	}
	if after := collect(); after > max(before, 1) {
		t.Errorf("%d spill files open after 30 compactions (%d before)", after, before)
	}
}

// TestCompactionMovesOnlyServedVersions: a post rewritten again and again
// while a compaction copies has only the version it serves when the
// compaction commits copied to the new file, under the store's lock: the
// versions replaced meanwhile were copied there too, each of them, so an
// author saving in a loop made the lock's hold and the new file grow
// with the saves.
func TestCompactionMovesOnlyServedVersions(t *testing.T) {
	st, dir, srcs, entered, release := compactingBlog(t)
	started := false
	for i := 0; i < 50 && !started; i++ {
		srcs["posts/p0.md"] = fmt.Sprintf("---\ntitle: P0\ndate: 2024-01-01\n---\n%d\n", i) + variedText(uint32(1000+i))
		waitFor(t, rewrite(t, st, dir, "posts/p0.md", srcs["posts/p0.md"]), "an edit before the compaction")
		st.mu.Lock()
		started = st.compacting
		st.mu.Unlock()
	}
	if !started {
		t.Fatal("50 rewrites, no compaction")
	}
	waitFor(t, entered, "the compaction copying")
	for i := range 50 {
		srcs["posts/p1.md"] = fmt.Sprintf("---\ntitle: P1\ndate: 2024-01-01\n---\nsave %d\n", i) + variedText(uint32(5000+i))
		waitFor(t, rewrite(t, st, dir, "posts/p1.md", srcs["posts/p1.md"]), "a save during the compaction")
	}
	close(release)
	st.waitCompaction()
	st.mu.Lock()
	defer st.mu.Unlock()
	checkLive(t, st)
	if size, live := st.spill.Size(), st.spillLive; size > 2*live {
		t.Errorf("new spill file of %d bytes for %d bytes of live texts after 50 saves during the compaction", size, live)
	}
	for rel, src := range srcs {
		if p, ok := st.Snapshot().ByPath(rel); !ok || p.Source() != src {
			t.Errorf("%s served as %.40q", rel, p.Source())
		}
	}
}
