package render

import (
	"fmt"
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	xansi "github.com/charmbracelet/x/ansi"
)

// drawnCells returns the cells a terminal draws for s, line by line: each
// cell's character (grapheme cluster) and width, its full SGR attributes
// (colours, weight, italics, underline, reverse...) and its OSC 8 link,
// as ultraviolet reads them. The pen carries over newlines, as on a
// terminal. Each line's trailing blanks that are unstyled and unlinked
// are left out: a terminal shows them as the cells after the line's end.
func drawnCells(s string) []uv.Line {
	lines := uv.NewStyledString(s).Lines(xansi.GraphemeWidth)
	// Lines leaves out the trailing lines that draw no cell.
	for len(lines) < strings.Count(s, "\n")+1 {
		lines = append(lines, nil)
	}
	for i, l := range lines {
		for len(l) > 0 && unstyledBlank(&l[len(l)-1]) {
			l = l[:len(l)-1]
		}
		lines[i] = l
	}
	return lines
}

// unstyledBlank reports whether c is a space (or nothing) with no style
// and no link.
func unstyledBlank(c *uv.Cell) bool {
	return (c.Content == " " || c.Content == "") && c.Style.IsZero() && c.Link.IsZero()
}

// cellsDiffer returns "" when a and b draw the same cells, each of their
// lines alone (the pen reset at its start, as a viewer that draws a line
// at a time does) and the whole text at once (the pen carried over
// newlines, as when the lines are printed one after another); else where
// and how they first differ.
func cellsDiffer(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(la) != len(lb) {
		return fmt.Sprintf("%d lines, %d lines", len(la), len(lb))
	}
	for i := range la {
		if d := linesDiffer(drawnCells(la[i]), drawnCells(lb[i])); d != "" {
			return fmt.Sprintf("line %d drawn alone: %s\n%q\n%q", i, d, la[i], lb[i])
		}
	}
	if d := linesDiffer(drawnCells(a), drawnCells(b)); d != "" {
		return "drawn whole: " + d
	}
	return ""
}

// linesDiffer compares lines of cells: "" when they are the same.
func linesDiffer(a, b []uv.Line) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d lines, %d lines", len(a), len(b))
	}
	for y := range a {
		if len(a[y]) != len(b[y]) {
			return fmt.Sprintf("line %d: %d cells, %d cells", y, len(a[y]), len(b[y]))
		}
		for x := range a[y] {
			if ca, cb := &a[y][x], &b[y][x]; !ca.Equal(cb) {
				return fmt.Sprintf("line %d, cell %d: %q %+v %+v, %q %+v %+v", y, x, ca.Content, ca.Style, ca.Link, cb.Content, cb.Style, cb.Link)
			}
		}
	}
	return ""
}

// TestCellsDiffer checks the cell comparison on lines known to draw the
// same and lines known to differ.
func TestCellsDiffer(t *testing.T) {
	const grey = "\x1b[38;5;252m"
	same := [][2]string{
		{"abc", "abc"},
		{"abc", "abc   "},
		{"abc", "a\x1b[mbc\x1b[0m"},
		{grey + "abc\x1b[m", grey + "a" + grey + "bc\x1b[m" + grey + "\x1b[m"},
		{"  " + grey + "x\x1b[m", "  " + grey + "\x1b[m" + grey + "\x1b[m" + grey + "x\x1b[m"},
		{"  " + grey + "x\x1b[m", "  " + strings.Repeat(grey+"\x1b[m", 70) + grey + "x\x1b[m"},
		{grey + "x\x1b[m", grey + "x\x1b[m" + strings.Repeat(grey+"\x1b[m", 3)},
		{"\x1b]8;;https://a\x07x\x1b]8;;\x07y", "\x1b]8;;https://a\x07x\x1b]8;;\x07\x1b]8;;https://a\x07\x1b]8;;\x07y"},
		{"a\nb", "a  \nb"},
		{"\x1b[1ma\x1b[m\nb", "\x1b[1ma\x1b[m\n\x1b[mb"},
		{"", "   "},
		{"第一", "第\x1b[m一"},
	}
	for _, p := range same {
		if d := cellsDiffer(p[0], p[1]); d != "" {
			t.Errorf("%q and %q: %s", p[0], p[1], d)
		}
	}
	differ := [][2]string{
		{"abc", "abd"},
		{"abc", "ab"},
		{"abc", "abc  x"},
		{"abc", "abc" + grey + " \x1b[m"},                    // a coloured space is not unstyled
		{"abc", "abc\x1b[4m \x1b[m"},                         // an underlined space shows
		{grey + "abc\x1b[m", "\x1b[38;5;251mabc\x1b[m"},      // another colour
		{grey + "abc\x1b[m", grey + "ab\x1b[1mc\x1b[m"},      // bold
		{"abc", "ab\x1b[3mc\x1b[m"},                          // italic
		{"abc", "ab\x1b[7mc\x1b[m"},                          // reverse
		{"abc", "ab\x1b[48;5;236mc\x1b[m"},                   // background
		{"  x", "  \x1b[1m" + "x"},                           // bold text
		{"  x", grey + "  \x1b[mx"},                          // coloured lead blanks
		{"x", "\x1b]8;;https://a\x07x\x1b]8;;\x07"},          // a link
		{"\x1b]8;;https://a\x07x", "\x1b]8;;https://b\x07x"}, // another link
		{"a\nb", "a\nb\n"},
		{"a\nb", "b\na"},
		{"\x1b[1ma\nb", "\x1b[1ma\x1b[m\nb"}, // the pen carried to the next line
		{"第一", "第 一"},
	}
	for _, p := range differ {
		if d := cellsDiffer(p[0], p[1]); d == "" {
			t.Errorf("%q and %q: drawn the same", p[0], p[1])
		}
	}
}
