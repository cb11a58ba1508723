package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// imageTree is a comparable picture of a parsed tree for the image
// comparison: every node's kind and position, texts' segments and
// breaks, links' and images' destinations and titles, and the media of
// figures and figure spans.
func imageTree(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "(%s@%d", n.Kind(), n.Pos())
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %d-%d/%d %q soft=%v hard=%v raw=%v", n.Segment.Start, n.Segment.Stop, n.Segment.Padding,
				n.Segment.Value(src), n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw())
		case *ast.Link:
			fmt.Fprintf(&b, " %q %q %v", n.Destination, n.Title, n.Reference)
		case *ast.Image:
			fmt.Fprintf(&b, " %q %q %v", n.Destination, n.Title, n.Reference)
		case *FigureSpan:
			// Its text is its own (the alt text or tag it was read
			// from, for a span plainImages or rawHTML read), for the
			// flattener and for Become, which zeroes it; out of the
			// parse it reads nothing, as the transformer's spans read
			// (the Text of the nodes around it is made of it).
			fmt.Fprintf(&b, " %+v children=%d text=%q", n.Media(), n.ChildCount(), n.Text(src)) //nolint:staticcheck // what Text reads is compared
		case *Figure:
			fmt.Fprintf(&b, " %+v %d-%d %q %q", n.Media, n.Start, n.Stop, n.Before, n.After)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestPlainImagesAreGoldmarks compares the trees parsed with plainImages
// reading plain images with those of goldmark's link parser reading them
// all, on random documents of images plain and not, around and inside
// links, emphasis, brackets, code, tags and would-be autolinks, in the
// parsers' dialects: node for node the same. The images plainImages read
// are counted, so that the test checks them.
func TestPlainImagesAreGoldmarks(t *testing.T) {
	pieces := []string{"![a](b)", "![a b](c-d/e.png?x=1#f)", "![a-b](c)", "![A 9](b)", "![", "!", "[", "]", "](", "(", ")",
		"![a](b \"t\")", "![a](<b>)", "![](b)", "![a]()", "![a](b c)", "![a]( b)", "![a](b\\)", "![a]((b))", "![a][r]", "![r]",
		"![a\nb](c)", "![a](b\nc)", "![a.b](c)", "![a www.x.org](b)", "![*a*](b)", "![a](é)", "[x ", "[x](y)", "*", "_", "**", "~~",
		"`", "`c`", "x", " ", "  ", "\n", "\n\n", "\\", "\\!", "<img src=c>", "<img src=a/b.png>", "<img src=\"c\">", "<img src=c alt=d>", "<img src=a&amp;b>", "<IMG SRC=c>",
		"<img src=c/>", "<img src=>", "<img src=c", "<b>", "http://a.example", "www.a.example", "a@b.example",
		":tada:", "<video>", "<source src=s>", "</video>", "$x$", "[^1]", "> ", "- ", "1. ", "# ", "    ", "\t", "a\n: ", "|a|b|\n|-|-|\n", "&amp;", "[r]: /u\n", "[^1]: n\n"}
	for _, o := range []Options{Glamour, {DefinitionList: true, Linkify: true, Emoji: true, PlainCells: true, LinkRuns: true}, {}} {
		taken, tags := 0, 0
		ours := o
		ours.imagesTaken, ours.imgTagsTaken = &taken, &tags
		goldmarks := o
		goldmarks.goldmarkImages = true
		op, gp := NewParser(ours), NewParser(goldmarks)
		compare := func(md string) {
			t.Helper()
			src := []byte(md)
			if got, want := imageTree(Parse(op, src, nil), src), imageTree(Parse(gp, src, nil), src); got != want {
				t.Fatalf("%q: with plain images\n%.3000s\ngoldmark's\n%.3000s", md, got, want)
			}
		}
		compare(strings.Repeat("![a](b) <img src=c> x ", 50) + "\n")
		compare(strings.Repeat("[", MaxLinkOpeners+2) + "![a](b) ![c](d)\n")
		// A <source> completes the player just before it, never an image.
		compare("x <video>![a](b)<source src=s> <video><source src=s> ![*a*](b)<source src=t> <video><source src=u>\n")
		compare("[![a](b)](c) ![![a](b)](c) *x ![a](b) y* [x ![a](b)\n")
		// Around the flattener's depth, which unwraps an image too deep
		// (a span read by plainImages as well) into its alt text.
		for d := MaxInlineDepth - 1; d <= MaxInlineDepth+1; d++ {
			compare(strings.Repeat("*a ", d) + "![a](b) x ![c d](e)" + strings.Repeat(" b*", d) + "\n")
			compare(strings.Repeat("[a ", d) + "![a](b)" + strings.Repeat("](c)", d) + "\n")
			compare(strings.Repeat("*a ", d) + "<img src=c> x ![<img src=c>](d)" + strings.Repeat(" b*", d) + "\n")
		}
		r := rand.New(rand.NewPCG(15, 7))
		for range 4000 {
			var b strings.Builder
			for range 1 + r.IntN(14) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			compare(b.String())
		}
		if taken < 1000 || tags < 1000 {
			t.Fatalf("options %+v: %d images read by plainImages, %d <img> tags by rawHTML: the test checks too little", o, taken, tags)
		}
	}
}

// TestPlainImagesAllocateOnce: an image plainImages reads costs one
// allocation, the figure span with its alt text's node (parsedImage),
// where goldmark's Image, its text and the span the figures transformer
// made of them were three. Sentences of 1,000 and 2,000 images with
// words between (a text node each; not a figure line, whose Figures
// allocate more) and alt texts and destinations of one byte (strings Go
// does not allocate) differ by two allocations an image at most: the
// span and the word.
func TestPlainImagesAllocateOnce(t *testing.T) {
	p := NewParser(Glamour)
	allocs := func(n int) float64 {
		src := []byte(strings.Repeat("![a](b) x ", n) + "\n")
		return testing.AllocsPerRun(3, func() { Parse(p, src, nil) })
	}
	if per := (allocs(2000) - allocs(1000)) / 1000; per > 2.1 {
		t.Fatalf("%.2f allocations an image (a span and a text node between: 2)", per)
	}
}
