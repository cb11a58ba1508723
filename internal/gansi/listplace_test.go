package gansi

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestListPlaceCountsAsTheWalk: an ordered item's place, counted on from
// the item before (listElements.place), is the count of the items before
// it (the walk back it replaces, which made a list of n items cost n²
// steps), asked on entering and leaving each item, in random documents of
// nested ordered and bullet lists.
func TestListPlaceCountsAsTheWalk(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	markers := []string{"1. ", "- ", "3) "}
	for range 200 {
		var b strings.Builder
		for range 1 + rng.IntN(60) {
			depth := rng.IntN(12)
			b.WriteString(strings.Repeat("   ", depth) + markers[rng.IntN(len(markers))] + "a\n")
			if rng.IntN(8) == 0 {
				b.WriteString("\ntext\n\n")
			}
		}
		src := []byte(b.String())
		doc := goldmark.New().Parser().Parse(text.NewReader(src))
		var l listElements
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if n.Kind() != ast.KindListItem {
				return ast.WalkContinue, nil
			}
			want := uint(1)
			for p := n.PreviousSibling(); p != nil && p.Kind() == ast.KindListItem; p = p.PreviousSibling() {
				want++
			}
			if got := l.place(n); got != want {
				t.Fatalf("item %d of its list (entering %v) placed %d in\n%s", want, entering, got, src)
			}
			return ast.WalkContinue, nil
		})
	}
}
