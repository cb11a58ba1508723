// Package search finds pages by what they say: titles, tags and
// categories, summaries and full text, in Chinese and in English, fast
// enough to update results at every keystroke.
//
// A query is cut like the text: Chinese (any CJK run) matches as a
// substring, found through the character pairs (bigrams) each document
// holds, then checked against the text when longer than a pair; other
// words match case-insensitively as word prefixes, and words of
// MinTypoLen bytes or more also with one typo. Every part of a query must
// match. A document scores by where each part matched (title > tags and
// categories > summary and text, a typo a little less); equal scores go
// newest first.
//
// Written here rather than with bleve: see BENCHMARKS.md ("Search") for
// the figures of both on the same corpus.
package search

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Index is an immutable search index over a list of documents.
type Index struct {
	entries []*Entry
	// vocab are the distinct Latin words of every entry, sorted; the
	// documents holding vocab[i] are postings[starts[i]:starts[i+1]],
	// each doc<<3 | where it occurs (inTitle...), in document order.
	vocab    []string
	starts   []uint32
	postings []uint32
}

// New builds an index over entries (see NewEntry); documents are numbered
// in the order given. Only the word lists are built here, from the
// entries' own sorted words: a reload that changed one page pays for
// this and that page's entry.
func New(entries []*Entry) *Index {
	ix := &Index{entries: entries}
	ids := map[string]uint32{}
	var counts []uint32
	var seq []uint32 // the id of each word of each entry, in order
	for _, e := range entries {
		e.eachWord(func(w string, _ uint8) {
			id, ok := ids[w]
			if !ok {
				id = uint32(len(ix.vocab))
				ids[w] = id
				ix.vocab = append(ix.vocab, w)
				counts = append(counts, 0)
			}
			counts[id]++
			seq = append(seq, id)
		})
	}
	// Sort the vocabulary, remembering where each id went.
	order := make([]uint32, len(ix.vocab))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(ix.vocab[a], ix.vocab[b]) })
	pos := make([]uint32, len(order)) // id -> next free slot of its postings
	ix.starts = make([]uint32, len(order)+1)
	sorted := make([]string, len(order))
	off := uint32(0)
	for i, id := range order {
		sorted[i] = ix.vocab[id]
		ix.starts[i] = off
		pos[id] = off
		off += counts[id]
	}
	ix.starts[len(order)] = off
	ix.vocab = sorted
	ix.postings = make([]uint32, len(seq))
	k := 0
	for doc, e := range entries {
		for _, flags := range e.flags {
			id := seq[k]
			k++
			ix.postings[pos[id]] = uint32(doc)<<3 | uint32(flags)
			pos[id]++
		}
	}
	return ix
}

// Build indexes docs on all cores, reusing the entries reuse returns (nil
// for none): the way a snapshot builds its index.
func Build(docs []Doc, reuse func(i int) *Entry) ([]*Entry, *Index) {
	entries := make([]*Entry, len(docs))
	var todo []int
	for i := range docs {
		if reuse != nil {
			entries[i] = reuse(i)
		}
		if entries[i] == nil {
			todo = append(todo, i)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(todo)/64))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := w; j < len(todo); j += workers {
				entries[todo[j]] = NewEntry(docs[todo[j]])
			}
		}()
	}
	wg.Wait()
	return entries, New(entries)
}

// Size is the memory the index holds, in bytes, beyond the documents'
// own text.
func (ix *Index) Size() int {
	n := 0
	for _, e := range ix.entries {
		n += e.size()
	}
	for _, w := range ix.vocab {
		n += 16 + len(w) + 4
	}
	return n + 4*len(ix.postings)
}

// query is a parsed query.
type query struct {
	words []qword  // Latin words, folded
	runs  []string // CJK runs
}

type qword struct {
	text   string
	lo, hi int             // the vocabulary words that start with text
	typos  []int           // vocabulary words one edit away that do not
	typoOK map[string]bool // the same, by word
}

func (ix *Index) parse(q string) *query {
	q = fold(q)
	out := &query{}
	scan(q, func(start, end int, cjk bool) {
		s := q[start:end]
		if cjk {
			out.runs = append(out.runs, s)
			return
		}
		w := qword{text: s}
		w.lo, _ = slices.BinarySearch(ix.vocab, s)
		w.hi = w.lo
		for w.hi < len(ix.vocab) && strings.HasPrefix(ix.vocab[w.hi], s) {
			w.hi++
		}
		if len(s) >= MinTypoLen {
			w.typoOK = map[string]bool{}
			for i, v := range ix.vocab {
				if (i < w.lo || i >= w.hi) && oneEdit(s, v) {
					w.typos = append(w.typos, i)
					w.typoOK[v] = true
				}
			}
		}
		out.words = append(out.words, w)
	})
	return out
}

// wordScores returns, for each document, the score of its best match of
// w (0 for none), read from the postings of the words w matches.
func (ix *Index) wordScores(w *qword, scores []int8) {
	add := func(i, malus int) {
		for _, p := range ix.postings[ix.starts[i]:ix.starts[i+1]] {
			doc := p >> 3
			if s := int8(score(uint8(p&7)) - malus); s > scores[doc] {
				scores[doc] = s
			}
		}
	}
	for i := w.lo; i < w.hi; i++ {
		add(i, 0)
	}
	for _, i := range w.typos {
		add(i, 1)
	}
}

func runScore(r string, e *Entry) int {
	switch {
	case strings.Contains(e.titleFold, r):
		return scoreTitle
	case strings.Contains(e.termsFold, r):
		return scoreTerms
	}
	n, wide := 0, false
	prev := rune(-1)
	for _, c := range r {
		n++
		wide = wide || c > 0xFFFF
		if prev >= 0 && !e.hasKey(bigram(prev, c), false) {
			return 0
		}
		prev = c
	}
	if n == 1 && !e.hasKey(bigram(prev, 0), true) {
		return 0
	}
	// Pairs present apart do not make the run: look at the text.
	if (n > 2 || wide) && !strings.Contains(e.doc.Text, r) && !strings.Contains(e.doc.Summary, r) {
		return 0
	}
	return scoreBody
}

// Results are the documents matching a query, best first.
type Results struct {
	ix   *Index
	q    *query
	hits []hit
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
	for doc, e := range ix.entries {
		if len(r.q.words) > 0 && total[doc] == 0 {
			continue
		}
		for _, run := range r.q.runs {
			s := runScore(run, e)
			if s == 0 {
				total[doc] = 0
				break
			}
			total[doc] += s
		}
		if total[doc] > 0 {
			r.hits = append(r.hits, hit{doc, total[doc]})
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

// Len is the number of matching documents.
func (r *Results) Len() int { return len(r.hits) }

// Doc returns the number of the i-th best document.
func (r *Results) Doc(i int) int { return r.hits[i].doc }

// runeLen is the number of characters of s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
