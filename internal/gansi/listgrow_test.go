package gansi

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"
)

// finishLists lays text out in depth lists nested in a document width
// wide, as BlockElement does, with a line before and after each nested
// list, as its item would write, and returns the document's block and
// how many levels grew their buffer with the storage of a block that
// finished (see growFromPool). A nil pool (pooled false) grows each
// level's buffer anew.
func finishLists(text string, width, depth int, pooled bool) (string, int) {
	ctx := NewRenderContext(Options{WordWrap: width})
	if !pooled {
		ctx.writers = nil
	}
	bs := ctx.blockStack
	doc := &bytes.Buffer{}
	bs.Push(BlockElement{Block: doc})
	one := uint(1)
	st := StyleBlock{Indent: &one, StylePrimitive: StylePrimitive{Color: &[]string{"252"}[0]}}
	// finished holds the storage of the buffers of the levels that
	// finished, which the pool may hand on.
	finished := map[*byte]bool{}
	storage := func(b *bytes.Buffer) *byte {
		if b.Cap() == 0 {
			return nil
		}
		return unsafe.SliceData(b.Bytes()[:1])
	}
	taken := 0
	var level func(parent *bytes.Buffer, d int)
	level = func(parent *bytes.Buffer, d int) {
		e := &BlockElement{Style: cascadeStyle(bs.Current().Style, st, false), Margin: true, list: true}
		_ = e.Render(parent, ctx)
		own := bs.Current().Block
		if d == depth {
			own.WriteString(text)
		} else {
			own.WriteString("\x1b[38;5;252m• \x1b[mbefore\n")
			level(own, d+1)
			own.WriteString("\x1b[1mafter\x1b[m\n")
		}
		finished[storage(own)] = true
		before := storage(parent)
		_ = e.Finish(parent, ctx)
		if after := storage(parent); after != before && finished[after] {
			taken++
		}
	}
	level(doc, 1)
	return doc.String(), taken
}

// TestNestedListsGrowFromPool: lists nested around a text larger than
// nestedGrow, whose levels grow their parents' buffers with the storage
// of the buffers of levels that finished (see growFromPool), finish with
// the bytes they finish with when each level's buffer grows anew (a nil
// pool), at several depths, widths and texts; and the storage is taken
// from the pool at some level of each nest at least four deep (a level
// grows its parent's buffer before its own goes back to the pool, and
// the buffer of a level is short of its parent's by its indentation).
func TestNestedListsGrowFromPool(t *testing.T) {
	texts := map[string]string{
		"pairs": "\x1b[38;5;252m• " + strings.Repeat("- ", 8000) + "a\x1b[m\n",
		"lines": strings.Repeat("\x1b[38;5;252mline of a long list item\x1b[m\n", 400),
		"mixed": strings.Repeat("word ", 2000) + "\n" + strings.Repeat("\x1b[1m- \x1b[m", 500) + "\nend",
	}
	for name, text := range texts {
		for _, depth := range []int{1, 2, 3, 4, 6} {
			for _, width := range []int{30, 80} {
				got, taken := finishLists(text, width, depth, true)
				want, _ := finishLists(text, width, depth, false)
				if got != want {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					t.Fatalf("%s, %d deep at %d: differs at byte %d of %d/%d", name, depth, width, i, len(got), len(want))
				}
				if depth >= 4 && taken == 0 {
					t.Errorf("%s, %d deep at %d: no level grew with a finished block's storage: the test checks nothing", name, depth, width)
				}
			}
		}
	}
}
