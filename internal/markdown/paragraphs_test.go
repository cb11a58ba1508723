package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestParagraphLinesIsGoldmarks: a parser whose paragraphs' lines grow by
// doubling (paragraphLines) makes the tree of one with goldmark's own
// paragraph parser, on paragraphs of up to 3,000 lines, lazy ones in
// quotes and lists, ones that become tables or setext headings, with
// blank lines, indentation and hard breaks.
func TestParagraphLinesIsGoldmarks(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 256))
	pieces := []string{"a\n", "  b\n", "c  \n", "d\\\n", "> e\n", "- f\n", "\n", "g\n===\n", "| h |\n|---|\n", "\\(i\n", "    j\n", "*k\n"}
	with := func(paragraphs parser.BlockParser) parser.Parser { return withParagraphs(t, paragraphs) }
	ours, goldmarks := with(paragraphLines{BlockParser: parser.NewParagraphParser()}), with(parser.NewParagraphParser())
	for range 60 {
		var b strings.Builder
		lines := r.IntN(3000)
		for range lines {
			if r.IntN(400) == 0 {
				b.WriteString(pieces[r.IntN(len(pieces))])
			} else {
				b.WriteString(pieces[r.IntN(4)])
			}
		}
		src := []byte(b.String())
		draw := func(p parser.Parser) string {
			var out strings.Builder
			drawn(&out, p.Parse(text.NewReader(src)), src, 0)
			return out.String()
		}
		if got, want := draw(ours), draw(goldmarks); got != want {
			t.Fatalf("%.200q: lines grown by doubling\n%.2000s\ngoldmark's\n%.2000s", src, got, want)
		}
	}
}
