package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// The reader moves through a stack of screens: the home list at the
// bottom, then whatever was opened from it (search, tags, a tag's posts,
// a post, ...). Opening pushes the current screen, back pops it, so a
// reader returns to where they were: the same result, tag or post. The
// Model holds the screen on top in its own fields; a layer is a copy of
// them.

// maxDepth bounds the stack: a reader going from post to tag to post
// forever keeps the most recent screens and the home list.
const maxDepth = 32

// layer is one screen under the one on top.
type layer struct {
	screen    screen
	listQuery site.Listing
	list      listView
	pager     pagerView
	search    searchView
	terms     termsView
	archive   archiveView
}

// push keeps the current screen under the next one.
func (m *Model) push() {
	if m.screen == screenPager {
		m.leavePost()
	}
	l := layer{screen: m.screen, listQuery: m.listQuery, list: m.list, pager: m.pager, search: m.search, terms: m.terms, archive: m.archive}
	// A post under another screen is drawn again when it is back on
	// top (from the cache, usually): it does not keep its lines.
	l.pager.lines, l.pager.ready, l.pager.want, l.pager.ticket = nil, false, "", nil
	if len(m.stack) >= maxDepth {
		m.stack = append(m.stack[:1], m.stack[2:]...)
	}
	m.stack = append(m.stack, l)
}

// pop returns to the screen under the current one; on the home list it
// does nothing.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) == 0 {
		if m.screen == screenPager { // cannot be: a post opens over a list
			m.screen, m.pager = screenList, pagerView{}
		}
		return nil
	}
	if m.screen == screenPager {
		m.leavePost()
		if m.notice == m.str.PostUpdated || m.notice == m.str.PostGone {
			m.notice = "" // about the post just left
		}
	}
	l := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	m.screen, m.listQuery, m.list, m.pager = l.screen, l.listQuery, l.list, l.pager
	m.search, m.terms, m.archive = l.search, l.terms, l.archive
	if m.screen == screenPager {
		m.pager.related = m.snap.Related(m.pager.post, relatedCount) // the blog may have changed
	}
	m.resize(m.width, m.height)
	if m.screen == screenPager {
		return m.pager.request(m.renders, m.style())
	}
	return nil
}

// leavePost stops the render of the post on screen and remembers where
// the reader was in it, for when they come back in this session.
func (m *Model) leavePost() {
	m.renders.Cancel()
	if m.pager.post == nil {
		return
	}
	frac := m.pager.fraction
	if m.pager.ready {
		frac = m.pager.scrollPercent()
	}
	if m.positions == nil {
		m.positions = map[string]float64{}
	}
	if len(m.positions) >= maxPositions {
		clear(m.positions) // a bound, not a cache policy: sessions read far fewer
	}
	m.positions[m.pager.post.Path] = frac
}

// maxPositions bounds the reading positions a session keeps.
const maxPositions = 1000

// below is the screen under the current one, nil on the home list.
func (m *Model) below() *layer {
	if len(m.stack) == 0 {
		return nil
	}
	return &m.stack[len(m.stack)-1]
}

// sequence is the list the post on screen was opened from, for the next
// and previous post: a list, the search results, or else the posts.
func (m *Model) sequence() []*page.Page {
	if l := m.below(); l != nil {
		switch l.screen {
		case screenList:
			return l.list.posts
		case screenSearch:
			return l.search.pages()
		}
	}
	return m.snap.Posts
}

// step opens the post delta places away in the list it was opened from,
// moving that list's cursor with it.
func (m *Model) step(delta int) tea.Cmd {
	seq := m.sequence()
	i := postIndex(seq, m.pager.post)
	if i < 0 || i+delta < 0 || i+delta >= len(seq) {
		if delta > 0 {
			return m.notify(m.str.NoNextPost)
		}
		return m.notify(m.str.NoPrevPost)
	}
	next := seq[i+delta]
	if l := m.below(); l != nil {
		switch l.screen {
		case screenList:
			l.list.selectPath(next.Path)
		case screenSearch:
			l.search.selectPath(next.Path)
		}
	}
	m.leavePost()
	return m.open(next)
}

func postIndex(ps []*page.Page, p *page.Page) int {
	if p == nil {
		return -1
	}
	for i, q := range ps {
		if q.Path == p.Path {
			return i
		}
	}
	return -1
}

// restack brings every screen of the stack to a new snapshot, each
// keeping its place; a post that is gone closes, above or under others.
func (m *Model) restack(snap *site.Snapshot) (gone bool) {
	keep := m.stack[:0]
	for _, l := range m.stack {
		if l.screen == screenPager {
			if _, ok := snap.ByPath(l.pager.post.Path); !ok {
				continue
			}
		}
		l.refresh(snap)
		keep = append(keep, l)
	}
	clear(m.stack[len(keep):])
	m.stack = keep
	cur := layer{screen: m.screen, listQuery: m.listQuery, list: m.list, search: m.search, terms: m.terms, archive: m.archive}
	cur.refresh(snap)
	m.list, m.search, m.terms, m.archive = cur.list, cur.search, cur.terms, cur.archive
	if m.screen == screenPager && m.pager.post != nil {
		if _, ok := snap.ByPath(m.pager.post.Path); !ok {
			m.renders.Cancel()
			delete(m.positions, m.pager.post.Path)
			m.pager.post = nil
			gone = true
		}
	}
	return gone
}

// refresh brings one screen's lists to snap, keeping the selection.
func (l *layer) refresh(snap *site.Snapshot) {
	switch l.screen {
	case screenList:
		selected := l.list.selected()
		l.list.setPosts(snap.List(l.listQuery))
		if selected != nil {
			l.list.selectPath(selected.Path)
		}
	case screenSearch:
		l.search.refresh(snap)
	case screenTerms:
		l.terms.refresh(snap)
	case screenArchive:
		l.archive.refresh(snap)
	}
}
