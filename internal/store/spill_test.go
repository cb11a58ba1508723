package store

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
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
	var live int64
	for _, f := range st.files {
		live += int64(f.good.Spilled().Len())
	}
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
		t.Error("after the compaction the last version of p0 is kept in memory")
	}
}
