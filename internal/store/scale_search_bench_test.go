package store

import (
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
)

// scaleQueries are the queries of BenchmarkScaleSearch, by name: Chinese
// phrases of three characters or more are checked in each candidate's
// text (decompressed when the blog keeps it compressed), the worst when
// every Chinese post holds them (gen's posts all repeat one paragraph).
var scaleQueries = []struct{ name, q string }{
	{"zh-phrase-everywhere", "终端里阅读"},
	{"zh-long-everywhere", "慢慢地写下这些字"},
	{"zh-phrase-corpus", "我们的终端"},
	{"zh-pair", "终端"},
	{"en-word", "terminal"},
	{"en-typo", "termnial"},
}

// BenchmarkScaleSearch runs each query on each folder, loaded once: the
// index's part of a keystroke in the search screen.
func BenchmarkScaleSearch(b *testing.B) {
	for _, dir := range scaleDirs(b) {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			snap := loaded(b, dir)
			for _, q := range scaleQueries {
				b.Run(q.name, func(b *testing.B) {
					n, ops, cpu := 0, 0, cpuTime()
					for b.Loop() {
						n = snap.Search(q.q).Len()
						ops++
					}
					// On a shared machine the CPU time is steadier than
					// the wall time (a query may run on every core).
					b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(ops), "cpu-ms/op")
					b.ReportMetric(float64(n), "hits")
				})
			}
		})
	}
}

// BenchmarkScaleOpen is what opening a post costs beyond the render
// cache: its markdown read (decompressed when the blog keeps it
// compressed; cat reads the source the same way), over posts spread
// through the folder, and for scale a cold render of one of them at 80
// columns, the rest of a render-cache miss.
func BenchmarkScaleOpen(b *testing.B) {
	for _, dir := range scaleDirs(b) {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			snap := loaded(b, dir)
			posts := snap.Posts
			b.Run("markdown", func(b *testing.B) {
				i, n := 0, 0
				for b.Loop() {
					md, _ := snap.Markdown(posts[i*7919%len(posts)])
					n += len(md)
					i++
				}
				b.ReportMetric(float64(n)/float64(i), "bytes/op")
			})
			b.Run("render", func(b *testing.B) {
				md, _ := snap.Markdown(posts[len(posts)/2])
				for b.Loop() {
					if _, err := render.Markdown(md, 80, render.Dark); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func loaded(b *testing.B, dir string) *site.Snapshot {
	st, err := New(scaleOptions(dir))
	if err != nil {
		b.Fatal(err)
	}
	return st.Snapshot()
}
