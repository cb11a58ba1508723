package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// parseCounting parses src with p in a context of its own and returns the
// tree, printed by lowered, and the stretches and openers of owned blocks
// read (see brackets).
func parseCounting(p parser.Parser, src []byte) (tree string, stretches, opened int) {
	ctx := parser.NewContext()
	doc := p.Parse(text.NewReader(src), parser.WithContext(ctx))
	if b, ok := ctx.Get(bracketsKey).(*brackets); ok {
		stretches, opened = b.stretches, b.opened
	}
	return lowered(doc, src), stretches, opened
}

// TestOwnedBracketsParseAsGoldmark: in blocks where no link can form, the
// brackets linkGuard reads itself (its own stack, stretches read at once
// as text runs) parse to the tree goldmark's link parser makes, node for
// node and text node boundary for boundary: openers nested, unclosed, over
// MaxLinkOpeners, closed by "]" after other nodes and on later lines,
// images, next to emphasis, code, HTML, escapes, bare links (which a link
// label may not hold), emoji, footnote references, at lines' ends and
// hard breaks, in paragraphs of few and of more than MaxTextRuns nodes, in
// quotes, lists, headings and tables; with a "](" somewhere (goldmark's
// then), and with link definitions of labels the post holds, or nearly
// (case, spaces, lines, non-ASCII, brackets). Both paths are counted,
// with definitions too: the test fails if one is never taken.
func TestOwnedBracketsParseAsGoldmark(t *testing.T) {
	parts := []string{"[", "[", "[", "]", "]", "]", "![", "!", "a", "b c", " ", "[a]", "[a][b ", "[a][]", "[]", "[[a]]",
		"*", "**", "_", "`c`", "<b>", "\\", "\\[", "&amp;", " www.a.com", " http://x.y", " a@b.co", ":smile:", "[^1]", "[^x]",
		"\n", "  \n", "\\\n", "\n\n", "中", "(", ")", "~", "$", "|", ",", "@", "."}
	heads := []string{"", "", "", "> ", "- ", "# ", "| a |\n|---|\n| "}
	// Labels near the definitions' below: case, spaces, lines, non-ASCII.
	parts = append(parts, "[Zz]", "[ zz ]", "[z\nz]", "[z z]", "[É]", "[é ]", "[b  C]", "[x][zz]", "[x][ZZ ]", "[zz][]", "[a\\[b]", "[q\tr]")
	defs := []string{"[zz]: /z", "[B c]: /b", "[é]: /e", "[a\\[b]: /ab", "[q r]: /q", "[z z]: /zz", "[nothing]: /n"}
	r := rand.New(rand.NewPCG(15, 11))
	var srcs []string
	for n := range 3000 {
		var b strings.Builder
		b.WriteString(heads[r.IntN(len(heads))])
		k := r.IntN(60)
		if n%10 == 0 {
			k = 1500 // past MaxTextRuns nodes
		}
		for range k {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		switch r.IntN(12) {
		case 0:
			b.WriteString("](b)")
		case 1:
			b.WriteString("\n\n[a]: /d\n")
		case 2:
			b.WriteString("\n\n[^1]: n\n")
		case 3, 4, 5:
			// Definitions of labels the post holds, or nearly.
			b.WriteString("\n\n" + defs[r.IntN(len(defs))] + "\n")
			if r.IntN(2) == 0 {
				b.WriteString(defs[r.IntN(len(defs))] + "\n")
			}
		}
		srcs = append(srcs, b.String()+"\n")
	}
	for _, size := range []int{512, 4 << 10, 16 << 10} {
		srcs = append(srcs, Hostile("reference-openers", size), Hostile("brackets", size), Hostile("unclosed-brackets", size))
	}
	srcs = append(srcs, strings.Repeat("[a][b \n", 600), strings.Repeat("[a][b ", 80)+"\n\n"+strings.Repeat("[[a] ]", 300)+"\n",
		strings.Repeat("x[]", 200)+"\n", "[a [b]\n]c\n", "a[b]\n", "[a]b\n", "![a]![b] [c\n")
	fired, opened, withDefs := 0, 0, 0
	for _, emoji := range []bool{false, true} {
		o := Glamour
		o.LinkRuns, o.Emoji = true, emoji
		fast, slow := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
		for _, s := range srcs {
			src := []byte(s)
			got, stretches, opens := parseCounting(fast, src)
			want, _, _ := parseCounting(slow, src)
			fired, opened = fired+stretches, opened+opens
			if strings.Contains(s, "]: /") {
				withDefs += stretches
			}
			if got != want {
				g, w := fromDiff(got, want)
				t.Fatalf("%.300q...\nparsed as %.300q\ngoldmark  %.300q", s, g, w)
			}
		}
	}
	t.Logf("%d stretches (%d with definitions), %d openers alone", fired, withDefs, opened)
	if fired < 1000 || opened < 1000 || withDefs < 500 {
		t.Fatalf("%d stretches, %d openers alone read: the test checks too little", fired, opened)
	}
}

// TestOwnedBracketsAllocateLittle: "[a][b " repeated parses without a node
// or a label state per bracket (goldmark's parse of 16 KB allocated some
// 14,000 times), and with a link definition of another label, without
// an allocation per label looked up.
func TestOwnedBracketsAllocateLittle(t *testing.T) {
	o := Glamour
	o.LinkRuns = true
	p := NewParser(o)
	for _, s := range []string{Hostile("reference-openers", 16<<10), Hostile("reference-openers", 16<<10) + "\n[x]: /y\n"} {
		src := []byte(s)
		if n := testing.AllocsPerRun(5, func() { Parse(p, src, nil) }); n > 1000 {
			t.Fatalf("%.0f allocations parsing %d bytes of %q", n, len(src), src[:12])
		}
	}
}

// TestFailedLinksOfParenthesesParseAsGoldmark: links that fail on a
// line's last destination, whose destination holds parentheses that
// goldmark's scan reads past (see lastSegment), parse to the tree
// goldmark's link parser makes: parentheses balanced, opened more than
// closed, closing more (a link), escapes, spaces before and at the end,
// next lines that close the link or start its title, in paragraphs,
// quotes, lists and headings. The last segment's stops are counted.
func TestFailedLinksOfParenthesesParseAsGoldmark(t *testing.T) {
	units := []string{"[a]((()", "[a](", "[a](b(c)", "(", "(", ")", "b", "\\(", "\\)", " ", "[b]", "x)", "[", "]("}
	ends := []string{"\n", "\n", "\n)", "\n(t)", "\n\"t\")", "\nc", "  \nc", " \n", "\n\n[d]: /d\n"}
	heads := []string{"", "", "> ", "- ", "# "}
	r := rand.New(rand.NewPCG(7, 15))
	var srcs []string
	for n := range 3000 {
		var b strings.Builder
		b.WriteString(heads[r.IntN(len(heads))])
		k := r.IntN(40)
		if n%20 == 0 {
			k = 800 // past MaxLinkTail bytes
		}
		for range k {
			u := units[r.IntN(len(units))]
			if u == " " && r.IntN(4) != 0 {
				continue
			}
			b.WriteString(u)
		}
		b.WriteString(ends[r.IntN(len(ends))])
		srcs = append(srcs, b.String())
	}
	srcs = append(srcs, Hostile("link-parens", 4<<10), Hostile("link-parens", 16<<10))
	served := 0
	o := Glamour
	o.LinkRuns = true
	fast, slow := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
	for _, s := range srcs {
		src := []byte(s)
		ctx := parser.NewContext()
		got := lowered(fast.Parse(text.NewReader(src), parser.WithContext(ctx)), src)
		if tl, ok := ctx.Get(tailsKey).(*tails); ok {
			served += tl.last.served
		}
		want, _, _ := parseCounting(slow, src)
		if got != want {
			g, w := fromDiff(got, want)
			t.Fatalf("%.300q...\nparsed as %.300q\ngoldmark  %.300q", s, g, w)
		}
	}
	if served < 1000 {
		t.Fatalf("%d stops served: the test checks too little", served)
	}
	t.Logf("%d stops served", served)
}

// TestOwnedBracketStretchesAreTaken: a stretch whose brackets all merge
// into the text before it ("x[][]...", to the line's end, to a "[^" or
// to a "]" of an opener before it) is taken, not read again from each of
// its brackets: the simulation's steps stay within the bytes of the
// source (64 KB of "x[]" took 46 s, each "[" reading the rest of the
// line), and the trees are goldmark's.
func TestOwnedBracketStretchesAreTaken(t *testing.T) {
	o := Glamour
	o.LinkRuns = true
	fast, slow := NewParser(o), newParser(o, footnoteRef{undefinedAsText: true})
	for _, shape := range []struct{ head, unit, tail string }{
		{"x", "[]", "\n"}, {"x", "[]", "[^1]\n"}, {"[*x", "[]", "]\n"}, {"x", "[] ", "\n"}, {"x", "[]", " y\n"},
		{"> x", "[]", "\n"}, {"- x", "[]", "![\n"}, {"a *b* c", "[]d", "\n\n[^1]: n\n"},
	} {
		src := []byte(shape.head + strings.Repeat(shape.unit, 4<<10/len(shape.unit)) + shape.tail)
		ctx := parser.NewContext()
		got := lowered(fast.Parse(text.NewReader(src), parser.WithContext(ctx)), src)
		b, _ := ctx.Get(bracketsKey).(*brackets)
		if b == nil {
			t.Fatalf("%q...: no owned brackets", src[:12])
		}
		if b.stretches == 0 || b.steps > 2*len(src) {
			t.Errorf("%q...: %d stretches taken, %d steps for %d bytes", src[:12], b.stretches, b.steps, len(src))
		}
		if want, _, _ := parseCounting(slow, src); got != want {
			t.Errorf("%q...: parsed as\n%.300q\ngoldmark\n%.300q", src[:12], got, want)
		}
	}
}
