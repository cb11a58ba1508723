package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// ReadingWidth is the widest column a post is wrapped to: wider lines are
// hard to read, so on a wide window the text is centred instead.
const ReadingWidth = 100

// renderedMsg carries a finished render back to the update loop.
type renderedMsg struct {
	key    string
	ticket *render.Ticket
	r      *render.Rendered
	err    error
}

// progressMsg reports a render still under way; the pager waits again.
type progressMsg struct {
	key    string
	ticket *render.Ticket
}

// progressEvery is how often a pager waiting for a long render updates
// its progress.
const progressEvery = 200 * time.Millisecond

// pagerView shows one rendered post with a header and a status bar. The
// render is an immutable slice of lines shared by every session showing
// it: a frame slices it, and nothing is wrapped, padded or measured per
// frame (bubbles' viewport re-wrapped and padded the visible lines with
// lipgloss on every frame, and SetContent measured the whole post on the
// update loop).
type pagerView struct {
	post         *page.Page
	md, key      string          // the markdown shown and its cache key: the post's, or generated
	features     render.Features // the post's language and the site's emoji
	head         string          // the header as drawn for the current size and style
	headLines    int
	translations []*page.Page
	langNames    map[string]string  // language code -> name, from the site
	want         string             // cache key of the render the pager is waiting for or shows
	amb          textwrap.Ambiguous // how wide the terminal draws “” — … (ambiguous.go)
	ticket       *render.Ticket     // the request for it: a message of another one is stale
	ready        bool
	err          error
	lines        []string      // the render shown
	notice       render.Notice // why lines are plain text, if they are
	progress     float64       // of the render waited for
	y            int           // first line shown
	room         int           // lines below the header
	height       int           // lines of text on screen: room less the notice
	width        int           // window width
	fraction     float64       // reading position to restore after a re-wrap
	status       statusCache
	find         *finder      // the matches of the search the post was opened from
	related      []*page.Page // listed below the text (pager_more.go)
	tail         []string     // the lines below the text, drawn for the size and style
	// The table of contents and links overlays (overlay.go, outline.go).
	outline        *outline
	outlinePending bool
	overlayWanted  overlayKind
	overlay        *overlay
	pics           pictures // the post's images drawn in lines (see pictures.go)
}

func newPager(p *page.Page, snap *site.Snapshot) pagerView {
	md, key := snap.Markdown(p)
	return pagerView{post: p, md: md, key: key, translations: snap.Translations(p), langNames: snap.Site.LanguageNames,
		related: snap.Related(p, relatedCount), pics: newPictures(p, snap),
		features: render.Features{Lang: p.Lang, Emoji: snap.Site.EnableEmoji, Dialect: snap.Site.Dialect}}
}

// column is the text width and the left margin that centres it.
func column(width int) (textWidth, margin int) {
	textWidth = min(width, ReadingWidth)
	return textWidth, (width - textWidth) / 2
}

// request asks the session's render client for the post at the current
// size. A cached render is shown at once; otherwise the returned command
// waits for it off the update loop, reporting progress.
func (p *pagerView) request(renders *render.Client, style render.Style) tea.Cmd {
	tw, _ := column(p.width)
	k := render.Key(p.key, max(render.MinWidth, min(tw, render.MaxWidth)), style)
	if k == p.want {
		return nil
	}
	if p.ready {
		p.fraction = p.scrollPercent()
	}
	p.want, p.ready, p.progress = k, false, 0
	t := renders.Render(render.Request{Path: p.post.Path, Key: p.key, Markdown: p.md, Width: tw, Style: style, Base: p.pics.base, Features: p.features})
	p.ticket = t
	if t.Ready() {
		r, err := t.Result()
		p.rendered(renderedMsg{key: k, ticket: t, r: r, err: err})
		return wantPictures(k, r)
	}
	return wait(k, t)
}

// wait returns a command that waits for a render, or for the next
// progress report.
func wait(key string, t *render.Ticket) tea.Cmd {
	return func() tea.Msg {
		timer := time.NewTimer(progressEvery)
		defer timer.Stop()
		select {
		case <-t.Done():
			r, err := t.Result()
			return renderedMsg{key: key, ticket: t, r: r, err: err}
		case <-timer.C:
			return progressMsg{key: key, ticket: t}
		}
	}
}

// progressed shows a render's progress and waits on; a report for a
// render no longer wanted ends the wait.
func (p *pagerView) progressed(msg progressMsg) tea.Cmd {
	if msg.ticket != p.ticket || p.ready {
		return nil
	}
	p.progress = msg.ticket.Progress()
	return wait(msg.key, msg.ticket)
}

// setSize lays the pager out in a window: header, a blank line, the
// text, and the status bar. The header is drawn here, once per size and
// style, not on every frame.
func (p *pagerView) setSize(width, height int, st styles, s Strings) {
	p.width = width
	p.head = ""
	if p.post != nil {
		p.head = fitLines(p.header(st, s), p.headerWidth()+2, p.amb)
	}
	p.headLines = strings.Count(p.head, "\n") + 1
	p.tail = p.tailLines(st, s)
	p.room = max(1, height-p.headLines-2)
	p.setHeight()
	p.status = statusCache{}
}

// noticeRows are the lines a plain-text notice takes above the text.
func (p *pagerView) noticeRows() int {
	if p.ready && p.err == nil && p.notice != render.LaidOut {
		return 2
	}
	return 0
}

func (p *pagerView) setHeight() {
	p.height = max(1, p.room-p.noticeRows())
	p.setY(p.y)
}

// cramped reports whether a window of height rows is too short for the
// header, a line of text (under the notice, if any) and the status bar.
func (p *pagerView) cramped(height int) bool { return height < p.headLines+3+p.noticeRows() }

// headerWidth is the width the header's lines are wrapped or cut to.
func (p *pagerView) headerWidth() int {
	tw, _ := column(p.width)
	return max(1, tw-4)
}

// extraLines are the header's lines below the meta line: the other
// languages of the post and its featured image (a terminal shows its
// name: the front matter's image, as Hugo themes such as Stack use it).
func (p *pagerView) extraLines(s Strings) []string {
	var lines []string
	if u := updatedLine(p.post, s); u != "" {
		lines = append(lines, u)
	}
	if len(p.translations) > 0 {
		var langs []string
		for _, t := range p.translations {
			name := t.Lang
			if n := p.langNames[t.Lang]; n != "" {
				name = n
			}
			langs = append(langs, name)
		}
		lines = append(lines, s.labeled(s.AlsoIn, strings.Join(langs, ", ")+" (t)"))
	}
	if p.post.Image != "" {
		lines = append(lines, s.labeled(s.Cover, p.post.Image))
	}
	return lines
}

func (p *pagerView) rendered(msg renderedMsg) {
	// A stale render is for an older size or style, or an older request
	// for this one (cancelled when the reader resized away and back).
	if msg.key != p.want || msg.ticket != p.ticket {
		return
	}
	p.ready, p.err = true, msg.err
	if msg.err != nil {
		return
	}
	p.lines, p.notice = msg.r.Lines, msg.r.Notice
	p.pics.reset(msg.r)
	p.setHeight()
	// Keep the reader at the same place in the text across a re-wrap.
	p.setY(int(p.fraction * float64(p.maxY())))
	p.placeFind()
}

// maxY is the last first line: the end of the text fills the screen.
func (p *pagerView) maxY() int { return max(0, p.total()-p.height) }

func (p *pagerView) setY(y int) { p.y = max(0, min(y, p.maxY())) }

// scrollPercent is how far down the text the screen is, from 0 to 1.
func (p *pagerView) scrollPercent() float64 {
	if p.height >= p.total() {
		return 1
	}
	return float64(p.y) / float64(p.total()-p.height)
}

// wheelLines is how far one step of the mouse wheel scrolls.
const wheelLines = 3

func (p *pagerView) update(msg tea.Msg, k keyMap) {
	if w, ok := msg.(tea.MouseWheelMsg); ok && p.overlay != nil {
		p.overlayWheel(w)
		return
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			p.setY(p.y - 1)
		case key.Matches(msg, k.Down):
			p.setY(p.y + 1)
		case key.Matches(msg, k.PageUp):
			p.setY(p.y - p.height)
		case key.Matches(msg, k.PageDown):
			p.setY(p.y + p.height)
		case key.Matches(msg, k.Top):
			p.setY(0)
		case key.Matches(msg, k.Bottom):
			p.setY(p.maxY())
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.setY(p.y - wheelLines)
		case tea.MouseWheelDown:
			p.setY(p.y + wheelLines)
		}
	}
}

// header is the post's title and meta line, wrapped to the column.
func (p *pagerView) header(st styles, s Strings) string {
	w := p.headerWidth()
	title := st.Title.Render(wrapTitle(p.post.Title, w, p.amb))
	meta := metaLine(p.post, st, st.ItemMeta, s, w)
	for _, l := range p.extraLines(s) {
		meta += "\n" + st.ItemMeta.Render(cut(l, w))
	}
	return indent(title+"\n"+meta, 2)
}

// draw writes the pager's screen: header, notice, the visible lines of
// text, blank lines down to the status bar, and the status bar. Each line
// is already within the window: only the margin that centres the column
// is added.
func (p *pagerView) draw(b *strings.Builder, st styles, s Strings, k keyMap, height int, notice string) {
	_, margin := column(p.width)
	pad := strings.Repeat(" ", margin)
	rows := 0
	line := func(l string) {
		b.WriteString(pad)
		b.WriteString(l)
		b.WriteByte('\n')
		rows++
	}
	for _, l := range strings.Split(p.head, "\n") {
		line(l)
	}
	line("")
	switch {
	case p.err != nil:
		line("  " + st.Description.Render(s.RenderFailed))
	case p.overlay != nil:
		p.drawOverlay(line, st, s)
	case !p.ready:
		text := s.Rendering
		if p.progress > 0 {
			text = s.RenderingProgress(int(p.progress * 100))
		}
		line("  " + st.Description.Render(text))
	default:
		if p.noticeRows() > 0 {
			text := s.TooLarge
			if p.notice == render.Failed {
				text = s.NotLaidOut
			}
			line("  " + st.Notice.Render(ansi.Truncate(text, max(1, p.headerWidth()), "…")))
			line("")
		}
		for i := p.y; i < min(p.total(), p.y+p.height); i++ {
			line(p.marked(i, st))
		}
	}
	for ; rows < height-1; rows++ {
		b.WriteByte('\n')
	}
	b.WriteString(fitLines(p.statusBar(st, s, k, notice), p.width, p.amb))
}

// statusCache keeps the status bar's left part for a notice: only the
// position changes from frame to frame.
type statusCache struct {
	notice, left string
	right        [101]string
	valid        bool
}

// statusBar is the bar at the bottom: title (or notice), key hints and
// position.
func (p *pagerView) statusBar(st styles, s Strings, k keyMap, notice string) string {
	c := &p.status
	if !c.valid || c.notice != notice {
		*c = statusCache{notice: notice, valid: true}
		right := " 100% "
		hints := " " + shortHelp(k.pagerHelp()) + " "
		left := " " + cut(p.post.Title, p.width) + " "
		if notice != "" {
			left = " ● " + notice + " "
		}
		avail := p.width - ansi.StringWidth(right) - ansi.StringWidth(hints)
		if avail < 8 {
			hints = ""
			avail = p.width - ansi.StringWidth(right)
		}
		left = ansi.Truncate(left, max(0, avail), "… ")
		gap := strings.Repeat(" ", max(0, avail-ansi.StringWidth(left)))
		c.left = st.StatusAccent.Render(left) + st.Status.Render(gap+hints)
	}
	pct := 100
	switch {
	case !p.ready:
		pct = 0 // rendering: not at the end of a text not yet there
	case p.total() > p.height:
		pct = int(p.scrollPercent()*100 + 0.5)
	}
	if c.right[pct] == "" {
		c.right[pct] = st.StatusAccent.Render(fmt.Sprintf(" %3d%% ", pct))
	}
	return c.left + c.right[pct]
}

func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}

// fitHints is shortHelp of as many of the last of bs as fit in w cells:
// in a narrow window the footer keeps back and help rather than showing
// no hint at all.
func fitHints(bs []key.Binding, w int) string {
	for i := range bs {
		if h := shortHelp(bs[i:]); ansi.StringWidth(h) <= w {
			return h
		}
	}
	return ""
}

func shortHelp(bs []key.Binding) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		h := b.Help()
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return strings.Join(parts, " · ")
}
