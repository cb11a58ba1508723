package render

import (
	"strings"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// Many Chinese terminal setups (a CJK font with "ambiguous = wide",
// Xshell) draw the punctuation Unicode leaves ambiguous (“” ‘’ — … ·) two
// cells wide. Text laid out for one cell then overflows its line by a
// cell per such mark. A session that measured its terminal (see package
// tui) asks for a wide style (Style.Wide): the mode is part of the style,
// so of the cache key, and the text is laid out with those marks two
// cells wide.
//
// Glamour measures with the Unicode default. So, as for break
// opportunities (cjkBreaks), prepare tells it: after each ambiguous mark
// it puts widthFiller, one cell that glamour counts and fit removes.

// wideSuffix marks a style for wide ambiguous punctuation.
const wideSuffix = "+wide"

// widthFiller stands for the second cell of a wide ambiguous mark while
// glamour lays the text out. Like the list tags (lists.go) it is
// punctuation nobody writes; annotate replaces any in a post.
const widthFiller = '\u2E37' // DAGGER WITH RIGHT GUARD

// Wide returns s for a terminal that draws ambiguous punctuation two cells
// wide.
func (s Style) Wide() Style {
	if strings.HasSuffix(string(s), wideSuffix) {
		return s
	}
	return s + wideSuffix
}

// WithAmbiguous returns s for the ambiguous-width mode a.
func (s Style) WithAmbiguous(a textwrap.Ambiguous) Style {
	if a == textwrap.Wide {
		return s.Wide()
	}
	return s.base()
}

// base is s without its ambiguous-width mode.
func (s Style) base() Style { return Style(strings.TrimSuffix(string(s), wideSuffix)) }

// ambiguous is s's ambiguous-width mode.
func (s Style) ambiguous() textwrap.Ambiguous {
	if strings.HasSuffix(string(s), wideSuffix) {
		return textwrap.Wide
	}
	return textwrap.Narrow
}

// widen puts widthFiller after each ambiguous punctuation mark of l.
func widen(l string) string {
	n := 0
	for _, r := range l {
		if textwrap.IsAmbiguousPunct(r) {
			n++
		}
	}
	if n == 0 {
		return l
	}
	var b strings.Builder
	b.Grow(len(l) + 3*n)
	for _, r := range l {
		b.WriteRune(r)
		if textwrap.IsAmbiguousPunct(r) {
			b.WriteRune(widthFiller)
		}
	}
	return b.String()
}
