package search

import (
	"cmp"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
)

// segment holds the postings of some entries. vocab are the distinct
// Latin words, sorted; the entries holding vocab[i] are in
// postings[starts[i]:starts[i+1]], their locals (places in entries) in
// increasing order, each as the difference from the one before (the
// first from -1) times 8 plus where the word occurs (inTitle...), as
// uvarints. keys are the distinct CJK bigrams, sorted; the entries
// holding keys[i] are in pairs[pairStarts[i]:pairStarts[i+1]], their
// locals as differences too. A common term is in many posts, so most of
// its postings take a byte where they took 4 (4-byte postings and keys
// were 110 MB at 50,000 posts of varied text).
type segment struct {
	entries    []*Entry
	vocab      []string
	starts     []uint32
	postings   []byte
	keys       []uint32
	pairStarts []uint32
	pairs      []byte
}

func newSegment(entries []*Entry) *segment {
	sg := &segment{entries: entries}
	sg.words()
	sg.bigrams()
	return sg
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

// words makes the postings of the Latin words, in two passes over the
// entries' words (the distinct words and the size of each one's
// postings, then the postings).
func (sg *segment) words() {
	ids := newTermIDs(sg.entries, func(t *Terms) int { w, _ := t.lists(); return len(w) }, strings.Clone)
	var vocab []string // by id
	var last []int32   // by id: the last local holding it
	var size []uint32  // by id: the bytes of its postings
	for local, e := range sg.entries {
		e.eachWord(func(num int, w string, flags uint8) {
			i, isNew := ids.id(e, num, w)
			if isNew {
				if num < 0 {
					w = strings.Clone(w)
				}
				vocab = append(vocab, w)
				last = append(last, -1)
				size = append(size, 0)
			}
			size[i] += uint32(uvarintLen(uint64(int32(local)-last[i])<<3 | uint64(flags)))
			last[i] = int32(local)
		})
	}
	// Sort the vocabulary, remembering where each id went.
	order := make([]int32, len(vocab))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(vocab[a], vocab[b]) })
	sg.starts = make([]uint32, len(order)+1)
	// The words in one string: one allocation rather than one a word.
	var all strings.Builder
	for _, i := range order {
		all.WriteString(vocab[i])
	}
	joined := all.String()
	sg.vocab = make([]string, len(order))
	at := make([]uint32, len(order)) // by id: where its next posting goes
	for j, i := range order {
		sg.vocab[j] = joined[:len(vocab[i])]
		joined = joined[len(vocab[i]):]
		at[i] = sg.starts[j]
		sg.starts[j+1] = sg.starts[j] + size[i]
		last[i] = -1
	}
	sg.postings = make([]byte, sg.starts[len(order)])
	for local, e := range sg.entries {
		e.eachWord(func(num int, w string, flags uint8) {
			i, _ := ids.id(e, num, w)
			v := uint64(int32(local)-last[i])<<3 | uint64(flags)
			at[i] += uint32(binary.PutUvarint(sg.postings[at[i]:], v))
			last[i] = int32(local)
		})
	}
}

// bigrams makes the postings of the CJK bigrams, in two passes over the
// entries' keys (the distinct keys and the size of each one's postings,
// then the postings), so that nothing bigger than the postings themselves
// is made on the way.
func (sg *segment) bigrams() {
	ids := newTermIDs(sg.entries, func(t *Terms) int { _, k := t.lists(); return len(k) }, func(k uint32) uint32 { return k })
	var keys []uint32 // by id
	var last []int32  // by id: the last local holding it
	var size []uint32 // by id: the bytes of its postings
	for local, e := range sg.entries {
		for r := e.keys(); r.n > 0; {
			k := r.next()
			i, isNew := ids.id(e, r.num(), k)
			if isNew {
				keys = append(keys, k)
				last = append(last, -1)
				size = append(size, 0)
			}
			size[i] += uint32(uvarintLen(uint64(int32(local) - last[i])))
			last[i] = int32(local)
		}
	}
	if len(keys) == 0 {
		return
	}
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
	sg.keys = make([]uint32, len(keys))
	sg.pairStarts = make([]uint32, len(keys)+1)
	at := make([]uint32, len(keys)) // by id: where its next posting goes
	for j, i := range order {
		sg.keys[j] = keys[i]
		at[i] = sg.pairStarts[j]
		sg.pairStarts[j+1] = sg.pairStarts[j] + size[i]
		last[i] = -1
	}
	sg.pairs = make([]byte, sg.pairStarts[len(keys)])
	for local, e := range sg.entries {
		for r := e.keys(); r.n > 0; {
			k := r.next()
			i, _ := ids.id(e, r.num(), k)
			at[i] += uint32(binary.PutUvarint(sg.pairs[at[i]:], uint64(int32(local)-last[i])))
			last[i] = int32(local)
		}
	}
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// postings reads the postings of one term: the locals of the entries
// that hold it, in increasing order, with where a word occurs.
type postings struct {
	p     []byte
	shift uint8 // 3 for a word's postings (its flags in the low bits), 0 for a bigram's
	local int32 // the last read
	flags uint8 // the last read's, for a word
}

// wordPostings reads the postings of vocab[i].
func (sg *segment) wordPostings(i int) postings {
	return postings{p: sg.postings[sg.starts[i]:sg.starts[i+1]], shift: 3, local: -1}
}

// pairPostings reads the postings of keys[i].
func (sg *segment) pairPostings(i int) postings {
	return postings{p: sg.pairs[sg.pairStarts[i]:sg.pairStarts[i+1]], local: -1}
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
	i, _ := slices.BinarySearch(sg.keys, lo)
	j := i + sort.Search(len(sg.keys)-i, func(j int) bool { return sg.keys[i+j] > hi })
	return i, j
}

// prefixed returns the range of vocab that starts with w.
func (sg *segment) prefixed(w string) (lo, hi int) {
	lo, _ = slices.BinarySearch(sg.vocab, w)
	hi = lo
	for hi < len(sg.vocab) && strings.HasPrefix(sg.vocab[hi], w) {
		hi++
	}
	return lo, hi
}

func (sg *segment) size() int {
	n := 4*len(sg.starts) + len(sg.postings) + 8*len(sg.entries) + 8*len(sg.keys) + len(sg.pairs)
	for _, w := range sg.vocab {
		n += 16 + len(w)
	}
	return n
}
