package search

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// query is a parsed query.
type query struct {
	words []qword  // Latin words, folded
	runs  []string // CJK runs
}

type qword struct {
	text   string
	segs   []segWords      // in each segment of the index,
	typoOK map[string]bool // the words one edit away, by word
}

// segWords are the words of a segment a query word matches.
type segWords struct {
	lo, hi int   // the vocabulary words that start with the query word
	typos  []int // vocabulary words one edit away that do not
}

// Limits of a query: a reader types a few words; a script or an attacker
// could send thousands, each a scan of the vocabulary for typos.
const (
	MaxQueryBytes = 256
	MaxQueryParts = 8
)

func (ix *Index) parse(q string) *query {
	if len(q) > MaxQueryBytes {
		q = strings.ToValidUTF8(q[:MaxQueryBytes], "")
	}
	q = fold(q)
	out := &query{}
	scan(q, func(start, end int, cjk bool) {
		if len(out.words)+len(out.runs) == MaxQueryParts {
			return
		}
		s := q[start:end]
		if cjk {
			out.runs = append(out.runs, s)
			return
		}
		w := qword{text: s, segs: make([]segWords, len(ix.segs))}
		if len(s) >= MinTypoLen {
			w.typoOK = map[string]bool{}
		}
		for i, sg := range ix.segs {
			sw := &w.segs[i]
			sw.lo, sw.hi = sg.prefixed(s)
			if len(s) < MinTypoLen {
				continue
			}
			sw.typos = typoWords(sg.words.terms, s, sw.lo, sw.hi)
			for _, j := range sw.typos {
				w.typoOK[sg.words.terms[j]] = true
			}
		}
		out.words = append(out.words, w)
	})
	return out
}

// wordScores returns, for each document, the score of its best match of
// w (0 for none), read from the postings of the words w matches.
func (ix *Index) wordScores(w *qword, scores []int8) {
	for i, sg := range ix.segs {
		docs := ix.docOf[i]
		add := func(j, malus int) {
			for r := sg.wordPostings(j); r.next(); {
				doc := docs[r.local]
				if doc < 0 {
					continue // a page since changed or gone
				}
				if s := int8(score(r.flags) - malus); s > scores[doc] {
					scores[doc] = s
				}
			}
		}
		sw := &w.segs[i]
		for j := sw.lo; j < sw.hi; j++ {
			add(j, 0)
		}
		for _, j := range sw.typos {
			add(j, 1)
		}
	}
}

// holders returns the documents that hold the bigrams of run r as a bit
// set: each pair of neighbouring characters, or for a single character
// any pair it starts. Pairs present apart do not make the run: runScore
// checks the text.
func (ix *Index) holders(r string) []uint64 {
	var set, one []uint64
	words := (len(ix.entries) + 63) / 64
	add := func(dst []uint64, lo, hi uint32) {
		for s, sg := range ix.segs {
			docs := ix.docOf[s]
			i, j := sg.holding(lo, hi)
			for ; i < j; i++ {
				for r := sg.pairPostings(i); r.next(); {
					if d := docs[r.local]; d >= 0 {
						dst[d>>6] |= 1 << (d & 63)
					}
				}
			}
		}
	}
	n, prev := 0, rune(-1)
	for _, c := range r {
		n++
		if prev >= 0 {
			k := bigram(prev, c)
			if set == nil {
				set = make([]uint64, words)
				add(set, k, k)
			} else {
				if one == nil {
					one = make([]uint64, words)
				} else {
					clear(one)
				}
				add(one, k, k)
				for i := range set {
					set[i] &= one[i]
				}
			}
		}
		prev = c
	}
	if n == 1 {
		set = make([]uint64, words)
		k := bigram(prev, 0)
		add(set, k, k|0xFFFF)
	}
	return set
}

func runScore(r string, held []uint64, doc int, e *Entry, c *sources) int {
	switch {
	case strings.Contains(e.titleFold, r):
		return scoreTitle
	case strings.Contains(e.termsFold, r):
		return scoreTerms
	case held[doc>>6]&(1<<(doc&63)) == 0:
		return 0
	}
	n, wide := 0, false
	for _, c := range r {
		n++
		wide = wide || c > 0xFFFF
	}
	// Pairs present apart do not make the run: look at the text (the
	// summary first: it is at hand, the text may be compressed).
	if (n > 2 || wide) && !strings.Contains(e.summary, r) && !e.hasRun(r, c) {
		return 0
	}
	return scoreBody
}

// Results are the documents matching a query, best first.
type Results struct {
	ix   *Index
	q    *query
	hits []hit
	// held are, for each of the query's CJK runs, the documents that
	// hold its bigrams (see holders).
	held [][]uint64
}

type hit struct {
	doc   int
	score int
}

// Search returns the documents matching q, best first. An empty query (or
// one of punctuation only) matches nothing.
func (ix *Index) Search(q string) *Results {
	r := &Results{ix: ix, q: ix.parse(q)}
	if len(r.q.words) == 0 && len(r.q.runs) == 0 {
		return r
	}
	// Each word scores the documents through its postings; documents
	// that lack a word are out, and only those left are checked for the
	// CJK runs.
	total := make([]int, len(ix.entries))
	scores := make([]int8, len(ix.entries))
	for i := range r.q.words {
		clear(scores)
		ix.wordScores(&r.q.words[i], scores)
		for doc, s := range scores {
			if s == 0 || i > 0 && total[doc] == 0 {
				total[doc] = 0
				continue
			}
			total[doc] += int(s)
		}
	}
	r.held = make([][]uint64, len(r.q.runs))
	for i, run := range r.q.runs {
		r.held[i] = ix.holders(run)
	}
	if parts := min(runtime.GOMAXPROCS(0), len(ix.entries)/parallelRuns); len(r.q.runs) > 0 && parts > 1 {
		// On all cores: the runs are checked in the text of each
		// document that holds their pairs, decompressed in a large blog
		// (25,000 posts for a phrase every Chinese post of gen50000
		// holds).
		var wg sync.WaitGroup
		for k := range parts {
			wg.Go(func() {
				var src sources
				for doc := k * len(total) / parts; doc < (k+1)*len(total)/parts; doc++ {
					r.runs(doc, total, &src)
				}
			})
		}
		wg.Wait()
	} else {
		var src sources
		for doc := range total {
			r.runs(doc, total, &src)
		}
	}
	for doc, t := range total {
		if t > 0 {
			r.hits = append(r.hits, hit{doc, t})
		}
	}
	slices.SortFunc(r.hits, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(ix.entries[b.doc].date, ix.entries[a.doc].date); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	return r
}

// parallelRuns is the fewest documents per core worth checking a query's
// CJK runs on several cores.
const parallelRuns = 4096

// runs adds to total[doc] the scores of the query's CJK runs in document
// doc, or sets it to 0 when one is missing (or a Latin word was).
func (r *Results) runs(doc int, total []int, src *sources) {
	if len(r.q.words) > 0 && total[doc] == 0 {
		return
	}
	e := r.ix.entries[doc]
	for i, run := range r.q.runs {
		s := runScore(run, r.held[i], doc, e, src)
		if s == 0 {
			total[doc] = 0
			return
		}
		total[doc] += s
	}
}

// Len is the number of matching documents.
func (r *Results) Len() int { return len(r.hits) }

// Doc returns the number of the i-th best document.
func (r *Results) Doc(i int) int { return r.hits[i].doc }

// runeLen is the number of characters of s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
