package content

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// genSite writes n posts like the target blog: half Chinese (~2,000
// characters), half English, front matter in YAML, TOML and JSON in turn,
// a third as page bundles. It returns the bytes written.
func genSite(tb testing.TB, dir string, n int) int64 {
	tb.Helper()
	zhPara := strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。", 10) + "\n\n"
	enPara := strings.Repeat("We read and write slowly in the terminal, one line at a time. ", 8) + "\n\n"
	var total int64
	for i := range n {
		title := fmt.Sprintf("Post number %d", i)
		date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		var fm string
		switch i % 3 {
		case 0:
			fm = fmt.Sprintf("---\ntitle: %q\ndate: %s\ntags: [t%d, common]\ncategories: [c%d]\n---\n", title, date, i%50, i%7)
		case 1:
			fm = fmt.Sprintf("+++\ntitle = %q\ndate = %s\ntags = [\"t%d\", \"common\"]\n+++\n", title, date, i%50)
		default:
			fm = fmt.Sprintf("{\"title\": %q, \"date\": %q, \"tags\": [\"t%d\"]}\n", title, date, i%50)
		}
		var body strings.Builder
		body.WriteString("## Heading\n\nIntro.\n\n<!--more-->\n\n")
		for range 10 {
			if i%2 == 0 {
				body.WriteString(zhPara)
			} else {
				body.WriteString(enPara)
			}
		}
		body.WriteString("- one\n- two\n\n> quote\n")
		rel := fmt.Sprintf("posts/p%05d.md", i)
		if i%3 == 1 {
			rel = fmt.Sprintf("posts/b%05d/index.md", i)
		}
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		src := fm + body.String()
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(len(src))
	}
	return total
}

// BenchmarkColdLoad10k loads a generated folder of 10,000 posts from
// scratch; it reports the live heap after loading, and per MB of source.
func BenchmarkColdLoad10k(b *testing.B) {
	dir := b.TempDir()
	size := genSite(b, dir, 10000)
	var st *Store
	for b.Loop() {
		var err error
		if st, err = NewStore(Options{Dir: dir, Parse: ParseOptions{HasCJKLanguage: true}}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := len(st.Snapshot().Posts); n != 10000 {
		b.Fatalf("%d posts loaded", n)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(float64(ms.HeapAlloc)/float64(size), "heap-bytes/source-byte")
	runtime.KeepAlive(st)
}

// BenchmarkEditToSnapshot10k measures one edited file to a published
// snapshot at 10,000 posts, after the watcher's debounce (which is not
// counted: the figure is wall time minus Debounce).
func BenchmarkEditToSnapshot10k(b *testing.B) {
	dir := b.TempDir()
	genSite(b, dir, 10000)
	st, err := NewStore(Options{Dir: dir, Parse: ParseOptions{HasCJKLanguage: true}})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go st.Watch(ctx)
	time.Sleep(200 * time.Millisecond)
	target := filepath.Join(dir, "posts/p00000.md")
	var total time.Duration
	i := 0
	for b.Loop() {
		i++
		ch := st.Changed()
		start := time.Now()
		os.WriteFile(target, []byte(fmt.Sprintf("---\ntitle: Edited %d\ndate: 2030-01-01\n---\nbody %d\n", i, i)), 0o644)
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			b.Fatal("no snapshot after an edit")
		}
		total += time.Since(start) - Debounce
	}
	b.ReportMetric(float64(total.Microseconds())/float64(i)/1000, "ms-after-debounce/op")
}
