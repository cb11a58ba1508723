package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// rawHTMLNodes parses src with only raw inline HTML (and paragraphs) and
// lists the inline nodes: kind and source bytes.
func rawHTMLNodes(p parser.Parser, src []byte) []string {
	var out []string
	doc := p.Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			// A run of start or end tags (see runnable, endRunnable) is
			// listed as its tags, each of which must be one a run may
			// hold.
			if t := runText(n, src); t != nil {
				start := n.Segments.At(0).Start
				joins := runnable
				if t[1] == '/' {
					joins = endRunnable
				}
				for off := 0; off < len(t); {
					k, _ := scanTag(t[off:])
					tag := t[off : off+k]
					if !joins(tag) {
						out = append(out, fmt.Sprintf("run holding %q", tag))
					}
					out = append(out, fmt.Sprintf("html %d:%q", start+off, tag))
					off += k
				}
				return ast.WalkContinue, nil
			}
			var segs []string
			for i := range n.Segments.Len() {
				s := n.Segments.At(i)
				segs = append(segs, fmt.Sprintf("%d:%q", s.Start, s.Value(src)))
			}
			out = append(out, "html "+strings.Join(segs, " "))
		case *ast.Text:
			out = append(out, fmt.Sprintf("text %d:%q", n.Segment.Start, n.Segment.Value(src)))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// rawHTMLParsers returns goldmark's parser and ours; shares lets ours
// share a node between the tags Lower drops (see sharedDropped).
func rawHTMLParsers(shares bool) (goldmarks, ours parser.Parser) {
	build := func(p parser.InlineParser) parser.Parser {
		return parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(util.Prioritized(p, 400)),
		)
	}
	return build(parser.NewRawHTMLParser()), build(rawHTML{InlineParser: parser.NewRawHTMLParser(), shares: shares})
}

var rawHTMLCases = []string{
	"<a>", "</a>", "<a/>", "<a />", "<a/ >", "<a /x>", "< a>", "<1a>", "<a-1>", "<a_b>", "</a >", "</a\t>", "</a x>", "</a/>",
	"<a href>", "<a href=x>", "<a href = x >", "<a href='x'>", `<a href="x">`, `<a href="x"y>`, `<a href="x" y>`,
	`<a href=">">`, "<a href=x/>", "<a href=x/ >", "<a b=c/d>", "<a href=>", "<a href==x>", "<a href=`x>", "<a href=<x>",
	"<a :b._-c=1 _d>", "<a .b>", "<a -b>", "<a b\"c>", "<a\tb\t=\tc\t>", "<a b='c\"d'>", `<a b="c'd">`, "<a b=c'd>",
	"<a\nb>", "<a b\n=c>", "<a b=\nc>", "<a b='c\nd'>", "<a b=\"c\nd\">", "<a\n>", "</a\n>", "<a/\n>", "<a\r\nb>", "<a\rb>",
	"<a b=c\n>", "<a b\n>", "<a b", "<a b='", "<a", "</a", "<", "<!-- x -->", "<?x?>", "<!X y>", "<![CDATA[x]]>",
	"<img src=\"a.png\" alt=\"x\">", "<mark>a <sup>", "<b><i>a</b></i>", " <a href=\"", "<a \x00>", "<a b=\x00>",
	"<a b='\x00'>", "<a b=\xff>", "<\xffa>", "<a\xff>", "<a b\xff=c>", "<a b='\xff'>", "<a b=\"\xff\">", "<a b=中>", "<a b='中'>", "<a b=\"中\">", "<a b=a\xffb>", "<a b=\xc3>", "x <a> y", "<a>\n<b>", "a\n  <b\n  c=d>",
}

// TestRawHTMLMatchesGoldmark: the fast path reads the tags goldmark's
// parser reads, no more, no less, with the same bytes, alone and in a
// line of them (a run of start tags in one node: see runnable).
func TestRawHTMLMatchesGoldmark(t *testing.T) {
	g, o := rawHTMLParsers(false)
	check := func(src string) {
		t.Helper()
		want, got := rawHTMLNodes(g, []byte(src)), rawHTMLNodes(o, []byte(src))
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%q:\ngoldmark %q\nours     %q", src, want, got)
		}
	}
	for _, c := range rawHTMLCases {
		check(c)
		check("x " + c + " y " + c + c + "\n")
	}
	check(strings.Join(rawHTMLCases, ""))
	check(strings.Join(rawHTMLCases, " "))
	check(strings.Join(rawHTMLCases, "\n"))
}

// FuzzRawHTMLMatchesGoldmark is TestRawHTMLMatchesGoldmark for any text.
func FuzzRawHTMLMatchesGoldmark(f *testing.F) {
	for _, c := range rawHTMLCases {
		f.Add(c)
	}
	g, o := rawHTMLParsers(false)
	f.Fuzz(func(t *testing.T, src string) {
		want, got := rawHTMLNodes(g, []byte(src)), rawHTMLNodes(o, []byte(src))
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%q:\ngoldmark %q\nours     %q", src, want, got)
		}
	})
}

// blockNodes parses src with p and lists its blocks: kind and lines.
func blockNodes(p parser.Parser, src []byte) []string {
	var out []string
	doc := p.Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		var lines []string
		for i := range n.Lines().Len() {
			s := n.Lines().At(i)
			lines = append(lines, fmt.Sprintf("%d:%q", s.Start, s.Value(src)))
		}
		kind := n.Kind().String()
		if h, ok := n.(*ast.HTMLBlock); ok {
			// Its kind and closure line: how it ends.
			kind += fmt.Sprintf(" type %d", h.HTMLBlockType)
			if h.HasClosure() {
				kind += fmt.Sprintf(" closure %d:%q", h.ClosureLine.Start, h.ClosureLine.Value(src))
			}
		}
		out = append(out, kind+" "+strings.Join(lines, " "))
		return ast.WalkContinue, nil
	})
	return out
}

func htmlBlockParsers() (goldmarks, ours parser.Parser) {
	build := func(p parser.BlockParser) parser.Parser {
		var blocks []util.PrioritizedValue
		for _, b := range parser.DefaultBlockParsers() {
			if _, ok := b.Value.(interface{ Trigger() []byte }); ok && b.Priority == 900 {
				b.Value = p // goldmark's HTML block parser
			}
			blocks = append(blocks, b)
		}
		return parser.NewParser(parser.WithBlockParsers(blocks...), parser.WithInlineParsers())
	}
	return build(parser.NewHTMLBlockParser()), build(htmlBlockOpen{parser.NewHTMLBlockParser()})
}

// TestHTMLBlocksMatchGoldmark: the lines htmlBlockOpen spares goldmark's
// HTML block parser are lines that parser does not open a block at.
func TestHTMLBlocksMatchGoldmark(t *testing.T) {
	g, o := htmlBlockParsers()
	names := []string{
		"div", "DIV", "p", "details", "summary", "figure", "iframe", "h1", "h6", "ul", "li", "table", "td", "search",
		"title", "script", "Script", "pre", "style", "textarea", "scriptx", "script-x", "pre1",
		"a", "b", "i", "mark", "sup", "kbd", "span", "img", "video", "em", "strong", "x-foo", "custom-element",
		"h7", "divx", "div-1", "abbreviation-long-tag-name", "1a", "",
	}
	forms := []string{
		"<%s>", "<%s>\n", "<%s>x", "<%s>x\n", "</%s>", "</ %s>", "</  %s >\n", "<%s x=y>", "<%s x='y'>\n", "<%s/>", "<%s />",
		"   <%s>", "    <%s>", "\t<%s>", "<%s\tx>", "<%s>  \n", "<%s> x <b>\n", "<%s> <b>", "<%s", "<%s\n", "<%s x\n", "<%s>\r\n",
		"<%s\nx=y>", "</%s x>", "<%s>x</%s>\n", "<%s >", "<%s/ >", "<%s x=>",
		"<%s\r\n", "<%s\rx", "<%s\t<x", "<%s\x0b>", "<%s\r", "<%s>\xff\n", "<%s \xff\r\n", "<%s\x00>", "<%s/x>", "<%s/", "</%s\n", "</ \n", "<%s-x>",
	}
	var all []string
	for _, n := range names {
		for _, f := range forms {
			line := strings.ReplaceAll(f, "%s", n)
			all = append(all, line)
			for _, src := range []string{line, "a\n" + line, "> " + line, "- " + line, line + "\nb\n\nc"} {
				want, got := blockNodes(g, []byte(src)), blockNodes(o, []byte(src))
				if strings.Join(want, "\n") != strings.Join(got, "\n") {
					t.Errorf("%q:\ngoldmark %q\nours     %q", src, want, got)
				}
			}
		}
	}
	for _, sep := range []string{"\n", "\n\n", "\na\n"} {
		src := []byte(strings.Join(all, sep))
		if want, got := blockNodes(g, src), blockNodes(o, src); strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("all forms joined by %q differ", sep)
		}
	}
	for _, c := range []string{"<!-- a -->", "<?a?>", "<!A>", "<![CDATA[a]]>", "<", "<<", "< a>", "  <", "<!"} {
		if want, got := blockNodes(g, []byte(c)), blockNodes(o, []byte(c)); strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%q:\ngoldmark %q\nours     %q", c, want, got)
		}
	}
}

// FuzzHTMLBlocksMatchGoldmark is TestHTMLBlocksMatchGoldmark for any
// text.
func FuzzHTMLBlocksMatchGoldmark(f *testing.F) {
	for _, c := range rawHTMLCases {
		f.Add(c)
	}
	f.Add("<div>\n<mark>a <sup>\n</div>\n\n<b>x\n<p>")
	g, o := htmlBlockParsers()
	f.Fuzz(func(t *testing.T, src string) {
		want, got := blockNodes(g, []byte(src)), blockNodes(o, []byte(src))
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%q:\ngoldmark %q\nours     %q", src, want, got)
		}
	})
}

// loweredNodes parses src with p, lowers it, and lists its nodes: kind
// and text.
func loweredNodes(p parser.Parser, src []byte) []string {
	doc := p.Parse(text.NewReader(src))
	src = Lower(doc, src, LowerOptions{})
	var out []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		s := n.Kind().String()
		switch n := n.(type) {
		case *ast.Text:
			s += fmt.Sprintf(" %q", n.Segment.Value(src))
		case *ast.String:
			s += fmt.Sprintf(" %q", n.Value)
		case *ast.RawHTML:
			s += fmt.Sprintf(" %q", rawText(n, src))
		}
		out = append(out, s)
		return ast.WalkContinue, nil
	})
	return out
}

// TestTagRunsLowerAsTags: a run of start tags in one node (runnable) is
// drawn as the same tags one to a node would be: paired, nested deeper
// than is drawn, left open, next to media, void tags and <abbr>.
func TestTagRunsLowerAsTags(t *testing.T) {
	g, o := rawHTMLParsers(true)
	deep := strings.Repeat("<i>", MaxInlineDepth+3)
	for _, src := range []string{
		"<mark>a <sup>" + strings.Repeat("<mark>a <sup>", 50),
		"x <b><i>a</b></i> y <sup><mark>2</mark></sup> z",
		"<sup><sub>1</sub></sup> <kbd><code>k</code></kbd> <mark><b><i>q</i></b>",
		deep + "a <b>x</b> b" + strings.Repeat("</i>", MaxInlineDepth+3),
		deep + "a" + strings.Repeat("<u>", 20) + "b <b><i>c</i></b>",
		"<b><i><img src=a.png><br><abbr title=t><s>x</s></abbr><wbr><span><b>y</b></span>",
		"<script><b>x</b></script> <style><i>y</i></style> <b><i>\nz</i></b> <details><summary><b>s</b></summary>",
		"<b data-x=1><i class='c'>a</i></b> <em\n><i>b</i></em>",
		"<b><i>a <u><s>b</q> c</s> <mark><sup>d</x\n>",
		strings.Repeat("<mark>a <sup>", 20) + "</mark> <b><i>c</i>",
	} {
		checkRunsLowerAsTags(t, g, o, src)
	}
}

func checkRunsLowerAsTags(t *testing.T, g, o parser.Parser, src string) {
	t.Helper()
	want, got := loweredNodes(g, []byte(src)), loweredNodes(o, []byte(src))
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("%q:\none a node %q\nruns       %q", src, want, got)
	}
}

// FuzzTagRunsLowerAsTags is TestTagRunsLowerAsTags for any text.
func FuzzTagRunsLowerAsTags(f *testing.F) {
	for _, c := range rawHTMLCases {
		f.Add(c)
	}
	f.Add("<b><i><u>a</i> <sup><s>b</u></b>")
	g, o := rawHTMLParsers(true)
	f.Fuzz(func(t *testing.T, src string) {
		checkRunsLowerAsTags(t, g, o, src)
	})
}

// TestDeepRunsLowerAsTags: runs of start tags deeper than pairs are drawn
// in containers, whose tags share their node (htmlOpen.run), lower as
// the tags one to a node do: nested, interleaved, left open, closed in
// any order, inside emphasis and links, with text and single tags among
// them, and tags that mark (<sup>, <q>) or drop (<script>) what they
// hold.
func TestDeepRunsLowerAsTags(t *testing.T) {
	g, o := rawHTMLParsers(true)
	names := []string{"b", "i", "sup", "sub", "q", "kbd", "script", "span", "mark", "u", "s", "code", "em"}
	r := rand.New(rand.NewPCG(6, 3))
	for round := range 3000 {
		var b strings.Builder
		if round%3 == 1 {
			b.WriteString("*a ")
		}
		for range r.IntN(60) {
			switch k := r.IntN(10); {
			case k < 4: // a run of start tags
				for range 1 + r.IntN(12) {
					b.WriteString("<" + names[r.IntN(len(names))] + ">")
				}
			case k < 7:
				b.WriteString("</" + names[r.IntN(len(names))] + ">")
			case k < 8:
				b.WriteString("<" + names[r.IntN(len(names))] + " class=x>")
			default:
				b.WriteString([]string{"x", " y ", "z", "*", "[l](u)"}[r.IntN(5)])
			}
		}
		if round%3 == 1 {
			b.WriteString("*")
		}
		checkRunsLowerAsTags(t, g, o, b.String())
		if t.Failed() {
			return
		}
	}
	deep := strings.Repeat("<b><i>", 40)
	checkRunsLowerAsTags(t, g, o, deep+"a"+strings.Repeat("</b></i>", 40))
	checkRunsLowerAsTags(t, g, o, strings.Repeat("<kbd>", 40)+"a"+strings.Repeat("</kbd>", 40))
	checkRunsLowerAsTags(t, g, o, strings.Repeat("<sup><q>", 20)+"a"+strings.Repeat("</q></sup>", 20))
	checkRunsLowerAsTags(t, g, o, "<script>"+deep+"a</script>"+strings.Repeat("</b></i>", 40))
}

// TestCollapseHTMLSpaceIsFieldsJoined compares collapseHTMLSpace with
// collapsing by fields on random texts of words, spaces, tabs, newlines,
// form feeds and other characters.
func TestCollapseHTMLSpaceIsFieldsJoined(t *testing.T) {
	parts := []string{"a", "word", " ", " ", "  ", "\t", "\n", "\r", "\f", "中", "\u00a0", "é"}
	seed := uint64(7)
	fast := 0
	for range 50000 {
		var b strings.Builder
		seed = seed*6364136223846793005 + 1442695040888963407
		for n := int(seed>>60) % 6; n >= 0; n-- {
			seed = seed*6364136223846793005 + 1442695040888963407
			b.WriteString(parts[int(seed>>33)%len(parts)])
		}
		s := b.String()
		got, want := collapseHTMLSpace(s), collapseFields(s)
		if got != want {
			t.Fatalf("collapseHTMLSpace(%q) = %q, by fields %q", s, got, want)
		}
		if got == s {
			fast++
		}
	}
	if fast < 1000 {
		t.Fatalf("%d texts kept as they are: the test checks too little", fast)
	}
}

// endTagsAlone reads each end tag that starts a line as a node of its
// own, as goldmark does: ahead of rawHTML, it keeps runs of end tags
// (endRunnable) from being made.
type endTagsAlone struct{}

func (endTagsAlone) Trigger() []byte { return []byte{'<'} }

func (endTagsAlone) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n, sure := scanTag(line)
	if !sure || n == 0 || line[1] != '/' {
		return nil
	}
	node := ast.NewRawHTML()
	node.Segments.Append(text.NewSegment(seg.Start, seg.Start+n))
	block.Advance(n)
	return node
}

// sharedTagsCheck returns a check that src lowers (NewParser, Lower) to
// the same tree with tags in shared nodes (runs of end tags, dropped
// tags: see endRunnable, sharedDropped) as with a node a tag (but for
// runs of start tags).
func sharedTagsCheck(t *testing.T) func(src string) {
	o := Options{Linkify: true, DefinitionList: true, LinkRuns: true}
	runs := NewParser(o)
	alone := NewParser(o)
	alone.AddOptions(parser.WithInlineParsers(util.Prioritized(endTagsAlone{}, 398),
		util.Prioritized(rawHTML{InlineParser: parser.NewRawHTMLParser()}, 399)))
	lowered := func(p parser.Parser, src string) string {
		b := []byte(src)
		doc := Parse(p, b, nil)
		b = Lower(doc, b, LowerOptions{})
		var out strings.Builder
		drawn(&out, doc, b, 0)
		return out.String()
	}
	return func(src string) {
		t.Helper()
		if want, got := lowered(alone, src), lowered(runs, src); want != got {
			t.Errorf("%.80q...: tags one a node and in shared nodes lower differently", src)
		}
	}
}

// FuzzSharedTagNodesCountAsTheirTags is TestSharedTagNodesCountAsTheirTags
// for any text.
func FuzzSharedTagNodesCountAsTheirTags(f *testing.F) {
	for _, c := range rawHTMLCases {
		f.Add(c)
	}
	f.Add("<mark>a b\n<wbr>x</b> *y* [l](u) [^1]\n\n[^1]: n\n")
	f.Add("| <mark>a | `b` |\n|---|---|\n| <hr>x<sup> | y |\n")
	// References to no note (one text node a run, see textRun) beside
	// shared tag nodes: both count in the paragraph's children.
	f.Add(strings.Repeat("a[^9]</b></i> [^8] <wbr>b[^7]", 40) + "\n")
	f.Add(strings.Repeat("[^9][^9]</b> x\n", 90) + "\n[^1]: n\n")
	f.Fuzz(func(t *testing.T, src string) {
		sharedTagsCheck(t)(src)
	})
}

// TestSharedTagNodesCountAsTheirTags: with runs of end tags in one node
// (endRunnable) and the tags Lower drops sharing one (sharedDropped), a
// post's whole parse and lowering (NewParser's, RefRuns and NoteRuns
// included) makes the tree it makes with each tag a node of its own
// (but runs of start tags), where the count of a paragraph's children
// decides what is joined (textJoiner: contiguous texts such as
// brackets; Lower's crowded paragraphs of footnote references): each
// shared node counts as the nodes it stands for.
func TestSharedTagNodesCountAsTheirTags(t *testing.T) {
	check := sharedTagsCheck(t)
	ends := func(n int) string { return strings.Repeat("</b></i>", n) }
	for _, n := range []int{100, 150, 160, 200, 300} {
		check(strings.Repeat("[a", 200) + ends(n) + "\n")
		check(strings.Repeat("<b><i>", n) + strings.Repeat("[a", 150) + ends(n) + "\n")
		check("x[^1]\n" + strings.Repeat("a[^1] ", 100) + ends(n) + "\n" + strings.Repeat("b[^1]\n", 120) + "\n[^1]: n\n")
		check(strings.Repeat("[l] ", 120) + ends(n) + "\n\n[l]: /u\n")
		check("*" + strings.Repeat("[a", 200) + ends(n) + "*\n")
		check(strings.Repeat("a[^1]</b> ", 100) + ends(n) + "\n\n[^1]: n\n")
		check(strings.Repeat("a[^1]</b>\n", 100) + ends(n) + "\n\n[^1]: n\n")
		check(strings.Repeat("a [^1] [^2] b\n", 80) + ends(n) + "\n\n[^1]: n\n[^2]: m\n")
		check(strings.Repeat("[^1] a", 120) + ends(n) + "\n\n[^1]: n\n")
		check(strings.Repeat("a[^1][^2] ", 60) + ends(n) + "\n\n[^1]: n\n[^2]: m\n")
	}
	for _, n := range []int{100, 200, 250, 300, 600} {
		// Each line's last text follows on from the text before it:
		// joined in a paragraph of more than MaxTextRuns children.
		check(strings.Repeat("<mark>a b\n", n) + "\n")
		check(strings.Repeat("x <wbr>a b\n", n) + "</b>\n")
		check(strings.Repeat("a`b <mark>", n) + "\n")
		check(strings.Repeat("a`b <mark>c <wbr>", n) + "</mark>\n")
		check(strings.Repeat("<mark>a`\n", n) + "\n")
		check(strings.Repeat("<b><i>`a <hr>", n) + strings.Repeat("</i></b>", n) + "\n")
		check("# " + strings.Repeat("`<sup>a ", n) + "\n")
		check("- " + strings.Repeat("`<sup>a <wbr>", n) + "\n- b\n")
		check("> " + strings.Repeat("`<sup>a <wbr>", n) + "\n\n" + strings.Repeat("[a <mark>", n) + "\n")
		check("| a | b |\n|---|---|\n| " + strings.Repeat("`<mark>x<sup>", n) + " | y |\n")
		check(strings.Repeat("`<mark>x <img src=a.png> <sup>", n/4) + "\n")
	}
	plain := []string{"`", "a", " ", "\n", "<wbr>", "<hr>", "<img src=x>", "$", "\\", "&amp;", "www.x.com ", "<mark>", "<b><i>", "</b>", "<br>", "<span>", "\n\n", "\n- "}
	r := rand.New(rand.NewPCG(7, 1))
	for range 300 {
		var b strings.Builder
		for range 300 + r.IntN(700) {
			b.WriteString(plain[r.IntN(len(plain))])
		}
		check(b.String())
		if t.Failed() {
			return
		}
	}
	r = rand.New(rand.NewPCG(13, 5))
	names := []string{"b", "i", "sup", "q", "s", "mark", "span", "img", "x-y"}
	for range 300 {
		var b strings.Builder
		for range 100 + r.IntN(400) {
			switch k := r.IntN(10); {
			case k < 3:
				b.WriteString("<" + names[r.IntN(len(names))] + ">")
			case k < 6:
				b.WriteString("</" + names[r.IntN(len(names))] + ">")
			default:
				b.WriteString([]string{"[", "a", " b ", "[^1]", "*", "\n", "[l]"}[r.IntN(7)])
			}
		}
		b.WriteString("\n\n[^1]: n\n[l]: /u\n")
		check(b.String())
		if t.Failed() {
			return
		}
	}
}

// TestHTMLBlockLinesMadeWithRoom checks the room htmlBlockOpen's Open
// makes a block of the sixth kind's lines with: two where the next line
// is not blank (the line goldmark's Continue adds next goes in without
// another allocation), one where the block likely ends with its line.
// The lines are goldmark's either way (TestHTMLBlocksMatchGoldmark).
func TestHTMLBlockLinesMadeWithRoom(t *testing.T) {
	open := htmlBlockOpen{parser.NewHTMLBlockParser()}
	for _, c := range []struct {
		src  string
		room int
	}{
		{"<details>\n<summary>a</summary>\n\nx\n", 2},
		{"<div>\nb\n", 2},
		{"<div>\n\nx\n", 1},
		{"<div>\n  \t\nx\n", 1},
		{"<div>", 1},
		{"<div>\n", 1},
	} {
		n, _ := open.Open(ast.NewDocument(), text.NewReader([]byte(c.src)), parser.NewContext())
		h, ok := n.(*ast.HTMLBlock)
		if !ok {
			t.Fatalf("%q: no HTML block", c.src)
		}
		lines := h.Lines()
		if got := cap(lines.Sliced(0, lines.Len())); lines.Len() != 1 || got != c.room {
			t.Errorf("%q: %d lines in room for %d, want 1 in %d", c.src, lines.Len(), got, c.room)
		}
	}
}
