package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRefRunsExpandToTheParse: a parser with LinkRuns parses a document
// to the tree of the parser without, once ExpandRuns puts back what each
// RefRun stands for (every node, its position, text segments, link
// destinations, titles and references), and lowers it to the same bytes:
// written cases of runs next to links, emphasis, code, footnotes, tasks,
// lists, quotes, tables, headings and line breaks, paragraphs of more
// children than MaxTextRuns, runs of many definitions, and random
// documents of the pieces they are made of. Links and PlainText read
// the same from both.
func TestRefRunsExpandToTheParse(t *testing.T) {
	var many strings.Builder
	for i := range 40 {
		fmt.Fprintf(&many, "[d%d]: /d%d\n", i, i%13)
	}
	defs := "\n\n[a]: /u\n[B2]: /b \"title\"\n[c]: /u\n[long" + strings.Repeat("x", 990) + "]: /long\n[^n]: note\n[two words]: /two\n" + many.String()
	var wide strings.Builder
	for i := range 300 {
		fmt.Fprintf(&wide, "[d%d] ", i%40)
	}
	docs := []string{
		"[a] [a] [a]\n",
		"[a] [a][a] [a] [a][] [a] [a](/x) [b2] [B2] [B2]: [c] [A] [a]\n",
		"x[a] [a]y [a]  [a]\\[ \\[a] [a] [a\\] [a] ![a] [a] ![a][a] [a] [a]\n",
		"*[a] [a]* **[a] [a]** _[a] [a]_ `[a] [a]` <[a] [a]> [*a*] [a] [a]*b* *b[a] [a]*\n",
		"- [a] [a] item\n- [ ] [a] [a] task [a] [a]\n- [x] [a] [a]\n  [a] [a]\n",
		"[a] [a]\n[a] [a]  \n[a] [a]\\\n[a] [a] \n[a]  [a]",
		"> [a] [a] quoted\n>\n> - [B2] [a] in a list\n\n| [a] [a] | b |\n|---|---|\n| [a] [a] | [b2] [a] |\n",
		"# [a] [a]\n\nSetext [a] [a]\n---\n\n    [a] [a]\n",
		"[^n] [a] [^a] [a] [a]^ [^n][a] [a] [a]\n",
		"[long" + strings.Repeat("x", 990) + "] [long" + strings.Repeat("x", 990) + "] [long" + strings.Repeat("x", 991) + "] [a] [a]\n",
		strings.Repeat("[", MaxLinkOpeners+3) + "[a] [a]" + strings.Repeat("]", MaxLinkOpeners+3) + " [a] [a]\n",
		"[x [a] [a] y](/z) [x [a] [a] y][a] ![x [a] [a]](/i)\n",
		"[a] [a] (/x) [a] [a]\n(x) www.example.com[a] [a]www.example.com [two words] [a] [a]:b\n",
		"$[a] [a]$ [a] [a]$x$ \\([a] [a]\\) <span>[a] [a]</span>\n",
		"Term [a] [a]\n: [a] [a] description\n",
		"> [!NOTE]\n> [a] [a] alert\n\n> [!TIP] [a] [a]\n> x [a] [a]\n",
		"[^n]: a note [a] [a]\n\n[a] [a] [^n]\n",
		wide.String() + "\n",
		wide.String() + strings.Repeat("x[y ", 200) + "\n",
		strings.Repeat("[a] ", 200) + strings.Repeat("x[y ", 60) + "\n",
		strings.Repeat("[a] ", 600) + "\n",
		"*" + strings.Repeat("[a] ", 300) + "x" + strings.Repeat("[y ", 5) + "*\n",
		"www.a.com www.a.com  http://b.org/x https://c.io/?q=1&amp;r www.a.com.\n",
		"x www.a.com www.b.com, www.c.com) (www.d.com www.d.com) *www.e.com www.e.com* ~www.f.com www.f.com~\n",
		"www.a.com www.a.com\nwww.a.com www.a.com  \nwww.a.com a@b.com www.a.com ftp://x.org/a ftp://x.org/a\n",
		"- www.a.com www.b.com\n\n> www.a.com www.a.com\n\n| www.a.com www.a.com | b |\n|---|---|\n",
		"[x www.a.com www.a.com](/u) [a] www.a.com www.a.com [a] [a]\n",
		strings.Repeat("www.example.com ", 600) + "\n",
		strings.Repeat("www.e1.com www.e2.com www.e3.com www.e4.com www.e5.com www.e6.com www.e7.com www.e8.com www.e9.com www.e10.com www.e1.com ", 3) + "\n",
	}
	pieces := []string{"[", "]", "a", "A", "b2", "c", " ", "  ", " ", " ", "\n", "(", ")", "*", "_", "!", "\\", "`", "<",
		"[a]", "[a]", "[a]", "[b2]", "[c]", "[d3]", "[d17]", "[^n]", "[x]", "(/p)", ":", "~", "www.x.com", "$", "&amp;", "中",
		"- ", "> ", "\t", "[a] [a]", "[a] [c] [d1] ", "www.a.com", "www.b.com", " www.a.com ", "http://h.io/p", "https://h.io/?x=1&amp;y",
		"www.a.com.", "www.a.com)", "a@b.com", "www.a.com www.a.com", ",", "."}
	r := rand.New(rand.NewPCG(7, 11))
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		docs = append(docs, b.String())
	}
	without := Glamour
	with := Glamour
	with.LinkRuns = true
	slow, fast := NewParser(without), NewParser(with)
	runs := 0
	for _, md := range docs {
		src := []byte(md + defs)
		want := parseDump(Parse(slow, src, nil), src)
		tree := Parse(fast, src, nil)
		runs += strings.Count(parseDump(tree, src), "(RefRun")
		lr, text := Links(tree, src), PlainText(tree, src)
		ExpandRuns(tree, src)
		if want := Links(tree, src); fmt.Sprint(lr) != fmt.Sprint(want) {
			t.Fatalf("%q: links %q, without runs %q", md, lr, want)
		}
		if want := PlainText(tree, src); text != want {
			t.Fatalf("%q: text %q, without runs %q", md, text, want)
		}
		if got := parseDump(tree, src); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", md, got, want)
		}
		tree, slowTree := Parse(fast, src, nil), Parse(slow, src, nil)
		lw, lg := Lower(slowTree, src, LowerOptions{}), Lower(tree, src, LowerOptions{})
		if string(lw) != string(lg) {
			t.Fatalf("%q lowered: %q, without runs %q", md, lg, lw)
		}
		ExpandRuns(tree, lg)
		if got, want := parseDump(tree, lg), parseDump(slowTree, lw); got != want {
			t.Fatalf("%q lowered:\n got %s\nwant %s", md, got, want)
		}
	}
	if runs < 1000 {
		t.Fatalf("only %d runs parsed: the test checks too little", runs)
	}
}

// TestRefRunsOfManyDefinitions: a run of uses of many definitions finds
// each use's definition (past the ones looked through one by one).
func TestRefRunsOfManyDefinitions(t *testing.T) {
	var md, defs strings.Builder
	for i := range 100 {
		fmt.Fprintf(&md, "[d%d] [d%d] ", i, i%7)
		fmt.Fprintf(&defs, "[d%d]: /u%d\n", i, i)
	}
	src := []byte(md.String() + "\n\n" + defs.String())
	with := Glamour
	with.LinkRuns = true
	tree := Parse(NewParser(with), src, nil)
	run, ok := tree.FirstChild().FirstChild().(*RefRun)
	if !ok || len(run.Uses) != 200 || len(run.Defs) != 100 {
		t.Fatalf("not one run of 200 uses of 100 definitions: %T", tree.FirstChild().FirstChild())
	}
	for i, u := range run.Uses {
		want := fmt.Sprintf("/u%d", i/2)
		if i%2 == 1 {
			want = fmt.Sprintf("/u%d", (i/2)%7)
		}
		if got := string(run.Defs[u.Def].Destination); got != want {
			t.Fatalf("use %d goes to %s, not %s", i, got, want)
		}
	}
}

// TestNoRefRunsWithSiteDelimiters checks that a parser with a site's own
// math delimiters reads runs of references and of bare links as
// goldmark's nodes: a delimiter may start with a letter or a bracket,
// which a run's text, taken whole, would hide from the math parser
// ("[mx1] [mx1]" with a delimiter "[m ... 1]" is math, not two links).
func TestNoRefRunsWithSiteDelimiters(t *testing.T) {
	src := []byte("[mx1] [mx1] [a] [a] www.a.com www.b.com\n\n[mx1]: /u\n[a]: /v\n")
	plain := NewDialect(nil).DrawParser(false)
	if n := countKind(Parse(plain, src, nil), KindRefRun); n == 0 {
		t.Fatal("no RefRun read without a site's delimiters: the test checks nothing")
	}
	site := NewDialect([]MathDelimiter{{Open: "[m", Close: "1]"}}).DrawParser(false)
	doc := Parse(site, src, nil)
	if n := countKind(doc, KindRefRun); n != 0 {
		t.Fatalf("%d RefRuns read with a site's delimiters", n)
	}
	if n := countKind(doc, KindMath); n == 0 {
		t.Fatal("the site's delimiter \"[m ... 1]\" was not read as math")
	}
}
