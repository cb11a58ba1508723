package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// drawn writes tree n as a line per node: its kind and, for a text, its
// text in src and line breaks.
func drawn(b *strings.Builder, n ast.Node, src []byte, depth int) {
	fmt.Fprintf(b, "%s%s", strings.Repeat(" ", depth), n.Kind())
	if t, ok := n.(*ast.Text); ok {
		fmt.Fprintf(b, " %q %t %t %t", t.Segment.Value(src), t.SoftLineBreak(), t.HardLineBreak(), t.IsRaw())
	}
	b.WriteByte('\n')
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		drawn(b, c, src, depth+1)
	}
}

// TestJoinCopiedDrawsRefsAsTexts: joinCopied, which draws the footnote
// references of a crowded paragraph in its runs of text, makes the tree
// Lower made when each reference was a text node first, on random
// crowded paragraphs of references, text, breaks and inlines.
func TestJoinCopiedDrawsRefsAsTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 3))
	pieces := []string{"a[^1] ", "b[^2]", "[^3]", "[^x] ", "c ", "d&amp; ", "*e* ", "f  \n", "g\n", "`h` ", "<b>i</b> ", "[^1][^2]", "j\\\n", "$k$ "}
	p := NewParser(Glamour)
	for range 60 {
		var b strings.Builder
		for b.Len() < 4000+r.IntN(4000) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		b.WriteString("\n\n[^1]: one\n[^2]: two\n\n[^3]: three\n")
		for i := range r.IntN(700) {
			fmt.Fprintf(&b, "[^n%d]: n\n", i)
		}
		md := b.String()
		for _, colour := range []bool{false, true} {
			var got, want strings.Builder
			src := []byte(md)
			doc := Parse(p, src, nil)
			drawn(&got, doc, Lower(doc, src, LowerOptions{Colour: colour}), 0)
			doc = Parse(p, src, nil)
			drawn(&want, doc, Lower(doc, src, LowerOptions{Colour: colour, eachRef: true}), 0)
			if got.String() != want.String() {
				t.Fatalf("%q: drawn in runs\n%s\na text node each\n%s", md, got.String(), want.String())
			}
		}
	}
}
