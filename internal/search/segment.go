package search

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
)

// segment holds the postings of some entries. vocab are the distinct
// Latin words, sorted; the entries holding vocab[i] are
// postings[starts[i]:starts[i+1]], each local<<3 | where it occurs
// (inTitle...), local being the entry's place in entries. keys are the
// distinct CJK bigrams, sorted; the entries holding keys[i] are in
// pairs[pairStarts[i]:pairStarts[i+1]], their locals in increasing order,
// each as the difference from the one before (the first from -1), as
// uvarints: a pair of a Chinese blog is in many posts, so most take a
// byte where the entries' own sorted keys took 4 (27 million at 50,000
// posts).
type segment struct {
	entries    []*Entry
	vocab      []string
	starts     []uint32
	postings   []uint32
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

// words makes the postings of the Latin words.
func (sg *segment) words() {
	ids := map[string]uint32{}
	var counts []uint32
	var seq []uint32 // the id of each word of each entry, in order, <<3 | flags
	var vocab []string
	per := make([]int32, len(sg.entries)) // the words of each entry
	for local, e := range sg.entries {
		e.eachWord(func(w string, flags uint8) {
			id, ok := ids[w]
			if !ok {
				id = uint32(len(vocab))
				s := strings.Clone(w)
				ids[s] = id
				vocab = append(vocab, s)
				counts = append(counts, 0)
			}
			counts[id]++
			per[local]++
			seq = append(seq, id<<3|uint32(flags))
		})
	}
	// Sort the vocabulary, remembering where each id went.
	order := make([]uint32, len(vocab))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(vocab[a], vocab[b]) })
	pos := make([]uint32, len(order)) // id -> next free slot of its postings
	sg.starts = make([]uint32, len(order)+1)
	// The words in one string: one allocation rather than one a word.
	var all strings.Builder
	for _, id := range order {
		all.WriteString(vocab[id])
	}
	joined := all.String()
	sg.vocab = make([]string, len(order))
	off, at := uint32(0), 0
	for i, id := range order {
		sg.vocab[i] = joined[at : at+len(vocab[id])]
		at += len(vocab[id])
		sg.starts[i] = off
		pos[id] = off
		off += counts[id]
	}
	sg.starts[len(order)] = off
	sg.postings = make([]uint32, len(seq))
	k := 0
	for local, n := range per {
		for range n {
			id := seq[k] >> 3
			sg.postings[pos[id]] = uint32(local)<<3 | seq[k]&7
			pos[id]++
			k++
		}
	}
}

// bigrams makes the postings of the CJK bigrams, in two passes over the
// entries' keys (the distinct keys and the size of each one's postings,
// then the postings), so that nothing bigger than the postings themselves
// is made on the way.
func (sg *segment) bigrams() {
	ids := map[uint32]int32{} // in the order first seen
	var keys []uint32
	var last []int32  // by id: the last local holding it
	var size []uint32 // by id: the bytes of its postings
	for local, e := range sg.entries {
		for t := e.keys(); t.n > 0; {
			k := t.next()
			id, ok := ids[k]
			if !ok {
				id = int32(len(keys))
				ids[k] = id
				keys = append(keys, k)
				last = append(last, -1)
				size = append(size, 0)
			}
			size[id] += uint32(uvarintLen(uint64(int32(local) - last[id])))
			last[id] = int32(local)
		}
	}
	if len(keys) == 0 {
		return
	}
	clear(ids)
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
	sg.keys = make([]uint32, len(keys))
	sg.pairStarts = make([]uint32, len(keys)+1)
	for i, id := range order {
		sg.keys[i] = keys[id]
		sg.pairStarts[i+1] = sg.pairStarts[i] + size[id]
	}
	sg.pairs = make([]byte, sg.pairStarts[len(keys)])
	// Where the keys of each first character start in keys: a key's
	// place is then looked for among the few of its character.
	first := make([]int32, 1<<16+1)
	for _, k := range sg.keys {
		first[k>>16+1]++
	}
	for i := 1; i < len(first); i++ {
		first[i] += first[i-1]
	}
	at := size[:0] // by place: where its next posting goes
	for i := range sg.keys {
		at = append(at, sg.pairStarts[i])
		last[i] = -1
	}
	for local, e := range sg.entries {
		for t := e.keys(); t.n > 0; {
			k := t.next()
			lo, hi := first[k>>16], first[k>>16+1]
			j, _ := slices.BinarySearch(sg.keys[lo:hi], k)
			i := int(lo) + j
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

// eachHolder calls f with the local number of each entry that holds key
// i, in increasing order.
func (sg *segment) eachHolder(i int, f func(local int32)) {
	p := sg.pairs[sg.pairStarts[i]:sg.pairStarts[i+1]]
	local := int32(-1)
	for len(p) > 0 {
		v, n := binary.Uvarint(p)
		p = p[n:]
		local += int32(v)
		f(local)
	}
}

// holding returns the range of keys from lo to hi inclusive.
func (sg *segment) holding(lo, hi uint32) (int, int) {
	i, _ := slices.BinarySearch(sg.keys, lo)
	j, _ := slices.BinarySearch(sg.keys, hi)
	if j < len(sg.keys) && sg.keys[j] == hi {
		j++
	}
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
	n := 4*len(sg.starts) + 4*len(sg.postings) + 8*len(sg.entries) + 8*len(sg.keys) + len(sg.pairs)
	for _, w := range sg.vocab {
		n += 16 + len(w)
	}
	return n
}
