package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Below a post's text, the pager lists its related posts (as Stack does
// at the end of an article); # opens them with its tags and categories.
// These lines are the pager's own: the render's lines are shared by every
// session and never changed.

// total is the number of lines the pager scrolls through.
func (p *pagerView) total() int {
	if !p.ready || p.err != nil {
		return len(p.lines)
	}
	return len(p.lines) + len(p.tail)
}

// lineAt is the i-th line: the render's, then the tail's.
func (p *pagerView) lineAt(i int) string {
	if i < len(p.lines) {
		return p.lines[i]
	}
	return p.tail[i-len(p.lines)]
}

// tailLines lists the related posts under a rule, within the column.
func (p *pagerView) tailLines(st styles, s Strings) []string {
	if len(p.related) == 0 {
		return nil
	}
	w := p.headerWidth()
	lines := []string{"", "  " + st.Rule.Render(strings.Repeat("─", w)), "  " + st.HelpHeading.Render(cut(s.Related+" (#)", w))}
	for _, r := range p.related {
		meta := ""
		if !r.Date.IsZero() {
			meta = " · " + s.Date(r.Date)
		}
		title := cut(r.Title, max(1, w-2-ansi.StringWidth(meta)))
		lines = append(lines, "  "+st.ItemMeta.Render("• ")+st.ItemTitle.Render(title)+st.ItemMeta.Render(meta))
	}
	return lines
}
