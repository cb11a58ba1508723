package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestNoteTailDrawsAsTheNotes: a source whose tail of notes is read as
// NoteLines lowers to the tree goldmark's nodes of its notes lower to
// (every node's kind, text, line breaks and references, the lines of
// blocks but the notes' paragraph's), and one whose tail is refused is
// parsed as without it. Sources: heads of every kind (references to the
// notes, notes of their own, open blocks, links whose labels are notes')
// and tails of hundreds of notes around MaxListedNotes, short and long,
// of references to notes defined, twice, or nowhere, side by side; and
// the hostile notes.
func TestNoteTailDrawsAsTheNotes(t *testing.T) {
	p := (*Dialect)(nil).DrawParser(false)
	r := rand.New(rand.NewPCG(12, 6))
	// The first eight let the tail be read.
	heads := []string{"", "a[^0]\n\n", "a[^1] b[^2] c[^x] d[^3]\n\n", "# h[^4]\n\n", "---\n\n", "a[^1][^2]\n\n", "[a]: /u\n\n", "a  \n\n",
		"a\n", "- a[^1]\n\n", "> a[^2]\n\n", "[^a]: x\n\n", "a[^5]\n\n[^5]: b\n\n", "```\n\n"}
	head := func() string {
		if r.IntN(3) != 0 {
			return heads[r.IntN(8)]
		}
		return heads[r.IntN(len(heads))]
	}
	words := []string{"b", "n", "note", "a longer note of many words here", "x y", "B2", "z9 q"}
	srcs := []string{Hostile("footnote-chain", 16<<10), Hostile("footnotes", 16<<10), Hostile("footnote-chain", 4<<10)}
	for range 700 {
		var b strings.Builder
		b.WriteString(head())
		if r.IntN(4) == 0 {
			b.WriteString(head())
		}
		notes := 120 + r.IntN(300)
		for i := range notes {
			label := i
			if r.IntN(100) == 0 {
				label = r.IntN(notes) // defined twice, perhaps
			}
			fmt.Fprintf(&b, "[^%d]: %s", label, words[r.IntN(len(words))])
			for range r.IntN(3) {
				switch r.IntN(200) {
				case 0:
					fmt.Fprintf(&b, "[^u%d]", r.IntN(3)) // defined nowhere
				case 1:
					fmt.Fprintf(&b, " [^%d][^%d]", r.IntN(notes+r.IntN(2)*5), r.IntN(notes+5))
				case 2:
					b.WriteString(" [^3] more")
				default:
					if r.IntN(4) != 0 {
						b.WriteString(" and")
					}
					fmt.Fprintf(&b, "[^%d]", r.IntN(notes+r.IntN(2)))
				}
			}
			if r.IntN(300) == 0 {
				b.WriteString(" *x*") // not a tail's
			}
			b.WriteByte('\n')
		}
		s := b.String()
		if r.IntN(5) == 0 {
			s = strings.TrimSuffix(s, "\n")
		}
		srcs = append(srcs, s)
	}
	read, refused := 0, 0
	for _, s := range srcs {
		src := []byte(s)
		var refs []parser.Reference
		if r.IntN(4) == 0 {
			refs = append(refs, parser.NewReference([]byte("^u1"), []byte("/l"), nil), parser.NewReference([]byte("^3"), []byte("/m"), nil))
		}
		if tail := newNoteTail(src); tail != nil {
			ctx := withTail(nil, refs)
			ctx.Set(noteTailKey, tail)
			p.Parse(text.NewReader(src), parser.WithContext(ctx))
			if tail.open && !tail.failed {
				read++
			} else {
				refused++
			}
		}
		for _, o := range []LowerOptions{{Colour: true, SpacedBreaks: true}, {}} {
			ctx := withTail(src, refs)
			fast := p.Parse(text.NewReader(src), parser.WithContext(ctx))
			if tail, _ := ctx.Get(noteTailKey).(*noteTail); tail != nil && tail.failed {
				break // parsed again by ParseNotes, below
			}
			slow := p.Parse(text.NewReader(src), parser.WithContext(withTail(nil, refs)))
			got, want := lowered(fast, Lower(fast, src, o)), lowered(slow, Lower(slow, src, o))
			if got != want {
				g, w := fromDiff(got, want)
				t.Fatalf("%.300q...\nread as %.300q\nthe parse %.300q", s, g, w)
			}
		}
		// ParseNotes is the one or the other.
		doc := ParseNotes(p, src, refs, nil, false)
		slow := p.Parse(text.NewReader(src), parser.WithContext(withTail(nil, refs)))
		if got, want := lowered(doc, Lower(doc, src, LowerOptions{})), lowered(slow, Lower(slow, src, LowerOptions{})); got != want {
			t.Fatalf("%.300q: ParseNotes lowers otherwise", s)
		}
	}
	// A site's own math delimiters may start with a letter: the tail's
	// text is then goldmark's to read.
	site := NewDialect([]MathDelimiter{{Open: "b", Close: "b"}}).DrawParser(false)
	src := []byte(Hostile("footnote-chain", 16<<10))
	if n := countKind(ParseNotes(site, src, nil, nil, false), KindNoteLines); n != 0 {
		t.Fatalf("%d NoteLines read with a site's delimiters", n)
	}
	if n := countKind(ParseNotes(p, src, nil, nil, false), KindNoteLines); n != 1 {
		t.Fatalf("%d NoteLines read of the note chain, want 1", n)
	}
	if read < 60 || refused < 100 {
		t.Fatalf("%d tails read, %d refused: the test checks too little", read, refused)
	}
}

// withTail is a parse's context with refs and src's tail of notes, if
// src is not nil.
func withTail(src []byte, refs []parser.Reference) parser.Context {
	ctx := parser.NewContext()
	for _, d := range refs {
		ctx.AddReference(d)
	}
	if src != nil {
		if t := newNoteTail(src); t != nil {
			ctx.Set(noteTailKey, t)
		}
	}
	return ctx
}

// lowered writes down a lowered tree: each node's kind, a text's value
// and breaks, a reference's number, a block's lines (but a paragraph's
// after a rule that ends the document: the notes' lines).
func lowered(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "(%s", n.Kind())
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %q %v %v %v", n.Segment.Value(src), n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw())
		case *east.FootnoteLink:
			fmt.Fprintf(&b, " %d", n.Index)
		}
		if n.Type() == ast.TypeBlock {
			notes := n.Kind() == ast.KindParagraph && n.Parent() == doc && n.NextSibling() == nil &&
				n.PreviousSibling() != nil && n.PreviousSibling().Kind() == ast.KindThematicBreak
			for i := 0; i < n.Lines().Len() && !notes; i++ {
				seg := n.Lines().At(i)
				fmt.Fprintf(&b, " %q", seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// countKind counts the nodes of kind k in doc.
func countKind(doc ast.Node, k ast.NodeKind) int {
	n := 0
	_ = ast.Walk(doc, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Kind() == k {
			n++
		}
		return ast.WalkContinue, nil
	})
	return n
}
