package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// randomDocs are documents of words drawn from a small vocabulary (so
// that terms repeat across documents, as in a blog), with capitals,
// Chinese runs, wide characters and terms in titles and tags.
func randomDocs(rng *rand.Rand, n int) []Doc {
	latin := strings.Fields("terminal Terminal reading writer writing keyboard search searching window library über Straße naïve café x y 42 go gopher")
	han := []rune("终端阅读写作图书馆调解工作室我们的博客安静早晨服务器连接𠀋𠀌")
	word := func() string {
		if rng.IntN(3) == 0 {
			r := make([]rune, 1+rng.IntN(6))
			for i := range r {
				r[i] = han[rng.IntN(len(han))]
			}
			return string(r)
		}
		return latin[rng.IntN(len(latin))]
	}
	docs := make([]Doc, n)
	for i := range docs {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteString(word())
			b.WriteString([]string{" ", "，", "\n", "", ". "}[rng.IntN(5)])
		}
		docs[i] = Doc{Title: word() + " " + word(), Terms: []string{word()}, Summary: word(), Text: b.String(), Date: day(1 + rng.IntN(28))}
	}
	return docs
}

// An entry whose terms are numbers of a Terms finds and describes what an
// entry that keeps its own terms does, including once the Terms is full
// (the entries then keep theirs), with entries numbered on several
// goroutines at once as pages are parsed.
func TestNumberedEntriesMatchOwn(t *testing.T) {
	for _, max := range []int{MaxKeys, 40} {
		t.Run(fmt.Sprint(max), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(4, uint64(max)))
			docs := randomDocs(rng, 300)
			terms := NewTerms()
			if max < MaxKeys {
				terms.maxWords, terms.maxKeys = max, max
			}
			numbered := make([]*Entry, len(docs))
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for i := w; i < len(docs); i += 4 {
						numbered[i] = terms.NewLeanEntry(docs[i])
					}
				})
			}
			wg.Wait()
			own := 0
			for _, e := range numbered {
				if e.terms == nil {
					own++
				}
			}
			if words, keys := terms.lists(); len(words) > max || len(keys) > max {
				t.Fatalf("%d words and %d keys numbered, at most %d", len(words), len(keys), max)
			}
			if max < MaxKeys && own == 0 || max == MaxKeys && own > 0 {
				t.Fatalf("%d of %d entries keep their own terms with at most %d numbered", own, len(docs), max)
			}
			doc := func(i int) Doc { return docs[i] }
			_, got := BuildFunc(len(docs), doc, func(i int) *Entry { return numbered[i] }, nil)
			want := index(docs...)
			queries := []string{"term", "terminal", "termnial", "Straße", "über", "naive", "go", "x 42", "终端", "终", "阅读写作", "𠀋", "𠀋𠀌", "图书馆 reading", "调解工作室", "服务器连接 writer"}
			for range 40 {
				queries = append(queries, randomDocs(rng, 1)[0].Title)
			}
			// An edit: its entry in a segment of its own, whose terms are
			// found by a map rather than a table.
			docs[5].Text += " 图书馆 gopher quux"
			edited := slices.Clone(numbered)
			edited[5] = terms.NewLeanEntry(docs[5])
			got = Update(got, edited)
			got.doc = doc
			if len(got.segs) != 2 || len(got.segs[1].entries) != 1 {
				t.Fatalf("%d segments after an edit", len(got.segs))
			}
			want = index(docs...)
			queries = append(queries, "quux", "图书馆 gopher")
			for _, q := range queries {
				g, w := got.Search(q), want.Search(q)
				if !slices.Equal(g.hits, w.hits) {
					t.Fatalf("%q: %v, want %v", q, g.hits, w.hits)
				}
				for i := range min(g.Len(), 5) {
					if gm, wm := g.Match(i), w.Match(i); !reflect.DeepEqual(gm, wm) {
						t.Fatalf("%q, result %d: %+v, want %+v", q, i, gm, wm)
					}
				}
			}
		})
	}
}

// The packed tokens of an entry read back as the words and bigrams of its
// document, whether it keeps them itself or as numbers.
func TestPackedTokensReadBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	terms := NewTerms()
	for _, d := range randomDocs(rng, 50) {
		own, numbered := NewEntry(d), terms.NewLeanEntry(d)
		if numbered.terms == nil {
			t.Fatal("not numbered")
		}
		// What the builder found, before packing.
		b := &builder{words: map[string]uint8{}}
		b.entry(d)
		wantKeys := slices.Compact(slices.Clone(b.keys))
		wantWords := map[string]uint8{}
		for w, f := range b.words {
			wantWords[w] = f
		}
		for _, e := range []*Entry{own, numbered} {
			var keys []uint32
			for r := e.keys(*e.toks.Load()); r.n > 0; {
				keys = append(keys, r.next())
			}
			slices.Sort(keys)
			if !slices.Equal(keys, wantKeys) {
				t.Fatalf("%q: keys %x, want %x", d.Text, keys, wantKeys)
			}
			words := map[string]uint8{}
			e.eachWord(*e.toks.Load(), func(_ int, w string, flags uint8) { words[strings.Clone(w)] = flags })
			if !reflect.DeepEqual(words, wantWords) {
				t.Fatalf("%q: words %v, want %v", d.Text, words, wantWords)
			}
		}
	}
}

// A Terms keeps its own copy of each word, never a part of a page's text:
// that would keep the whole text of the page that first used the word.
func TestTermsKeepNoText(t *testing.T) {
	text := strings.Repeat("Terminal reading naïve writer 终端阅读 ", 3) + "gopher"
	terms := NewTerms()
	terms.NewLeanEntry(Doc{Title: "Title Words", Text: text})
	words, _ := terms.lists()
	if len(words) != 7 {
		t.Fatalf("%d words numbered: %q", len(words), words)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	for _, w := range words {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(w))); lo <= p && p < lo+uintptr(len(text)) {
			t.Errorf("%q is kept as part of the text", w)
		}
	}
}

// Past its limit of bytes a Terms numbers no more words: the entry keeps
// its own, and still finds what it holds.
func TestTermsBoundBytes(t *testing.T) {
	terms := NewTerms()
	terms.maxBytes = 20
	long := strings.Repeat("x", 15)
	a, b := terms.NewLeanEntry(Doc{Text: "short " + long}), terms.NewLeanEntry(Doc{Text: "other " + long + "y"})
	if a.terms == nil || b.terms != nil || terms.bytes > 20 {
		t.Fatalf("numbered %v, %v; %d bytes of words", a.terms != nil, b.terms != nil, terms.bytes)
	}
	docs := []Doc{{Title: "a", Text: "short " + long}, {Title: "b", Text: "other " + long + "y"}}
	_, ix := BuildFunc(2, func(i int) Doc { return docs[i] }, func(i int) *Entry { return []*Entry{a, b}[i] }, nil)
	for q, want := range map[string]string{"short": "a", "other": "b", "xxx": "a,b"} {
		if got := titles(ix, docs, q); got != want {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}
