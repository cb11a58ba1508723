package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func day(n int) time.Time { return time.Date(2024, 1, n, 0, 0, 0, 0, time.UTC) }

// titles returns the titles of the results of q, best first.
func titles(ix *Index, docs []Doc, q string) string {
	r := ix.Search(q)
	var out []string
	for i := range r.Len() {
		out = append(out, docs[r.Doc(i)].Title)
	}
	return strings.Join(out, ",")
}

func index(docs ...Doc) *Index {
	_, ix := Build(docs, nil, nil)
	return ix
}

func TestChineseSubstrings(t *testing.T) {
	docs := []Doc{
		{Title: "甲", Text: "去年我们成立了调解工作室，专门处理邻里纠纷。", Date: day(1)},
		// Every pair of 调解工作室 is here, but never the five together.
		{Title: "乙", Text: "调解和解工和工作和作室", Date: day(2)},
		{Title: "丙", Text: "请大家互相协调", Date: day(3)},
		{Title: "丁", Text: "Nothing in Chinese here.", Date: day(4)},
	}
	ix := index(docs...)
	for _, tt := range []struct{ q, want string }{
		{"调解工作室", "甲"},
		{"解工作", "甲"},       // inside words: no spaces to find words by
		{"工作室调解", ""},      // the same characters in another order
		{"调", "丙,乙,甲"},     // one character, also at the end of a run (协调)
		{"调解 邻里", "甲"},     // two runs: both must match
		{"邻里 纠纷 工作室", "甲"}, //
		{"纠纷请", ""},
	} {
		if got := titles(ix, docs, tt.q); got != tt.want {
			t.Errorf("Search(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestLatinWords(t *testing.T) {
	docs := []Doc{
		{Title: "one", Text: "Reading in the Terminal, slowly.", Date: day(1)},
		{Title: "two", Text: "A search engine for a small blog; determinism matters.", Date: day(2)},
		{Title: "three", Text: "L'école du terminal: ÉCOLE, Straße.", Date: day(3)},
		{Title: "four", Text: "the teh tea", Date: day(4)},
	}
	ix := index(docs...)
	for _, tt := range []struct{ q, want string }{
		{"terminal", "three,one"},     // any case, newest first
		{"TERMINAL", "three,one"},     //
		{"term", "three,one"},         // a word prefix...
		{"erm", ""},                   // ...not the middle of a word (determinism)
		{"termnial", "three,one"},     // one typo: two letters swapped, then a letter missing
		{"terminsl", "three,one"},     // a wrong letter
		{"serach", "two"},             // swapped letters
		{"searchh", "two"},            // an extra one
		{"teh", "four"},               // too short for a typo: only the word itself
		{"école", "three"},            //
		{"ecole", ""},                 // accents are letters
		{"straße", "three"},           //
		{"reading terminal", "one"},   // every word must match
		{"reading, terminal!", "one"}, // punctuation is not a word
		{"reading zebra", ""},         //
		{"  ...  ", ""},               // nothing to look for
		{"", ""},                      //
		{"the", "four,one"},           // "the" and "teh" are words; "there" would be
	} {
		if got := titles(ix, docs, tt.q); got != tt.want {
			t.Errorf("Search(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestMixedQuery(t *testing.T) {
	docs := []Doc{
		{Title: "用 Go 语言写博客", Text: "很简单。", Date: day(1)},
		{Title: "Go", Text: "没有中文的语", Date: day(2)},
	}
	ix := index(docs...)
	if got := titles(ix, docs, "go语言"); got != "用 Go 语言写博客" {
		t.Errorf("Search(go语言) = %q", got)
	}
}

// Title beats tags and categories, which beat the text; among equals,
// newer first; an exact word beats a typo in the same field.
func TestRanking(t *testing.T) {
	docs := []Doc{
		{Title: "old body", Text: "about the terminal", Date: day(1)},
		{Title: "new body", Text: "about the terminal", Date: day(5)},
		{Title: "tagged", Terms: []string{"Terminal"}, Text: "x", Date: day(2)},
		{Title: "Terminal days", Text: "x", Date: day(3)},
		{Title: "Older terminal days", Text: "x", Date: day(1)},
		{Title: "summary only", Summary: "A terminal story.", Text: "y", Date: day(4)},
		{Title: "Termnial typo in title", Text: "x", Date: day(6)},
	}
	ix := index(docs...)
	// The summary counts as text.
	want := "Terminal days,Older terminal days,Termnial typo in title,tagged,new body,summary only,old body"
	if got := titles(ix, docs, "terminal"); got != want {
		t.Errorf("ranking:\n got %s\nwant %s", got, want)
	}
	// Chinese ranks the same way.
	zh := []Doc{
		{Title: "正文", Text: "关于终端的故事", Date: day(3)},
		{Title: "标签", Terms: []string{"终端"}, Text: "x", Date: day(2)},
		{Title: "终端笔记", Text: "x", Date: day(1)},
	}
	if got := titles(index(zh...), zh, "终端"); got != "终端笔记,标签,正文" {
		t.Errorf("Chinese ranking: %s", got)
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("前面的话。", 30)
	docs := []Doc{
		{Title: "甲", Summary: "摘要。", Text: "第一行没有。\n" + long + "我们成立了调解工作室，专门处理纠纷。" + long + "\n后来调解工作室搬家了。", Date: day(1)},
		{Title: "Reading", Summary: "About reading.", Text: "Nothing here.\nWe read in the Terminal; terminals are fine.", Date: day(2)},
		{Title: "调解工作室的名字", Summary: "只在标题里。", Text: "没有。", Date: day(3)},
	}
	ix := index(docs...)
	r := ix.Search("调解工作室")
	if r.Len() != 2 {
		t.Fatalf("%d results", r.Len())
	}
	title := r.Match(0) // the title match comes first
	if title.Field != FieldTitle || title.Offset != -1 || title.Snippet != "只在标题里。" {
		t.Errorf("title-only match: %+v", title)
	}
	if len(title.Title) != 1 || docs[2].Title[title.Title[0][0]:title.Title[0][1]] != "调解工作室" {
		t.Errorf("title highlights %v", title.Title)
	}
	m := r.Match(1)
	if m.Field != FieldBody {
		t.Errorf("field %v", m.Field)
	}
	text := docs[0].Text
	if m.Offset != strings.Index(text, "调解工作室") || m.Found != "调解工作室" {
		t.Errorf("offset %d (%q), want the first match at %d", m.Offset, m.Found, strings.Index(text, "调解工作室"))
	}
	if strings.Contains(m.Snippet, "\n") || !strings.HasPrefix(m.Snippet, "…") || !strings.HasSuffix(m.Snippet, "…") {
		t.Errorf("snippet is not one cut line: %q", m.Snippet)
	}
	if n := len([]rune(m.Snippet)); n > SnippetLen+2 {
		t.Errorf("snippet of %d characters", n)
	}
	if len(m.Highlights) != 1 || m.Snippet[m.Highlights[0][0]:m.Highlights[0][1]] != "调解工作室" {
		t.Errorf("highlights %v in %q", m.Highlights, m.Snippet)
	}

	r = ix.Search("terminal rea")
	m = r.Match(0)
	if m.Snippet != "We read in the Terminal; terminals are fine." {
		t.Errorf("snippet %q", m.Snippet)
	}
	var marked []string
	for _, h := range m.Highlights {
		marked = append(marked, m.Snippet[h[0]:h[1]])
	}
	if got := strings.Join(marked, "|"); got != "rea|Terminal|terminal" {
		t.Errorf("highlighted %q", got)
	}
	if m.Found != "rea" || docs[1].Text[m.Offset:m.Offset+3] != "rea" {
		t.Errorf("first match %q at %d", m.Found, m.Offset)
	}
	if len(m.Title) != 1 || docs[1].Title[m.Title[0][0]:m.Title[0][1]] != "Rea" {
		t.Errorf("title highlights %v", m.Title)
	}
}

func TestOneEdit(t *testing.T) {
	for _, tt := range []struct {
		w, t string
		ok   bool
	}{
		{"terminal", "terminal", true},
		{"termnial", "terminal", true},  // swapped
		{"terminsl", "terminal", true},  // substituted
		{"termial", "terminal", true},   // missing
		{"terminnal", "terminal", true}, // extra
		{"termi", "terminals", true},    // a prefix
		{"tremnial", "terminal", false}, // two edits
		{"xerminal", "terminal", true},
		{"abcde", "terminal", false},
	} {
		if got := oneEdit(tt.w, tt.t); got != tt.ok {
			t.Errorf("oneEdit(%q, %q) = %v", tt.w, tt.t, got)
		}
	}
}

// A reload's index (old segments renumbered, a new one for the changed
// pages) answers as an index built from scratch, through edits, deletions,
// additions and reordering.
func TestUpdateMatchesFresh(t *testing.T) {
	words := strings.Fields("terminal reading writing keyboard serach search window library 终端 阅读 调解工作室 写作 图书馆")
	rng := rand.New(rand.NewPCG(5, 5))
	doc := func(n int) Doc {
		var b strings.Builder
		for range 12 {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		return Doc{Title: words[rng.IntN(len(words))], Text: b.String(), Date: day(1 + n%28)}
	}
	var entries []*Entry
	for i := range 200 {
		entries = append(entries, NewEntry(doc(i)))
	}
	ix := New(entries)
	queries := []string{"term", "termnial", "search", "serach", "lib", "终端", "调解工作室", "阅读 key", "w"}
	for round := range 30 {
		next := slices.Clone(entries)
		for range 1 + rng.IntN(6) { // edits
			next[rng.IntN(len(next))] = NewEntry(doc(round))
		}
		if rng.IntN(2) == 0 { // a deletion
			i := rng.IntN(len(next))
			next = slices.Delete(next, i, i+1)
		}
		if rng.IntN(2) == 0 { // a new page, somewhere in the list
			i := rng.IntN(len(next))
			next = slices.Insert(next, i, NewEntry(doc(round)))
		}
		ix = Update(ix, next)
		fresh := New(next)
		for _, q := range queries {
			got, want := ix.Search(q), fresh.Search(q)
			if !slices.Equal(got.hits, want.hits) {
				t.Fatalf("round %d, %q: %v, from scratch %v", round, q, got.hits, want.hits)
			}
		}
		if len(ix.segs) > maxSegments {
			t.Fatalf("%d segments", len(ix.segs))
		}
		entries = next
	}
	// Reloads that change nothing add nothing.
	for range 3 * maxSegments {
		before := len(ix.segs)
		if ix = Update(ix, entries); len(ix.segs) != before {
			t.Fatalf("a reload without changes went from %d segments to %d", before, len(ix.segs))
		}
	}
	// A small edit keeps the big segment (of entries just made: those
	// indexed already are in the segments of the indexes above).
	for i := range entries {
		entries[i] = NewEntry(doc(i))
	}
	ix = New(entries)
	next := slices.Clone(entries)
	next[0] = NewEntry(doc(0))
	if up := Update(ix, next); len(up.segs) != 2 || up.segs[0] != ix.segs[0] || len(up.segs[1].entries) != 1 {
		t.Error("one edited page built the postings of every page again")
	}
}

// A query of thousands of words costs what one of a few words does: only
// the first parts are looked for.
func TestLongQueries(t *testing.T) {
	docs := []Doc{{Title: "a", Text: "alpha beta gamma delta epsilon zeta eta theta", Date: day(1)}}
	ix := index(docs...)
	q := ix.parse(strings.Repeat("alpha ", 10000))
	if len(q.words) > MaxQueryParts {
		t.Errorf("%d words parsed", len(q.words))
	}
	if got := titles(ix, docs, "alpha beta gamma "+strings.Repeat("调", 1000)); got != "" {
		t.Errorf("the run, cut at the limit, still has to match: %q", got)
	}
	if got := titles(ix, docs, strings.Repeat("alpha ", 10000)); got != "a" {
		t.Errorf("long query: %q", got)
	}
}

// A cold build on several cores makes a segment per core; the answers
// are those of one segment.
func TestParallelSegments(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	words := strings.Fields("terminal reading writing keyboard search window library 终端 阅读 写作 图书馆")
	var entries, copies []*Entry
	var toks []string
	for i := range 4 * parallelSegment {
		var b strings.Builder
		for range 8 {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		d := Doc{Title: words[rng.IntN(len(words))], Text: b.String(), Date: day(1 + i%28)}
		entries, copies = append(entries, NewEntry(d)), append(copies, NewEntry(d))
		toks = append(toks, *copies[i].toks.Load())
	}
	ix := New(entries)
	one := &Index{entries: copies, segs: []*segment{newSegment(copies, toks)}, docOf: [][]int32{make([]int32, len(entries))}}
	for i := range entries {
		one.docOf[0][i] = int32(i)
	}
	if runtime.GOMAXPROCS(0) > 1 && len(ix.segs) < 2 {
		t.Errorf("%d segments on %d cores", len(ix.segs), runtime.GOMAXPROCS(0))
	}
	for _, q := range []string{"term", "serach", "终端", "阅读 wind", "w"} {
		if got, want := ix.Search(q).hits, one.Search(q).hits; !slices.Equal(got, want) {
			t.Errorf("%q: %d hits, one segment %d", q, len(got), len(want))
		}
	}
}

// Once indexed, an entry keeps no tokens (the segment holds them): an
// index built again from the same entries, with or without the index
// that first held them, on several goroutines at once, answers as one
// built from entries just made.
func TestIndexedEntriesKeepNoTokens(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	docs := randomDocs(rng, 3*parallelSegment)
	terms := NewTerms()
	entries := make([]*Entry, len(docs))
	for i, d := range docs {
		entries[i] = terms.NewLeanEntry(d)
	}
	first := New(entries)
	for i, e := range entries {
		if e.toks.Load() != nil || e.home.Load() == nil {
			t.Fatalf("entry %d keeps its tokens once indexed", i)
		}
	}
	// Half the entries, reordered: from the segments that hold them.
	half := slices.Clone(entries[:len(entries)/2])
	rng.Shuffle(len(half), func(i, j int) { half[i], half[j] = half[j], half[i] })
	halfDocs := make([]Doc, len(half))
	for i, e := range half {
		halfDocs[i] = docs[slices.Index(entries, e)]
	}
	var again [4]*Index
	var wg sync.WaitGroup
	for k := range again {
		wg.Go(func() {
			if k%2 == 0 {
				again[k] = New(half)
			} else {
				again[k] = Update(first, half)
			}
		})
	}
	wg.Wait()
	want := index(halfDocs...)
	for _, q := range []string{"term", "terminal", "termnial", "reading", "终端", "阅读写作", "图书馆 reading", "𠀋"} {
		for k, ix := range again {
			if got, w := ix.Search(q).hits, want.Search(q).hits; !slices.Equal(got, w) {
				t.Fatalf("index %d, %q: %v, want %v", k, q, got, w)
			}
		}
	}
}

// Entries prepared by thousands as a store parses them keep their tokens
// nowhere; the index of most of them keeps the prepared segments as they
// are, and answers as one built from scratch.
func TestPreparedSegmentsKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	docs := randomDocs(rng, 1200)
	entries := make([]*Entry, len(docs))
	for i, d := range docs {
		entries[i] = NewEntry(d)
	}
	for lo := 0; lo < len(entries); lo += 400 {
		Prepare(entries[lo : lo+400])
	}
	for i, e := range entries {
		if e.toks.Load() != nil {
			t.Fatalf("entry %d keeps its tokens once prepared", i)
		}
	}
	// All but a few (drafts a snapshot leaves out), in another order.
	kept := slices.Clone(entries)
	keptDocs := slices.Clone(docs)
	for range 20 {
		i := rng.IntN(len(kept))
		kept, keptDocs = slices.Delete(kept, i, i+1), slices.Delete(keptDocs, i, i+1)
	}
	slices.Reverse(kept)
	slices.Reverse(keptDocs)
	ix := New(kept)
	if len(ix.segs) != 3 {
		t.Fatalf("%d segments for 3 prepared ones", len(ix.segs))
	}
	for _, sg := range ix.segs {
		if sg != entries[0].home.Load() && sg != entries[400].home.Load() && sg != entries[800].home.Load() {
			t.Fatal("a prepared segment was built again")
		}
	}
	want := index(keptDocs...)
	queries := []string{"term", "termnial", "search", "终端", "阅读写作", "图书馆 reading", "𠀋", "x 42"}
	for _, q := range queries {
		if got, w := ix.Search(q).hits, want.Search(q).hits; !slices.Equal(got, w) {
			t.Fatalf("%q: %v, want %v", q, got, w)
		}
	}
	// Prepared in more segments than a query should look through: the
	// smallest are merged.
	for i, d := range docs {
		entries[i] = NewEntry(d)
	}
	for lo := 0; lo < len(entries); lo += 100 {
		Prepare(entries[lo : lo+100])
	}
	ix, want = New(entries), index(docs...)
	if len(ix.segs) > maxSegments {
		t.Fatalf("%d segments", len(ix.segs))
	}
	for _, q := range queries {
		if got, w := ix.Search(q).hits, want.Search(q).hits; !slices.Equal(got, w) {
			t.Fatalf("12 prepared, %q: %v, want %v", q, got, w)
		}
	}
}

// TestEntryWordsAreBounded: a document of more distinct words than
// entryWords allows indexes its title and its first words, and not the
// words past the bound (a post of 1.86 million made-up words took 3 s
// and 456 MB to load); a document under the bound indexes every word.
func TestEntryWordsAreBounded(t *testing.T) {
	word := func(i int) string { return fmt.Sprintf("w%dx", i) }
	var text strings.Builder
	n := 0
	for ; text.Len() < 1<<20; n++ {
		text.WriteString(word(n) + " ")
	}
	limit := entryWords(len("headline") + text.Len())
	if n <= limit {
		t.Fatalf("%d words, not over the bound %d", n, limit)
	}
	text.WriteString("quagmire")
	ix := New([]*Entry{NewEntry(Doc{Title: "Headline", Text: text.String()})})
	for _, c := range []struct {
		q    string
		want int
	}{{"headline", 1}, {word(0), 1}, {word(limit / 2), 1}, {"quagmire", 0}} {
		if got := ix.Search(c.q).Len(); got != c.want {
			t.Errorf("%q: %d hits, want %d", c.q, got, c.want)
		}
	}
	small := New([]*Entry{NewEntry(Doc{Title: "t", Text: "alpha beta " + word(7) + " gamma"})})
	for _, q := range []string{"alpha", "beta", word(7), "gamma"} {
		if small.Search(q).Len() != 1 {
			t.Errorf("%q not found in a small document", q)
		}
	}
}
