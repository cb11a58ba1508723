package render

import (
	"regexp"
	"strings"
	"unicode/utf8"
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
	// cellUnits is a table cell's: glamour lays a table out cell by cell
	// with lipgloss, about 20 µs a cell, what 40 bytes of prose cost.
	cellUnits = 40
	// maxLine is the longest line kept whole: a longer one is cut between
	// words (or anywhere), which may change what it means ("*" x 100,000
	// around a word is emphasis; its halves are not), so it is well above
	// what a paragraph is. A piece holding such a line costs up to half a
	// second (nested 6 deep) and 60 MB.
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
	if n := strings.Count(md, "\n"); len(md) < pieceUnits/2 && n < pieceUnits/2/lineUnits && strings.Count(md, "|") < pieceUnits/2/cellUnits {
		return []string{md}, []int{len(md) + n*lineUnits}
	}
	var s splitter
	start, cost := 0, 0
	head := "" // what the current piece starts with before md[start:]
	cut := func(at int) {
		pieces = append(pieces, head+s.close(md[start:at]))
		units = append(units, cost)
		head, start, cost = s.reopen(), at, 0
	}
	for pos := 0; pos < len(md); {
		end := strings.IndexByte(md[pos:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += pos + 1
		}
		line := md[pos:end]
		if cost >= pieceUnits && s.safeBefore(line) {
			cut(pos)
		}
		if len(line) > maxLine {
			// One giant line: cut it between words, keeping any fence.
			at := pos + wordCut(line, pieceUnits)
			cut(at)
			pos = at
			continue
		}
		s.feed(line)
		cost += len(line) + lineUnits
		if s.inTable {
			cost += cellUnits * strings.Count(line, "|")
		}
		pos = end
		if cost >= 2*pieceUnits && pos < len(md) {
			cut(pos)
		}
	}
	if start < len(md) {
		pieces = append(pieces, head+md[start:])
		units = append(units, cost)
	}
	return pieces, units
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
	blank     bool   // the last line was blank
	prev      string // the last line
	inTable   bool   // the lines are a table's rows
	tableHead string // the open table's header and delimiter rows, if short
}

// safeBefore reports whether a piece may end before line.
func (s *splitter) safeBefore(line string) bool {
	if !s.blank || s.fence != "" || s.htmlEnd != "" || isBlank(line) {
		return false
	}
	c := line[0]
	return c != ' ' && c != '\t' && c != ':'
}

func (s *splitter) feed(line string) {
	prev := s.prev
	s.prev, s.blank = line, isBlank(line)
	trimmed := strings.TrimLeft(line, " >")
	switch {
	case s.blank:
		s.inTable, s.tableHead = false, ""
	case s.fence == "" && s.htmlEnd == "" && !s.inTable && strings.Contains(prev, "|") && strings.Contains(line, "|") && tableDelimiter.MatchString(line):
		s.inTable = true
		if len(prev)+len(line) <= maxTableHead {
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

// htmlBlockEnd returns what ends the HTML block that line opens, if it is
// one of the kinds that run over blank lines (CommonMark types 1-5) and
// does not end on the line itself.
func htmlBlockEnd(line string) string {
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

// maxTableHead bounds the table header repeated after a cut: a table of
// thousands of columns is cut like text.
const maxTableHead = 4 << 10

// tableDelimiter matches a table's delimiter row ("|---|:--:|"), which
// makes the line before it a table header.
var tableDelimiter = regexp.MustCompile(`^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)

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
