package tui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A post opened from a search shows its first match, and n and N move
// between the lines that match. The lines are those of the render, found
// by the words of the query (a prefix of a word matches, as in the
// search) and the exact text the index matched first (for a typo).

// matchContext is how many lines are shown above a match.
const matchContext = 2

// finder is what a pager looks for and where it found it.
type finder struct {
	needles []string // lower-case
	lines   []int    // lines of the render (without pictures) that hold a needle
	matches []int    // the same lines where they are shown, below the pictures
	at      int      // the match shown, an index into matches
	placed  bool     // the first match was shown once
}

// newFinder looks for the words of query and for found; nil when there
// is nothing to look for.
func newFinder(query, found string) *finder {
	var needles []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		for _, n := range needles {
			if n == s {
				return
			}
		}
		if s != "" {
			needles = append(needles, s)
		}
	}
	add(found)
	for _, w := range strings.Fields(query) {
		add(w)
	}
	if len(needles) == 0 {
		return nil
	}
	return &finder{needles: needles}
}

// scan finds the lines that match, once per render.
func (f *finder) scan(lines []string) {
	f.lines = f.lines[:0]
	for i, l := range lines {
		text := strings.ToLower(ansi.Strip(l))
		for _, n := range f.needles {
			if strings.Contains(text, n) {
				f.lines = append(f.lines, i)
				break
			}
		}
	}
}

// placeFind scans a new render and, the first time, shows the first
// match; after a re-wrap the reading position stays as it was.
func (p *pagerView) placeFind() {
	f := p.find
	if f == nil || !p.ready || p.err != nil {
		return
	}
	f.scan(p.textLines())
	p.moveFind()
	if !f.placed && len(f.matches) > 0 {
		f.placed = true
		p.setY(f.matches[0] - matchContext)
	}
}

// marked is the i-th line, with a bar in its margin when it holds a
// match of the search: the render's own line otherwise, untouched.
func (p *pagerView) marked(i int, st styles) string {
	l := p.lineAt(i)
	f := p.find
	if f == nil || i >= len(p.lines) {
		return l
	}
	if _, ok := slices.BinarySearch(f.matches, i); !ok || !strings.HasPrefix(ansi.Strip(l), " ") {
		return l
	}
	return st.SelBar.Render("▌") + ansi.TruncateLeft(l, 1, "")
}

// findNext shows the next (delta 1) or previous (-1) match.
func (m *Model) findNext(delta int) tea.Cmd {
	f := m.pager.find
	if f == nil || len(f.matches) == 0 || !m.pager.ready {
		return m.notify(m.str.NoMatch)
	}
	n := len(f.matches)
	f.at = ((f.at+delta)%n + n) % n
	m.pager.setY(f.matches[f.at] - matchContext)
	return m.notify(m.str.MatchOf(f.at+1, n))
}

// moveFind places the matching lines where they are shown, below the
// pictures drawn so far: a picture arriving moves them without a scan of
// the text again.
func (p *pagerView) moveFind() {
	f := p.find
	if f == nil {
		return
	}
	f.matches = p.rowsOf(f.lines, f.matches[:0])
	f.at = min(f.at, max(0, len(f.matches)-1))
}
