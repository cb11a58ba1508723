package markdown

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// countingOpens is a block parser that counts the lines it is asked to
// open: TestThematicBreaksAreGoldmarks counts those thematicBreaks is
// asked and those it passes on to goldmark's parser.
type countingOpens struct {
	parser.BlockParser
	opens *int
}

// Open implements parser.BlockParser.
func (c countingOpens) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	*c.opens++
	return c.BlockParser.Open(parent, reader, pc)
}

// TestThematicBreaksAreGoldmarks parses documents with thematicBreaks and
// with goldmark's thematic break parser alone, and compares the trees:
// random lines of marks, spaces, tabs, letters, list markers and quotes
// (nested, so that a line is asked at several levels), the hostile lists,
// and CommonMark's examples. It counts the lines thematicBreaks declines
// without goldmark's: the comparison would pass as well if it declined
// none.
func TestThematicBreaksAreGoldmarks(t *testing.T) {
	var ours, theirs int // the opens thematicBreaks was asked, and passed on
	with := func(declines bool) parser.Parser {
		return swappingBlock(t, Glamour, func(b parser.BlockParser) (parser.BlockParser, bool) {
			tb, ok := b.(thematicBreaks)
			if !ok || !declines {
				return tb.BlockParser, ok
			}
			return countingOpens{thematicBreaks{countingOpens{tb.BlockParser, &theirs}}, &ours}, true
		}, paragraphTransformers())
	}
	declining, goldmarks := with(true), with(false)
	compare := func(src []byte) {
		t.Helper()
		if got, want := parsedTree(declining, src), parsedTree(goldmarks, src); got != want {
			t.Fatalf("%q: with thematicBreaks\n%.3000s\ngoldmark's\n%.3000s", src, got, want)
		}
	}
	pieces := []string{"-", "*", "_", " ", "  ", "   ", "    ", "\t", "a", "- ", "* ", "_ ", "> ", "1. ", "\r", "\\-", "=", "+ "}
	r := rand.New(rand.NewPCG(15, 6))
	for range 4000 {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			for range r.IntN(10) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			b.WriteString("\n")
		}
		compare([]byte(b.String()))
		compare([]byte(strings.TrimSuffix(b.String(), "\n")))
	}
	for _, name := range []string{"lists", "rules", "quote-lists"} {
		compare([]byte(Hostile(name, 4<<10)))
	}
	data, err := os.ReadFile("../render/testdata/commonmark-0.31.2.json")
	if err != nil {
		t.Fatal(err)
	}
	var examples []struct{ Markdown string }
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		compare([]byte(ex.Markdown))
	}
	if declined := ours - theirs; declined < 1000 || theirs < 1000 {
		t.Fatalf("thematicBreaks declined %d lines itself and passed %d on: the test checks too little", declined, theirs)
	}
}
