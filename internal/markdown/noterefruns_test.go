package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// TestNoteRunsDrawAsTheirNodes: a parse with NoteRuns lowers to the tree
// a parse without them lowers to (see lowered), in paragraphs of few and
// of many references (around the count Lower joins at), over lines,
// with hard breaks, references to no note, emphasis, "&", links and code
// between them, in quotes and lists, notes listed as a list or as lines;
// and the hostile notes.
func TestNoteRunsDrawAsTheirNodes(t *testing.T) {
	o := Glamour
	o.LinkRuns = true
	runs, plain := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
	r := rand.New(rand.NewPCG(5, 9))
	between := []string{" a", " b c", "a ", "  x9 ", " *e* ", " &amp; ", " [l](/u) ", " `c` ", "\n", "  \n", " a\n", "", " _", "[", " \\", " é "}
	srcs := []string{Hostile("footnotes", 16<<10), Hostile("footnotes", 4<<10), Hostile("footnote-chain", 16<<10)}
	read := 0
	for range 500 {
		var b strings.Builder
		notes := 5 + r.IntN(300)
		prefix := []string{"", "", "> ", "- ", "# "}[r.IntN(5)]
		b.WriteString(prefix + "a")
		for range r.IntN(400) {
			label := fmt.Sprint(r.IntN(notes + 2))
			if r.IntN(50) == 0 {
				label = "u"
			}
			fmt.Fprintf(&b, "[^%s]", label)
			w := between[0]
			if r.IntN(3) == 0 {
				w = between[r.IntN(len(between))]
			}
			b.WriteString(w)
			if strings.HasSuffix(w, "\n") && prefix == "> " {
				b.WriteString("> ")
			}
		}
		b.WriteString("\n\n")
		for i := range notes {
			if r.IntN(30) != 0 {
				fmt.Fprintf(&b, "[^%d]: n%s\n", i, []string{"", "[^1]", " a longer note of many words here"}[r.IntN(3)])
			}
		}
		srcs = append(srcs, b.String())
	}
	for _, s := range srcs {
		src := []byte(s)
		for _, o := range []LowerOptions{{Colour: true, SpacedBreaks: true}, {}} {
			fast := ParseNotes(runs, src, nil, nil, false)
			slow := ParseNotes(plain, src, nil, nil, false)
			if o.Colour {
				read += countRuns(fast)
			}
			got, want := lowered(fast, Lower(fast, src, o)), lowered(slow, Lower(slow, src, o))
			if got != want {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Fatalf("%.300q...\nread as %.300q\nthe parse %.300q", s, got[max(0, i-100):], want[max(0, i-100):])
			}
		}
	}
	if read < 100 {
		t.Fatalf("only %d runs left to Lower: the test checks too little", read)
	}
}

// countRuns counts the NoteRuns of a tree.
func countRuns(doc ast.Node) int {
	n := 0
	_ = ast.Walk(doc, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := c.(*NoteRun); ok && entering {
			n++
		}
		return ast.WalkContinue, nil
	})
	return n
}

// TestNoteRunsAskJoinedOncePerParagraph: the runs of a paragraph are
// expanded after one question whether Lower joins it (see
// expandNoteRuns), not one a run, each a walk of the paragraph's
// children: quadratic in a paragraph of many short runs ("a[^1] b[^1]* "
// repeated), which took 15 s to render at 256 KB. Expanded, the
// paragraph has the children of a parse without runs.
func TestNoteRunsAskJoinedOncePerParagraph(t *testing.T) {
	o := Glamour
	o.LinkRuns = true
	runs, plain := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
	// Joined (over MaxTextRuns children): the parse leaves its runs.
	src := []byte("[^1]: n\n\npara " + strings.Repeat("a[^1] b[^1]* ", 400) + "\n")
	tree := Parse(runs, src, nil)
	var found []*NoteRun
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*NoteRun); ok && entering {
			found = append(found, r)
		}
		return ast.WalkContinue, nil
	})
	if len(found) < 100 {
		t.Fatalf("%d runs left in the joined paragraph, want hundreds", len(found))
	}
	para := found[0].Parent()
	asked := 0
	expandNoteRuns(found, src, func(ast.Node) bool { asked++; return false })
	if asked != 1 {
		t.Fatalf("joined asked %d times for the %d runs of one paragraph, want once", asked, len(found))
	}
	want := Parse(plain, src, nil).FirstChild()
	if para.ChildCount() != want.ChildCount() {
		t.Fatalf("expanded paragraph has %d children, a parse without runs %d", para.ChildCount(), want.ChildCount())
	}
	for c, w := para.FirstChild(), want.FirstChild(); c != nil; c, w = c.NextSibling(), w.NextSibling() {
		if c.Kind() != w.Kind() || c.Pos() != w.Pos() {
			t.Fatalf("expanded child %v at %d, a parse without runs %v at %d", c.Kind(), c.Pos(), w.Kind(), w.Pos())
		}
	}
}
