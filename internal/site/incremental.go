package site

import (
	"cmp"
	"math"
	"slices"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/search"
)

// A snapshot is rebuilt on every change, but an edit changes one page of
// maybe 50,000: what the previous snapshot worked out for the pages that
// did not change is reused. A page that did not change is the same
// *page.Page (the store keeps the parsed page of a file that did not
// change), so the previous snapshot's position of each page, in its list
// and in its search index, is found by pointer. Sorting the posts becomes
// a merge of the kept ones, already in order, with the few new ones, and
// only new pages are indexed for search. What is reused is exactly what a
// full rebuild makes: tests compare the two.

// postKey is what the list order compares, compactly: comparing through
// pointers scattered over the heap was most of a reload's time.
type postKey struct {
	weight int
	date   int64
	title  string
	path   string
	p      *page.Page
}

func keyOf(p *page.Page) postKey {
	w := p.Weight
	if w == 0 {
		w = math.MaxInt // unweighted pages after weighted ones
	}
	return postKey{w, p.Date.UnixNano(), p.Title, p.Path, p}
}

// comparePosts is Hugo's default page order: by weight (pages with a
// weight first), then date newest first, then title; then path, so that
// the order never depends on the order files were read in.
func comparePosts(a, b *postKey) int {
	if c := cmp.Compare(a.weight, b.weight); c != 0 {
		return c
	}
	if c := cmp.Compare(b.date, a.date); c != 0 {
		return c
	}
	if c := cmp.Compare(a.title, b.title); c != 0 {
		return c
	}
	return cmp.Compare(a.path, b.path)
}

// SortPosts orders posts as Hugo's default page sort: by weight (pages with
// a weight first), then date newest first, then title (then path).
func SortPosts(ps []*page.Page) {
	keys := make([]postKey, len(ps))
	for i, p := range ps {
		keys[i] = keyOf(p)
	}
	slices.SortFunc(keys, func(a, b postKey) int { return comparePosts(&a, &b) })
	for i := range keys {
		ps[i] = keys[i].p
	}
}

// sortPostsFrom sorts ps reusing prev's order: the posts prev also had
// keep their relative order, the others are sorted and merged in.
func (s *Snapshot) sortPostsFrom(ps []*page.Page, prev *Snapshot) {
	if prev == nil || len(prev.Posts) == 0 {
		SortPosts(ps)
		return
	}
	kept := make([]bool, len(prev.Posts))
	var fresh []postKey
	for _, p := range ps {
		if i, ok := prev.order[p]; ok && int(i) < len(prev.Posts) {
			kept[i] = true
			continue
		}
		fresh = append(fresh, keyOf(p))
	}
	if len(fresh) > len(ps)/4 {
		SortPosts(ps) // many changed (a new configuration): sorting is as fast
		return
	}
	slices.SortFunc(fresh, func(a, b postKey) int { return comparePosts(&a, &b) })
	out := make([]*page.Page, 0, len(ps))
	var k postKey
	for i, p := range prev.Posts {
		if !kept[i] {
			continue
		}
		k = keyOf(p)
		for len(fresh) > 0 && comparePosts(&fresh[0], &k) < 0 {
			out = append(out, fresh[0].p)
			fresh = fresh[1:]
		}
		out = append(out, p)
	}
	for _, f := range fresh {
		out = append(out, f.p)
	}
	copy(ps, out)
}

// noteOrder records each document's position (posts, then pages), for the
// next snapshot to find what it can reuse.
func (s *Snapshot) noteOrder(docs []*page.Page) {
	s.order = make(map[*page.Page]int32, len(docs))
	for i, p := range docs {
		s.order[p] = int32(i)
	}
}

// prevEntry returns prev's search entry for p, nil if it had none.
func (prev *Snapshot) prevEntry(p *page.Page) *search.Entry {
	if i, ok := prev.order[p]; ok {
		return prev.entries[i]
	}
	return nil
}
