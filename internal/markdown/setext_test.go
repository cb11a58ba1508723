package markdown

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// treeOf writes n's tree as it matters to everything after the parse:
// kinds, heading levels, positions, lines, blank lines before blocks and
// texts.
// parsedTree is the tree p parses of src, drawn by treeOf.
func parsedTree(p parser.Parser, src []byte) string {
	var out strings.Builder
	treeOf(&out, p.Parse(text.NewReader(src)), src, 0)
	return out.String()
}

func treeOf(b *strings.Builder, n ast.Node, src []byte, depth int) {
	fmt.Fprintf(b, "%s%s", strings.Repeat(" ", depth), n.Kind())
	if h, ok := n.(*ast.Heading); ok {
		fmt.Fprintf(b, " level %d", h.Level)
	}
	if n.Type() == ast.TypeBlock {
		fmt.Fprintf(b, " pos %d blank %t lines", n.Pos(), n.HasBlankPreviousLines())
		for i := 0; i < n.Lines().Len(); i++ {
			s := n.Lines().At(i)
			fmt.Fprintf(b, " [%d %d %d %t]", s.Start, s.Stop, s.Padding, s.ForceNewline)
		}
	}
	if t, ok := n.(*ast.Text); ok {
		fmt.Fprintf(b, " %q %t %t %t", t.Segment.Value(src), t.SoftLineBreak(), t.HardLineBreak(), t.IsRaw())
	}
	b.WriteByte('\n')
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		treeOf(b, c, src, depth+1)
	}
}

// withoutSetextAhead is paragraphLines without setextAhead: goldmark's
// paragraph parser, its lines grown by doubling.
type withoutSetextAhead struct{ paragraphLines }

func (p withoutSetextAhead) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	return p.BlockParser.Open(parent, reader, pc)
}

// TestSetextAheadIsGoldmarks compares the trees parsed with setext
// headings opened ahead (see setextAhead) with goldmark's, where the
// setext parser turns the paragraph into a heading: on random documents
// of text lines, underlines and every block that may stand next to them,
// and on the CommonMark spec's examples, with both dialects' parsers.
func TestSetextAheadIsGoldmarks(t *testing.T) {
	for _, o := range []Options{Glamour, {DefinitionList: true, Linkify: true}} {
		with := func(ahead bool) parser.Parser {
			return swappingBlock(t, o, func(b parser.BlockParser) (parser.BlockParser, bool) {
				pl, ok := b.(paragraphLines)
				if ok && !ahead {
					return withoutSetextAhead{pl}, true
				}
				return b, ok
			}, append(paragraphTransformers(), util.Prioritized(tableCap{newTableTransformer()}, 200)))
		}
		ours, goldmarks := with(true), with(false)
		compare := func(src []byte) {
			t.Helper()
			if got, want := parsedTree(ours, src), parsedTree(goldmarks, src); got != want {
				t.Fatalf("%q: headings opened ahead\n%.3000s\ngoldmark's\n%.3000s", src, got, want)
			}
		}
		pieces := []string{"a\n", "  b  \n", "c\\\n", "d  \n", "e *f*\n", "===\n", "---\n", "  ===  \n", "   --\n", "    ===\n",
			"=\n", "-\n", "- - -\n", "= =\n", "a===\n", "\t===\n", "===\r\n", "g\r\n", "[x]: /u\n", "[x]\n", " [y]: /v \"t\"\n",
			"| t |\n", "|---|\n", "> q\n", ">\n", "- l\n", "  - m\n", "1. n\n", "\n", "\n", "# h\n", "***\n", "```\n", "~~~\n",
			"<div>\n", "</div>\n", "<!-- c -->\n", ": dd\n", "[^1]: note\n", "    code\n", "\\===\n", "===a\n", "***a\n"}
		r := rand.New(rand.NewPCG(11, 6))
		for range 3000 {
			var b strings.Builder
			for range 1 + r.IntN(12) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			compare([]byte(b.String()))
			s := b.String()
			compare([]byte(strings.TrimSuffix(s, "\n"))) // no newline at the end
		}
		compare([]byte(Hostile("headings", 16<<10)))
		compare([]byte(strings.Repeat("Title\n=====\n\nText.\n\nSub\n---\n", 50)))
		data, err := os.ReadFile("../render/testdata/commonmark-0.31.2.json")
		if err != nil {
			t.Fatal(err)
		}
		var examples []struct{ Markdown string }
		if err := json.Unmarshal(data, &examples); err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, ex := range examples {
			compare([]byte(ex.Markdown))
			all.WriteString(ex.Markdown)
		}
		compare([]byte(all.String()))
	}
}
