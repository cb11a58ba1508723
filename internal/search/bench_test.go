package search_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	. "github.com/sshblog/sshblog/internal/search"
	"github.com/sshblog/sshblog/internal/sitegen"
)

// corpusDocs generates c and parses it as the store would, returning the
// documents and the size of their searchable text.
func corpusDocs(tb testing.TB, c sitegen.Corpus) ([]Doc, int) {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := c.Generate(dir); err != nil {
		tb.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "posts", "*.md"))
	docs := make([]Doc, 0, len(files))
	size := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		p, err := page.Parse("posts/"+filepath.Base(f), src, page.Options{HasCJKLanguage: true})
		if err != nil {
			tb.Fatal(err)
		}
		d := Doc{Title: p.Title, Terms: append(p.Tags, p.Categories...), Summary: p.Summary, Text: p.Plain(), Date: p.Date}
		docs = append(docs, d)
		size += len(d.Title) + len(d.Summary) + len(d.Text) + len(strings.Join(d.Terms, ""))
	}
	return docs, size
}

// keystrokes are the queries of a reader typing each phrase: one query
// per character typed.
func keystrokes(docs []Doc) []string {
	phrases := []string{"调解工作室", "终端", "我们的博客", "图书馆", "服务器连接", "安静的早晨", "搜索结果",
		"terminal", "keyboard", "reading", "serach", "termnial", "markdwon", "the", "library window", "pager scroll"}
	// And pieces of the text itself, as a reader remembers them.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		d := docs[rng.IntN(len(docs))]
		var toks []string
		Scan(d.Text, func(start, end int, cjk bool) { toks = append(toks, d.Text[start:end]) })
		if len(toks) == 0 {
			continue
		}
		tok := toks[rng.IntN(len(toks))]
		if r := []rune(tok); len(r) > 6 && IsCJK(r[0]) {
			i := rng.IntN(len(r) - 6)
			tok = string(r[i : i+2+rng.IntN(5)])
		}
		phrases = append(phrases, tok)
	}
	var qs []string
	for _, p := range phrases {
		r := []rune(p)
		for i := 1; i <= len(r); i++ {
			qs = append(qs, string(r[:i]))
		}
	}
	return qs
}

// BenchmarkKeystroke is the time from a keystroke's query to the first
// screen of results (search, then snippets for the first 20), over the
// default corpus (3,000 posts, half Chinese, 3 million Han characters):
// p50, p95 and the slowest of a few hundred typed queries.
func BenchmarkKeystroke3k(b *testing.B) { benchKeystroke(b, sitegen.DefaultCorpus) }

// BenchmarkKeystroke10k is the same over 10,000 posts.
func BenchmarkKeystroke10k(b *testing.B) {
	c := sitegen.DefaultCorpus
	c.Posts = 10000
	benchKeystroke(b, c)
}

func benchKeystroke(b *testing.B, c sitegen.Corpus) {
	docs, _ := corpusDocs(b, c)
	_, ix := Build(docs, nil, nil)
	qs := keystrokes(docs)
	var times []time.Duration
	for b.Loop() {
		for _, q := range qs {
			start := time.Now()
			r := ix.Search(q)
			for i := range min(20, r.Len()) {
				r.Match(i)
			}
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	pct := func(p float64) float64 { return float64(times[int(float64(len(times)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(1), "max-ms")
	b.ReportMetric(float64(len(qs)), "queries")
}

// BenchmarkBuild3k is building the index of the default corpus from
// scratch on all cores (build-ms, the median; ns/op also counts the
// collections around it), with the memory it holds and its ratio to the
// searchable text.
func BenchmarkBuild3k(b *testing.B) { benchBuild(b, sitegen.DefaultCorpus) }

// BenchmarkBuild10k is the same over 10,000 posts.
func BenchmarkBuild10k(b *testing.B) {
	c := sitegen.DefaultCorpus
	c.Posts = 10000
	benchBuild(b, c)
}

func benchBuild(b *testing.B, c sitegen.Corpus) {
	docs, text := corpusDocs(b, c)
	var took []time.Duration
	var cpu time.Duration
	var heap uint64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start, cpu0 := time.Now(), cpuTime()
		_, ix := Build(docs, nil, nil)
		took = append(took, time.Since(start))
		cpu += cpuTime() - cpu0
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ix)
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "build-ms")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(len(took)), "cpu-ms")
	b.ReportMetric(float64(text)/(1<<20), "text-MiB")
	b.ReportMetric(float64(heap)/(1<<20), "index-MiB")
	b.ReportMetric(float64(heap)/float64(text), "index/text")
}

// BenchmarkUpdateOneEdit3k is the index of a reload that changed one post
// of the default corpus: its entry and the renumbering of the rest, with
// Rebuild3k, the postings built again, beside it.
func BenchmarkUpdateOneEdit3k(b *testing.B) {
	docs, _ := corpusDocs(b, sitegen.DefaultCorpus)
	entries, ix := Build(docs, nil, nil)
	for b.Loop() {
		next := slices.Clone(entries)
		next[7] = NewEntry(docs[7])
		Update(ix, next)
	}
}

func BenchmarkRebuild3k(b *testing.B) {
	docs, _ := corpusDocs(b, sitegen.DefaultCorpus)
	entries, _ := Build(docs, nil, nil)
	for b.Loop() {
		New(entries)
	}
}

// cpuTime is the CPU time the process has used, on every core: what a
// shared machine does not blur the way it blurs wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
