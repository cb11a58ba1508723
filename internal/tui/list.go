package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/page"
)

// itemHeight is the number of lines one post takes in the list: title,
// meta line, summary and a blank separator.
const itemHeight = 4

// listView is the home screen: the posts, newest first, with a cursor.
type listView struct {
	posts  []*page.Page
	cursor int
	offset int // index of the first visible post
	width  int
	height int // lines available for items
}

func (l *listView) setPosts(posts []*page.Page) {
	l.posts = posts
	l.cursor = min(l.cursor, max(0, len(posts)-1))
	l.clampOffset()
}

// selectPath moves the cursor to the post at path, if it is listed.
func (l *listView) selectPath(path string) {
	for i, p := range l.posts {
		if p.Path == path {
			l.cursor = i
			l.clampOffset()
			return
		}
	}
}

func (l *listView) setSize(width, height int) {
	l.width, l.height = width, height
	l.clampOffset()
}

// visible is how many posts fit on screen.
func (l *listView) visible() int { return max(1, l.height/itemHeight) }

func (l *listView) selected() *page.Page {
	if l.cursor < 0 || l.cursor >= len(l.posts) {
		return nil
	}
	return l.posts[l.cursor]
}

func (l *listView) move(delta int) {
	l.cursor = max(0, min(len(l.posts)-1, l.cursor+delta))
	l.clampOffset()
}

func (l *listView) clampOffset() {
	l.offset = scrolled(l.cursor, l.offset, l.visible(), len(l.posts))
}

// update handles movement keys and the wheel; it reports whether msg was
// one.
func (l *listView) update(msg tea.Msg, k keyMap) bool {
	d, ok := movement(msg, k, l.visible(), len(l.posts))
	if ok {
		l.move(d)
	}
	return ok
}

func (l *listView) view(st styles, s Strings) string {
	if len(l.posts) == 0 {
		return st.Description.Render(s.NoPosts)
	}
	var b strings.Builder
	end := min(len(l.posts), l.offset+l.visible())
	for i := l.offset; i < end; i++ {
		p := l.posts[i]
		sel := i == l.cursor
		bar, title, meta, sum := "  ", st.ItemTitle, st.ItemMeta, st.ItemSummary
		if sel {
			bar, title, meta, sum = st.SelBar.Render("▌ "), st.SelTitle, st.SelMeta, st.SelSummary
		}
		w := max(1, l.width-2)
		b.WriteString(bar + title.Render(cut(p.Title, w)) + "\n")
		b.WriteString(bar + metaLine(p, st, meta, s, w) + "\n")
		b.WriteString(bar + sum.Render(cut(p.Summary, w)) + "\n")
		if i < end-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// metaLine is "2025-03-14 · 7 min read · #tag #tag", cut to width.
func metaLine(p *page.Page, st styles, base interface{ Render(...string) string }, s Strings, width int) string {
	parts := []string{}
	if !p.Date.IsZero() {
		parts = append(parts, s.Date(p.Date))
	}
	if p.WordCount > 0 {
		parts = append(parts, s.Minutes(max(1, p.ReadingTime)))
	}
	head := strings.Join(parts, " · ")
	var tags []string // only as many as can show: a post may have thousands
	for i, n := 0, 0; i < len(p.Tags) && n <= cellBytes*(width+1); i++ {
		tags = append(tags, "#"+p.Tags[i])
		n += len(p.Tags[i]) + 2
	}
	plain := head
	if len(tags) > 0 && head != "" {
		plain += " · " + strings.Join(tags, " ")
	} else if len(tags) > 0 {
		plain = strings.Join(tags, " ")
	}
	plain = cut(plain, width)
	if len(tags) == 0 || !strings.HasPrefix(plain, head) {
		return base.Render(plain) // cut inside the date and time part
	}
	return base.Render(head) + st.Tag.Render(plain[len(head):])
}
