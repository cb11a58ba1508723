package page

import (
	"slices"
	"strconv"
	"strings"
)

// An Arena packs the sources of the pages it parses into large blocks.
// A page keeps its source for its life (cat shows it, the body shares
// it), and a source of its own is rounded up to the allocator's next size
// class: 11% more than the files at 50,000 posts (29 MB of 270). Packed,
// the only slack is the end of each block.
//
// A block stays in memory while any page parsed into it does: a post
// edited since keeps its first version's bytes until the others of its
// block are gone too, so a blog never holds more than its sources at the
// time they were packed. Use an arena for many files at once (a cold
// load), not for an edit. An Arena is not safe for concurrent use: one
// per goroutine.
type Arena struct {
	b strings.Builder
	// terms are the taxonomy maps made so far, by their terms: pages
	// share one map per set of terms (a map of two taxonomies is 350
	// bytes, 17 MB at 50,000 posts, and few sets of tags repeat many
	// times). Pages never change a map they have.
	terms map[string]map[string][]string
}

// arenaBlock is the size of an arena's blocks; a source larger than a
// quarter of it gets its own memory.
const arenaBlock = 1 << 20

// ParseIn is the package's ParseIn with the source kept in a.
func (a *Arena) ParseIn(relPath, logical string, src []byte, opt Options) (*Page, error) {
	return parseIn(relPath, logical, src, opt, a)
}

// string returns src as a string, in the arena when it fits (a nil Arena
// makes a string of its own).
func (a *Arena) string(src []byte) string {
	if a == nil || len(src) > arenaBlock/4 {
		return string(src)
	}
	if a.b.Cap()-a.b.Len() < len(src) {
		// A new block; the old one lives on in the strings made from it
		// (a Builder never moves what it has written while it has room).
		a.b = strings.Builder{}
		a.b.Grow(arenaBlock)
	}
	start := a.b.Len()
	a.b.Write(src)
	return a.b.String()[start:]
}

// taxonomies returns a map equal to m, shared with the pages of the same
// terms parsed in a; its lists are clipped, so that appending to one makes
// a copy.
func (a *Arena) taxonomies(m map[string][]string) map[string][]string {
	if a == nil {
		return m
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	// Each name and term with its length first: no two sets of terms
	// make the same key, whatever bytes they hold.
	var key []byte
	add := func(s string) { key = append(strconv.AppendInt(key, int64(len(s)), 10), ':'); key = append(key, s...) }
	for _, k := range names {
		add(k)
		key = strconv.AppendInt(key, int64(len(m[k])), 10)
		for _, t := range m[k] {
			add(t)
		}
	}
	if shared, ok := a.terms[string(key)]; ok {
		return shared
	}
	if a.terms == nil {
		a.terms = map[string]map[string][]string{}
	}
	for k, v := range m {
		m[k] = slices.Clip(v)
	}
	a.terms[string(key)] = m
	return m
}
