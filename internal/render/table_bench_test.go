package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// BenchmarkWrittenTable renders a table as posts write them, 400 short
// rows of three columns ("| 7 | x | y |", 6 KB), beside prose of the
// same size (issue 6: whatever its structure, a post costs no more than
// twice what prose of its size does), and the same rows with a word or
// two a cell.
func BenchmarkWrittenTable(b *testing.B) {
	var short, words strings.Builder
	short.WriteString("| n | x | y |\n|---|---|---|\n")
	words.WriteString("| Name | Kind | Notes |\n|:--|:-:|--:|\n")
	for i := range 400 {
		fmt.Fprintf(&short, "| %d | x | y |\n", i)
		fmt.Fprintf(&words, "| item %d | plain text | %d.5 each, or less |\n", i, i)
	}
	for _, doc := range []struct{ name, md string }{
		{"table", short.String()},
		{"table-prose", markdown.Hostile("prose", short.Len())},
		{"words", words.String()},
		{"words-prose", markdown.Hostile("prose", words.Len())},
	} {
		b.Run(doc.name, func(b *testing.B) {
			b.ReportAllocs()
			benchmarkRender(b, doc.md)
		})
	}
}
