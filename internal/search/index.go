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
// hold most of their entries; those that do not are merged into a new
// segment, from their postings.
func Update(prev *Index, entries []*Entry) *Index {
	ix := &Index{entries: entries}
	num := make(map[*Entry]int32, len(entries))
	for i, e := range entries {
		num[e] = int32(i)
	}
	covered := make(map[*Entry]bool, len(entries))
	var parts []part // segments whose live entries go into a new one
	consider := func(sg *segment) {
		docs, live := make([]int32, len(sg.entries)), 0
		for j, e := range sg.entries {
			docs[j] = -1
			if d, ok := num[e]; ok && !covered[e] {
				docs[j] = d
				live++
				covered[e] = true
			}
		}
		switch {
		case live == 0:
		case live*10 < len(sg.entries)*9:
			parts = append(parts, part{sg, docs})
		default:
			ix.segs = append(ix.segs, sg)
			ix.docOf = append(ix.docOf, docs)
		}
	}
	if prev != nil {
		for _, sg := range prev.segs {
			consider(sg)
		}
	}
	// The entries in no segment of prev: from their tokens, or from the
	// segment that holds them once their tokens are dropped (an entry
	// indexed ahead, see Prepare, or by another index), which is then
	// considered as prev's are.
	var fresh []*Entry
	var freshDocs []int32
	var toks []string
	for i, e := range entries {
		if covered[e] {
			continue
		}
		if t := e.toks.Load(); t != nil {
			fresh = append(fresh, e)
			freshDocs = append(freshDocs, int32(i))
			toks = append(toks, *t)
			continue
		}
		if sg := e.home.Load(); sg != nil {
			consider(sg) // covers e
		}
	}
	// One segment too many (or prepared segments too many): the smallest
	// is merged into the new one. At 50,000 posts the postings of the
	// whole blog take a second to build again, and a run of edits, a
	// segment each, would do it every few edits; the small segments are
	// the edits' own.
	for len(ix.segs) > maxSegments || len(ix.segs)+1 > maxSegments && (len(fresh) > 0 || len(parts) > 0) {
		k := 0
		for i := range ix.segs {
			if len(ix.segs[i].entries) < len(ix.segs[k].entries) {
				k = i
			}
		}
		parts = append(parts, part{ix.segs[k], ix.docOf[k]})
		ix.segs = slices.Delete(ix.segs, k, k+1)
		ix.docOf = slices.Delete(ix.docOf, k, k+1)
	}
	if len(fresh) == 0 && len(parts) == 0 {
		return ix // nothing new: a republish for a scheduled post
	}
	// Many new entries (a cold load) make a segment per core, built side
	// by side; a query looks through each the same way. The merge, if
	// any, is one more.
	room := maxSegments - len(ix.segs)
	if len(parts) > 0 {
		room--
	}
	n := 0
	if len(fresh) > 0 {
		n = 1
		if len(fresh) >= 2*parallelSegment {
			n = min(runtime.GOMAXPROCS(0), len(fresh)/parallelSegment, room)
		}
		if n < 1 || len(parts) > 0 && len(fresh) < 2*parallelSegment {
			// Few (an edit's): merged with the others, one segment.
			sg := newSegment(fresh, toks)
			parts = append(parts, part{sg, freshDocs})
			n = 0
		}
	}
	segs := make([]*segment, n, n+1)
	docOf := make([][]int32, n, n+1)
	var wg sync.WaitGroup
	for i := range n {
		lo, hi := i*len(fresh)/n, (i+1)*len(fresh)/n
		docOf[i] = freshDocs[lo:hi]
		wg.Go(func() { segs[i] = newSegment(fresh[lo:hi], toks[lo:hi]) })
	}
	if len(parts) > 0 {
		sg, docs := merge(parts)
		segs, docOf = append(segs, sg), append(docOf, docs)
	}
	wg.Wait()
	ix.segs = append(ix.segs, segs...)
	ix.docOf = append(ix.docOf, docOf...)
	return ix
}

// Prepare indexes entries ahead of the index that will hold them, in a
// segment of their own, so that their tokens are dropped early: a store
// loading 50,000 posts prepares them by quarters as they are parsed,
// rather than keeping the tokens of all (40 MiB) until the snapshot is
// built. An Update whose entries are most of such a segment keeps it as
// it is; entries already in a segment are left where they are.
func Prepare(entries []*Entry) {
	var fresh []*Entry
	var toks []string
	for _, e := range entries {
		if t := e.toks.Load(); t != nil {
			fresh = append(fresh, e)
			toks = append(toks, *t)
		}
	}
	if len(fresh) > 0 {
		newSegment(fresh, toks)
	}
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
