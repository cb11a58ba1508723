package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxFilledCells bounds the empty cells a document's tables are given
// for rows shorter than their header, as cmark-gfm bounds its
// "autocompleted" cells: a row of one cell under a header of 1,000
// columns is drawn with 1,000, so 64 KB of "a" lines under such a header
// made 30 million nodes (5.5 GB) when the post was loaded, and the
// server never started. A table that would pass the bound, counted
// across the document's tables, stays a paragraph: its text is shown as
// written.
const MaxFilledCells = 1 << 16

// filledCellsKey holds, in a parse's context, the empty cells its tables
// were given so far.
var filledCellsKey = parser.NewContextKey()

// tableCap is a table paragraph transformer that leaves a paragraph a
// paragraph when its table would pass MaxFilledCells.
type tableCap struct{ tables parser.ParagraphTransformer }

// Transform implements parser.ParagraphTransformer.
func (t tableCap) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	source := reader.Source()
	// The delimiter row, as goldmark finds it: the first line after
	// the first that is one.
	at, cols := 0, 0
	for i := 1; i < lines.Len() && at == 0; i++ {
		if l := lines.At(i); isTableDelim(l.Value(source)) {
			if a := parseDelimiter(l, source); a != nil {
				at, cols = i, len(a)
			}
		}
	}
	if at == 0 {
		return // no table
	}
	// A row's cells are counted by its bars, so escaped ones count too
	// (a row of many "\|" is that many bytes long: it cannot hide more
	// than its size).
	filled, _ := pc.Get(filledCellsKey).(int)
	for i := at + 1; i < lines.Len(); i++ {
		row := lines.At(i)
		if n := cellsOf(row.Value(source)); n < cols {
			filled += cols - n
		}
	}
	if filled > MaxFilledCells {
		return
	}
	pc.Set(filledCellsKey, filled)
	t.tables.Transform(node, reader, pc)
}

// cellsOf counts the cells of a table row as its bars do: "|a|b|" and
// "a|b" are two.
func cellsOf(line []byte) int {
	line = bytes.TrimSpace(line)
	n := bytes.Count(line, []byte{'|'}) + 1
	if len(line) > 0 && line[0] == '|' {
		n--
	}
	if len(line) > 1 && line[len(line)-1] == '|' {
		n--
	}
	return max(n, 1)
}
