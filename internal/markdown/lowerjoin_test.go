package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
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

// lowerEachRef is Lower as it was before joinCopied drew the footnote
// references of a crowded paragraph in its runs of text: every soft break
// of a paragraph with references became a node of " " and every
// reference a text node of its number, then the runs of text of each
// paragraph of more than MaxTextRuns children were joined, their text
// copied (joinCopiedTexts); Lower, with no reference left, did the rest.
// For documents without alerts, whose first line Lower reads before the
// soft breaks.
func lowerEachRef(doc ast.Node, src []byte, o LowerOptions) []byte {
	l := &lowerer{src: src[:len(src):len(src)], o: o}
	var refs []*east.FootnoteLink
	var soft []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *Math, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink:
			if entering {
				refs = append(refs, n)
			}
		case *ast.Text:
			if entering && n.SoftLineBreak() && !n.HardLineBreak() {
				soft = append(soft, n)
			}
		}
		return ast.WalkContinue, nil
	})
	withRefs := map[ast.Node]bool{}
	for _, n := range refs {
		withRefs[n.Parent()] = true
	}
	for _, t := range soft {
		if p := t.Parent(); withRefs[p] {
			t.SetSoftLineBreak(false)
			p.InsertAfter(p, t, l.text(" "))
		}
	}
	var crowded []ast.Node
	seen := map[ast.Node]bool{}
	for _, n := range refs {
		p := n.Parent()
		if p.ChildCount() > MaxTextRuns && !seen[p] {
			seen[p] = true
			crowded = append(crowded, p)
		}
		l.footnoteRef(n)
	}
	for _, p := range crowded {
		joinCopiedTexts(l, p)
	}
	return Lower(doc, l.src, o)
}

// joinCopiedTexts is joinCopied for a paragraph whose references are
// drawn already (see lowerEachRef).
func joinCopiedTexts(l *lowerer, p ast.Node) {
	joinRuns(p, func(n ast.Node) (*ast.Text, bool) {
		t, ok := n.(*ast.Text)
		if !ok || !joinable(t) || bytes.IndexByte(t.Segment.Value(l.src), '&') >= 0 {
			return nil, false
		}
		return t, true
	}, func(_, _ *ast.Text) bool { return true }, func(first, last *ast.Text) text.Segment {
		start := len(l.src)
		for n := ast.Node(first); ; n = n.NextSibling() {
			l.src = append(l.src, n.(*ast.Text).Segment.Value(l.src)...)
			if n == last {
				break
			}
		}
		return text.NewSegment(start, len(l.src))
	})
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
			drawn(&want, doc, lowerEachRef(doc, src, LowerOptions{Colour: colour}), 0)
			if got.String() != want.String() {
				t.Fatalf("%q: drawn in runs\n%s\na text node each\n%s", md, got.String(), want.String())
			}
		}
	}
}

// TestRefRoomHoldsRefText: refRoom is never less than the length of the
// text a reference is drawn as, listed ("N. ") or raised.
func TestRefRoomHoldsRefText(t *testing.T) {
	for _, i := range []int{0, 1, 9, 10, 99, 100, 12345, 999999, -1, -9, -10, -4321} {
		for _, idx := range []int{i, -i} {
			if got, want := refRoom(idx), len(refText(east.NewFootnoteLink(idx))); got < want {
				t.Errorf("refRoom(%d) = %d, its text is %d bytes", idx, got, want)
			}
		}
	}
}

// TestSlabHandsOutDistinctZeroValues checks that a slab's values are
// zero, each its own, and stay as they were set while more are handed
// out across its chunks.
func TestSlabHandsOutDistinctZeroValues(t *testing.T) {
	var s slab[ast.Text]
	var got []*ast.Text
	for i := range 1000 {
		n := s.get()
		if n.Segment.Start != 0 || n.Segment.Stop != 0 || n.Parent() != nil || n.SoftLineBreak() {
			t.Fatalf("value %d is not zero: %+v", i, n)
		}
		n.Segment.Start = i
		got = append(got, n)
	}
	for i, n := range got {
		if n.Segment.Start != i {
			t.Fatalf("value %d was changed to %d", i, n.Segment.Start)
		}
	}
}
