package render

import (
	"strings"

	"charm.land/glamour/v2/ansi"
	"github.com/yuin/goldmark/ast"
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
		lines[i] = dropHeadMarks(l)
	}
	return at
}

// headMarkLen is headMark's length in UTF-8.
const headMarkLen = len(string(headMark))

// dropHeadMarks removes the heading marks from l. The mark was drawn in
// the heading's style: the style sequence around it alone goes with it
// (only that one: removing any other set-and-reset pair would drop its
// reset), an SGR sequence of digits and semicolons right before the mark
// and "ESC[m" or "ESC[0m" right after. It removes what the regular
// expression "\x1b\[[0-9;]*m\u2063\x1b\[0?m" matches (leftmost first,
// one match after another) and then every mark left, in one pass over l
// instead of a backtracking match at each byte: a post of many headings
// spent a fifth of its render there. TestDropHeadMarksIsTheRegexp
// compares the two.
func dropHeadMarks(l string) string {
	var b strings.Builder
	b.Grow(len(l))
	writeDroppingHeadMarks(&b, l)
	return b.String()
}

// writeDroppingHeadMarks writes dropHeadMarks(l) to b.
func writeDroppingHeadMarks(b *strings.Builder, l string) {
	done := 0 // l[:done] is written or dropped
	for {
		k := strings.IndexRune(l[done:], headMark)
		if k < 0 {
			break
		}
		from, to := done+k, done+k+headMarkLen
		if start := styleBefore(l, done, from); start >= 0 {
			if n := resetAt(l[to:]); n > 0 {
				from, to = start, to+n
			}
		}
		b.WriteString(l[done:from])
		done = to
	}
	b.WriteString(l[done:])
}

// styleBefore returns where an SGR sequence of digits and semicolons
// ending right before l[end] starts, no earlier than from, or -1.
func styleBefore(l string, from, end int) int {
	if end-1 < from || l[end-1] != 'm' {
		return -1
	}
	j := end - 1
	for j > from && (l[j-1] >= '0' && l[j-1] <= '9' || l[j-1] == ';') {
		j--
	}
	if j-2 < from || l[j-2] != 0x1b || l[j-1] != '[' {
		return -1
	}
	return j - 2
}

// resetAt returns the length of the "ESC[m" or "ESC[0m" s starts with,
// or 0.
func resetAt(s string) int {
	switch {
	case strings.HasPrefix(s, "\x1b[m"):
		return 3
	case strings.HasPrefix(s, "\x1b[0m"):
		return 4
	}
	return 0
}

// topHeadings counts the headings at the document's level of tree.
func topHeadings(tree ast.Node) int {
	n := 0
	for c := tree.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == ast.KindHeading {
			n++
		}
	}
	return n
}
