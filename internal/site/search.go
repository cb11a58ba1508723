package site

import (
	"strings"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/search"
)

// The search index is part of the snapshot: built with it, over its posts
// and pages, and replaced with it on every reload. Each page's entry is
// kept by the next snapshot while the page is the same (the store keeps
// the same *page.Page for a file that did not change), so a reload
// re-indexes only the files that changed.

// buildSearch indexes the posts, then the pages, reusing prev's entries:
// only the pages prev did not have are made into search documents.
func (s *Snapshot) buildSearch(prev *Snapshot) {
	docs := make([]*page.Page, 0, len(s.Posts)+len(s.Pages))
	docs = append(append(docs, s.Posts...), s.Pages...)
	s.noteOrder(docs)
	doc := func(i int) search.Doc {
		if docs[i].SearchEntry() != nil {
			// A lean entry (made at parse, without its text) asks only
			// for a result's snippet: from a bounded part of the body.
			return docs[i].SnippetDoc()
		}
		return docs[i].SearchDoc()
	}
	// The entry made when the page was parsed, else prev's (a page made
	// otherwise, as in tests, is indexed here).
	reuse := func(i int) *search.Entry {
		if e := docs[i].SearchEntry(); e != nil {
			return e
		}
		if prev != nil {
			return prev.prevEntry(docs[i])
		}
		return nil
	}
	var prevIndex *search.Index
	if prev != nil {
		prevIndex = prev.search
	}
	s.entries, s.search = search.BuildFunc(len(docs), doc, reuse, prevIndex)
	s.searchDocs = docs
}

// SearchIndexSize is the memory of the search index in bytes, beyond the
// pages' own text.
func (s *Snapshot) SearchIndexSize() int { return s.search.Size() }

// Search finds the posts and pages that match query, best first (see
// package search for what matches and how results rank).
func (s *Snapshot) Search(query string) *SearchResults {
	return &SearchResults{r: s.search.Search(query), docs: s.searchDocs}
}

// SearchResults are the pages that match a query, best first.
type SearchResults struct {
	r    *search.Results
	docs []*page.Page
}

// Len is the number of pages found.
func (r *SearchResults) Len() int { return r.r.Len() }

// Page returns the i-th best page.
func (r *SearchResults) Page(i int) *page.Page { return r.docs[r.r.Doc(i)] }

// Pages returns the pages found, best first.
func (r *SearchResults) Pages() []*page.Page {
	out := make([]*page.Page, r.Len())
	for i := range out {
		out[i] = r.Page(i)
	}
	return out
}

// Hit is one result as a reader sees it.
type Hit struct {
	Page *page.Page
	search.Match
	// BodyOffset is the byte offset in Page.Body() (the markdown) of the
	// first match, where the pager opens; -1 when the body holds none.
	BodyOffset int
}

// Hit describes the i-th result: field, snippet, highlights, offset. It
// costs a scan of the page's text: ask for the results on screen.
func (r *SearchResults) Hit(i int) Hit {
	h := Hit{Page: r.Page(i), Match: r.r.Match(i), BodyOffset: -1}
	if h.Found != "" {
		h.BodyOffset = strings.Index(h.Page.Body(), h.Found)
	}
	return h
}
