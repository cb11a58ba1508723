package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// fencedParsers are a parser of goldmark's default blocks with goldmark's
// fenced code block parser and one with fencedLines.
func fencedParsers() (goldmarks, ours parser.Parser) {
	build := func(p parser.BlockParser) parser.Parser {
		var blocks []util.PrioritizedValue
		for _, b := range parser.DefaultBlockParsers() {
			if b.Priority == 700 {
				b.Value = p // goldmark's fenced code block parser
			}
			blocks = append(blocks, b)
		}
		return parser.NewParser(parser.WithBlockParsers(blocks...), parser.WithInlineParsers())
	}
	return build(parser.NewFencedCodeBlockParser()), build(fencedLines{parser.NewFencedCodeBlockParser()})
}

// TestFencedLinesAreGoldmarks: fencedLines, which makes room for a long
// block's lines beforehand, gives the blocks and lines goldmark's parser
// gives, for blocks long enough to be given room, closed and not, with
// lines that look like closing fences and are not, in quotes and lists
// (not given room), at the end of the document with and without a line
// end.
func TestFencedLinesAreGoldmarks(t *testing.T) {
	g, o := fencedParsers()
	many := func(line string, n int) string { return strings.Repeat(line, n) }
	docs := []string{
		"```\n" + many("a\n", 300) + "```\n",
		"```\n" + many("a\n", 9000) + "```\nb\n",
		"```\n" + many("a\n", 300),
		"```\n" + many("a\n", 300) + "a",
		"~~~~\n" + many("a\n", 300) + "~~~\n" + many("b\n", 300) + "~~~~\nafter\n",
		"```\n" + many("a\n", 300) + "   ```  \n" + many("b\n", 10),
		"```\n" + many("a\n", 300) + "    ```\n" + many("b\n", 300) + "```\n",
		"```\n" + many("a\n", 300) + "``` x\n" + many("b\n", 300) + "```\n",
		"```go\n" + many("\tx := 1\n\n", 200) + "```\n\n```\n" + many("c\r\n", 400) + "```\n",
		"> ```\n" + many("> a\n", 300) + "> ```\n",
		"- ```\n" + many("  a\n", 300) + "  ```\n",
		"- ```\n" + many("  a\n", 300) + "b\n",
		"text\n```\n" + many("a\n", 255) + "```\n",
		"```\n" + many("a\n", 256) + "```\n```\n" + many("\n", 257),
		many("```\n"+many("a\n", 260), 3),
		"\t```\n" + many("a\n", 300),
		"  ```\n" + many("   a\n", 300) + "  ```\n",
	}
	for _, src := range docs {
		want, got := blockNodes(g, []byte(src)), blockNodes(o, []byte(src))
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%.40q...: the blocks differ from goldmark's", src)
		}
	}
	// The room made is the block's lines, no more.
	for _, c := range []struct {
		src   string
		fence byte
		lines int
	}{
		{many("a\n", 5) + "```\n", '`', 5},
		{many("a\n", 5) + "   ```x\n", '`', 5},
		{many("a\n", 5) + "    ```\n", '`', 6},
		{many("a\n", 5) + "~~~\n", '`', 6},
		{many("a\n", 5), '`', 5},
		{many("a\n", 5) + "a", '`', 6},
		{"", '`', 0},
	} {
		if got := linesBeforeFence([]byte(c.src), c.fence); got != c.lines {
			t.Errorf("%q: %d lines, want %d", c.src, got, c.lines)
		}
	}
}

// TestIndentedLinesAreGoldmarks: indentedLines, which makes room for a
// long indented block's lines beforehand, gives the blocks and lines
// goldmark's parser gives: blocks long enough to be given room, with
// blank lines inside and at the end, tabs, lines indented by less than
// four columns (which end a block, and the count), in quotes and lists
// (not given room), at the end of the document with and without a line
// end; and the count is never more than the block's lines.
func TestIndentedLinesAreGoldmarks(t *testing.T) {
	var g, o parser.Parser
	{
		build := func(p parser.BlockParser) parser.Parser {
			var blocks []util.PrioritizedValue
			for _, b := range parser.DefaultBlockParsers() {
				if b.Priority == 500 {
					b.Value = p // goldmark's indented code block parser
				}
				blocks = append(blocks, b)
			}
			return parser.NewParser(parser.WithBlockParsers(blocks...), parser.WithInlineParsers())
		}
		g, o = build(parser.NewCodeBlockParser()), build(indentedLines{parser.NewCodeBlockParser()})
	}
	many := func(line string, n int) string { return strings.Repeat(line, n) }
	docs := []string{
		many("    a\n\n", 300),
		many("    a\n\n", 5000) + "b\n",
		many("    a\n", 300) + "b\n",
		many("    a\n", 300) + "\n\n\n",
		many("    a\n", 300) + "    a",
		many("\ta\n \ta\n", 200) + "x\n" + many("    b\n", 300),
		many("    a\r\n\r\n", 300) + "  b\n",
		"    a\n" + many("\n", 300) + "b\n",
		many("    a\n", 100) + "   a\n" + many("    c\n", 300),
		many("> "+"    a\n", 300),
		"- a\n\n" + many("      a\n", 300) + "b\n",
		"text\n" + many("    a\n", 300),
		many(many("    a\n", 260)+"b\n", 3),
	}
	for _, src := range docs {
		want, got := blockNodes(g, []byte(src)), blockNodes(o, []byte(src))
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%.40q...: the blocks differ from goldmark's", src)
		}
	}
	for _, c := range []struct {
		src   string
		lines int
	}{
		{many("    a\n", 5) + "b\n", 5},
		{many("    a\n", 5) + "   b\n", 5},
		{many("\ta\n", 5) + " \tb\n", 5},
		{many("\n \t\r\n", 5) + "b", 10},
		{many("    a\n", 5) + "    a", 6},
		{"", 0},
	} {
		if got := indentedLinesIn([]byte(c.src)); got != c.lines {
			t.Errorf("%q: %d lines, want %d", c.src, got, c.lines)
		}
	}
}
