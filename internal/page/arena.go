package page

import "strings"

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
}

// arenaBlock is the size of an arena's blocks; a source larger than a
// quarter of it gets its own memory.
const arenaBlock = 1 << 20

// ParseIn is the package's ParseIn with the source kept in a.
func (a *Arena) ParseIn(relPath, logical string, src []byte, opt Options) (*Page, error) {
	return parseIn(relPath, logical, src, opt, a)
}

// string returns src as a string, in the arena when it fits.
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
