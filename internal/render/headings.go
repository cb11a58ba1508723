package render

import (
	"regexp"
	"strings"

	"charm.land/glamour/v2/ansi"
)

// Headings are found in a render as figures are (see placeFigures): a
// mark drawn with each heading tells its line once the text is laid out,
// so that a table of contents jumps to the heading itself, not to a line
// of the same words, and finds headings inside quotes and lists too.
// Headings are drawn without "#" markers (see headingStyles): their text
// alone cannot tell them from a paragraph.

// headMark starts every heading in glamour's output; placeHeadings
// removes it. Unlike the list tags and figMark it is zero cells wide to
// every measure the layout uses (glamour's, lipgloss's, textwrap's), so a
// heading wraps exactly as without it: the tags' width does not matter
// because items are wrapped again, but headings are glamour's to wrap.
// INVISIBLE SEPARATOR is a mathematical format character nobody writes
// in a post (annotate removes any, see ownMarks).
const headMark = '\u2063'

// markHeadings draws headMark before the text of every heading level.
func markHeadings(c *ansi.StyleConfig) {
	for _, h := range []*ansi.StyleBlock{&c.H1, &c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = string(headMark) + h.Prefix
	}
}

// placeHeadings removes the heading marks from a piece's lines and
// returns the lines the headings start on, in document order.
func placeHeadings(lines []string) []int {
	var at []int
	for i, l := range lines {
		if !strings.ContainsRune(l, headMark) {
			continue
		}
		at = append(at, i)
		// The mark was drawn in the heading's style: the style sequence
		// around it alone goes with it (only that one: removing any other
		// set-and-reset pair would drop its reset).
		l = styledHeadMark.ReplaceAllString(l, "")
		lines[i] = strings.ReplaceAll(l, string(headMark), "")
	}
	return at
}

// styledHeadMark is headMark in a style of its own.
var styledHeadMark = regexp.MustCompile("\x1b\\[[0-9;]*m\u2063\x1b\\[0?m")
