package render

import (
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/sshblog/sshblog/internal/markdown"
)

// parsedFigures counts the Figures of md's parse, as figuresIn finds them
// without its quick test.
func parsedFigures(md string) int {
	n := 0
	_ = ast.Walk(markdown.Parse(mdParser, []byte(md), nil), func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := c.(*markdown.Figure); ok && entering {
			n++
		}
		return ast.WalkContinue, nil
	})
	return n
}

// figureCases are lines that stand as figures, and lines that do not.
var figureCases = []string{
	"![a](b)", "- ![a](b)", "> ![a](b)", "1. ![a](b)", "2) ![a](b)", "  ![a](b)  ", "[^1]: ![a](b)\n\nx[^1]",
	"[![a](b)](c)", "![a](b) ![c](d)", "<img src=a>", "<p><img src=a></p>", "<div>\n<img src=a>\n</div>",
	"x <br> ![a](b)", "x<BR/>![a](b)", "![a](b)<br>x", "x\\\n![a](b)", "x  \n![a](b)", "![a\nb](c)", "![a](<b c>)",
	"![a](b \"t)\")", "![a](b 't')", "![a][r]\n\n[r]: b", "![a]\n\n[a]: b", "- [ ] ![a](b)", "> - > 1. ![a](b)",
	"x\n![a](b)\ny", "x ![a](b)", "![a](b) x", "*![a](b)*", "`![a](b)`", "\\![a](b)", "# ![a](b)", "| ![a](b) |",
	"![a](b)\n===", "![`](b)", "![a\\]](b)", "a\n\n![a](b)\n\nb", "![a](b)\u3000", "\u00a0![a](b)", "![a](b)\u2e3b",
	"<video src=a></video>", "text <img src=a> text", "<img src=a> x", "![a](b) ![c](d) word", "![a](b(c)d)",
	"- x\n\n  ![a](b)", "    ![a](b)", "![a](b)\r\n", "1.5 ![a](b)", "1.![a](b)", "-![a](b)", "![a](b) <!-- c -->",
	"![中文](图.png)", "中文 ![中文](图.png)", "![a](b)\\", "![a](b) :", "<https://x> ![a](b)",
}

// TestMayHaveFiguresIsSure: the quick test never says "no figure" of
// markdown that has one, as written and as annotate tags it; and it
// spares the parse of a line of images among words.
func TestMayHaveFiguresIsSure(t *testing.T) {
	check := func(md string) {
		t.Helper()
		for _, s := range []string{md, annotate(md, nil, nil, true)} {
			if n := parsedFigures(s); n > 0 && !mayHaveFigures(s) {
				t.Errorf("%q has %d figures, the quick test says none", s, n)
			}
		}
	}
	for _, c := range figureCases {
		check(c)
		check("- " + strings.ReplaceAll(c, "\n", "\n  "))
	}
	for _, f := range []string{"figures.en.md", "figures.zh.md", "links.en.md", "links.zh.md"} {
		b, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		check(string(b))
	}
	for _, md := range []string{
		markdown.Hostile("figure-line", 64<<10),
		"An icon ![rss](icons/rss.svg) in a sentence, <img src=a> and ![b](c).\n\nMore ![d](e) words.\n",
	} {
		if mayHaveFigures(md) {
			t.Errorf("%.60q: images in sentences only, the quick test says there may be figures", md)
		}
	}
}

// FuzzMayHaveFigures is TestMayHaveFiguresIsSure for any markdown, as
// written and as annotate tags it.
func FuzzMayHaveFigures(f *testing.F) {
	for _, c := range figureCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 4096 {
			return
		}
		for _, s := range []string{md, annotate(md, nil, nil, true)} {
			if n := parsedFigures(s); n > 0 && !mayHaveFigures(s) {
				t.Errorf("%q has %d figures, the quick test says none", s, n)
			}
		}
	})
}
