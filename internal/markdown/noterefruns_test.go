package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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
				g, w := fromDiff(got, want)
				t.Fatalf("%.300q...\nread as %.300q\nthe parse %.300q", s, g, w)
			}
		}
	}
	if read < 100 {
		t.Fatalf("only %d runs left to Lower: the test checks too little", read)
	}
}

// fromDiff returns got and want from 100 bytes before the first byte
// where they differ: what a failing comparison shows.
func fromDiff(got, want string) (string, string) {
	k := 0
	for k < len(got) && k < len(want) && got[k] == want[k] {
		k++
	}
	return got[max(0, k-100):], want[max(0, k-100):]
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
	src := []byte("[^1]: n\n\npara " + strings.Repeat("a[^1] b[^1]& ", 400) + "\n")
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

// TestNoteRunsOfPunctuationDrawAsTheirNodes: runs whose texts between
// references hold punctuation, non-ASCII text and runs of "*" or "_"
// (see runStretch) lower to the tree a parse without runs lowers to,
// with emphasis pending before them or not, around MaxDelimiters and
// around MaxTextRuns; and the punctuation that an inline parser reads
// (links, images, code, math, linkify, e-mail addresses, escapes) ends
// the run where the parse would read it.
func TestNoteRunsOfPunctuationDrawAsTheirNodes(t *testing.T) {
	for _, emoji := range []bool{false, true} {
		o := Glamour
		o.LinkRuns, o.Emoji = true, emoji
		testNoteRunsOfPunctuation(t, NewParser(o), newParser(o, footnoteRef{undefinedAsText: true}))
	}
}

func testNoteRunsOfPunctuation(t *testing.T, runs, plain parser.Parser) {
	r := rand.New(rand.NewPCG(7, 13))
	between := []string{
		" a", ", b", ". c", "; d?", " \"q\" ", " 'q' ", " (p) ", " a-b/c ", " 50% ", " #x ", " x|y ", " {z} ", " a+b=c ", " ^ ", " > ",
		"* ", "** a ", " *** b ", "_ ", "__ c ", " * ", "a*", "*a ", "_a_ ", " *e* ", "x* y* ", "*",
		" 中文，", "。", " é ", "！",
		"! ", " !x ", "!", " www.x.com ", " www ", "www", " WWW.a ", ". www. ", " http://a.b ", " a:b ", " a@b.co ", " x@ ",
		" a: b ", ": ", " http: ", " HTTPS: ", "ftp:", " :smile: ", ":tada: ", " @ ", " a@ b ", " @x ", "@-",
		" & ", " `c` ", " $m$ ", " <b> ", " \\* ", " ~s~ ", " [l](/u) ", "[", "]", " :) ", "", "  \n", " a\n",
	}
	heads := []string{"", "", "", "*open ", "_open ", "~~s ", "**b** ", "[link ", "x * y "}
	srcs := []string{Hostile("note-runs", 4<<10), Hostile("note-runs", 16<<10)}
	for range 1500 {
		var b strings.Builder
		notes := 3 + r.IntN(20)
		b.WriteString(heads[r.IntN(len(heads))])
		if r.IntN(4) == 0 {
			// Delimiters near MaxDelimiters before the runs.
			b.WriteString(strings.Repeat("*a* ", MaxDelimiters/2-r.IntN(8)))
		}
		b.WriteString("a")
		refs := r.IntN(40)
		if r.IntN(4) == 0 {
			refs = 100 + r.IntN(300) // around MaxTextRuns children
		}
		for range refs {
			fmt.Fprintf(&b, "[^%d]", r.IntN(notes+1))
			b.WriteString(between[r.IntN(len(between))])
		}
		if r.IntN(3) == 0 {
			b.WriteString(" close* ~~ _")
		}
		b.WriteString("\n\n")
		for i := range notes {
			fmt.Fprintf(&b, "[^%d]: n\n", i)
		}
		srcs = append(srcs, b.String())
	}
	cut, read := 0, 0
	for _, s := range srcs {
		src := []byte(s)
		for _, lo := range []LowerOptions{{Colour: true, SpacedBreaks: true}, {}} {
			fast := ParseNotes(runs, src, nil, nil, false)
			slow := ParseNotes(plain, src, nil, nil, false)
			if lo.Colour {
				_ = ast.Walk(fast, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
					if r, ok := c.(*NoteRun); ok && entering {
						read++
						if bytes.ContainsAny(src[r.Start:r.Stop], "*_") {
							cut++ // its cuts dropped as its texts were joined
						}
					}
					return ast.WalkContinue, nil
				})
			}
			got, want := lowered(fast, Lower(fast, src, lo)), lowered(slow, Lower(slow, src, lo))
			if got != want {
				g, w := fromDiff(got, want)
				t.Fatalf("%.300q...\nread as %.300q\nthe parse %.300q", s, g, w)
			}
		}
	}
	if read < 500 || cut < 100 {
		t.Fatalf("%d runs left to Lower, %d of them with delimiters: the test checks too little", read, cut)
	}
}

// TestNoteRunsExpandCut: runs with cuts in paragraphs Lower does not
// join expand to the parse's nodes, a delimiter's text merged into the
// text before it (the tree before Lower, compared node by node).
func TestNoteRunsExpandCut(t *testing.T) {
	o := Glamour
	o.LinkRuns = true
	runs, plain := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
	for _, s := range []string{
		"a[^1] b[^1]* c[^1]\n\n[^1]: n\n",
		"a[^1]* b[^1]** c_ d[^1] e\n\n[^1]: n\n",
		"x* [^1] y_ z[^1]*\n\n[^1]: n\n",
		strings.Repeat("a[^1] b* ", 100) + "\n\n[^1]: n\n",
	} {
		src := []byte(s)
		got, want := lowered(ParseNotes(runs, src, nil, nil, false), src), lowered(ParseNotes(plain, src, nil, nil, false), src)
		if got != want {
			t.Errorf("%q\nparsed as %s\nthe parse %s", s, got, want)
		}
	}
}

// TestTextRunsDrawAsTheirNodes: references to no note, taken as their
// text in runs (see footnoteRef.textRun), lower to the tree a parse
// without runs lowers to: in paragraphs of few and of many (around
// MaxTextRuns), with references to notes, link definitions of their
// labels, emphasis, links and the punctuation that ends a run between
// them, in a post of one piece and in a piece of a post whose notes are
// defined in others (Notes), with and without emoji.
func TestTextRunsDrawAsTheirNodes(t *testing.T) {
	between := []string{" a", " a", ", b", " c.", " x: y", " (p) ", " *e* ", "* ", " _", "**", " & ", " `c` ", " [l](/u) ", " ", "",
		" www.x.com ", " a@b.co ", "!", "  \n", " a\n", " [", " ]", " 中文 ", " :smile: ", ":tada: ", "</b>", " <wbr>", "</i></b> "}
	r := rand.New(rand.NewPCG(3, 17))
	var srcs []string
	for range 1500 {
		var b strings.Builder
		b.WriteString([]string{"", "", "*open ", "[link ", "> ", "- "}[r.IntN(6)])
		b.WriteString("a")
		refs := r.IntN(40)
		if r.IntN(3) == 0 {
			refs = 150 + r.IntN(400)
		}
		for range refs {
			label := fmt.Sprint(r.IntN(60))
			if r.IntN(9) == 0 {
				label = "d" + label // defined below
			}
			fmt.Fprintf(&b, "[^%s]", label)
			b.WriteString(between[r.IntN(len(between))])
		}
		b.WriteString("\n\n[^d1]: n\n[^d2]: n\n")
		if r.IntN(5) == 0 {
			b.WriteString("[7]: /seven\n")
		}
		srcs = append(srcs, b.String())
	}
	srcs = append(srcs, Hostile("footnotes", 64<<10), Hostile("footnotes", 16<<10))
	for _, emoji := range []bool{false, true} {
		o := Glamour
		o.LinkRuns, o.Emoji = true, emoji
		runs, plain := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
		taken := 0
		for i, s := range srcs {
			src := []byte(s)
			var notes *Notes
			if i%2 == 0 {
				// A piece whose notes, some, are in others.
				notes = NewNotes()
				notes.ReadNotes(plain, []byte("[^3]: n\n[^d2]: n\n"))
			}
			fast := ParseNotes(runs, src, nil, notes, false)
			slow := ParseNotes(plain, src, nil, notes, false)
			if notes == nil {
				pc := parser.NewContext()
				runs.Parse(text.NewReader(src), parser.WithContext(pc))
				if m, _ := pc.Get(textRunsKey).(map[*ast.Text]textRun); len(m) > 0 {
					taken++
				}
			}
			lo := LowerOptions{Colour: true, SpacedBreaks: i%3 != 0}
			got, want := lowered(fast, Lower(fast, src, lo)), lowered(slow, Lower(slow, src, lo))
			if got != want {
				g, w := fromDiff(got, want)
				t.Fatalf("%.300q...\nread as %.300q\nthe parse %.300q", s, g, w)
			}
		}
		if taken < 100 {
			t.Fatalf("only %d posts had text runs: the test checks too little", taken)
		}
	}
}

// TestFailedLinksParseAsGoldmark: "[label](destination" whose link fails
// on its line's last destination (see linkGuard.failedLink) parses to
// the tree goldmark's link parser makes, lowered: on one line and many,
// next lines that could close the link or start its title, labels that
// are link definitions', labels and destinations of every kind of byte,
// openers pending before, in paragraphs, headings, quotes, lists and
// tables, with and without emoji.
func TestFailedLinksParseAsGoldmark(t *testing.T) {
	parts := []string{"[a](b", "[a](b", "[a](b", "[x y](b c", "[a](<b", "[a](b)", "[](b", "[a]( b", "[a](b(c", "[a](b\\)",
		"[d](b", "[a*](b", "[a `c`](b", "[a:b](c", "[a.www](b", "[[a](b", "[a]](b", "x ", "*a* ", "[open ", "] ", "![a](b",
		"[a](b\n", "[a](b\n)", "[a](b\n(t)", "[a](b\n\"t\")", "[a](b\n'", "[a](b\nc", "[a](b  \nc", "[中](文", "[a](b\r\n"}
	heads := []string{"", "", "", "# ", "> ", "- ", "| a | b |\n|---|---|\n| "}
	r := rand.New(rand.NewPCG(11, 5))
	var srcs []string
	for range 3000 {
		var b strings.Builder
		b.WriteString(heads[r.IntN(len(heads))])
		for range r.IntN(30) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		if r.IntN(4) == 0 {
			b.WriteString("\n\n[d]: /d\n")
		}
		srcs = append(srcs, b.String()+"\n")
	}
	srcs = append(srcs, Hostile("unclosed-links", 16<<10), Hostile("link-parens", 16<<10),
		strings.Repeat(strings.Repeat("[a](b", 400)+"\n", 8), strings.Repeat(strings.Repeat("[a](b", 30)+"\n", 40))
	for _, emoji := range []bool{false, true} {
		o := Glamour
		o.LinkRuns, o.Emoji = true, emoji
		fast, slow := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
		for _, s := range srcs {
			src := []byte(s)
			a, b := Parse(fast, src, nil), Parse(slow, src, nil)
			got, want := lowered(a, Lower(a, src, LowerOptions{Colour: true})), lowered(b, Lower(b, src, LowerOptions{Colour: true}))
			if got != want {
				g, w := fromDiff(got, want)
				t.Fatalf("%.300q...\nparsed as %.300q\ngoldmark %.300q", s, g, w)
			}
		}
	}
}
