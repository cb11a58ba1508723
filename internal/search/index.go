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
	"runtime"
	"slices"
	"sync"
)

// Index is an immutable search index over a list of documents.
//
// The Latin words are looked up through postings (word -> documents),
// kept in segments: a reload adds a segment for the pages it changed and
// keeps the others, whose documents it renumbers, rather than building
// the postings of the whole blog again (75 ms at 3,000 posts). A segment
// that lost more than a tenth of its documents is built again with the
// new one, and so is the smallest when there is one segment too many.
type Index struct {
	entries []*Entry // by document number
	segs    []*segment
	docOf   [][]int32 // for each segment, its entries' document numbers, -1 if gone
	// doc makes a document again (BuildFunc's): the text of a lean
	// entry, to describe a result.
	doc func(i int) Doc
}

// maxSegments bounds the segments a query looks through.
const maxSegments = 6

// New builds an index over entries (see NewEntry); documents are numbered
// in the order given.
func New(entries []*Entry) *Index { return Update(nil, entries) }

// Update is New reusing the segments of prev (nil for none) that still
// hold most of their entries.
func Update(prev *Index, entries []*Entry) *Index {
	ix := &Index{entries: entries}
	num := make(map[*Entry]int32, len(entries))
	for i, e := range entries {
		num[e] = int32(i)
	}
	covered := make(map[*Entry]bool, len(entries))
	if prev != nil {
		for _, sg := range prev.segs {
			docs, live := make([]int32, len(sg.entries)), 0
			for j, e := range sg.entries {
				docs[j] = -1
				if d, ok := num[e]; ok && !covered[e] {
					docs[j] = d
					live++
				}
			}
			if live == 0 || live*10 < len(sg.entries)*9 {
				continue // its live entries are indexed again below
			}
			for j, e := range sg.entries {
				if docs[j] >= 0 {
					covered[e] = true
				}
			}
			ix.segs = append(ix.segs, sg)
			ix.docOf = append(ix.docOf, docs)
		}
	}
	var rest []*Entry
	var restDocs []int32
	for i, e := range entries {
		if !covered[e] {
			rest = append(rest, e)
			restDocs = append(restDocs, int32(i))
		}
	}
	// One segment too many: the smallest is merged into the new one. At
	// 50,000 posts the postings of the whole blog take a second to build
	// again, and a run of edits, a segment each, would do it every few
	// edits; the small segments are the edits' own.
	for len(ix.segs)+1 > maxSegments && len(rest) > 0 {
		k := 0
		for i := range ix.segs {
			if len(ix.segs[i].entries) < len(ix.segs[k].entries) {
				k = i
			}
		}
		for _, d := range ix.docOf[k] {
			if d >= 0 {
				rest = append(rest, entries[d])
				restDocs = append(restDocs, d)
			}
		}
		ix.segs = slices.Delete(ix.segs, k, k+1)
		ix.docOf = slices.Delete(ix.docOf, k, k+1)
	}
	if len(rest) == 0 {
		return ix // nothing new: a republish for a scheduled post
	}
	// Many entries (a cold load, a merge) make a segment per core, built
	// side by side; a query looks through each the same way.
	parts := 1
	if len(rest) >= 2*parallelSegment {
		parts = min(runtime.GOMAXPROCS(0), len(rest)/parallelSegment, maxSegments-len(ix.segs))
	}
	segs := make([]*segment, parts)
	var wg sync.WaitGroup
	for i := range parts {
		lo, hi := i*len(rest)/parts, (i+1)*len(rest)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			segs[i] = newSegment(rest[lo:hi])
		}()
		ix.docOf = append(ix.docOf, restDocs[lo:hi])
	}
	wg.Wait()
	ix.segs = append(ix.segs, segs...)
	return ix
}

// parallelSegment is the fewest entries worth a segment of their own
// when building on several cores.
const parallelSegment = 500

// Build indexes docs on all cores, reusing the entries reuse returns (nil
// for none) and prev's postings where they still serve.
func Build(docs []Doc, reuse func(i int) *Entry, prev *Index) ([]*Entry, *Index) {
	return BuildFunc(len(docs), func(i int) Doc { return docs[i] }, reuse, prev)
}

// BuildFunc is Build over n documents that doc(i) makes: it is asked only
// for the documents whose entry is not reused (from several goroutines),
// so that an edit to one page of 50,000 makes one document, the way a
// snapshot builds its index. The entries it makes keep their text; doc is
// also asked for the text of the results a reader is shown whose entry
// (from reuse) was made without it (NewLeanEntry).
func BuildFunc(n int, doc func(i int) Doc, reuse func(i int) *Entry, prev *Index) ([]*Entry, *Index) {
	entries := make([]*Entry, n)
	var todo []int
	for i := range n {
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
				entries[todo[j]] = NewEntry(doc(todo[j]))
			}
		}()
	}
	wg.Wait()
	ix := Update(prev, entries)
	ix.doc = doc
	return entries, ix
}

// Size is the memory the index holds, in bytes, beyond the documents'
// own text.
func (ix *Index) Size() int {
	n := 0
	for _, e := range ix.entries {
		n += e.size()
	}
	for i, sg := range ix.segs {
		n += sg.size() + 4*len(ix.docOf[i])
	}
	return n
}
