package markdown

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// treeShape writes tree n as a line per node: its kind, position, a cell's
// alignment, a text's segment and flags; a PlainCell as the TableCell and
// the Text nodes goldmark's parser makes of it, a PlainRow or PlainHeader
// as the row or header of those cells.
func treeShape(b *strings.Builder, n ast.Node, depth int) {
	pad := strings.Repeat(" ", depth)
	switch v := n.(type) {
	case *PlainCell:
		fmt.Fprintf(b, "%sTableCell %d %v lines=0\n", pad, v.Pos(), v.Alignment)
		first, second, two := v.Texts()
		fmt.Fprintf(b, "%s Text %v false false false\n", pad, first)
		if two {
			fmt.Fprintf(b, "%s Text %v false false false\n", pad, second)
		}
		return
	case *PlainHeader:
		fmt.Fprintf(b, "%sTableHeader %d\n", pad, v.Pos())
		plainCells(b, v.Cells, v.Parent().(*east.Table).Alignments, depth)
		return
	case *PlainRows:
		if len(v.Rows) == 0 || int(v.Rows[0].Pos) != v.Pos() {
			fmt.Fprintf(b, "%sPlainRows of %d rows at %d\n", pad, len(v.Rows), v.Pos())
		}
		for _, r := range v.Rows {
			fmt.Fprintf(b, "%sTableRow %d\n", pad, r.Pos)
			plainCells(b, r.Cells, v.Alignments, depth)
		}
		return
	case *east.TableCell:
		fmt.Fprintf(b, "%sTableCell %d %v lines=0\n", pad, v.Pos(), v.Alignment)
	case *ast.Text:
		fmt.Fprintf(b, "%sText %v %t %t %t\n", pad, v.Segment, v.SoftLineBreak(), v.HardLineBreak(), v.IsRaw())
	default:
		fmt.Fprintf(b, "%s%s %d\n", pad, n.Kind(), n.Pos())
		if n.Type() == ast.TypeBlock {
			for i := 0; i < n.Lines().Len(); i++ {
				fmt.Fprintf(b, "%s line %v\n", pad, n.Lines().At(i))
			}
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		treeShape(b, c, depth+1)
	}
}

// plainCells writes the cells of a plain row (or header) of a table of
// alignments as treeShape writes goldmark's, with the empty cells a short
// row is given.
func plainCells(b *strings.Builder, cells []PlainRowCell, alignments []east.Alignment, depth int) {
	pad := strings.Repeat(" ", depth)
	for i, c := range cells {
		first, second, two := c.Texts()
		fmt.Fprintf(b, "%s TableCell %d %v lines=0\n", pad, c.Pos, alignments[i])
		fmt.Fprintf(b, "%s  Text %v false false false\n", pad, first)
		if two {
			fmt.Fprintf(b, "%s  Text %v false false false\n", pad, second)
		}
	}
	for range len(alignments) - len(cells) {
		treeShape(b, east.NewTableCell(), depth+1)
	}
}

// TestPlainCellsAreGoldmarksCells checks the draw parser's tables against
// goldmark's: the same tree, a PlainCell standing for a cell with one
// Text node of its text, on many tables of random cells.
func TestPlainCellsAreGoldmarksCells(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	alphabet := []string{"a", "b", "Z", "0", "9", " ", "  ", ".", ",", "-", "+", "=", "/", "%", "#", "'", `"`, "?", ";",
		"*", "_", "~", "`", "[", "]", "(", ")", "!", "<", ">", "&", "\\", "$", ":", "@", "www.", "http://x.y", "a@b.co",
		"|", `\|`, "^", "{", "}", "é", "中", "“", "\t", "&amp;", "[^1]", ":smile:", "<br>", "x.com"}
	cell := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	docs := []string{
		Hostile("table", 4<<10), Hostile("wide-table", 4<<10), Hostile("table-rows", 2<<10),
		"> | a | b |\n> |---|:-:|\n> | 1 | 2 |\n",
		"- | a | b |\n  |---|--:|\n  | 1 | 2 |\n  | 3 |\n",
		"x[^1]\n\n[^1]: | a | b |\n    |---|---|\n    | 1 | 2 |\n",
		"para\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n",
		"| a |\n|---|\n| `x\\|y` | z |\n",
	}
	for range 3000 {
		cols := 1 + r.IntN(4)
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteString(cell() + "\n")
		}
		row := func(n int) {
			if r.IntN(2) == 0 {
				b.WriteString("|")
			}
			for i := range n {
				if i > 0 {
					b.WriteString("|")
				}
				b.WriteString(" " + cell() + " ")
			}
			if r.IntN(2) == 0 {
				b.WriteString("|")
			}
			b.WriteString("\n")
		}
		if r.IntN(4) == 0 {
			row(1 + r.IntN(cols+1)) // a header short of the columns, or over
		} else {
			row(cols)
		}
		// The delimiter row, with or without its outer bars, spaced
		// or not, now and then with a column that is none.
		b.WriteString([]string{"|", "|", "", " |", "  ", "| "}[r.IntN(6)])
		for i := range cols {
			if i > 0 {
				b.WriteString("|")
			}
			d := []string{"---", ":--", "--:", ":-:", " - ", "\t:-:\t", "-x-", "", " ", "::", "-"}[(i+r.IntN(11))%11]
			if r.IntN(8) > 0 {
				d = []string{"---", ":--", "--:", ":-:"}[(i+r.IntN(4))%4]
			}
			b.WriteString(d)
		}
		b.WriteString([]string{"|\n", "|\n", "\n", "| \n", " \n", "||\n"}[r.IntN(6)])
		for range r.IntN(5) {
			row(1 + r.IntN(cols+1))
		}
		docs = append(docs, b.String())
	}
	plain, rows := 0, 0
	for _, emoji := range []bool{false, true} {
		for _, md := range docs {
			src := []byte(md)
			var want, got strings.Builder
			treeShape(&want, Parse((*Dialect)(nil).Parser(emoji), src, nil), 0)
			tree := Parse((*Dialect)(nil).DrawParser(emoji), src, nil)
			treeShape(&got, tree, 0)
			if got.String() != want.String() {
				t.Fatalf("%q: draw parser's tree\n%s\ngoldmark's\n%s", md, got.String(), want.String())
			}
			_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n.(type) {
				case *PlainCell:
					plain++
				case *PlainRows:
					rows += len(n.(*PlainRows).Rows)
				case *PlainHeader:
					rows++
				}
				return ast.WalkContinue, nil
			})
		}
	}
	if plain < 1000 || rows < 1000 {
		t.Fatalf("only %d plain cells and %d plain rows: the test checks too little", plain, rows)
	}
}

// TestDelimAlignmentAsRegexps: delimAlignment reads a delimiter row's
// column as goldmark's regexps do.
func TestDelimAlignmentAsRegexps(t *testing.T) {
	res := []struct {
		re *regexp.Regexp
		a  east.Alignment
	}{
		{regexp.MustCompile(`^\s*\:\-+\s*$`), east.AlignLeft},
		{regexp.MustCompile(`^\s*\-+\:\s*$`), east.AlignRight},
		{regexp.MustCompile(`^\s*\:\-+\:\s*$`), east.AlignCenter},
		{regexp.MustCompile(`^\s*\-+\s*$`), east.AlignNone},
	}
	r := rand.New(rand.NewPCG(6, 2))
	bytes := []byte(" \t\v\n\f\r:-a|\u00a0")
	for range 200000 {
		col := make([]byte, r.IntN(7))
		for i := range col {
			col[i] = bytes[r.IntN(len(bytes))]
		}
		want, wantOK := east.Alignment(0), false
		for _, x := range res {
			if x.re.Match(col) {
				want, wantOK = x.a, true
				break
			}
		}
		if got, ok := delimAlignment(col); got != want || ok != wantOK {
			t.Fatalf("delimAlignment(%q) = %v, %t; the regexps %v, %t", col, got, ok, want, wantOK)
		}
	}
}
