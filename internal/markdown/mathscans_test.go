package markdown

import (
	"math/rand/v2"
	"testing"

	"github.com/yuin/goldmark/text"
)

// TestMathScansIsAMap: mathScans, which replaced a map from closing
// delimiter to scan, answers as the map did, on random sets and finds of
// the built-in and site delimiters, and after being emptied for the next
// block as the map was dropped.
func TestMathScansIsAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 31))
	closers := []string{")", "]", "$", "$$", "@@", "\\end{x}"}
	var s *mathScans
	m := map[string]scanned{}
	for i := range 5000 {
		c := closers[r.IntN(len(closers))]
		switch r.IntN(10) {
		case 0:
			if s != nil {
				*s = (*s)[:0]
			}
			m = map[string]scanned{}
		case 1, 2, 3:
			at := scanned{line: i, seg: text.NewSegment(i, i+r.IntN(9))}
			if s == nil {
				s = new(mathScans)
			}
			s.set(c, at)
			m[c] = at
		default:
			got, ok := s.find(c)
			want, wok := m[c]
			if ok != wok || got != want {
				t.Fatalf("step %d, %q: found %v %v, the map %v %v", i, c, got, ok, want, wok)
			}
		}
	}
}
