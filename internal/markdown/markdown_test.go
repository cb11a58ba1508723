package markdown

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// shape is what a bounded tree must respect.
type shape struct {
	blockDepth, inlineDepth, listItems, nodes int
}

// measure walks a tree without recursion (a broken bound must fail the
// test, not overflow the stack).
func measure(doc ast.Node) shape {
	type frame struct {
		n             ast.Node
		block, inline int
	}
	var s shape
	stack := []frame{{doc, 0, 0}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s.nodes++
		switch f.n.Kind() {
		case ast.KindBlockquote, ast.KindList, east.KindDefinitionList:
			f.block++
		}
		if isInlineContainer(f.n) {
			f.inline++
		}
		if f.n.Kind() == ast.KindList {
			s.listItems = max(s.listItems, f.n.ChildCount())
		}
		s.blockDepth = max(s.blockDepth, f.block)
		s.inlineDepth = max(s.inlineDepth, f.inline)
		for c := f.n.FirstChild(); c != nil; c = c.NextSibling() {
			stack = append(stack, frame{c, f.block, f.inline})
		}
	}
	return s
}

func (s shape) within() error {
	switch {
	case s.blockDepth > MaxBlockDepth:
		return fmt.Errorf("blocks nest %d deep (max %d)", s.blockDepth, MaxBlockDepth)
	case s.inlineDepth > MaxInlineDepth:
		return fmt.Errorf("inlines nest %d deep (max %d)", s.inlineDepth, MaxInlineDepth)
	case s.listItems > MaxListItems:
		return fmt.Errorf("a list has %d items (max %d)", s.listItems, MaxListItems)
	}
	return nil
}

// textOf concatenates the text segments of a tree, without recursion.
func textOf(doc ast.Node, src []byte) string {
	var b strings.Builder
	stack := []ast.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t, ok := n.(*ast.Text); ok {
			b.Write(t.Segment.Value(src))
		}
		var kids []ast.Node
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			kids = append(kids, c)
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return b.String()
}

// TestHostileDocumentsStayBounded parses every hostile document at 256 KB
// (64 KB under -race) in a child process, so that a stack overflow (fatal:
// it cannot be recovered) fails this test instead of killing the test
// binary. Before
// the bounds, ">" x 200,000 took minutes and "*" x 100,000 around one
// letter overflowed the stack.
func TestHostileDocumentsStayBounded(t *testing.T) {
	if os.Getenv("MARKDOWN_HOSTILE_CHILD") == "1" {
		hostileChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileDocumentsStayBounded$", "-test.v")
	cmd.Env = append(os.Environ(), "MARKDOWN_HOSTILE_CHILD=1")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	// Generous: the child needs well under a second (ten under -race);
	// without the bounds it ran for many minutes or crashed.
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("parsing hostile documents did not finish in 3 minutes:\n%s", tail(out))
	}
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, tail(out))
	}
}

func hostileChild(t *testing.T) {
	p := NewParser(Glamour)
	for _, name := range HostileNames() {
		src := []byte(Hostile(name, hostileSize))
		start := time.Now()
		doc := Parse(p, src, nil)
		Lower(doc, src, LowerOptions{Colour: true})
		took := time.Since(start)
		s := measure(doc)
		t.Logf("%-20s %7d bytes %9v %7d nodes", name, len(src), took.Round(time.Microsecond), s.nodes)
		if err := s.within(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		// Bounded nodes: no more than about one per byte.
		if s.nodes > 2*len(src)+16 {
			t.Errorf("%s: %d nodes for %d bytes", name, s.nodes, len(src))
		}
	}
	// What is not drawn as structure stays as text.
	src := []byte(Hostile("quotes", hostileSize))
	if got := strings.Count(textOf(Parse(p, src, nil), src), ">"); got < hostileSize-MaxBlockDepth-1 {
		t.Errorf("quotes beyond the cap: %d '>' left in the text, want them all but %d", got, MaxBlockDepth)
	}
	src = []byte(Hostile("emphasis", hostileSize))
	if got := textOf(Parse(p, src, nil), src); !strings.Contains(got, "a") {
		t.Errorf("the emphasised letter is lost: %.80q", got)
	}
}

func tail(b []byte) string {
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// dump is a comparable picture of a tree: kinds, text and the attributes
// glamour draws.
func dump(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		b.WriteString("(" + n.Kind().String())
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %q soft=%v hard=%v", n.Segment.Value(src), n.SoftLineBreak(), n.HardLineBreak())
		case *ast.Link:
			fmt.Fprintf(&b, " %q %q", n.Destination, n.Title)
		case *ast.Image:
			fmt.Fprintf(&b, " %q", n.Destination)
		case *ast.List:
			fmt.Fprintf(&b, " %c start=%d tight=%v", n.Marker, n.Start, n.IsTight)
		case *ast.Emphasis:
			fmt.Fprintf(&b, " %d", n.Level)
		case *ast.Heading:
			fmt.Fprintf(&b, " %d", n.Level)
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			fmt.Fprintf(&b, " lines=%q", n.Lines().Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestWrittenPostsParseAsBefore: the bounds change nothing in what people
// write: the sample posts, and documents nested right up to the caps,
// parse exactly as with goldmark's own parser.
func TestWrittenPostsParseAsBefore(t *testing.T) {
	// Stock goldmark, with the figures every post gets (see figures.go).
	stock := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(figures{}, -500)))).Parser()
	bounded := NewParser(Glamour)
	docs := map[string]string{
		"nested quotes": strings.Repeat(">", MaxBlockDepth) + " deep\n",
		"nested lists":  strings.Repeat("- ", MaxBlockDepth) + "deep\n",
		"mixed": "> - a\n>   > 1. b\n>   >    - c\n\n" + strings.Repeat("*", 2*MaxInlineDepth) + "x" + strings.Repeat("*", 2*MaxInlineDepth) +
			"\n\n[a *b [c](d) e* f](g) ![i **j**](k) ~~s~~ www.example.com\n\nterm\n: definition\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"links": "[a](<b c> \"t\") [d](e (f)) [g][h] [h]\n\n[h]: /url 'title'\n" + "[long](" + strings.Repeat("x", MaxLinkTail-10) + ")\n",
		"list":  strings.Repeat("1. item\n", MaxListItems),
	}
	files, _ := filepath.Glob("../../content/*.md")
	more, _ := filepath.Glob("../../content/posts/*.md")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = string(b)
	}
	if len(docs) < 8 {
		t.Fatalf("found %d documents; the sample content moved?", len(docs))
	}
	for name, doc := range docs {
		src := []byte(doc)
		want := dump(stock.Parse(text.NewReader(src)), src)
		got := dump(Parse(bounded, src, nil), src)
		if got != want {
			t.Errorf("%s parses differently:\n got %.600s\nwant %.600s", name, got, want)
		}
	}
}

func TestLongListsContinueNumbered(t *testing.T) {
	n := 2*MaxListItems + 3
	src := []byte(strings.Repeat("1. x\n", n))
	doc := Parse(NewParser(Glamour), src, nil)
	var starts, items []int
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		l := c.(*ast.List)
		starts = append(starts, l.Start)
		items = append(items, l.ChildCount())
	}
	if fmt.Sprint(starts) != fmt.Sprint([]int{1, 1 + MaxListItems, 1 + 2*MaxListItems}) || fmt.Sprint(items) != fmt.Sprint([]int{MaxListItems, MaxListItems, 3}) {
		t.Errorf("lists start at %v with %v items", starts, items)
	}
}

func TestDefinitionsCarryAcrossPieces(t *testing.T) {
	p := NewParser(Glamour)
	refs := Definitions(p, []byte("text\n\n[a]: /first\n[b]: /b\n"))
	doc := Parse(p, []byte("[a] and [b]\n\n[a]: /second\n"), refs)
	var dests []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			dests = append(dests, string(l.Destination))
		}
		return ast.WalkContinue, nil
	})
	if fmt.Sprint(dests) != "[/first /b]" {
		t.Errorf("links go to %v, want the earlier definitions [/first /b]", dests)
	}
}

// FuzzParse builds documents from hostile tokens repeated many times (a
// random byte string rarely nests deeply) and checks the bounds and that
// parsing is fast.
func FuzzParse(f *testing.F) {
	for _, name := range HostileNames() {
		f.Add([]byte(Hostile(name, 64<<10)))
	}
	f.Add([]byte{0, 200, 5, 200, 9, 100, 3, 255})
	p := NewParser(Glamour)
	f.Fuzz(func(t *testing.T, in []byte) {
		src := Expand(in, 256<<10)
		start := time.Now()
		doc := Parse(p, src, nil)
		if err := measure(doc).within(); err != nil {
			t.Fatalf("%v (document %.200q)", err, src)
		}
		// Generous: a 256 KB document parses in tens of milliseconds.
		if took := time.Since(start); took > 20*time.Second {
			t.Fatalf("parsing %d bytes took %v (document %.200q)", len(src), took, src)
		}
	})
}

// TestReadNotesReturnsDefinitions: a piece with footnotes is parsed once
// for its notes and its link definitions alike, which a later piece's
// links are to find.
func TestReadNotesReturnsDefinitions(t *testing.T) {
	p := NewParser(Glamour)
	src := []byte("text[^1]\n\n[^1]: a note\n\n[a]: /first\n[b]: /b\n")
	got := NewNotes().ReadNotes(p, src)
	want := Definitions(p, src)
	if len(got) != 2 || refsByLabel(got) != refsByLabel(want) {
		t.Errorf("ReadNotes gave the definitions %v, Definitions %v", got, want)
	}
}

// TestUndefinedNoteRefsParseAsText: a reference to a note that is not
// defined, taken as its text (footnoteRef.undefined), makes the tree
// goldmark's link parser makes of it: the same nodes but for how the text
// is cut into text nodes, the same text, the same line breaks, lowered to
// the same bytes, wherever the reference stands.
func TestUndefinedNoteRefsParseAsText(t *testing.T) {
	viaLinks := newParser(Glamour, footnoteRef{})
	fast := NewParser(Glamour)
	for _, md := range []string{
		"a [^x] b\n",
		"[^1] starts\nand [^2]\nends [^3]\n",
		"*a [^x] b* and **[^y]**, _[^z]_ ~~[^s]~~\n",
		"[a [^x] b](https://example.com) and [^z](https://example.com/z)\n",
		"[^r][ref] and [^r][] and [^r] and ![^i](p.png)\n\n[ref]: https://example.com/ref\n",
		"[^lnk]\n\n> [^lnk]: https://example.com/deep\n",
		strings.Repeat(">", MaxBlockDepth+2) + " [^deep]: https://example.com/deep\n\n[^deep] is a link\n",
		"> quoted [^x]\n\n- item [^y]\n  - deeper[^z]\n",
		"| a | b |\n|---|---|\n| [^x] | c[^y] |\n",
		"中文[^注]中文 and [^a-b-9], www.example.com[^w] $x$[^m]\n",
		"[^x] defined elsewhere, [^d] here.\n\n[^d]: A note.\n",
		strings.Repeat("[", 40) + " [^x] " + strings.Repeat("]", 40) + " [^x]: [^x]( [^x][\n",
		"[^x]  \nhard break, then \\[^x] and [^x\\] and [^a_b] [^a.b] [^a:b] [^www.example.com]\n",
		strings.Repeat("[", MaxLinkOpeners+8) + "[^x]](https://example.com)\n",
		strings.Repeat("- ", MaxBlockDepth+2) + "[^deep]: https://example.com/deep\n\n[^deep] is a link\n",
		// As deep as blocks go, the note's definition is a link's.
		strings.Repeat("> ", MaxBlockDepth) + "[^deep]: https://example.com/deep\n\n[^deep] is a link\n",
	} {
		src := []byte(md)
		want, got := treeText(Parse(viaLinks, src, nil), src), treeText(Parse(fast, src, nil), src)
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", md, got, want)
		}
		lw, lg := Lower(Parse(viaLinks, src, nil), src, LowerOptions{}), Lower(Parse(fast, src, nil), src, LowerOptions{})
		if string(lw) != string(lg) {
			t.Errorf("%q lowered: %q, via links %q", md, lg, lw)
		}
	}
}

// treeText describes a tree: its nodes but text, each run of text nodes
// as the text it holds and its line breaks.
func treeText(doc ast.Node, src []byte) string {
	var b strings.Builder
	inText := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok {
			if entering {
				if !inText {
					b.WriteString(" T(")
				}
				inText = true
				b.Write(t.Segment.Value(src))
				if t.SoftLineBreak() {
					b.WriteString("<soft>")
				}
				if t.HardLineBreak() {
					b.WriteString("<hard>")
				}
			}
			return ast.WalkContinue, nil
		}
		if inText {
			b.WriteString(")")
			inText = false
		}
		if entering {
			fmt.Fprintf(&b, " %s{", n.Kind())
		} else {
			b.WriteString("}")
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestDefinitionParserReadsAsNewParser: the parser without inlines finds
// the link definitions and the notes NewParser's does, in every hostile
// document and in written ones (definitions in quotes, lists, after
// paragraphs, notes of several paragraphs, a note's definition too deep
// to be a note, which is then a link's).
func TestDefinitionParserReadsAsNewParser(t *testing.T) {
	full, defs := NewParser(Glamour), NewDefinitionParser(Glamour)
	docs := []string{
		"text[^1] and [a]\n\n[^1]: a note\n\n    its second paragraph\n\n[a]: /first 'title'\n[b]:\n  /b\n",
		"> [q]: /quoted\n\n- [l]: /listed\n\n  [m]: /in-item\n\npara\n[c]: /not-after-a-paragraph\n",
		"[^n]: note *with* `code` and [a link](/x)\n[^n]: a second definition\n[^ ]: /blank-label\n",
		strings.Repeat("> ", MaxBlockDepth) + "[^deep]: /deep\n",
		"```\n[f]: /fenced\n[^f]: fenced\n```\n<div>\n[h]: /html\n</div>\n",
	}
	for _, name := range HostileNames() {
		docs = append(docs, Hostile(name, 16<<10))
	}
	for _, d := range docs {
		src := []byte(d)
		if got, want := refsByLabel(Definitions(defs, src)), refsByLabel(Definitions(full, src)); got != want {
			t.Errorf("%.60q: definitions %.200s, want %.200s", d, got, want)
		}
		got, want := NewNotes(), NewNotes()
		got.ReadNotes(defs, src)
		want.ReadNotes(full, src)
		if got.Defs() != want.Defs() || got.Count() != want.Count() || got.Over() != want.Over() {
			t.Errorf("%.60q: notes %d %.200q, want %d %.200q", d, got.Count(), got.Defs(), want.Count(), want.Defs())
		}
	}
}

// refsByLabel lists references in label order: goldmark keeps a parse's
// references in a map.
func refsByLabel(refs []parser.Reference) string {
	s := make([]string, len(refs))
	for i, r := range refs {
		s[i] = fmt.Sprint(r)
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}
