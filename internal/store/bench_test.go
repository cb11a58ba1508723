package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/sitegen"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

func genSite(tb testing.TB, dir string, n int) int64 {
	tb.Helper()
	size, err := sitegen.Generate(dir, n)
	if err != nil {
		tb.Fatal(err)
	}
	return size
}

// BenchmarkColdLoad10k loads a generated folder of 10,000 posts from
// scratch; it reports the live heap after loading, and per MB of source.
func BenchmarkColdLoad10k(b *testing.B) {
	dir := b.TempDir()
	size := genSite(b, dir, 10000)
	var st *Store
	for b.Loop() {
		var err error
		if st, err = New(Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := len(st.Snapshot().Posts); n != 10000 {
		b.Fatalf("%d posts loaded", n)
	}
	heap := liveHeap()
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(heap)/float64(size), "heap-bytes/source-byte")
	runtime.KeepAlive(st)
}

// BenchmarkEditToSnapshot10k measures one edited file to a published
// snapshot at 10,000 posts, after the watcher's debounce (which is not
// counted: the figure is wall time minus Debounce).
func BenchmarkEditToSnapshot10k(b *testing.B) {
	dir := b.TempDir()
	genSite(b, dir, 10000)
	st := watching(b, Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}})
	target := filepath.Join(dir, "posts/p00000.md")
	timeEdits(b, st, 5*time.Second, func(i int) error {
		return os.WriteFile(target, []byte(fmt.Sprintf("---\ntitle: Edited %d\ndate: 2030-01-01\n---\nbody %d\n", i, i)), 0o644)
	})
}

// BenchmarkNewSnapshot10k is the snapshot build alone, the part of a
// reload that grows with the number of posts.
func BenchmarkNewSnapshot10k(b *testing.B) {
	dir := b.TempDir()
	genSite(b, dir, 10000)
	st, err := New(Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}})
	if err != nil {
		b.Fatal(err)
	}
	var files []*page.Page
	for _, f := range st.files {
		files = append(files, f.good)
	}
	for b.Loop() {
		site.New(site.Input{Files: files, Now: time.Now()})
	}
}

// BenchmarkColdLoadSearch3k loads the search corpus of issue 8 (3,000
// posts, half Chinese, 3 million Han characters: sitegen.DefaultCorpus),
// search index included, and reports the live heap after loading.
func BenchmarkColdLoadSearch3k(b *testing.B) {
	dir := b.TempDir()
	size, err := sitegen.DefaultCorpus.Generate(dir)
	if err != nil {
		b.Fatal(err)
	}
	var st *Store
	var cpu time.Duration
	for b.Loop() {
		st = nil
		before := cpuTime()
		if st, err = New(Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}}); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - before
	}
	b.StopTimer()
	b.ReportMetric(float64(liveHeap())/(1<<20), "heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "source-MB")
	// CPU time (user and system, every core) is what a shared machine
	// does not blur the way it blurs wall time.
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	runtime.KeepAlive(st)
}

// BenchmarkEditToSnapshotSearch3k is one edited post to a published
// snapshot (index included) on the search corpus, after the debounce.
func BenchmarkEditToSnapshotSearch3k(b *testing.B) {
	dir := b.TempDir()
	if _, err := sitegen.DefaultCorpus.Generate(dir); err != nil {
		b.Fatal(err)
	}
	st := watching(b, Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}})
	target := filepath.Join(dir, "posts/c00001.md")
	timeEdits(b, st, 5*time.Second, func(i int) error {
		return os.WriteFile(target, []byte(fmt.Sprintf("---\ntitle: Edited %d\ndate: 2030-01-01\n---\nbody %d 调解工作室\n", i, i)), 0o644)
	})
}

// watching returns the store of opt with its watcher running until the
// benchmark ends.
func watching(b *testing.B, opt Options) *Store {
	b.Helper()
	st, err := New(opt)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	go st.Watch(ctx)
	<-st.Ready()
	return st
}

// timeEdits calls edit(i) once per iteration (i from 1), waits up to
// timeout for the snapshot it publishes and reports the mean time after
// the watcher's debounce (which is not the store's work).
func timeEdits(b *testing.B, st *Store, timeout time.Duration, edit func(i int) error) {
	b.Helper()
	var total time.Duration
	i := 0
	for b.Loop() {
		i++
		ch := st.Changed()
		start := time.Now()
		if err := edit(i); err != nil {
			b.Fatal(err)
		}
		select {
		case <-ch:
		case <-time.After(timeout):
			b.Fatal("no snapshot after an edit")
		}
		total += time.Since(start) - Debounce
	}
	b.ReportMetric(float64(total.Microseconds())/float64(i)/1000, "ms-after-debounce/op")
}

// liveHeap collects garbage and returns the live heap, in bytes.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// cpuTime is the CPU time the process has used, on every core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
