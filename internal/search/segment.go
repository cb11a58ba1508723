package search

import (
	"cmp"
	"encoding/binary"
	"slices"
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

// words makes the postings of the Latin words, in two passes over the
// entries' words (the distinct words and the size of each one's
// postings, then the postings). A word numbered by the Terms of the
// first numbered entry is found by its number, others by their letters.
func (sg *segment) words() {
	var terms *Terms
	var byNum []int32 // by number of terms: the word's id here, -1 for none
	for _, e := range sg.entries {
		if e.terms != nil {
			terms = e.terms
			words, _ := terms.lists()
			byNum = make([]int32, len(words))
			for i := range byNum {
				byNum[i] = -1
			}
			break
		}
	}
	ids := map[string]int32{} // the others
	var vocab []string        // by id, in the order first met
	var last []int32          // by id: the last local holding it
	var size []uint32         // by id: the bytes of its postings
	id := func(e *Entry, num int, w string) int32 {
		if e.terms == terms && num >= 0 && num < len(byNum) {
			if i := byNum[num]; i >= 0 {
				return i
			}
		} else if i, ok := ids[w]; ok {
			return i
		}
		i := int32(len(vocab))
		if e.terms == terms && num >= 0 && num < len(byNum) {
			byNum[num] = i
		} else {
			w = strings.Clone(w) // w may be the entry's scratch space
			ids[w] = i
		}
		vocab = append(vocab, w)
		last = append(last, -1)
		size = append(size, 0)
		return i
	}
	for local, e := range sg.entries {
		e.eachWord(func(num int, w string, flags uint8) {
			i := id(e, num, w)
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
			i := id(e, num, w)
			v := uint64(int32(local)-last[i])<<3 | uint64(flags)
			at[i] += uint32(binary.PutUvarint(sg.postings[at[i]:], v))
			last[i] = int32(local)
		})
	}
}

// eachPosting calls f with the local number of each entry holding word j
// and where it occurs there.
func (sg *segment) eachPosting(j int, f func(local int32, flags uint8)) {
	p := sg.postings[sg.starts[j]:sg.starts[j+1]]
	local := int32(-1)
	for len(p) > 0 {
		v, n := binary.Uvarint(p)
		p = p[n:]
		local += int32(v >> 3)
		f(local, uint8(v&7))
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
	// place is then looked for among the few of its character (in all
	// keys for a small segment, an edit's: the table is 256 KB).
	first := []int32{0, int32(len(sg.keys))}
	shift := 32
	if len(sg.keys) >= 1<<14 {
		first, shift = make([]int32, 1<<16+1), 16
		for _, k := range sg.keys {
			first[k>>16+1]++
		}
		for i := 1; i < len(first); i++ {
			first[i] += first[i-1]
		}
	}
	at := size[:0] // by place: where its next posting goes
	for i := range sg.keys {
		at = append(at, sg.pairStarts[i])
		last[i] = -1
	}
	for local, e := range sg.entries {
		for t := e.keys(); t.n > 0; {
			k := t.next()
			c := uint64(k) >> shift
			lo, hi := first[c], first[c+1]
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
	n := 4*len(sg.starts) + len(sg.postings) + 8*len(sg.entries) + 8*len(sg.keys) + len(sg.pairs)
	for _, w := range sg.vocab {
		n += 16 + len(w)
	}
	return n
}
