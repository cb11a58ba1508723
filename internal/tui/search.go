package tui

import (
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/sanitize"
	"github.com/sshblog/sshblog/internal/site"
)

// maxQuery bounds a search query in bytes: a pasted book is not a query.
const maxQuery = 256

// searchView finds posts as the reader types: every key runs the query
// on the snapshot's index (a few milliseconds over 3,000 posts) and shows
// the results best first, each with a snippet around its first match.
//
// The query line is drawn here rather than with bubbles' textinput: it
// needs no cursor movement, and textinput's blinking cursor would send a
// frame to every idle searching reader twice a second.
type searchView struct {
	query  string
	ran    string // the query the results are for
	gen    int    // counts query changes: a searchMsg of an older one is stale
	res    *site.SearchResults
	hits   map[int]site.Hit // the results drawn so far, described
	cursor int
	offset int
	width  int
	height int // lines available for results
}

func (s *searchView) setSize(width, height int) {
	s.width, s.height = width, height
	s.clamp()
}

func (s *searchView) len() int {
	if s.res == nil {
		return 0
	}
	return s.res.Len()
}

func (s *searchView) visible() int { return max(1, s.height/itemHeight) }

// run searches snap for the query, the cursor back on the best result.
func (s *searchView) run(snap *site.Snapshot) {
	s.hits = nil
	s.cursor, s.offset = 0, 0
	s.ran = s.query
	if strings.TrimSpace(s.query) == "" {
		s.res = nil
		return
	}
	s.res = snap.Search(s.query)
}

// refresh runs the query on a new snapshot, keeping the cursor on the
// same page when it is still found.
func (s *searchView) refresh(snap *site.Snapshot) {
	sel := s.selected()
	s.run(snap)
	if sel != nil {
		s.selectPath(sel.Path)
	}
}

func (s *searchView) selected() *page.Page {
	if s.cursor < 0 || s.cursor >= s.len() {
		return nil
	}
	return s.res.Page(s.cursor)
}

func (s *searchView) selectPath(path string) {
	for i := range s.len() {
		if s.res.Page(i).Path == path {
			s.cursor = i
			s.clamp()
			return
		}
	}
}

// pages are the results, best first.
func (s *searchView) pages() []*page.Page {
	if s.res == nil {
		return nil
	}
	return s.res.Pages()
}

func (s *searchView) hit(i int) site.Hit {
	if h, ok := s.hits[i]; ok {
		return h
	}
	if s.hits == nil {
		s.hits = map[int]site.Hit{}
	}
	h := s.res.Hit(i)
	s.hits[i] = h
	return h
}

func (s *searchView) move(delta int) {
	s.cursor = max(0, min(s.len()-1, s.cursor+delta))
	s.clamp()
}

func (s *searchView) clamp() {
	s.offset = scrolled(s.cursor, s.offset, s.visible(), s.len())
}

// update handles a key or the wheel: movement, editing the query (the
// search runs on the searchMsg that follows, see searchKey), or enter,
// which it reports as the page to open.
func (s *searchView) update(msg tea.Msg) (open *page.Page, back bool) {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			s.move(-1)
		case tea.MouseWheelDown:
			s.move(1)
		}
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			return nil, true
		case "enter":
			return s.selected(), false
		case "up", "ctrl+p", "ctrl+k":
			s.move(-1)
		case "down", "ctrl+n", "ctrl+j", "tab":
			s.move(1)
		case "pgup":
			s.move(-s.visible())
		case "pgdown":
			s.move(s.visible())
		case "backspace", "ctrl+h":
			if s.query != "" {
				_, size := utf8.DecodeLastRuneInString(s.query)
				s.query = s.query[:len(s.query)-size]
				s.gen++
			}
		case "ctrl+u":
			s.query = ""
			s.gen++
		case "ctrl+w":
			q := strings.TrimRight(s.query, " ")
			s.query = q[:strings.LastIndex(q, " ")+1]
			s.gen++
		default:
			// Text (a key, or a paste the terminal sent as keys) goes to
			// the query, cleaned of anything that is not printable.
			s.addText(msg.Text)
		}
	case tea.PasteMsg:
		// A bracketed paste (the terminal marks it; the server cuts it
		// to 16 KB, see internal/server/paste.go).
		s.addText(msg.Content)
	}
	return nil, false
}

// printable keeps the printable characters of typed or pasted text, by
// sanitize's rule (escape sequences, controls and bidirectional controls
// go: the query is drawn on the reader's screen), with line breaks and
// tabs as spaces.
func printable(t string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, sanitize.Text(t))
}

// addText adds typed or pasted text to the query, as much of it as fits
// in maxQuery, cut between characters.
func (s *searchView) addText(t string) {
	t = printable(t)
	if room := maxQuery - len(s.query); len(t) > room {
		for room > 0 && !utf8.RuneStart(t[room]) {
			room--
		}
		t = t[:room]
	}
	if t != "" {
		s.query += t
		s.gen++
	}
}

// view draws the query line, a count, and the results.
func (s *searchView) view(st styles, str Strings) string {
	var b strings.Builder
	w := max(1, s.width)
	b.WriteString(st.Title.Render(str.labeled(str.SearchTitle, "")) + cutHead(s.query, max(1, w-ansi.StringWidth(str.SearchTitle)-4)) + st.SelBar.Render("█") + "\n")
	switch {
	case s.res == nil:
		b.WriteString(st.Description.Render(cut(str.SearchHint, w)) + "\n")
	case s.len() == 0:
		b.WriteString(st.Description.Render(cut(str.NoResults, w)) + "\n")
	default:
		b.WriteString(st.Description.Render(cut(str.Results(s.len())+" · "+str.SearchHint, w)) + "\n")
	}
	b.WriteString(st.Rule.Render(strings.Repeat("─", w)) + "\n")
	end := min(s.len(), s.offset+s.visible())
	hi := st.Highlight
	for i := s.offset; i < end; i++ {
		h := s.hit(i)
		sel := i == s.cursor
		bar, title, meta, sum := "  ", st.ItemTitle, st.ItemMeta, st.ItemSummary
		if sel {
			bar, title, meta, sum = st.SelBar.Render("▌ "), st.SelTitle, st.SelMeta, st.SelSummary
		}
		iw := max(1, w-2)
		b.WriteString(bar + highlight(h.Page.Title, h.Title, title, hi, iw) + "\n")
		b.WriteString(bar + metaLine(h.Page, st, meta, str, iw) + "\n")
		b.WriteString(bar + highlight(h.Snippet, h.Highlights, sum, hi, iw) + "\n")
		if i < end-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// highlight draws one line of text in base with the byte ranges rs in hi,
// cut to w cells. The text is cut first (to what can show), so a long
// line costs no more than a short one.
func highlight(text string, rs [][2]int, base, hi lipgloss.Style, w int) string {
	limit := cellBytes * (w + 1)
	if len(text) > limit {
		for limit > 0 && !utf8.RuneStart(text[limit]) {
			limit--
		}
		text = text[:limit]
	}
	text = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' ' // one byte for one: the ranges stay where they are
		}
		return r
	}, text)
	var b strings.Builder
	at := 0
	for _, r := range rs {
		a, z := min(r[0], len(text)), min(r[1], len(text))
		if a < at || a >= z {
			continue
		}
		if a > at {
			b.WriteString(base.Render(text[at:a]))
		}
		b.WriteString(hi.Render(text[a:z]))
		at = z
	}
	if at < len(text) {
		b.WriteString(base.Render(text[at:]))
	}
	return ansi.Truncate(b.String(), w, "…")
}

// searchMsg runs the query of the search screen, if it is still gen.
type searchMsg struct{ gen int }

// searched runs the search screen's query for a searchMsg not yet stale.
func (m *Model) searched(msg searchMsg) {
	if m.screen == screenSearch && msg.gen == m.search.gen && m.search.ran != m.search.query {
		m.search.run(m.snap)
	}
}

// openSearch pushes the search screen with a query (empty: the reader
// types one).
func (m *Model) openSearch(query string) {
	m.push()
	m.screen = screenSearch
	if query = printable(query); len(query) > maxQuery {
		query = strings.ToValidUTF8(query[:maxQuery], "")
	}
	m.search = searchView{query: query}
	m.search.run(m.snap)
	m.resize(m.width, m.height)
}

// searchKey handles a key on the search screen: every printable key is
// text, so only enter, esc, arrows and ctrl+c act.
func (m *Model) searchKey(msg tea.Msg) tea.Cmd {
	gen := m.search.gen
	open, back := m.search.update(msg)
	switch {
	case m.search.gen != gen:
		// The query changed: it runs once the keys already waiting are
		// handled, so that a paste or a burst of keys costs one search,
		// not one a key.
		gen := m.search.gen
		return func() tea.Msg { return searchMsg{gen: gen} }
	case back:
		return m.pop()
	case open != nil:
		var found string
		if i := m.search.cursor; i < m.search.len() {
			found = m.search.hit(i).Found
		}
		m.push()
		return m.openAt(open, newFinder(m.search.query, found))
	}
	return nil
}
