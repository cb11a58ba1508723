package search

import (
	"slices"
	"strings"
)

// segment holds the postings of the Latin words of some entries: vocab
// are their distinct words, sorted; the entries holding vocab[i] are
// postings[starts[i]:starts[i+1]], each local<<3 | where it occurs
// (inTitle...), local being the entry's place in entries.
type segment struct {
	entries  []*Entry
	vocab    []string
	starts   []uint32
	postings []uint32
}

func newSegment(entries []*Entry) *segment {
	sg := &segment{entries: entries}
	ids := map[string]uint32{}
	var counts []uint32
	var seq []uint32 // the id of each word of each entry, in order
	for _, e := range entries {
		e.eachWord(func(w string, _ uint8) {
			id, ok := ids[w]
			if !ok {
				id = uint32(len(sg.vocab))
				ids[w] = id
				sg.vocab = append(sg.vocab, w)
				counts = append(counts, 0)
			}
			counts[id]++
			seq = append(seq, id)
		})
	}
	// Sort the vocabulary, remembering where each id went.
	order := make([]uint32, len(sg.vocab))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(sg.vocab[a], sg.vocab[b]) })
	pos := make([]uint32, len(order)) // id -> next free slot of its postings
	sg.starts = make([]uint32, len(order)+1)
	sorted := make([]string, len(order))
	off := uint32(0)
	for i, id := range order {
		sorted[i] = sg.vocab[id]
		sg.starts[i] = off
		pos[id] = off
		off += counts[id]
	}
	sg.starts[len(order)] = off
	sg.vocab = sorted
	sg.postings = make([]uint32, len(seq))
	k := 0
	for local, e := range entries {
		for _, flags := range e.flags {
			id := seq[k]
			k++
			sg.postings[pos[id]] = uint32(local)<<3 | uint32(flags)
			pos[id]++
		}
	}
	return sg
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
	n := 4*len(sg.starts) + 4*len(sg.postings) + 8*len(sg.entries)
	for _, w := range sg.vocab {
		n += 16 + len(w)
	}
	return n
}
