package search

import (
	"cmp"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
)

// segment holds the postings of some entries: those of the distinct
// Latin words (words) and those of the distinct CJK bigrams (pairs).
// A common term is in many posts, so most of its postings take a byte
// where they took 4 (4-byte postings and keys were 110 MB at 50,000
// posts of varied text).
//
// A segment is all that is kept of its entries' terms once it is built
// (see Entry.toks): a segment made again from entries that are in
// segments already is merged from those segments' postings (merge).
type segment struct {
	entries []*Entry
	words   termPostings[string]
	pairs   termPostings[uint32]
}

// termPostings are the postings of one kind of term: terms, sorted; the
// entries holding terms[i] are in data[starts[i]:starts[i+1]], their
// locals (places in entries) in increasing order, each as the difference
// from the one before (the first from -1), for a word times 8 plus where
// it occurs (inTitle...), as uvarints.
type termPostings[K cmp.Ordered] struct {
	terms  []K
	starts []uint32
	data   []byte
}

// The shifts of the locals in postings: a word's flags take 3 bits.
const (
	wordShift = 3
	pairShift = 0
)

// newSegment makes the segment of entries from their tokens (toks, read
// from them beforehand), and drops the tokens: the segment holds them
// now.
func newSegment(entries []*Entry, toks []string) *segment {
	sg := &segment{entries: entries}
	sg.words = buildPostings(entries, toks, wordShift,
		func(t *Terms) int { w, _ := t.lists(); return len(w) },
		strings.Clone,
		func(e *Entry, toks string, f func(num int, w string, flags uint8)) { e.eachWord(toks, f) })
	sg.words.terms = joinWords(sg.words.terms)
	sg.pairs = buildPostings(entries, toks, pairShift,
		func(t *Terms) int { _, k := t.lists(); return len(k) },
		func(k uint32) uint32 { return k },
		func(e *Entry, toks string, f func(num int, k uint32, _ uint8)) {
			for r := e.keys(toks); r.n > 0; {
				k := r.next()
				f(r.num(), k, 0)
			}
		})
	sg.adopt()
	return sg
}

// adopt makes sg the home of its entries and drops their tokens.
func (sg *segment) adopt() {
	for _, e := range sg.entries {
		e.home.Store(sg)
		e.toks.Store(nil) // after home: an entry without tokens has a home
	}
}

// termIDs number the distinct terms (words or bigrams) of a segment's
// entries from 0, in the order first met. A term numbered by terms (the
// Terms of the first numbered entry, for most segments all of them) is
// found by its number in a table; the others (entries keeping their own
// terms, or numbered by another Terms) by a map.
type termIDs[K comparable] struct {
	terms *Terms
	byNum []int32     // by number in terms: the id, -1 for none
	ids   map[K]int32 // by term
	mixed bool        // whether some entries are not numbered by terms: ids then holds every term
	clone func(K) K   // a term to keep (an entry's own words are its scratch space)
	n     int32
}

func newTermIDs[K comparable](entries []*Entry, count func(*Terms) int, clone func(K) K) *termIDs[K] {
	t := &termIDs[K]{ids: map[K]int32{}, clone: clone}
	if len(entries) < tableEntries {
		return t // an edit's: a table of the blog's terms would cost more than the map
	}
	for _, e := range entries {
		if t.terms == nil && e.terms != nil {
			t.terms = e.terms
			t.byNum = make([]int32, count(e.terms))
			for i := range t.byNum {
				t.byNum[i] = -1
			}
		}
		t.mixed = t.mixed || e.terms != t.terms
	}
	return t
}

// tableEntries is the fewest entries of a segment that finds its terms
// by number in a table.
const tableEntries = 256

// id returns the id of the term k, number num of e.terms (-1 when e
// keeps its own terms), and whether it is new.
func (t *termIDs[K]) id(e *Entry, num int, k K) (int32, bool) {
	table := e.terms == t.terms && num >= 0 && num < len(t.byNum)
	if table {
		if i := t.byNum[num]; i >= 0 {
			return i, false
		}
	}
	if !table || t.mixed {
		if i, ok := t.ids[k]; ok {
			if table {
				t.byNum[num] = i
			}
			return i, false
		}
	}
	i := t.n
	t.n++
	if table {
		t.byNum[num] = i
	}
	if !table || t.mixed {
		t.ids[t.clone(k)] = i
	}
	return i, true
}

// buildPostings makes the postings of one kind of term of entries, in
// two passes over the entries' terms (the distinct terms and the size of
// each one's postings, then the postings), so that nothing bigger than
// the postings themselves is made on the way. each calls f with each
// term of an entry: its number in e.terms (-1 when e keeps its own
// terms), the term (valid until f returns) and its low bits (a word's
// flags); count is the number of terms a Terms numbers, clone copies a
// term to keep.
func buildPostings[K cmp.Ordered](entries []*Entry, toks []string, shift uint8, count func(*Terms) int, clone func(K) K, each func(e *Entry, toks string, f func(num int, k K, low uint8))) termPostings[K] {
	ids := newTermIDs(entries, count, clone)
	var terms []K     // by id
	var last []int32  // by id: the last local holding it
	var size []uint32 // by id: the bytes of its postings
	for local, e := range entries {
		each(e, toks[local], func(num int, k K, low uint8) {
			i, isNew := ids.id(e, num, k)
			if isNew {
				if num < 0 {
					k = clone(k)
				}
				terms = append(terms, k)
				last = append(last, -1)
				size = append(size, 0)
			}
			size[i] += uint32(uvarintLen(uint64(int32(local)-last[i])<<shift | uint64(low)))
			last[i] = int32(local)
		})
	}
	var out termPostings[K]
	if len(terms) == 0 {
		return out
	}
	// Sort the terms, remembering where each id went.
	order := make([]int32, len(terms))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(terms[a], terms[b]) })
	out.terms = make([]K, len(terms))
	out.starts = make([]uint32, len(terms)+1)
	at := make([]uint32, len(terms)) // by id: where its next posting goes
	for j, i := range order {
		out.terms[j] = terms[i]
		at[i] = out.starts[j]
		out.starts[j+1] = out.starts[j] + size[i]
		last[i] = -1
	}
	out.data = make([]byte, out.starts[len(terms)])
	for local, e := range entries {
		each(e, toks[local], func(num int, k K, low uint8) {
			i, _ := ids.id(e, num, k)
			v := uint64(int32(local)-last[i])<<shift | uint64(low)
			at[i] += uint32(binary.PutUvarint(out.data[at[i]:], v))
			last[i] = int32(local)
		})
	}
	return out
}

// joinWords copies words into one string: one allocation rather than
// one a word, and none of them a part of another segment's.
func joinWords(words []string) []string {
	n := 0
	for _, w := range words {
		n += len(w)
	}
	var all strings.Builder
	all.Grow(n)
	for _, w := range words {
		all.WriteString(w)
	}
	joined := all.String()
	out := make([]string, len(words))
	for i, w := range words {
		out[i], joined = joined[:len(w)], joined[len(w):]
	}
	return out
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// part is what a merge takes of a segment: the entries whose docs[local]
// is not -1.
type part struct {
	sg   *segment
	docs []int32
}

// merge makes one segment of the entries parts keep, in the order of
// the parts, from their postings: the entries' tokens are gone once they
// are in a segment. It returns the segment and the docs of its entries.
func merge(parts []part) (*segment, []int32) {
	sg := &segment{}
	var docs []int32
	remap := make([][]int32, len(parts)) // by part, by local: the new local, -1 for none
	for i, p := range parts {
		remap[i] = make([]int32, len(p.sg.entries))
		for j, d := range p.docs {
			remap[i][j] = -1
			if d >= 0 {
				remap[i][j] = int32(len(sg.entries))
				sg.entries = append(sg.entries, p.sg.entries[j])
				docs = append(docs, d)
			}
		}
	}
	words := make([]*termPostings[string], len(parts))
	pairs := make([]*termPostings[uint32], len(parts))
	for i, p := range parts {
		words[i], pairs[i] = &p.sg.words, &p.sg.pairs
	}
	sg.words = mergePostings(words, remap, wordShift)
	sg.words.terms = joinWords(sg.words.terms)
	sg.pairs = mergePostings(pairs, remap, pairShift)
	sg.adopt()
	return sg, docs
}

// mergePostings merges lists, the postings of one kind of term of the
// parts of a merge, their locals moved by remap. The parts' new locals
// follow each other, so a term's postings are those of each part in
// turn; a term no entry kept holds is left out.
func mergePostings[K cmp.Ordered](lists []*termPostings[K], remap [][]int32, shift uint8) termPostings[K] {
	var out termPostings[K]
	n := 0
	for _, l := range lists {
		n += len(l.data)
	}
	out.data = make([]byte, 0, n)
	out.starts = []uint32{0}
	next := make([]int, len(lists)) // by part: its next term
	for {
		// The least of the parts' next terms.
		first := -1
		for i, l := range lists {
			if next[i] < len(l.terms) && (first < 0 || cmp.Less(l.terms[next[i]], lists[first].terms[next[first]])) {
				first = i
			}
		}
		if first < 0 {
			break
		}
		k := lists[first].terms[next[first]]
		prev := int32(-1)
		for i, l := range lists {
			j := next[i]
			if j == len(l.terms) || l.terms[j] != k {
				continue
			}
			next[i]++
			r := postings{p: l.data[l.starts[j]:l.starts[j+1]], shift: shift, local: -1}
			for r.next() {
				if local := remap[i][r.local]; local >= 0 {
					out.data = binary.AppendUvarint(out.data, uint64(local-prev)<<shift|uint64(r.flags))
					prev = local
				}
			}
		}
		if prev >= 0 {
			out.terms = append(out.terms, k)
			out.starts = append(out.starts, uint32(len(out.data)))
		}
	}
	// Exact sizes: they stay for the index's life (the postings were
	// made about their size).
	out.terms, out.starts = slices.Clone(out.terms), slices.Clone(out.starts)
	if cap(out.data)-len(out.data) > len(out.data)/8 {
		out.data = slices.Clone(out.data)
	}
	return out
}

// postings reads the postings of one term: the locals of the entries
// that hold it, in increasing order, with where a word occurs.
type postings struct {
	p     []byte
	shift uint8 // 3 for a word's postings (its flags in the low bits), 0 for a bigram's
	local int32 // the last read
	flags uint8 // the last read's, for a word
}

// wordPostings reads the postings of words.terms[i].
func (sg *segment) wordPostings(i int) postings {
	return postings{p: sg.words.data[sg.words.starts[i]:sg.words.starts[i+1]], shift: 3, local: -1}
}

// pairPostings reads the postings of pairs.terms[i].
func (sg *segment) pairPostings(i int) postings {
	return postings{p: sg.pairs.data[sg.pairs.starts[i]:sg.pairs.starts[i+1]], local: -1}
}

// next reads the next posting, false at the end.
func (r *postings) next() bool {
	if len(r.p) == 0 {
		return false
	}
	v, n := uvarint(r.p)
	r.p = r.p[n:]
	r.local += int32(v >> r.shift)
	r.flags = uint8(v & (1<<r.shift - 1))
	return true
}

// holding returns the range of keys from lo to hi inclusive.
func (sg *segment) holding(lo, hi uint32) (int, int) {
	keys := sg.pairs.terms
	i, _ := slices.BinarySearch(keys, lo)
	j := i + sort.Search(len(keys)-i, func(j int) bool { return keys[i+j] > hi })
	return i, j
}

// prefixed returns the range of vocab that starts with w.
func (sg *segment) prefixed(w string) (lo, hi int) {
	return prefixRange(sg.words.terms, w)
}

func (sg *segment) size() int {
	n := 4*len(sg.words.starts) + len(sg.words.data) + 8*len(sg.entries) + 8*len(sg.pairs.terms) + len(sg.pairs.data)
	for _, w := range sg.words.terms {
		n += 16 + len(w)
	}
	return n
}
