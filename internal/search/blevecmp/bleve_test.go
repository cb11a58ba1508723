// Package blevecmp measures bleve, the search library issue 8 names, on
// the corpus and keystrokes of internal/search's benchmarks, side by side
// with internal/search. It is a module of its own so that bleve and its
// dependencies stay out of the server's build; run it from this folder:
//
//	go test -run xxx -bench . -benchtime 3x
package blevecmp

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/search"
	"github.com/sshblog/sshblog/internal/sitegen"
)

type doc struct {
	Title string    `json:"title"`
	Tags  string    `json:"tags"`
	Body  string    `json:"body"`
	Date  time.Time `json:"date"`
}

func corpus(tb testing.TB) ([]search.Doc, int) {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := sitegen.DefaultCorpus.Generate(dir); err != nil {
		tb.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "posts", "*.md"))
	var docs []search.Doc
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
		d := search.Doc{Title: p.Title, Terms: append(p.Tags, p.Categories...), Summary: p.Summary, Text: p.Plain(), Date: p.Date}
		docs = append(docs, d)
		size += len(d.Title) + len(d.Summary) + len(d.Text) + len(strings.Join(d.Terms, ""))
	}
	return docs, size
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// keystrokes are the typed queries of internal/search's benchmark: the
// same phrases, and pieces of the text drawn the same way.
func keystrokes(docs []search.Doc) []string {
	phrases := []string{"调解工作室", "终端", "我们的博客", "图书馆", "服务器连接", "安静的早晨", "搜索结果",
		"terminal", "keyboard", "reading", "serach", "termnial", "markdwon", "the", "library window", "pager scroll"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		d := docs[rng.IntN(len(docs))]
		toks := strings.FieldsFunc(d.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(toks) == 0 {
			continue
		}
		tok := toks[rng.IntN(len(toks))]
		if r := []rune(tok); len(r) > 6 && isCJK(r[0]) {
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

// buildBleve indexes docs in memory with bleve's CJK analyzer (bigrams
// for CJK, lower-cased words otherwise); the body is stored with term
// vectors so that results can be highlighted, as internal/search's are.
func buildBleve(tb testing.TB, docs []search.Doc) bleve.Index {
	im := bleve.NewIndexMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = "cjk"
	dm := bleve.NewDocumentMapping()
	dm.AddFieldMappingsAt("title", text)
	dm.AddFieldMappingsAt("tags", text)
	dm.AddFieldMappingsAt("body", text)
	dm.AddFieldMappingsAt("date", bleve.NewDateTimeFieldMapping())
	im.DefaultMapping = dm
	idx, err := bleve.NewMemOnly(im)
	if err != nil {
		tb.Fatal(err)
	}
	b := idx.NewBatch()
	for i, d := range docs {
		if err := b.Index(fmt.Sprint(i), doc{d.Title, strings.Join(d.Terms, " "), d.Summary + "\n" + d.Text, d.Date}); err != nil {
			tb.Fatal(err)
		}
		if b.Size() == 500 {
			if err := idx.Batch(b); err != nil {
				tb.Fatal(err)
			}
			b = idx.NewBatch()
		}
	}
	if err := idx.Batch(b); err != nil {
		tb.Fatal(err)
	}
	return idx
}

// bleveQuery is the closest bleve query to internal/search's: every part
// must match; a CJK run as a phrase of bigrams (one character as a prefix
// of bigrams), a word as a prefix or, from five letters, with one edit;
// title boosted over tags over the body.
func bleveQuery(q string) query.Query {
	var parts []query.Query
	for _, tok := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		var fields []query.Query
		for f, boost := range map[string]float64{"title": 3, "tags": 2, "body": 1} {
			var fq query.Query
			switch r := []rune(tok); {
			case isCJK(r[0]) && len(r) == 1:
				p := bleve.NewPrefixQuery(tok)
				p.SetField(f)
				fq = p
			case isCJK(r[0]):
				p := bleve.NewMatchPhraseQuery(tok)
				p.SetField(f)
				p.Analyzer = "cjk"
				fq = p
			default:
				p := bleve.NewPrefixQuery(tok)
				p.SetField(f)
				alts := []query.Query{p}
				if len(tok) >= 5 {
					fz := bleve.NewFuzzyQuery(tok)
					fz.SetField(f)
					fz.Fuzziness = 1
					alts = append(alts, fz)
				}
				fq = bleve.NewDisjunctionQuery(alts...)
			}
			fq.(query.BoostableQuery).SetBoost(boost)
			fields = append(fields, fq)
		}
		parts = append(parts, bleve.NewDisjunctionQuery(fields...))
	}
	return bleve.NewConjunctionQuery(parts...)
}

func percentiles(b *testing.B, times []time.Duration) {
	slices.Sort(times)
	pct := func(p float64) float64 { return float64(times[int(float64(len(times)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(1), "max-ms")
}

func BenchmarkBleveKeystroke3k(b *testing.B) { benchBleve(b, true) }

// BenchmarkBleveKeystrokeNoHighlight3k is the same without highlighting:
// results only, no snippets.
func BenchmarkBleveKeystrokeNoHighlight3k(b *testing.B) { benchBleve(b, false) }

func benchBleve(b *testing.B, highlight bool) {
	docs, _ := corpus(b)
	idx := buildBleve(b, docs)
	defer idx.Close()
	qs := keystrokes(docs)
	var times []time.Duration
	for b.Loop() {
		for _, q := range qs {
			start := time.Now()
			req := bleve.NewSearchRequestOptions(bleveQuery(q), 20, 0, false)
			req.SortBy([]string{"-_score", "-date"})
			if highlight {
				req.Highlight = bleve.NewHighlight()
			}
			if _, err := idx.Search(req); err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(start))
		}
	}
	percentiles(b, times)
}

func BenchmarkOursKeystroke3k(b *testing.B) {
	docs, _ := corpus(b)
	_, ix := search.Build(docs, nil, nil)
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
	percentiles(b, times)
}

// measure builds once, timing the build alone, and returns the time and
// the live heap the result holds (collected before and after).
func measure(build func()) (time.Duration, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	build()
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	return took, after.HeapAlloc - before.HeapAlloc
}

func report(b *testing.B, took time.Duration, heap uint64, text int) {
	b.ReportMetric(float64(took.Milliseconds()), "build-ms")
	b.ReportMetric(float64(heap)/(1<<20), "index-MiB")
	b.ReportMetric(float64(heap)/float64(text), "index/text")
}

func BenchmarkBleveBuild3k(b *testing.B) {
	docs, text := corpus(b)
	for b.Loop() {
		var idx bleve.Index
		took, heap := measure(func() { idx = buildBleve(b, docs) })
		report(b, took, heap, text)
		idx.Close()
	}
}

func BenchmarkOursBuild3k(b *testing.B) {
	docs, text := corpus(b)
	for b.Loop() {
		var ix *search.Index
		took, heap := measure(func() { _, ix = search.Build(docs, nil, nil) })
		report(b, took, heap, text)
		runtime.KeepAlive(ix)
	}
}
