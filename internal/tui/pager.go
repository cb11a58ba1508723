package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
)

// ReadingWidth is the widest column a post is wrapped to: wider lines are
// hard to read, so on a wide window the text is centred instead.
const ReadingWidth = 100

// renderedMsg carries a finished render back to the update loop.
type renderedMsg struct {
	key  string
	body string
	err  error
}

// pagerView shows one rendered post with a header and a status bar.
type pagerView struct {
	post         *page.Page
	md, key      string // the markdown shown and its cache key: the post's, or generated
	head         string // the header as drawn for the current size and style
	translations []*page.Page
	langNames    map[string]string // language code -> name, from the site
	vp           viewport.Model
	want         string // cache key of the render the pager is waiting for
	ready        bool
	err          error
	width        int // window width
	fraction     float64
}

func newPager(p *page.Page, snap *site.Snapshot) pagerView {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	vp.MouseWheelDelta = 3
	// Keys are handled by the pager with the session's keymap.
	vp.KeyMap = viewport.KeyMap{}
	md, key := snap.Markdown(p)
	return pagerView{post: p, md: md, key: key, translations: snap.Translations(p), langNames: snap.Site.LanguageNames, vp: vp}
}

// column is the text width and the left margin that centres it.
func column(width int) (textWidth, margin int) {
	textWidth = min(width, ReadingWidth)
	return textWidth, (width - textWidth) / 2
}

// request returns a command that renders the post at the current size off
// the update loop; the result arrives as a renderedMsg.
func (p *pagerView) request(cache *render.Cache, style render.Style) tea.Cmd {
	tw, _ := column(p.width)
	key, md := p.key, p.md
	k := render.Key(key, max(render.MinWidth, min(tw, render.MaxWidth)), style)
	if k == p.want {
		return nil
	}
	if p.ready {
		p.fraction = p.vp.ScrollPercent()
	}
	p.want, p.ready = k, false
	return func() tea.Msg {
		out, err := cache.Render(key, md, tw, style)
		return renderedMsg{key: k, body: out, err: err}
	}
}

// setSize lays the pager out in a window: header, a blank line, the
// viewport, and the status bar. The header is drawn here, once per size
// and style, not on every frame.
func (p *pagerView) setSize(width, height int, st styles, s Strings) {
	p.width = width
	tw, _ := column(width)
	p.vp.SetWidth(tw)
	p.head = ""
	if p.post != nil {
		p.head = p.header(st, s)
	}
	p.vp.SetHeight(max(1, height-(strings.Count(p.head, "\n")+1)-2))
}

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
	if len(p.translations) > 0 {
		var langs []string
		for _, t := range p.translations {
			name := t.Lang
			if n := p.langNames[t.Lang]; n != "" {
				name = n
			}
			langs = append(langs, name)
		}
		lines = append(lines, s.AlsoIn+": "+strings.Join(langs, ", ")+" (t)")
	}
	if p.post.Image != "" {
		lines = append(lines, s.Cover+": "+p.post.Image)
	}
	return lines
}

func (p *pagerView) rendered(msg renderedMsg) {
	if msg.key != p.want {
		return // a stale render for an older size or style
	}
	p.ready, p.err = true, msg.err
	if msg.err != nil {
		return
	}
	p.vp.SetContent(msg.body)
	// Keep the reader at the same place in the text across a re-wrap.
	p.vp.SetYOffset(int(p.fraction * float64(max(0, p.vp.TotalLineCount()-p.vp.Height()))))
}

func (p *pagerView) update(msg tea.Msg, k keyMap) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			p.vp.ScrollUp(1)
		case key.Matches(msg, k.Down):
			p.vp.ScrollDown(1)
		case key.Matches(msg, k.PageUp):
			p.vp.PageUp()
		case key.Matches(msg, k.PageDown):
			p.vp.PageDown()
		case key.Matches(msg, k.Top):
			p.vp.GotoTop()
		case key.Matches(msg, k.Bottom):
			p.vp.GotoBottom()
		}
	case tea.MouseWheelMsg:
		p.vp, _ = p.vp.Update(msg)
	}
}

// header is the post's title and meta line, wrapped to the column.
func (p *pagerView) header(st styles, s Strings) string {
	w := p.headerWidth()
	title := st.Title.Render(ansi.Wrap(p.post.Title, w, ""))
	meta := metaLine(p.post, st, st.ItemMeta, s, w)
	for _, l := range p.extraLines(s) {
		meta += "\n" + st.ItemMeta.Render(ansi.Truncate(l, w, "…"))
	}
	return indent(title+"\n"+meta, 2)
}

func (p *pagerView) body(st styles, s Strings) string {
	switch {
	case p.err != nil:
		return indent(st.Description.Render(s.RenderFailed), 2)
	case !p.ready:
		return indent(st.Description.Render(s.Rendering), 2)
	}
	return p.vp.View()
}

// status is the bar at the bottom: title, position and key hints.
func (p *pagerView) status(st styles, s Strings, k keyMap, width int, notice string) string {
	pct := 100
	if p.ready && p.vp.TotalLineCount() > p.vp.Height() {
		pct = int(p.vp.ScrollPercent()*100 + 0.5)
	}
	right := fmt.Sprintf(" %3d%% ", pct)
	hints := " " + shortHelp(k.pagerHelp()) + " "
	left := " " + p.post.Title + " "
	if notice != "" {
		left = " ● " + notice + " "
	}
	avail := width - ansi.StringWidth(right) - ansi.StringWidth(hints)
	if avail < 8 {
		hints = ""
		avail = width - ansi.StringWidth(right)
	}
	left = ansi.Truncate(left, max(0, avail), "… ")
	gap := strings.Repeat(" ", max(0, avail-ansi.StringWidth(left)))
	return st.StatusAccent.Render(left) + st.Status.Render(gap+hints) + st.StatusAccent.Render(right)
}

func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n")
}

func shortHelp(bs []key.Binding) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		h := b.Help()
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return strings.Join(parts, " · ")
}
