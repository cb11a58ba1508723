package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/site"
)

// The screens that are not a post share the list's frame: the site's
// title, a heading, a rule, the rows, a rule and a footer with the key
// hints (or a notice).

// listHeading is the line under the site's title: its description on the
// home list, else what the list holds ("Tags: go · 3 posts").
func (m *Model) listHeading(w int) string {
	st, s, q := m.st, m.str, m.listQuery
	var head string
	switch q.Kind {
	case site.ListTerm:
		head = s.Taxonomy(q.Taxonomy) + ": " + q.Term
	case site.ListMonth:
		head = s.ArchiveTitle + ": " + s.Year(q.Year)
		if q.Month != 0 {
			head = s.ArchiveTitle + ": " + s.Month(q.Year, q.Month)
		}
	case site.ListSearch:
		head = s.SearchTitle + ": " + q.Query
	default:
		return st.Description.Render(cut(m.snap.Site.Description, w))
	}
	return st.Title.Render(cut(head+" · "+s.Posts(len(m.list.posts)), w))
}

// browseView draws the search, terms and archive screens.
func (m *Model) browseView() string {
	st, s := m.st, m.str
	w := m.width - 2
	var b strings.Builder
	var body string
	hints := m.keys.browseHelp()
	switch m.screen {
	case screenSearch:
		body = m.search.view(st, s) // its own query line, count and rule
		hints = nil
	case screenTerms:
		b.WriteString(" " + st.Title.Render(cut(m.snap.Site.Title, w)) + "\n")
		b.WriteString(" " + st.Title.Render(cut(m.terms.heading(s), w)) + "\n")
		b.WriteString(" " + st.Rule.Render(strings.Repeat("─", max(0, w))) + "\n")
		body = m.terms.view(st, s)
		if m.terms.taxonomy != "" {
			hints = append([]key.Binding{m.keys.Sort}, hints...)
		}
	case screenArchive:
		b.WriteString(" " + st.Title.Render(cut(m.snap.Site.Title, w)) + "\n")
		b.WriteString(" " + st.Title.Render(cut(s.ArchiveTitle+" · "+s.Posts(len(m.snap.Posts)), w)) + "\n")
		b.WriteString(" " + st.Rule.Render(strings.Repeat("─", max(0, w))) + "\n")
		body = m.archive.view(st, s)
	}
	body = strings.TrimSuffix(body, "\n")
	b.WriteString(indent(body, 1) + "\n")
	used := strings.Count(b.String(), "\n")
	b.WriteString(strings.Repeat("\n", max(0, m.height-2-used)))
	b.WriteString(" " + st.Rule.Render(strings.Repeat("─", max(0, w))) + "\n")
	left := ""
	if n := m.footerNotice(); n != "" {
		left = st.Notice.Render("● " + n)
	}
	right := shortHelp(hints)
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 2 {
		b.WriteString(" " + st.Footer.Render(left))
	} else {
		b.WriteString(" " + st.Footer.Render(left+strings.Repeat(" ", gap)+right))
	}
	return b.String()
}

// openTerms pushes the screen of a taxonomy's terms.
func (m *Model) openTerms(taxonomy string) {
	m.push()
	m.screen = screenTerms
	m.terms = newTerms(m.snap, taxonomy)
	m.resize(m.width, m.height)
}

// openPostTerms pushes the screen of the open post's tags, categories and
// related posts.
func (m *Model) openPostTerms() {
	p := m.pager.post
	m.push()
	m.screen = screenTerms
	m.terms = newPostTerms(m.snap, p)
	m.resize(m.width, m.height)
}

// openArchive pushes the archive.
func (m *Model) openArchive() {
	m.push()
	m.screen = screenArchive
	m.archive = newArchive(m.snap)
	m.resize(m.width, m.height)
}

// openList pushes a list of posts (a term's, a month's).
func (m *Model) openList(q site.Listing) {
	m.push()
	m.screen = screenList
	m.listQuery = q
	m.list = listView{}
	m.list.setPosts(m.listPosts())
	m.resize(m.width, m.height)
}

// browseKey handles a key on the terms and archive screens.
func (m *Model) browseKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		return m.pop()
	case key.Matches(msg, k.Search):
		m.openSearch("")
	case m.screen == screenTerms && key.Matches(msg, k.Sort):
		m.terms.toggleSort(m.snap)
	case key.Matches(msg, k.Open):
		if m.screen == screenArchive {
			if it, ok := m.archive.selected(); ok {
				m.openList(site.Listing{Kind: site.ListMonth, Year: it.year, Month: it.month})
			}
			return nil
		}
		it, ok := m.terms.selected()
		switch {
		case !ok:
		case it.post != nil:
			m.push()
			return m.open(it.post)
		default:
			m.openList(site.Listing{Kind: site.ListTerm, Taxonomy: it.taxonomy, Term: it.name})
		}
	case m.screen == screenTerms:
		m.terms.menu.update(msg, k)
	default:
		m.archive.menu.update(msg, k)
	}
	return nil
}

// switchLanguage shows the interface in the next language, for this
// session.
func (m *Model) switchLanguage() {
	m.str = nextLanguage(m.str)
	m.keys = newKeyMap(m.str)
	m.notice = ""
	m.resize(m.width, m.height) // the pager's header and status bar are in words
}

// wheel scrolls whatever is on screen.
func (m *Model) wheel(msg tea.MouseWheelMsg) {
	switch {
	case m.showHelp:
		m.scrollHelp(msg)
	case m.screen == screenPager:
		m.pager.update(msg, m.keys)
	case m.screen == screenSearch:
		m.search.update(msg)
	case m.screen == screenTerms:
		m.terms.menu.update(msg, m.keys)
	case m.screen == screenArchive:
		m.archive.menu.update(msg, m.keys)
	default:
		m.list.update(msg, m.keys)
	}
}
