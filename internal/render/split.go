package render

import (
	"strings"
	"unicode/utf8"

	"github.com/sshblog/sshblog/internal/markdown"
)

// Long posts are rendered in pieces, each on its own: the time and memory
// of one glamour run grow with what it lays out, so pieces bound both, let
// a render be cancelled or shown in progress between pieces, and let the
// worker pool take turns between posts (see Pool). Ordinary posts are one
// piece and render exactly as a whole.
//
// A piece's size is counted in cost units: its bytes, plus lineUnits per
// line, because glamour's cost goes with the lines it draws as much as
// with the text (it pads every line to the width, cell by cell), so a
// post of many short lines gets shorter pieces.
const (
	// pieceUnits is where a piece is cut at the next safe boundary;
	// twice that, it is cut at the next line.
	pieceUnits = 64 << 10
	lineUnits  = 32
	// blockUnits is a paragraph's or list item's: glamour wraps and pads
	// each as a block, about 100 µs, what 100 bytes of prose cost.
	blockUnits = 96
	// cellUnits is a table cell's: glamour lays a table out cell by cell
	// with lipgloss, about 20 µs a cell, what 40 bytes of prose cost.
	cellUnits = 40
	// tagUnits is a raw HTML tag's (every "<" is counted as one): a
	// goldmark node, its segments, a place on the lowering's stack and
	// often an inline container, what 32 bytes of prose cost.
	tagUnits = 32
	// bracketUnits is a "["'s: goldmark keeps a link label state and a
	// text node for each, what 16 bytes of prose cost. (Not a
	// footnote's "[^": its definitions cost a block.)
	bracketUnits = 16
	// figureUnits is an image's after the first of its line: drawn in
	// the text as an inline figure (a mark, its text and where it points,
	// each in its own style, found and resolved as a figure), what 64
	// bytes of prose cost. A line of one image (a gallery's) is a figure
	// line, its cost the line's.
	figureUnits = 64
	// displayUnits is a "$$"'s, half a display formula's: drawn on
	// lines of its own, padded to the width (its three lines cost about
	// what 100 bytes of prose do), "$$a " repeated is 16 KB of display
	// formulas that cost three times prose laid out. (A block draws its
	// first markdown.MaxDisplays as displays, the rest as text; counting
	// them all keeps the count a line's.)
	displayUnits = 48
	// maxLine is the most units a line kept whole may cost, its bytes
	// times one more than the lists and quotes it is nested in: a longer
	// one is cut between words (or anywhere), which may change what it
	// means ("*" x 100,000 around a word is emphasis; its halves are
	// not), so it is well above what a paragraph is (a line nested 6
	// deep is kept whole up to 36 KB).
	maxLine = 256 << 10
)

// split cuts md into pieces at safe boundaries: a blank line outside code
// fences and HTML blocks, followed by a line that starts at the margin
// (so not an indented continuation of a list item or code, nor a
// definition). A region with no safe boundary is cut at a line boundary
// at twice the piece size, a code fence being closed before the cut and
// opened again after it, a table's header repeated after it; a line longer
// than maxLine is cut between words.
//
// It returns the pieces and the cost units of each.
func split(md string) (pieces []string, units []int) {
	c := newCutter(md)
	for {
		piece, u, ok := c.next()
		if !ok {
			return pieces, units
		}
		pieces, units = append(pieces, piece), append(units, u)
	}
}

// cutter cuts a post into pieces as split does, one piece per call of
// next, so that cutting a long post takes turns with other renders too
// (it reads every line: 10 MB of short lines take seconds).
type cutter struct {
	md    string
	s     splitter
	pos   int    // the next line to read
	start int    // where the current piece starts in md
	head  string // what the current piece starts with before md[start:]
	cost  int    // the current piece's units so far
	whole bool   // md is one piece, not yet returned
}

func newCutter(md string) *cutter {
	if len(md) < pieceUnits/16 {
		if n := strings.Count(md, "\n"); n < pieceUnits/16/(lineUnits+blockUnits) {
			// Small: one piece whatever its cost (at most a quarter of a
			// piece's units even nested as deep as can be), its units
			// counted as next counts them: dense pieces are judged by them.
			c := &cutter{md: md, pos: len(md), start: len(md), whole: true}
			for line := range strings.Lines(md) {
				c.s.feed(line)
				c.cost += c.s.units(line)
			}
			return c
		}
	}
	return &cutter{md: md}
}

// next returns the next piece and its cost units, or false after the
// last.
func (c *cutter) next() (piece string, units int, ok bool) {
	if c.whole {
		c.whole = false
		return c.md, c.cost, true
	}
	md := c.md
	if c.s.notesBound == 0 && len(md) >= pieceUnits {
		// A post this long is in pieces (see manyNotes).
		c.s.notesBound = markdown.MaxListedNotes(len(md))
	}
	for c.pos < len(md) {
		end := strings.IndexByte(md[c.pos:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += c.pos + 1
		}
		line := md[c.pos:end]
		if c.cost >= pieceUnits && c.s.safeBefore(line) {
			return c.cut(c.pos) // the line starts the next piece
		}
		if d := 1 + nesting(line); len(line)*d > maxLine {
			// One giant line: cut it between words, keeping any fence,
			// into pieces of a piece's units: glamour wraps and pads a
			// nested line again at every level, so a line of "1. "
			// repeated, six lists deep, cost seven times its bytes.
			at := c.pos + wordCut(line, pieceUnits/d)
			c.s.feed(md[c.pos:at])
			c.cost += c.s.units(md[c.pos:at])
			c.pos = at
			return c.cut(at)
		}
		c.s.feed(line)
		c.cost += c.s.units(line)
		c.pos = end
		if c.cost >= 2*pieceUnits && c.pos < len(md) {
			return c.cut(c.pos)
		}
	}
	if c.start < len(md) {
		piece, units = c.head+md[c.start:], c.cost
		c.start = len(md)
		return piece, units, true
	}
	return "", 0, false
}

// cut ends the current piece at md[at].
func (c *cutter) cut(at int) (piece string, units int, ok bool) {
	piece, units = c.head+c.s.close(c.md[c.start:at]), c.cost
	c.head, c.start, c.cost = c.s.reopen(), at, 0
	return piece, units, true
}

// wordCut returns where to cut line near n bytes: after a space in the
// last quarter before n, else at a character boundary.
func wordCut(line string, n int) int {
	if i := strings.LastIndexByte(line[:n], ' '); i > n*3/4 {
		return i + 1
	}
	for n > 0 && !utf8.RuneStart(line[n]) {
		n--
	}
	return n
}

// splitter follows what a line is inside of: a code fence, an HTML block
// that may hold blank lines, and whether the last line was blank.
type splitter struct {
	fence     string // the open fence ("```", "~~~~"), or ""
	fenceLine string // the line that opened it, to open it again
	htmlEnd   string // what ends the open HTML block, or ""
	htmlBlock bool   // the lines may be an HTML block that ends at a blank line
	blank     bool   // the last line was blank
	prev      string // the last line
	block     bool   // the last line starts a paragraph or list item
	depth     int    // the containers the last line is estimated to be in
	inTable   bool   // the lines are a table's rows
	tableBars int    // the "|" of the open table's delimiter row
	filled    int    // the empty cells the post's tables are drawn with so far
	tableHead string // the open table's header and delimiter rows, if short
	note      bool   // the last line starts a footnote's definition at the margin (marginNote)
	// notes are the labels of the notes defined at the margin so far,
	// counted (to notesBound and one more) only when notesBound is set:
	// past it the post's notes are not listed after its end anyway.
	notes      map[string]bool
	notesBound int
}

// safeBefore reports whether a piece may end before line: after a blank
// line, or, in a post of more notes than are listed after its end (see
// manyNotes), between two footnote definitions at the margin
// (marginNote): the second starts a block of its own wherever the first
// ends, whatever it holds. A post of thousands of them ("[^1]: n"
// repeated) is so cut between them, into pieces of tiny blocks shown as
// their text (see dense), not at twice a piece's units, the definitions
// up to there laid out with the text before them (twice prose's memory).
// (Where the notes are listed, a post of pieces lists them as list items
// and a post of one piece as lines: a cut would change how.)
func (s *splitter) safeBefore(line string) bool {
	if s.fence != "" || s.htmlEnd != "" {
		return false
	}
	if !s.blank {
		return s.note && !s.htmlBlock && !s.inTable && s.manyNotes() && marginNote(line)
	}
	if isBlank(line) {
		return false
	}
	c := line[0]
	return c != ' ' && c != '\t' && c != ':'
}

func (s *splitter) feed(line string) {
	prev, wasBlank := s.prev, s.blank || s.prev == ""
	s.prev, s.blank = line, isBlank(line)
	s.note = s.fence == "" && s.htmlEnd == "" && !s.htmlBlock && marginNote(line)
	if s.note && s.notesBound > 0 && len(s.notes) <= s.notesBound {
		if s.notes == nil {
			s.notes = map[string]bool{}
		}
		s.notes[line[2:strings.Index(line, "]:")]] = true
	}
	item := s.fence == "" && (listItem(line) || strings.Contains(line, "[^") && noteDefinition(line))
	s.block = !s.blank && s.fence == "" && (wasBlank || item)
	if !s.blank && s.fence == "" {
		s.depth = nesting(line)
	}
	trimmed := trimQuoteIndent(line)
	switch {
	case s.blank:
		s.inTable, s.tableHead, s.tableBars, s.htmlBlock = false, "", 0, false
	case wasBlank && s.fence == "" && s.htmlEnd == "" && !closedByMark(trimmed) && markdown.MayOpenHTMLBlock(trimmed):
		s.htmlBlock = true
	case s.fence == "" && s.htmlEnd == "" && !s.inTable && strings.Contains(prev, "|") && strings.Contains(line, "|") && isTableDelimiter(line):
		s.inTable = true
		s.tableBars = strings.Count(line, "|")
		if len(prev)+len(line) <= maxTableHead && s.tableBars <= maxHeadBars {
			s.tableHead = prev + line
		}
	}
	switch {
	case s.fence != "":
		if strings.HasPrefix(trimmed, s.fence) && strings.Trim(trimmed, s.fence[:1]+" \t\r\n") == "" {
			s.fence, s.fenceLine = "", ""
		}
	case s.htmlEnd != "":
		if strings.Contains(line, s.htmlEnd) {
			s.htmlEnd = ""
		}
	case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
		n := len(trimmed) - len(strings.TrimLeft(trimmed, trimmed[:1]))
		s.fence, s.fenceLine = trimmed[:n], line
	default:
		s.htmlEnd = htmlBlockEnd(trimmed)
	}
}

// closedByMark reports whether line opens an HTML block of the kinds
// that end at a closing mark rather than a blank line (CommonMark types
// 1-5: comments, "<?", declarations, CDATA, script, pre, style,
// textarea): one that does not end on its line is followed through
// htmlEnd; one that does is over, and the lines after it are text again,
// their tags counted.
func closedByMark(line string) bool {
	if strings.HasPrefix(line, "<!") || strings.HasPrefix(line, "<?") {
		return true
	}
	for _, t := range [...]string{"<script", "<pre", "<style", "<textarea"} {
		if len(line) >= len(t) && strings.EqualFold(line[:len(t)], t) {
			return true
		}
	}
	return false
}

// htmlBlockEnd returns what ends the HTML block that line opens, if it is
// one of the kinds that run over blank lines (CommonMark types 1-5) and
// does not end on the line itself.
func htmlBlockEnd(line string) string {
	if !strings.HasPrefix(line, "<") {
		// Every opening below starts with "<": the line need not be
		// lowered (a copy of every line of Chinese text, 1.6% of a 2 MB
		// post's render).
		return ""
	}
	switch line[min(1, len(line)-1)] | 0x20 {
	case '!', '?', 's', 'p', 't':
	default:
		// No opening below goes on so ('!' and '?' have the bit):
		// "<details>" lines need not be lowered.
		return ""
	}
	return loweredBlockEnd(line)
}

// loweredBlockEnd is htmlBlockEnd without its refusal by the line's first
// two bytes: it lowers any line to compare it with the openings.
func loweredBlockEnd(line string) string {
	lower := strings.ToLower(line)
	for _, k := range [...]struct{ open, end string }{
		{"<!--", "-->"}, {"<?", "?>"}, {"<![cdata[", "]]>"}, {"<!", ">"},
		{"<script", "</script>"}, {"<pre", "</pre>"}, {"<style", "</style>"}, {"<textarea", "</textarea>"},
	} {
		if strings.HasPrefix(lower, k.open) {
			if strings.Contains(lower[len(k.open):], k.end) {
				return ""
			}
			return k.end
		}
	}
	return ""
}

// units estimates what glamour's layout of line costs (see split): its
// bytes and a line; in inline text (raw HTML blocks are read by one
// tokenizer, not tag by tag) a tag's for each "<", a bracket's for each
// "[" and a figure's for each image after the first of the line; a
// block's cost if it starts one, a cell's for each table cell; all again
// for each quote or list it is nested in (glamour wraps and pads a
// container's whole content once more at every level).
// The depth is read from the line's markers and indentation, capped as
// package markdown caps it.
func (s *splitter) units(line string) int {
	u := len(line) + lineUnits
	inline := s.fence == "" && s.htmlEnd == "" && !s.htmlBlock
	if inline || s.inTable {
		c := countMarks(line)
		if inline {
			u += tagUnits*c.tags + bracketUnits*c.brackets + displayUnits*c.displays
			if c.images > 1 {
				u += figureUnits * (c.images - 1)
			}
		}
		if s.inTable {
			// A row of fewer cells is drawn with the table's columns
			// all the same, the missing ones empty: "a" under a
			// header of 1,000 columns drew 1,000 cells (12 KB of such
			// rows: four million lines, 1.3 GB allocated).
			// Past markdown.MaxFilledCells the parser leaves a table
			// a paragraph: its rows cost their text.
			cells := c.bars
			if s.tableBars > c.bars && s.filled < markdown.MaxFilledCells {
				s.filled += s.tableBars - c.bars
				cells = s.tableBars
			}
			u += cellUnits * cells
		}
	}
	if s.block {
		u += blockUnits
	}
	return u * (1 + s.depth)
}

// lineMarks counts what units weighs in a line: "<" (tags), "[" not
// followed by "^" (brackets), "$$" (displays, counted as strings.Count
// does: "$$$$" twice), "![" and "<img" (images) and "|" (bars).
type lineMarks struct{ tags, brackets, displays, images, bars int }

// countMarks counts line's marks in one pass: seven strings.Count calls
// a line were a third of cutting a post of short lines into pieces.
func countMarks(line string) lineMarks {
	var c lineMarks
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '<':
			c.tags++
			if strings.HasPrefix(line[i+1:], "img") {
				c.images++
			}
		case '[':
			if i+1 >= len(line) || line[i+1] != '^' {
				c.brackets++
			}
		case '!':
			if i+1 < len(line) && line[i+1] == '[' {
				c.images++
			}
		case '$':
			if i+1 < len(line) && line[i+1] == '$' {
				c.displays++
				i++
			}
		case '|':
			c.bars++
		}
	}
	return c
}

// nesting estimates how many quotes and lists a line is in: its leading
// quote and list markers ("> - 1. "), and one level per two columns of
// indentation before a list marker, at most markdown.MaxBlockDepth.
func nesting(line string) int {
	d, indent := 0, 0
	for i := 0; i < len(line) && d < markdown.MaxBlockDepth; {
		switch c := line[i]; {
		case c == ' ':
			indent++
			i++
		case c == '\t':
			indent += TabWidth
			i++
		case c == '>':
			d++
			i++
		default:
			n := listMarker(line[i:])
			if n == 0 {
				return min(d, markdown.MaxBlockDepth)
			}
			d += 1 + indent/2
			indent = 0
			i += n
		}
	}
	return min(d, markdown.MaxBlockDepth)
}

// listMarker returns the length of the list marker ("- ", "12. ") line
// starts with, or 0.
func listMarker(line string) int {
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	switch {
	case i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')'):
		i++
	case i == 0 && len(line) > 0 && (line[0] == '-' || line[0] == '*' || line[0] == '+'):
		i = 1
	default:
		return 0
	}
	if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		return i + 1
	}
	if i == len(line) || line[i] == '\n' {
		return i
	}
	return 0
}

// listItem reports whether line starts a list item: the regular
// expression `^[ \t>]*([-*+]|[0-9]{1,9}[.)])([ \t]|$)` (see
// TestLineScansAsExpressions), read byte by byte. The expression was run
// on every line of a post as it was cut into pieces: a tenth of the
// render of a 16 KB table.
func listItem(line string) bool {
	i := skipQuoteIndent(line, 0)
	n, ok := bulletOrNumber(line, i)
	if !ok {
		return false
	}
	return n == len(line) || line[n] == ' ' || line[n] == '\t'
}

// skipQuoteIndent skips the spaces, tabs and quote markers ([ \t>]*)
// from s[i].
func skipQuoteIndent(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '>') {
		i++
	}
	return i
}

// trimQuoteIndent is strings.TrimLeft(s, " >") without the cutset's
// table, made for every call (every line of a post is trimmed so as it
// is cut into pieces, and again as it is prepared).
func trimQuoteIndent(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '>') {
		i++
	}
	return s[i:]
}

// bulletOrNumber reads a list marker without what follows it,
// ([-*+]|[0-9]{1,9}[.)]), at s[i], and returns where it ends.
func bulletOrNumber(s string, i int) (int, bool) {
	if i >= len(s) {
		return i, false
	}
	if c := s[i]; c == '-' || c == '*' || c == '+' {
		return i + 1, true
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i || j-i > 9 || j == len(s) || s[j] != '.' && s[j] != ')' {
		return i, false
	}
	return j + 1, true
}

// noteDefinition reports whether a line of s starts a footnote's
// definition: the regular expression `(?m)^[ \t>]*\[\^[^\]]+\]:`
// (whose label may run over lines), read byte by byte. Such a line is a
// block of its own, and an item of the list of notes it is drawn in, so
// it costs what a list item costs ("[^1]: n" repeated is a post of tiny
// blocks, see dense); a piece that holds one is laid out for the post's
// list of notes (listsNotes). The expression took about 9 ms on a line
// of 1 MB; this reads each byte of s at most twice.
func noteDefinition(s string) bool {
	closing := -1 // the first "]" at or after the last label's start
	for at := 0; at < len(s); {
		i := skipQuoteIndent(s, at)
		if strings.HasPrefix(s[i:], "[^") {
			label := i + 2
			if closing < label {
				closing = strings.IndexByte(s[label:], ']')
				if closing < 0 {
					return false // no label closes after here
				}
				closing += label
			}
			if closing > label && closing+1 < len(s) && s[closing+1] == ':' {
				return true
			}
		}
		nl := strings.IndexByte(s[i:], '\n')
		if nl < 0 {
			return false
		}
		at = i + nl + 1
	}
	return false
}

// mayHaveList is a cheap test for a line of s that starts with a list
// marker and a space or tab, or with a footnote's "[^" (the notes become
// a list: see package markdown), after spaces, tabs and quote markers:
// the regular expression `(?m)^[ \t>]*(([-*+]|[0-9]{1,9}[.)])[ \t]|\[\^)`
// read byte by byte (the expression took about 9 ms on a line of 1 MB).
func mayHaveList(s string) bool {
	for at := 0; at < len(s); {
		i := skipQuoteIndent(s, at)
		if strings.HasPrefix(s[i:], "[^") {
			return true
		}
		if n, ok := bulletOrNumber(s, i); ok && n < len(s) && (s[n] == ' ' || s[n] == '\t') {
			return true
		}
		nl := strings.IndexByte(s[i:], '\n')
		if nl < 0 {
			return false
		}
		at = i + nl + 1
	}
	return false
}

// manyNotes reports whether more notes were defined at the margin than
// are listed after the post's end (markdown.MaxListedNotes): each is a
// note goldmark reads, and the post's notes are read (see readDefinitions)
// up to there at least.
func (s *splitter) manyNotes() bool { return s.notesBound > 0 && len(s.notes) > s.notesBound }

// marginNote reports whether line starts a footnote's definition at the
// margin, one goldmark's footnote parser takes wherever a block may start
// (it interrupts a paragraph): "[^label]:" with a label it takes
// (noteLabel). (A line such as "[^ ]: x" is no note, and may be the lazy
// continuation of the paragraph before it.)
func marginNote(line string) bool {
	if !strings.HasPrefix(line, "[^") {
		return false
	}
	end := strings.Index(line, "]:")
	return end >= 0 && noteLabel(line[2:end])
}

// maxTableHead bounds the table header repeated after a cut: a table of
// thousands of columns is cut like text.
const maxTableHead = 4 << 10

// maxHeadBars bounds the columns of a table whose header is repeated
// after a cut: a piece of a table wider than that is costed as dense (its
// rows are drawn with every column, see units), and a header repeated in
// each of its pieces would be most of what they show.
const maxHeadBars = 64

// isTableDelimiter reports whether line is a table's delimiter row
// ("|---|:--:|"), which makes the line before it a table header: the
// regular expression ` {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*`,
// whole line, read byte by byte (the expression took a sixth of the
// render of a table of 8,000 columns).
func isTableDelimiter(line string) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i < len(line) && line[i] == '|' {
		i++
	}
	for {
		// A cell: \s*:?-+:?\s*
		i = skipRESpace(line, i)
		if i < len(line) && line[i] == ':' {
			i++
		}
		dashes := i
		for i < len(line) && line[i] == '-' {
			i++
		}
		if i == dashes {
			return false
		}
		if i < len(line) && line[i] == ':' {
			i++
		}
		i = skipRESpace(line, i)
		if i == len(line) {
			return true
		}
		if line[i] != '|' {
			return false
		}
		i = skipRESpace(line, i+1)
		if i == len(line) {
			return true
		}
	}
}

// skipRESpace skips the bytes of \s (RE2: tab, line feed, form feed,
// carriage return, space) from i.
func skipRESpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '\t', '\n', '\f', '\r', ' ':
			i++
		default:
			return i
		}
	}
	return i
}

// close ends a piece cut inside a code fence with a closing fence.
func (s *splitter) close(piece string) string {
	if s.fence == "" {
		return piece
	}
	if !strings.HasSuffix(piece, "\n") {
		piece += "\n"
	}
	return piece + s.fence + "\n"
}

// reopen is what the next piece starts with after a cut inside a fence
// (the fence again) or a table (its header again, so that the rows go on
// as a table).
func (s *splitter) reopen() string {
	if s.tableHead != "" && s.fence == "" {
		return s.tableHead
	}
	if s.fence == "" {
		return ""
	}
	l := s.fenceLine
	if !strings.HasSuffix(l, "\n") {
		l += "\n"
	}
	return l
}

func isBlank(line string) bool { return strings.TrimSpace(line) == "" }
