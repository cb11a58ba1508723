package search

import (
	"encoding/binary"
	"sync"
	"unsafe"
)

// Terms numbers the distinct Latin words and CJK bigrams of the entries
// of one blog, so that each entry keeps small numbers instead of its own
// copy of each: a word, written once for the blog, then costs an entry
// about a byte and a half rather than seven (its letters, front-coded),
// a bigram about one and a half rather than two and a third. Numbers
// are given in the order terms are first met, so frequent terms get
// small ones, and an entry's sorted numbers are close together.
//
// The store makes one for all its pages (page.Options.Terms). It only
// grows while the store lives (a term of a deleted post keeps its
// number): past MaxWords words (or MaxWordBytes of them) or MaxKeys
// bigrams, an entry whose terms are not all numbered already keeps them
// itself, as an entry made without Terms does, so hostile posts cannot
// make it grow without bound (at most about 100 MB).
//
// A Terms is safe for concurrent use: pages are parsed on all cores.
type Terms struct {
	mu    sync.RWMutex
	ids   map[string]uint32
	words []string // by number
	kids  map[uint32]uint32
	keys  []uint32 // by number
	block []byte   // where the next words are kept (see keep)
	bytes int      // the length of the words
	// The limits: MaxWords, MaxKeys, MaxWordBytes; lower in tests.
	maxWords, maxKeys, maxBytes int
}

// The most a Terms numbers: words, their bytes, bigrams. A word's number
// and its flags fit in 32 bits. A blog's vocabulary is far smaller: a
// few hundred thousand words at 50,000 posts.
const (
	MaxWords     = 1 << 20
	MaxWordBytes = 32 << 20
	MaxKeys      = 1 << 21
)

// NewTerms returns an empty Terms.
func NewTerms() *Terms {
	return &Terms{ids: map[string]uint32{}, kids: map[uint32]uint32{}, maxWords: MaxWords, maxKeys: MaxKeys, maxBytes: MaxWordBytes}
}

// NewLeanEntry is the package's NewLeanEntry keeping the entry's terms
// as numbers of t; a nil t keeps them in the entry.
func (t *Terms) NewLeanEntry(d Doc) *Entry {
	b := builders.Get().(*builder)
	defer builders.Put(b)
	b.terms = t
	defer func() { b.terms = nil }()
	e := b.entry(d)
	e.text, e.lean = "", true
	return e
}

// number sets b.wids and b.kidList to the numbers of b's words (b.list)
// and keys (b.keys, sorted, with duplicates), numbering the terms not yet
// numbered; it returns false, having numbered nothing, when that would
// pass t's limits. Terms already numbered (most, once a few posts are in) are
// looked up under the read lock, by every parser at once.
func (t *Terms) number(b *builder) bool {
	b.wids, b.kidList = b.wids[:0], b.kidList[:0]
	b.newWords, b.newKeys = b.newWords[:0], b.newKeys[:0]
	t.mu.RLock()
	for _, w := range b.list {
		if id, ok := t.ids[w]; ok {
			b.wids = append(b.wids, id<<3|uint32(b.words[w]))
		} else {
			b.newWords = append(b.newWords, w)
		}
	}
	for i, k := range b.keys {
		if i > 0 && k == b.keys[i-1] {
			continue
		}
		if id, ok := t.kids[k]; ok {
			b.kidList = append(b.kidList, id)
		} else {
			b.newKeys = append(b.newKeys, k)
		}
	}
	t.mu.RUnlock()
	if len(b.newWords) == 0 && len(b.newKeys) == 0 {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	bytes := 0
	for _, w := range b.newWords {
		bytes += len(w)
	}
	// At most: another parser may have numbered some since.
	if len(t.words)+len(b.newWords) > t.maxWords || t.bytes+bytes > t.maxBytes || len(t.keys)+len(b.newKeys) > t.maxKeys {
		return false
	}
	for _, w := range b.newWords {
		id, ok := t.ids[w]
		if !ok {
			id = uint32(len(t.words))
			w = t.keep(w)
			t.bytes += len(w)
			t.ids[w] = id
			t.words = append(t.words, w)
		}
		b.wids = append(b.wids, id<<3|uint32(b.words[w]))
	}
	for _, k := range b.newKeys {
		id, ok := t.kids[k]
		if !ok {
			id = uint32(len(t.keys))
			t.kids[k] = id
			t.keys = append(t.keys, k)
		}
		b.kidList = append(b.kidList, id)
	}
	return true
}

// keep copies w into t's blocks of words: w is part of a page's text,
// which a Terms must not keep, and words side by side are looked up
// faster than words each in its own allocation.
func (t *Terms) keep(w string) string {
	if w == "" {
		return ""
	}
	if len(w) > cap(t.block)-len(t.block) {
		t.block = make([]byte, 0, max(wordBlock, len(w)))
	}
	start := len(t.block)
	t.block = append(t.block, w...)
	return unsafe.String(&t.block[start], len(w)) // the block is never written over
}

// wordBlock is the size of a block of words.
const wordBlock = 64 << 10

// packNumbers appends b's numbered terms to dst: the number of keys,
// then their numbers, sorted, each as the difference from the one before
// (the first from 0); then the number of words, then their numbers,
// sorted, each as the difference from the one before times two, plus one
// when the word occurs elsewhere than in the body only, its flags then
// following in a byte.
func (b *builder) packNumbers(dst []byte) []byte {
	b.tmp = radixSort(b.kidList, b.tmp)
	dst = binary.AppendUvarint(dst, uint64(len(b.kidList)))
	prev := uint32(0)
	for _, id := range b.kidList {
		dst = binary.AppendUvarint(dst, uint64(id-prev))
		prev = id
	}
	b.tmp = radixSort(b.wids, b.tmp) // by number: the flags are the low bits
	dst = binary.AppendUvarint(dst, uint64(len(b.wids)))
	prevW := uint32(0)
	for _, v := range b.wids {
		id, flags := v>>3, uint8(v&7)
		if flags == inBody {
			dst = binary.AppendUvarint(dst, uint64(id-prevW)<<1)
		} else {
			dst = append(binary.AppendUvarint(dst, uint64(id-prevW)<<1|1), flags)
		}
		prevW = id
	}
	return dst
}

// lists returns the terms numbered so far: numbers below their lengths
// never change, so the lists may be read without the lock.
func (t *Terms) lists() ([]string, []uint32) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.words, t.keys
}
