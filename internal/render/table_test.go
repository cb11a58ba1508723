package render

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	glamouransi "charm.land/glamour/v2/ansi"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// wideTable is a markdown table of cols columns and rows rows whose
// cells are all distinct ("r2c17").
func wideTable(cols, rows int) string {
	var b strings.Builder
	for c := 1; c <= cols; c++ {
		fmt.Fprintf(&b, "| Header%d ", c)
	}
	b.WriteString("|\n")
	b.WriteString(strings.Repeat("|---", cols) + "|\n")
	for r := 1; r <= rows; r++ {
		for c := 1; c <= cols; c++ {
			fmt.Fprintf(&b, "| r%dc%d ", r, c)
		}
		b.WriteString("|\n")
	}
	return b.String()
}

// TestWideTableKeepsEveryCell: a 60-column table at 80 columns shows
// every header and every cell, whole.
func TestWideTableKeepsEveryCell(t *testing.T) {
	md := "Before.\n\n" + wideTable(60, 3) + "\nAfter.\n"
	for _, style := range []Style{Plain, Dark} {
		out, err := Markdown(md, 80, style)
		if err != nil {
			t.Fatal(err)
		}
		plain := ansi.Strip(out)
		words := map[string]bool{}
		for _, w := range strings.FieldsFunc(plain, func(r rune) bool { return strings.ContainsRune(" :│|─-\n", r) }) {
			words[w] = true
		}
		for c := 1; c <= 60; c++ {
			if !words[fmt.Sprintf("Header%d", c)] {
				t.Errorf("%s: header %d missing or cut", style, c)
			}
			for r := 1; r <= 3; r++ {
				if !words[fmt.Sprintf("r%dc%d", r, c)] {
					t.Errorf("%s: cell r%dc%d missing or cut", style, r, c)
				}
			}
		}
		if strings.Index(plain, "Before.") > strings.Index(plain, "Header1") || strings.Index(plain, "After.") < strings.Index(plain, "r3c60") {
			t.Errorf("%s: the table is out of its place in the text:\n%s", style, plain)
		}
		for i, l := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("%s: line %d is %d cells", style, i, w)
			}
		}
	}
}

const fieldTable = `| Field | Type | Required | What the server does with it |
|-------|------|:--------:|------------------------------|
| title | string | yes | Shown in the list and as the page heading |
| description | RFC 3339 or date | no | One line under the title in the list |
`

// TestTableHeadersAndWordsWhole: at every width, no header is cut to
// "…", and no word of a cell is split across lines (each is shorter than
// any column the layout gives it).
func TestTableHeadersAndWordsWhole(t *testing.T) {
	for w := 30; w <= 120; w++ {
		out, err := Markdown(fieldTable, w, Plain)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "…") {
			t.Errorf("@%d: something was cut to …:\n%s", w, out)
		}
		words := map[string]bool{}
		for _, f := range strings.FieldsFunc(out, func(r rune) bool { return strings.ContainsRune(" :|-\n", r) }) {
			words[f] = true
		}
		for _, want := range strings.Fields("Field Type Required What the server does with it title string yes Shown in list and as page heading description RFC 3339 or date no One line under") {
			if !words[want] {
				t.Errorf("@%d: word %q missing or split:\n%s", w, want, out)
			}
		}
	}
}

// TestTableColumnsShareByContent: a column of short values stays as
// narrow as its text; the column with the most text gets the rest.
func TestTableColumnsShareByContent(t *testing.T) {
	out, err := Markdown(fieldTable, 72, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, " Field       │ Type             │ Required │ What the server") {
		t.Errorf("columns not sized by content:\n%s", out)
	}
	if !strings.Contains(out, "title       │ string           │   yes    │ Shown in the list and") {
		t.Errorf("the long column did not get the spare width:\n%s", out)
	}
}

// FuzzTableLayout: whatever the cells and the width, the layout keeps
// every cell's text (in order, spaces aside) and no line is wider than
// the width.
func FuzzTableLayout(f *testing.F) {
	f.Add("Field|Type", "title string|黑底白字的屏幕，在上面读书", 40, 3)
	f.Add("a", "", 20, 1)
	f.Add("description of a very long header|b|c|d|e|f|g", "x|y", 30, 7)
	f.Fuzz(func(t *testing.T, header, row string, width, rows int) {
		if width < 8 || width > 300 || rows < 0 || rows > 5 || strings.ContainsAny(header+row, "\x1b\n\t\r") || !utf8.ValidString(header) || !utf8.ValidString(row) {
			return
		}
		tbl := table{header: strings.Split(header, "|")}
		for range rows {
			cells := strings.Split(row, "|")
			for len(cells) < len(tbl.header) {
				cells = append(cells, "")
			}
			tbl.rows = append(tbl.rows, cells[:len(tbl.header)])
		}
		lines := layoutTable(tbl, width, styleConfig(Plain), textwrap.Narrow)
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > width {
				// Only a single grapheme wider than its column may
				// overflow (a 2-cell character in a 1-cell column).
				if width >= 12 {
					t.Fatalf("line %q is %d cells, width %d", l, w, width)
				}
			}
		}
		squash := func(s string) string {
			return strings.NewReplacer(" ", "", "|", "", "-", "", ":", "", "\n", "").Replace(s)
		}
		out := squash(strings.Join(lines, "\n"))
		for _, r := range tbl.rows {
			for _, c := range r {
				if c := squash(c); c != "" && !strings.Contains(out, c) {
					// Cells may interleave line by line in the grid
					// layout: check the characters are all there.
					for _, ch := range c {
						if !strings.ContainsRune(out, ch) {
							t.Fatalf("cell %q lost (%q missing) in:\n%s", c, ch, strings.Join(lines, "\n"))
						}
					}
				}
			}
		}
	})
}

// TestPlainTextIsTextRun: a plain cell's text, its style's opener worked
// out once and its text read in place (plainText), is what textRun
// writes for it in the table's style, cell after cell of one table, in
// every style, for texts with marks, entities, escapes, spaces around
// and none.
func TestPlainTextIsTextRun(t *testing.T) {
	texts := []string{"", " ", "a", " a b ", "&amp; &lt;x&gt; &copy;", "a\u2028b", string(lineBreak) + "x" + string(widthFiller),
		"中文 text", "tab\there", "\\*not\\*", "&", "&#x41;&#65;", "x " + string(endMark), "\xff\xfe"}
	var src []byte
	var segs []text.Segment
	for _, s := range texts {
		segs = append(segs, text.NewSegment(len(src), len(src)+len(s)))
		src = append(src, s...)
	}
	for _, style := range []Style{Dark, Light, Plain} {
		c := styleConfig(style)
		fast, slow := newCellWriter(src, c), newCellWriter(src, c)
		for i := range segs {
			for j := range segs {
				for _, two := range []bool{false, true} {
					got := fast.plainText(segs[i], segs[j], two)
					slow.buf = slow.buf[:0]
					outer := cascade(glamouransi.StylePrimitive{}, c.Table.StylePrimitive)
					slow.textRun(outer, segs[i].Value(src))
					if two {
						slow.textRun(outer, segs[j].Value(src))
					}
					if want := string(bytes.TrimSpace(slow.buf)); got != want {
						t.Fatalf("%s, %q %q (%v): %q, textRun %q", style, texts[i], texts[j], two, got, want)
					}
				}
			}
		}
	}
}

// TestRecordsAsBefore: records, its labels and values that are their own
// one line kept without a slice each, draws what it drew when every one
// was wrapped into a slice of its own (recordsBefore), for tables of
// short, long, styled and Chinese cells, at several widths.
func TestRecordsAsBefore(t *testing.T) {
	cells := []string{"a", "", "Header", "a long value that wraps at narrow widths, surely", "中文的表格单元格内容比较长一些",
		"\x1b[38;5;252mstyled\x1b[m", "x\ny", "wordwordwordwordwordwordwordwordword"}
	for _, width := range []int{8, 20, 40, 80} {
		for _, amb := range []textwrap.Ambiguous{textwrap.Narrow, textwrap.Wide} {
			for n := 1; n <= len(cells); n++ {
				tbl := table{header: cells[:n]}
				for r := range 3 {
					row := make([]string, n)
					for i := range row {
						row[i] = cells[(i+r)%len(cells)]
					}
					tbl.rows = append(tbl.rows, row)
				}
				got, want := records(tbl, width, "─", amb), recordsBefore(tbl, width, "─", amb)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Fatalf("width %d, %d columns: %q, before %q", width, n, got, want)
				}
			}
		}
	}
}

// recordsBefore is records as it was before its one-line cells were kept
// without a slice each.
func recordsBefore(t table, width int, rowSep string, amb textwrap.Ambiguous) []string {
	labelW := 0
	for _, h := range t.header {
		labelW = max(labelW, textwrap.StringWidth(h, amb)+1)
	}
	labelW = min(labelW, max(4, width/3))
	valueW := max(1, width-labelW-1)
	var out []string
	if len(t.rows) == 0 { // a header alone: its cells, one a line
		for _, h := range t.header {
			out = append(out, textwrap.Lines(h, width, amb)...)
		}
		return out
	}
	// Every row has the same labels: each is wrapped and padded once.
	labels := make([][]string, len(t.header))
	for col, h := range t.header {
		labels[col] = textwrap.Lines(h+":", labelW, amb)
		for i, l := range labels[col] {
			labels[col][i] = pad(l, labelW, east.AlignLeft, amb)
		}
	}
	rule := strings.Repeat(rowSep, width)
	blank := strings.Repeat(" ", labelW)
	for r, row := range t.rows {
		if r > 0 {
			out = append(out, rule)
		}
		for col, v := range row {
			labels := labels[col]
			values := textwrap.Lines(v, valueW, amb)
			for i := range max(len(labels), len(values)) {
				l, val := blank, ""
				if i < len(labels) {
					l = labels[i]
				}
				if i < len(values) {
					val = values[i]
				}
				out = append(out, strings.TrimRight(l+" "+val, " "))
			}
		}
	}
	return out
}

// TestTablesShareScratchAsFresh lays out the tables of posts of many
// tables (short rows, wide cells, links and emphasis, Chinese, a header
// alone, tables too wide that become records) one after another in one
// tableScratch and one set of openers, as a layout does, and each on its
// own, as readTable and layoutTable do: the same lines.
func TestTablesShareScratchAsFresh(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 13))
	words := []string{"a", "bb", "*em*", "`code`", "[l](https://example.com/x)", "中文字符", "word word word word", "&amp;", "", "x\\|y"}
	var b strings.Builder
	b.WriteString(markdown.Hostile("quote-tables", 2<<10) + "\n\n" + markdown.Hostile("wide-table", 2<<10) + "\n\n")
	for range 200 {
		cols := 1 + r.IntN(5)
		row := func(n int) {
			for range n {
				b.WriteString("| " + words[r.IntN(len(words))] + " ")
			}
			b.WriteString("|\n")
		}
		row(cols)
		b.WriteString(strings.Repeat("|---", cols) + "|\n")
		for range r.IntN(6) {
			row(1 + r.IntN(cols+1))
		}
		b.WriteString("\n")
	}
	src := []byte(b.String())
	tree := markdown.Parse(mdParser, src, nil)
	for _, style := range []Style{Dark, Plain} {
		c := styleConfig(style)
		var s tableScratch
		o := newOpeners()
		tables := 0
		_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			tb, ok := n.(*east.Table)
			if !entering || !ok {
				return ast.WalkContinue, nil
			}
			tables++
			for _, width := range []int{0, 12, 40, 100} {
				want := layoutTable(readTable(tb, src, c, newOpeners()), width, c, textwrap.Narrow)
				got := layoutTableWith(readTableWith(tb, src, c, o, &s), width, c, textwrap.Narrow, &s)
				if !slices.Equal(got, want) {
					t.Fatalf("table %d at %d: shared scratch %q, fresh %q", tables, width, got, want)
				}
			}
			return ast.WalkSkipChildren, nil
		})
		if tables < 200 {
			t.Fatalf("only %d tables", tables)
		}
	}
}
