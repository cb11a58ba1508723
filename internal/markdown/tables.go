package markdown

import (
	"bytes"
	"math"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A table of short cells cost goldmark three allocations a cell: the
// TableCell node, the array of its one line, and the Text node its
// inline parse makes (some 380 bytes a cell: a 16 KB table of "| a |"
// cells allocated six times what 16 KB of prose does). Most cells are a
// word or a number, with nothing for the inline parsers to find. A parser
// with Options.PlainCells makes such a cell a PlainCell: one node, from
// an array shared by its row, holding its text itself, which the inline
// parse passes over (it is raw).

// PlainCell is a table cell whose text has no inline syntax (see
// plainCellText): it has no children and no lines; its text is the Text
// nodes goldmark's inline parse would have made of it (Texts). Its Kind
// is KindTableCell.
type PlainCell struct {
	east.TableCell
	// Segment is the cell's text, trimmed of spaces.
	Segment text.Segment
	// Tail, when not 0, is where a second Text node starts: goldmark's
	// inline parse ends its text before each space (where linkify may
	// start) and merges it with the text before, but makes the text
	// after the last space a node of its own ("a b c" is "a b" and " c").
	Tail int
}

// Texts returns the segments of the Text nodes goldmark makes of c's
// text: one, or two split at Tail.
func (c *PlainCell) Texts() (first, second text.Segment, two bool) {
	if c.Tail == 0 {
		return c.Segment, text.Segment{}, false
	}
	return c.Segment.WithStop(c.Tail), c.Segment.WithStart(c.Tail), true
}

// IsRaw implements ast.Node: the inline parse leaves the cell alone.
func (c *PlainCell) IsRaw() bool { return true }

// plainCellText reports whether a cell of text b is drawn as Text nodes
// of b only by the bounded parser, whatever its inline parsers (those of
// NewParser without math delimiters of a site's own): b is not empty and
// is ASCII letters, digits, spaces and punctuation no inline parser
// triggers on or reads (linkify reads "www." and the '@' of an address,
// emoji ':'), nor the backslash and '&' that escape.
func plainCellText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !plainCellByte[c] {
			return false
		}
	}
	return !bytes.Contains(b, []byte("www."))
}

// plainCellByte are the bytes a plain cell may hold.
var plainCellByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for _, c := range " .,-+=/%#'\"?;" {
		t[c] = true
	}
	return t
}()

// tableTransformer is goldmark's table paragraph transformer that makes
// plain cells PlainCells. A paragraph whose table lines have an escaped
// pipe ("\|", which goldmark's transformer and AST transformer handle
// together in code spans) is goldmark's transformer's.
type tableTransformer struct{ inner parser.ParagraphTransformer }

func newTableTransformer() tableTransformer {
	return tableTransformer{extension.NewTableParagraphTransformer()}
}

// Transform is goldmark's (extension/table.go), but for the cells.
func (t tableTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	ppos := node.Pos()
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		alignments := parseDelimiter(lines.At(i), src)
		if alignments == nil {
			continue
		}
		for j := i - 1; j < lines.Len(); j++ {
			if l := lines.At(j); bytes.Contains(l.Value(src), []byte(`\|`)) {
				t.inner.Transform(node, reader, pc)
				return
			}
		}
		rs := rows{source: src, alignments: alignments, left: lines.Len() - i - 1,
			// Sized once: grown by doubling, a row of 2048 cells made
			// three times their room.
			spans: make([]cellSpan, 0, len(alignments))}
		var header ast.Node
		switch h := rs.parseRow(lines.At(i-1), true).(type) {
		case *PlainHeader:
			header = h
		case *east.TableRow:
			if len(alignments) != h.ChildCount() {
				return
			}
			header = east.NewTableHeader(h)
		}
		table := east.NewTable()
		table.Alignments = alignments
		table.SetPos(ppos)
		table.AppendChild(table, header)
		for j := i + 1; j < lines.Len(); j++ {
			// nil: the row went into the run of PlainRows, rs.run.
			if row := rs.parseRow(lines.At(j), false); row != nil {
				table.AppendChild(table, row)
			}
		}
		node.Lines().SetSliced(0, i-1)
		node.Parent().InsertAfter(node.Parent(), node, table)
		if node.Lines().Len() == 0 {
			node.Parent().RemoveChild(node.Parent(), node)
		} else {
			last := node.Lines().At(i - 2)
			last.Stop = last.Stop - 1 // trim last newline(\n)
			node.Lines().Set(i-2, last)
		}
	}
}

// PlainRows is a run of table body rows whose cells are all plain (see
// plainCellText), one after another: it has no children, its rows are
// Rows, the rows of PlainCells it stands for, without their nodes (a row
// of short cells was a node, and some 400 bytes, a cell; then a node of
// 200 bytes). A row whose cells are fewer than the table's columns
// (len(Alignments)) has empty cells for the others. Its Kind is
// KindTableRow.
type PlainRows struct {
	east.TableRow
	Rows []PlainRow
}

// PlainRow is a row of a PlainRows: its position (the row node's Pos)
// and its cells.
type PlainRow struct {
	Pos   int32
	Cells []PlainRowCell
}

// PlainHeader is a table header whose cells are all plain, as a
// PlainRow's are: it has no children, its cells are Cells, and
// when they are fewer than the table's columns, the others are empty
// cells. Its Kind is KindTableHeader.
type PlainHeader struct {
	east.TableHeader
	Cells []PlainRowCell
}

// PlainRowCell is a cell of a PlainRow or PlainHeader: its position (the
// node's Pos), its
// text from Start to Stop and, when not 0, the Tail of its text (see
// PlainCell), in a quarter of the bytes.
type PlainRowCell struct{ Pos, Start, Stop, Tail int32 }

// Texts is PlainCell.Texts for t.
func (t PlainRowCell) Texts() (first, second text.Segment, two bool) {
	c := PlainCell{Segment: text.NewSegment(int(t.Start), int(t.Stop)), Tail: int(t.Tail)}
	return c.Texts()
}

// rows parses the rows of a table of alignments in source, the runs of
// body rows of plain cells as PlainRows, from arrays shared by the table.
type rows struct {
	source     []byte
	alignments []east.Alignment
	left       int // the body rows left to parse, for the arrays' size
	spans      []cellSpan
	run        *PlainRows // the run the last row was added to, if any
	plain      []PlainRow
	texts      []PlainRowCell
}

// cellSpan is a cell found in a row: its position and text.
type cellSpan struct {
	pos int
	seg text.Segment
}

// parseRow is goldmark's, without escaped pipes (see Transform), making
// the plain cells of the row PlainCells, from one array, or the row a
// PlainRow (PlainHeader) when all its cells are plain.
func (rs *rows) parseRow(segment text.Segment, isHeader bool) ast.Node {
	source, alignments := rs.source, rs.alignments
	npos := segment
	segment = segment.TrimLeftSpace(source)
	segment = segment.TrimRightSpace(source)
	line := segment.Value(source)
	pos := 0
	limit := len(line)
	if len(line) > 0 && line[pos] == '|' {
		pos++
	}
	if len(line) > 0 && line[limit-1] == '|' {
		limit--
	}
	spans := rs.spans[:0]
	allPlain := len(source) <= math.MaxInt32
	for i := 0; pos < limit; i++ {
		if i >= len(alignments) && !isHeader {
			break
		}
		closure := pos
		for ; closure < limit; closure++ {
			if line[closure] == '|' && (closure == 0 || line[closure-1] != '\\') {
				break
			}
		}
		seg := text.NewSegment(segment.Start+pos, segment.Start+closure)
		seg = seg.TrimLeftSpace(source)
		seg = seg.TrimRightSpace(source)
		spans = append(spans, cellSpan{npos.Start + pos - npos.Padding, seg})
		allPlain = allPlain && plainCellText(seg.Value(source))
		pos = closure + 1
	}
	rs.spans = spans
	if !isHeader {
		rs.left--
	}
	switch {
	case allPlain && !isHeader:
		// Added to the run of rows before it, or a new run.
		run := rs.run
		rs.addPlain(npos.Start)
		if rs.run == run {
			return nil
		}
		return rs.run
	case allPlain && len(spans) <= len(alignments):
		// A header of more cells than columns is no table's: left to
		// the row below, whose cells Transform counts.
		h := &PlainHeader{Cells: make([]PlainRowCell, len(spans))}
		h.SetPos(npos.Start)
		rs.fill(h.Cells)
		return h
	}
	rs.run = nil
	row := east.NewTableRow(alignments)
	row.SetPos(npos.Start)
	var plain []PlainCell
	for i, sp := range spans {
		alignment := east.AlignNone
		if i < len(alignments) {
			alignment = alignments[i]
		}
		var node ast.Node
		if seg := sp.seg; plainCellText(seg.Value(source)) {
			if len(plain) == 0 {
				plain = make([]PlainCell, max(len(alignments), 1))
			}
			c := &plain[0]
			plain = plain[1:]
			c.TableCell = east.TableCell{Alignment: alignment}
			c.Segment = seg
			c.Tail = cellTail(seg, source)
			node = c
		} else {
			c := east.NewTableCell()
			c.Alignment = alignment
			c.Lines().Append(seg)
			node = c
		}
		node.SetPos(sp.pos)
		row.AppendChild(row, node)
	}
	for i := len(spans); i < len(alignments); i++ {
		row.AppendChild(row, east.NewTableCell())
	}
	return row
}

// addPlain adds the row at pos of the cells rs.spans, all plain, to the
// run of PlainRows rs.run, or to a new one.
func (rs *rows) addPlain(pos int) {
	if rs.run == nil {
		if cap(rs.plain)-len(rs.plain) == 0 {
			rs.plain = make([]PlainRow, 0, rs.left+1)
		}
		rs.run = &PlainRows{TableRow: east.TableRow{Alignments: rs.alignments}}
		rs.run.SetPos(pos)
		// The run's rows follow on in rs.plain: no other run adds to it
		// until this one is over.
		rs.run.Rows = rs.plain[len(rs.plain):len(rs.plain)]
	}
	if len(rs.texts) < len(rs.spans) {
		rs.texts = make([]PlainRowCell, max(len(rs.spans), (rs.left+1)*len(rs.alignments)))
	}
	cells := rs.texts[:len(rs.spans):len(rs.spans)]
	rs.texts = rs.texts[len(rs.spans):]
	rs.fill(cells)
	rs.run.Rows = append(rs.run.Rows, PlainRow{int32(pos), cells})
	if len(rs.plain) < cap(rs.plain) { // (it has room for every row left)
		rs.plain = rs.plain[:len(rs.plain)+1]
	}
}

// fill sets cells to the cells rs.spans.
func (rs *rows) fill(cells []PlainRowCell) {
	for i, sp := range rs.spans {
		cells[i] = PlainRowCell{int32(sp.pos), int32(sp.seg.Start), int32(sp.seg.Stop), int32(cellTail(sp.seg, rs.source))}
	}
}

// lastCellLine is where the line of the last cell of a plain row of cells
// in a table of columns ends, as a recordRange reads it from goldmark's
// last cell: 0 when that cell is a filler, as an empty cell made for a
// short row is (it has no lines).
func lastCellLine(cells []PlainRowCell, columns int) int {
	if n := len(cells); n > 0 && n == columns {
		return int(cells[n-1].Stop)
	}
	return 0
}

// cellTail is PlainCell.Tail for a cell of text seg.
func cellTail(seg text.Segment, source []byte) int {
	if sp := bytes.LastIndexByte(seg.Value(source), ' '); sp > 0 {
		return seg.Start + sp
	}
	return 0
}

// parseDelimiter is goldmark's: the alignments of a delimiter row, nil
// if segment is not one.
func parseDelimiter(segment text.Segment, source []byte) []east.Alignment {
	line := segment.Value(source)
	if !isTableDelim(line) {
		return nil
	}
	// The columns are goldmark's, bytes.Split(line, "|") without the
	// first and last when blank, read in place: the slice of them was a
	// twentieth of a post of small tables.
	lo, hi := 0, bytes.Count(line, []byte{'|'})+1
	if first, _, _ := bytes.Cut(line, []byte{'|'}); util.IsBlank(first) {
		lo = 1
	}
	if hi > lo && util.IsBlank(line[bytes.LastIndexByte(line, '|')+1:]) {
		hi--
	}
	if hi == lo {
		return nil // as goldmark's, which appends to a nil slice
	}
	alignments := make([]east.Alignment, 0, hi-lo)
	rest := line
	for i := range hi {
		col, after, _ := bytes.Cut(rest, []byte{'|'})
		rest = after
		if i < lo {
			continue
		}
		a, ok := delimAlignment(col)
		if !ok {
			return nil
		}
		alignments = append(alignments, a)
	}
	return alignments
}

// delimAlignment is the alignment a column of a delimiter row sets, as
// goldmark's regexps read it (`^\s*\:\-+\s*$` is AlignLeft...), without
// them (a regexp match a column was a tenth of a wide table's render);
// false when col is not a column's delimiter.
func delimAlignment(col []byte) (east.Alignment, bool) {
	col = bytes.Trim(col, "\t\n\f\r ") // regexp's \s
	left := len(col) > 0 && col[0] == ':'
	if left {
		col = col[1:]
	}
	right := len(col) > 0 && col[len(col)-1] == ':'
	if right {
		col = col[:len(col)-1]
	}
	if len(col) == 0 || len(bytes.Trim(col, "-")) != 0 {
		return 0, false
	}
	switch {
	case left && right:
		return east.AlignCenter, true
	case left:
		return east.AlignLeft, true
	case right:
		return east.AlignRight, true
	}
	return east.AlignNone, true
}

// isTableDelim is goldmark's.
func isTableDelim(bs []byte) bool {
	if w, _ := util.IndentWidth(bs, 0); w > 3 {
		return false
	}
	allSep := true
	for _, b := range bs {
		if b != '-' {
			allSep = false
		}
		if !(util.IsSpace(b) || b == '-' || b == '|' || b == ':') {
			return false
		}
	}
	return !allSep
}
