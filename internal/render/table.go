package render

import (
	"bytes"
	"slices"
	"strings"

	"charm.land/glamour/v2/ansi"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// Glamour draws tables with lipgloss's table, which cuts headers to "…"
// and drops the columns that do not fit: a wide table lost most of its
// data. tableRenderer is our own renderer for table nodes, registered
// with glamour's (at a higher priority, so it wins): it lays the table out
// itself (layoutTable) and hands the lines to glamour as one text node, so
// they land in glamour's block buffers in document order, with its
// margins, as its own table would.
type tableRenderer struct {
	style ansi.StyleConfig
	wrap  int // glamour's word wrap; 0 lays tables out unwrapped
	amb   textwrap.Ambiguous
	// text is glamour's renderer for text nodes.
	text renderer.NodeRendererFunc
	// openers are the openers of the styles of the layout's tables'
	// cells (see cellWriter), made for the first.
	openers *openers
	// scratch is what each table is read and laid out in, kept from
	// table to table (see tableScratch).
	scratch tableScratch
	// body is the text node each table's lines are given to glamour's
	// text renderer as, made for the first table: the renderer reads
	// its segment and keeps nothing of it (a node a table was a twentieth
	// of a post of small tables).
	body *ast.Text
}

// newTableRenderer returns a table renderer for glamour's renderer g.
func newTableRenderer(g renderer.NodeRenderer, style ansi.StyleConfig, wrap int, amb textwrap.Ambiguous) *tableRenderer {
	var c textCapture
	g.RegisterFuncs(&c)
	return &tableRenderer{style: style, wrap: wrap, amb: amb, text: c.text}
}

// textCapture keeps a node renderer's function for text nodes (a map of
// all its functions was made for every layout: 1% of a short post's
// memory).
type textCapture struct{ text renderer.NodeRendererFunc }

func (c *textCapture) Register(k ast.NodeKind, f renderer.NodeRendererFunc) {
	if k == ast.KindText {
		c.text = f
	}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (t *tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	if t.text != nil {
		reg.Register(east.KindTable, t.renderTable)
	}
}

func (t *tableRenderer) renderTable(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if t.openers == nil {
		t.openers = newOpeners()
	}
	tbl := readTableWith(n.(*east.Table), src, t.style, t.openers, &t.scratch)
	width := 0
	if t.wrap > 0 {
		width = max(1, t.wrap-t.indentOf(n))
	}
	lines := layoutTableWith(tbl, width, t.style, t.amb, &t.scratch)
	body := escapedBody(lines)
	if t.body == nil {
		t.body = ast.NewText()
	}
	node := t.body
	node.Segment = text.NewSegment(0, len(body))
	if _, err := t.text(w, body, node, true); err != nil {
		return ast.WalkStop, err
	}
	if _, err := t.text(w, body, node, false); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// escapedBody is the lines of a table as the text glamour is given: a
// line each, between line breaks. Glamour's text element unescapes HTML
// entities and markdown backslash escapes: both are escaped ("&amp;",
// "\\") so that the lines arrive as written.
func escapedBody(lines []string) []byte {
	n := 1
	for _, l := range lines {
		n += len(l) + 1
	}
	b := make([]byte, 0, n+n/16)
	b = append(b, '\n')
	for _, l := range lines {
		for len(l) > 0 {
			i := strings.IndexAny(l, `&\`)
			if i < 0 {
				b = append(b, l...)
				break
			}
			b = append(b, l[:i]...)
			if l[i] == '&' {
				b = append(b, "&amp;"...)
			} else {
				b = append(b, `\\`...)
			}
			l = l[i+1:]
		}
		b = append(b, '\n')
	}
	return b
}

// indentOf is what glamour takes from the wrap width for blocks around n
// (its BlockStack.Width): the indentation and both margins of the
// document and of every quote, list and definition list n is in.
func (t *tableRenderer) indentOf(n ast.Node) int {
	c := t.style
	u := func(p *uint) int {
		if p == nil {
			return 0
		}
		return int(*p)
	}
	in := u(c.Document.Indent) + 2*u(c.Document.Margin)
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindBlockquote:
			in += u(c.BlockQuote.Indent) + 2*u(c.BlockQuote.Margin)
		case ast.KindList:
			ind := u(c.List.Indent)
			for q := p.Parent(); q != nil; q = q.Parent() {
				if q.Kind() == ast.KindList {
					ind = int(c.List.LevelIndent)
					break
				}
			}
			in += ind + 2*u(c.List.Margin)
		case east.KindDefinitionList:
			in += u(c.DefinitionList.Indent) + 2*u(c.DefinitionList.Margin)
		}
	}
	return in
}

// table is a table's cells as styled text, with their alignments.
type table struct {
	header []string
	rows   [][]string
	align  []east.Alignment
}

// tableScratch holds the slices a table is read into and laid out in,
// for the next table of the layout once the table's lines are given to
// glamour (which copies them): a post of small tables (quote-tables, a
// table of two cells every 24 bytes) made its rows, cells, columns'
// widths and lines, a few dozen bytes each, for every table.
type tableScratch struct {
	rows           [][]string
	all            []string
	lines          []string
	natural, floor []int
	r              rowWriter
}

// readTable takes the cells' text out of the tree, styled (see
// inlineText) with the openers o of c's styles. Rows shorter than the
// header are filled with empty cells.
func readTable(n *east.Table, src []byte, c ansi.StyleConfig, o *openers) table {
	return readTableWith(n, src, c, o, nil)
}

// readTableWith is readTable, its rows and cells made in s's when s is
// not nil (the table is then s's until the next).
func readTableWith(n *east.Table, src []byte, c ansi.StyleConfig, o *openers, s *tableScratch) table {
	total, rows := 0, n.ChildCount()
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		if p, ok := r.(*markdown.PlainRows); ok {
			total += len(p.Rows) * len(n.Alignments)
			rows += len(p.Rows) - 1
		} else if _, ok := r.(*markdown.PlainHeader); ok {
			total += len(n.Alignments)
		} else {
			total += r.ChildCount()
		}
	}
	var t table
	var all []string
	if s != nil && cap(s.rows) >= rows && cap(s.all) >= total {
		t.rows, all = s.rows[:0], s.all[:0]
	} else {
		t.rows = make([][]string, 0, rows)
		// The rows' cells share one array (capped per row, so that
		// a row filled up below does not write over the next).
		all = make([]string, 0, total)
		if s != nil {
			s.rows, s.all = t.rows, all
		}
	}
	t.align = n.Alignments
	w := newCellWriterWith(src, c, o)
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		if p, ok := r.(*markdown.PlainRows); ok {
			for _, row := range p.Rows {
				from := len(all)
				all = w.plainCells(all, row.Cells, len(n.Alignments))
				t.rows = append(t.rows, all[from:len(all):len(all)])
			}
			continue
		}
		from := len(all)
		if p, ok := r.(*markdown.PlainHeader); ok {
			all = w.plainCells(all, p.Cells, len(n.Alignments))
		}
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			all = append(all, w.text(cell))
		}
		cells := all[from:len(all):len(all)]
		if r.Kind() == east.KindTableHeader {
			t.header = cells
		} else {
			t.rows = append(t.rows, cells)
		}
	}
	cols := len(t.header)
	for _, row := range t.rows {
		cols = max(cols, len(row))
	}
	for len(t.header) < cols {
		t.header = append(t.header, "")
	}
	for i := range t.rows {
		for len(t.rows[i]) < cols {
			t.rows[i] = append(t.rows[i], "")
		}
	}
	return t
}

// plainCells appends to all the texts of the cells of a plain row of a
// table of columns, then the empty cells a short row is given.
func (w *cellWriter) plainCells(all []string, cells []markdown.PlainRowCell, columns int) []string {
	for _, c := range cells {
		all = append(all, w.plainText(c.Texts()))
	}
	for range columns - len(cells) {
		all = append(all, "")
	}
	return all
}

// minColumn is the narrowest a table column is drawn (unless its content
// is narrower): a Chinese column's longest "word" is one character.
const minColumn = 6

// layoutTable lays t out in at most width cells (0: no limit). Columns
// share the width by content: each gets at least its longest word (or
// minColumn cells), the rest goes to the columns with the most text, and
// cells wrap inside their column (package textwrap: words whole, Chinese
// between characters, no closing punctuation at a line start). When the
// columns cannot all have that much, the table is drawn as records: each
// row a block of "Header: value" lines, rows separated by a rule.
func layoutTable(t table, width int, c ansi.StyleConfig, amb textwrap.Ambiguous) []string {
	return layoutTableWith(t, width, c, amb, nil)
}

// layoutTableWith is layoutTable, its lines and widths made in s's when s
// is not nil (the lines are then s's until the next table).
func layoutTableWith(t table, width int, c ansi.StyleConfig, amb textwrap.Ambiguous, s *tableScratch) []string {
	n := len(t.header)
	if n == 0 {
		return nil
	}
	colSep, rowSep, centerSep := "│", "─", "┼"
	if s := c.Table.ColumnSeparator; s != nil {
		colSep = *s
	}
	if s := c.Table.RowSeparator; s != nil {
		rowSep = *s
	}
	if s := c.Table.CenterSeparator; s != nil {
		centerSep = *s
	}
	var natural, floor []int // the widest line of each column; the longest word, at least minColumn
	if s != nil && cap(s.natural) >= n && cap(s.floor) >= n {
		natural, floor = s.natural[:n], s.floor[:n]
		clear(natural)
		clear(floor)
	} else {
		natural, floor = make([]int, n), make([]int, n)
		if s != nil {
			s.natural, s.floor = natural, floor
		}
	}
	measure := func(row []string) {
		for col, cell := range row {
			if w, ok := alnumWidth(cell); ok {
				natural[col] = max(natural[col], w)
				floor[col] = max(floor[col], w)
				continue
			}
			for l := range strings.SplitSeq(cell, "\n") {
				natural[col] = max(natural[col], textwrap.StringWidth(l, amb))
			}
			floor[col] = max(floor[col], textwrap.LongestWord(cell, amb))
		}
	}
	measure(t.header)
	for _, row := range t.rows {
		measure(row)
	}
	for col := range n {
		floor[col] = min(natural[col], max(floor[col], minColumn))
	}
	// Each column has a space on either side; columns are separated.
	overhead := 3*n - 1
	widths := natural
	if width > 0 && sum(natural)+overhead > width {
		if sum(floor)+overhead > width {
			return records(t, width, rowSep, amb)
		}
		widths = share(natural, floor, width-overhead)
	}
	var out []string
	r := &rowWriter{}
	if s != nil {
		out, r = slices.Grow(s.lines[:0], len(t.rows)+2), &s.r
		defer func() { s.lines = out[:0] }()
	} else {
		out = make([]string, 0, len(t.rows)+2)
	}
	out = r.row(out, t.header, widths, t.align, colSep, amb)
	var rule []string
	for _, w := range widths {
		rule = append(rule, strings.Repeat(rowSep, w+2))
	}
	out = append(out, strings.Join(rule, centerSep))
	for _, row := range t.rows {
		out = r.row(out, row, widths, t.align, colSep, amb)
	}
	return out
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// share sizes the columns to avail cells: a column whose text fits in
// its fair share (what is left over the columns left) gets all it needs,
// as long as any does; the other columns get their floor and share the
// rest in proportion to the text they could still show.
func share(natural, floor []int, avail int) []int {
	widths := append([]int(nil), floor...)
	open := make([]bool, len(natural))
	left, nOpen := avail, len(natural)
	for i := range open {
		open[i] = true
	}
	for changed := true; changed && nOpen > 0; {
		changed = false
		fair := left / nOpen
		for i := range natural {
			if open[i] && natural[i] <= fair {
				widths[i], open[i] = natural[i], false
				left -= natural[i]
				nOpen--
				changed = true
			}
		}
	}
	need, want := 0, 0
	for i := range natural {
		if open[i] {
			need += floor[i]
			want += natural[i] - floor[i]
		}
	}
	extra := left - need
	if extra < 0 {
		// The fair shares left too little for the floors: share all of
		// avail from the floors instead.
		return proportional(natural, floor, avail)
	}
	if want == 0 {
		return widths
	}
	given := 0
	for i := range natural {
		if open[i] {
			add := (natural[i] - floor[i]) * extra / want
			widths[i] = floor[i] + add
			given += add
		}
	}
	return roundUp(widths, natural, open, extra-given)
}

// proportional gives each column its floor and shares the rest of avail
// in proportion to the text each could still show.
func proportional(natural, floor []int, avail int) []int {
	widths := append([]int(nil), floor...)
	extra := avail - sum(floor)
	want := 0
	for i := range natural {
		want += natural[i] - floor[i]
	}
	if want == 0 || extra <= 0 {
		return widths
	}
	given := 0
	open := make([]bool, len(natural))
	for i := range natural {
		add := (natural[i] - floor[i]) * extra / want
		widths[i] += add
		given += add
		open[i] = true
	}
	return roundUp(widths, natural, open, extra-given)
}

// roundUp hands out the cells rounding left, one at a time, to open
// columns still short of their text.
func roundUp(widths, natural []int, open []bool, left int) []int {
	for left > 0 {
		progressed := false
		for i := range widths {
			if left > 0 && open[i] && widths[i] < natural[i] {
				widths[i]++
				left--
				progressed = true
			}
		}
		if !progressed {
			break
		}
	}
	return widths
}

// rowWriter draws a table's rows (see row), keeping its buffers from
// one row to the next: a row's cells, padded and joined piece by piece,
// were a tenth of a table's allocations.
type rowWriter struct {
	wrapped [][]string
	// single holds the cells that are their own one line (see
	// textwrap.OneLine), widths their widths (-1: measure the line).
	single []string
	widths []int
	line   []byte
}

// row appends to out the lines of one row: each cell wrapped to its
// column, padded by its alignment, a space on either side, columns
// separated by sep, with no space at the line's end.
func (r *rowWriter) row(out []string, cells []string, widths []int, align []east.Alignment, sep string, amb textwrap.Ambiguous) []string {
	r.wrapped, r.widths = r.wrapped[:0], r.widths[:0]
	r.single = slices.Grow(r.single[:0], len(cells))[:len(cells)]
	height := 1
	for i, cell := range cells {
		var lines []string
		if n, ok := textwrap.OneLine(cell, widths[i], amb); ok {
			r.single[i] = cell
			lines = r.single[i : i+1 : i+1]
			r.widths = append(r.widths, n)
		} else {
			lines = textwrap.Lines(cell, widths[i], amb)
			r.widths = append(r.widths, -1)
		}
		r.wrapped = append(r.wrapped, lines)
		height = max(height, len(lines))
	}
	for l := range height {
		b := r.line[:0]
		for i := range cells {
			if i > 0 {
				b = append(b, sep...)
			}
			s := ""
			if l < len(r.wrapped[i]) {
				s = r.wrapped[i][l]
			}
			a := east.AlignNone
			if i < len(align) {
				a = align[i]
			}
			sw := r.widths[i]
			if sw < 0 || l > 0 {
				sw = textwrap.StringWidth(s, amb)
			}
			gap := max(0, widths[i]-sw)
			left := 0
			switch a {
			case east.AlignRight:
				left = gap
			case east.AlignCenter:
				left = gap / 2
			}
			b = append(b, ' ')
			b = appendSpaces(b, left)
			b = append(b, s...)
			b = appendSpaces(b, gap-left+1)
		}
		r.line = b
		out = append(out, string(bytes.TrimRight(b, " ")))
	}
	return out
}

// appendSpaces appends n spaces to b.
func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

func pad(s string, w int, a east.Alignment, amb textwrap.Ambiguous) string {
	gap := max(0, w-textwrap.StringWidth(s, amb))
	switch a {
	case east.AlignRight:
		return strings.Repeat(" ", gap) + s
	case east.AlignCenter:
		return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
	}
	return s + strings.Repeat(" ", gap)
}

// records draws each row as "Header: value" lines, the values wrapped
// under themselves, rows separated by a rule: the layout for a table too
// wide to draw as columns (a 60-column table at 80 cells shows all its
// data).
func records(t table, width int, rowSep string, amb textwrap.Ambiguous) []string {
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
	// A line a cell, about, and a rule between rows: the lines of a
	// table of 2,000 columns grew by doubling.
	out = make([]string, 0, len(t.rows)*(len(t.header)+1))
	// Every row has the same labels: each is wrapped and padded once. A
	// label or value that is its own one line (textwrap.OneLine) is kept
	// in an array of such, not in a slice of its own.
	labels := make([][]string, len(t.header))
	single := make([]string, len(t.header))
	for col, h := range t.header {
		label := h + ":"
		if _, ok := textwrap.OneLine(label, labelW, amb); ok {
			single[col] = label
			labels[col] = single[col : col+1 : col+1]
		} else {
			labels[col] = textwrap.Lines(label, labelW, amb)
		}
		for i, l := range labels[col] {
			labels[col][i] = pad(l, labelW, east.AlignLeft, amb)
		}
	}
	var one [1]string
	rule := strings.Repeat(rowSep, width)
	blank := strings.Repeat(" ", labelW)
	for r, row := range t.rows {
		if r > 0 {
			out = append(out, rule)
		}
		for col, v := range row {
			labels := labels[col]
			var values []string
			if _, ok := textwrap.OneLine(v, valueW, amb); ok {
				one[0] = v
				values = one[:]
			} else {
				values = textwrap.Lines(v, valueW, amb)
			}
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

// alnumWidth is the width of a cell of ASCII letters and digits between
// SGR sequences (ESC [ digits and semicolons m), most cells of a table
// of numbers and names, with ok; for it, a line's width and its longest
// word (textwrap.StringWidth, textwrap.LongestWord: no break falls
// between two letters or digits) are that, told without decoding it
// grapheme by grapheme (a table's measure of every cell was a tenth of
// its render). TestAlnumWidthIsTextwraps compares them.
func alnumWidth(cell string) (int, bool) {
	n := 0
	for i := 0; i < len(cell); i++ {
		switch c := cell[i]; {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			n++
		case c == 0x1b:
			j := i + 1
			if j == len(cell) || cell[j] != '[' {
				return 0, false
			}
			for j++; j < len(cell) && (cell[j] >= '0' && cell[j] <= '9' || cell[j] == ';'); j++ {
			}
			if j == len(cell) || cell[j] != 'm' {
				return 0, false
			}
			i = j
		default:
			return 0, false
		}
	}
	return n, true
}
