package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// NoticeDuration is how long an update notice stays in the footer.
const NoticeDuration = 4 * time.Second

// SnapshotMsg tells a session that the blog changed. The server sends one
// to every session when the content store publishes a new snapshot.
type SnapshotMsg struct{ Snap *site.Snapshot }

// clearNoticeMsg ends a notice; id ignores ticks of older notices.
type clearNoticeMsg struct{ id int }

// setSnapshot switches the list to a new snapshot, keeping the cursor on
// the same post. A post being read stays on screen as it was until the
// reader leaves it or presses r.
func (m *Model) setSnapshot(snap *site.Snapshot) tea.Cmd {
	m.snap = snap
	if m.restack(snap) {
		// The post on screen was deleted: it closes, back to where it
		// was opened from.
		cmd := m.pop()
		return tea.Batch(cmd, m.notify(m.str.PostGone))
	}
	text := m.str.Updated
	if m.screen == screenPager && m.pager.post != nil {
		if now, ok := snap.ByPath(m.pager.post.Path); !ok || now.Hash != m.pager.post.Hash {
			text = m.str.PostUpdated
		}
	}
	return m.notify(text)
}

// notify shows text in the footer for NoticeDuration.
func (m *Model) notify(text string) tea.Cmd {
	m.noticeID++
	m.notice = text
	id := m.noticeID
	return tea.Tick(NoticeDuration, func(time.Time) tea.Msg { return clearNoticeMsg{id: id} })
}

// reloadPost re-opens the post being read from the current snapshot, at
// the same position.
func (m *Model) reloadPost() tea.Cmd {
	if m.pager.post == nil {
		return nil
	}
	now, ok := m.snap.ByPath(m.pager.post.Path)
	if !ok {
		return m.notify(m.str.PostGone)
	}
	frac := m.pager.scrollPercent()
	m.notice = "" // the "press r" notice is answered
	m.pager = newPager(now, m.snap)
	m.pager.fraction = frac
	m.pager.setSize(m.width, m.height, m.st, m.str)
	return m.pager.request(m.renders, m.style())
}

// listPosts is what the list shows, as the snapshot lists it.
func (m *Model) listPosts() []*page.Page { return m.snap.List(m.listQuery) }
