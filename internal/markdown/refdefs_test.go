package markdown

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestRefDefsIsGoldmarks: a parser with refDefs makes the tree and the
// link references of one with goldmark's own transformer, on random
// documents of definitions (indented, tabbed, on several lines, broken,
// after text, in quotes and lists) and paragraphs that start otherwise.
func TestRefDefsIsGoldmarks(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 100))
	pieces := []string{"[a]: /u\n", " [b]: /v \"t\"\n", "\t[c]: /w\n", "   [d]:\n/x\n", "    [e]: /y\n", "[f]\n", ": /z\n",
		"text [g]: /q\n", "[h]: /r\ntext after\n", "[a]\n", "[i][a] and [b]\n", "\n", "> [j]: /s\n", "- [k]: /t\n",
		"  \t text\n", "[^1]: note\n", "[l]: <a b> 'title\n", "more'\n", "![m]: /p\n", "\\[n]: /o\n", "[[x]]: /y\n", "word\n"}
	goldmarks := parser.NewParser(
		parser.WithBlockParsers(blockParsers(Glamour)...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	ours := parser.NewParser(
		parser.WithBlockParsers(blockParsers(Glamour)...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(paragraphTransformers()...),
	)
	defs := 0
	for range 400 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		src := []byte(b.String())
		draw := func(p parser.Parser) string {
			ctx := parser.NewContext()
			doc := p.Parse(text.NewReader(src), parser.WithContext(ctx))
			var out strings.Builder
			drawn(&out, doc, src, 0)
			var refs []string // the context keeps them in a map
			for _, ref := range ctx.References() {
				refs = append(refs, string(ref.Label())+" "+string(ref.Destination())+" "+string(ref.Title()))
			}
			slices.Sort(refs)
			return out.String() + strings.Join(refs, "\n")
		}
		got, want := draw(ours), draw(goldmarks)
		if got != want {
			t.Fatalf("%q: with refDefs\n%s\nwith goldmark's\n%s", src, got, want)
		}
		defs += strings.Count(want, "LinkReferenceDefinition")
	}
	if defs < 100 {
		t.Fatalf("only %d definitions: the test checks too little", defs)
	}
}
