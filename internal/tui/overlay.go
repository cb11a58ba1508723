package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/sanitize"
)

// The pager's overlays are lists drawn in place of the post's text: the
// table of contents (o), where enter jumps to a heading, and the post's
// links (l), numbered as in the text, where enter copies the full URL to
// the reader's clipboard with OSC 52 (a terminal that does not allow it
// ignores the sequence; nothing is ever opened). Both close with esc or
// their own key.

type overlayKind int

const (
	overlayNone overlayKind = iota
	overlayTOC
	overlayLinks
)

// overlay is the state of an open overlay.
type overlay struct {
	kind     overlayKind
	sel, top int
	copied   int // index of the link last copied, -1 for none
}

// askOverlay opens an overlay, building the post's outline first if it
// is not there yet (off the update loop: see outline.go). Asked for while
// the post renders, it opens once the render is there.
func (p *pagerView) askOverlay(kind overlayKind, slots outlineSlots) tea.Cmd {
	if !p.ready {
		p.overlayWanted = kind
		return nil
	}
	if p.err != nil {
		return nil
	}
	if p.outline != nil && p.outline.want == p.want {
		p.openOverlay(kind)
		return nil
	}
	p.overlayWanted = kind
	if p.outlinePending {
		return nil
	}
	p.outlinePending = true
	return outlineCmd(p.md, p.features.Dialect, p.want, p.textLines(), p.pics.headings, p.notice == render.LaidOut, slots)
}

// overlayAfterRender opens the overlay asked for while the post
// rendered, if any, now that it has.
func (p *pagerView) overlayAfterRender(slots outlineSlots) tea.Cmd {
	if p.overlayWanted == overlayNone || !p.ready || p.outlinePending {
		return nil
	}
	kind := p.overlayWanted
	p.overlayWanted = overlayNone
	return p.askOverlay(kind, slots)
}

// openOverlay opens an overlay on the current outline; the table of
// contents starts at the heading of the part on screen.
func (p *pagerView) openOverlay(kind overlayKind) {
	o := &overlay{kind: kind, copied: -1}
	if kind == overlayTOC {
		for i, r := range p.outline.rows {
			if p.rowOf(r) <= p.y {
				o.sel = i
			}
		}
	}
	p.overlay = o
}

// overlayItems is how many entries the open overlay lists.
func (p *pagerView) overlayItems() int {
	if p.overlay.kind == overlayTOC {
		return len(p.outline.headings)
	}
	return len(p.outline.links)
}

// overlayKey handles a key for the overlays: o and l open them, and while
// one is open every key is its own. It reports whether it took the key.
func (p *pagerView) overlayKey(msg tea.KeyPressMsg, k keyMap, slots outlineSlots) (tea.Cmd, bool) {
	o := p.overlay
	if o == nil {
		switch {
		case key.Matches(msg, k.Contents):
			return p.askOverlay(overlayTOC, slots), true
		case key.Matches(msg, k.Links):
			return p.askOverlay(overlayLinks, slots), true
		}
		return nil, false
	}
	n, page := p.overlayItems(), max(1, p.overlayRows())
	switch {
	case key.Matches(msg, k.Back),
		o.kind == overlayTOC && key.Matches(msg, k.Contents),
		o.kind == overlayLinks && key.Matches(msg, k.Links):
		p.overlay = nil
		return nil, true
	case key.Matches(msg, k.Contents):
		p.openOverlay(overlayTOC)
		return nil, true
	case key.Matches(msg, k.Links):
		p.openOverlay(overlayLinks)
		return nil, true
	case key.Matches(msg, k.Up):
		o.sel--
	case key.Matches(msg, k.Down):
		o.sel++
	case key.Matches(msg, k.PageUp):
		o.sel -= page
	case key.Matches(msg, k.PageDown):
		o.sel += page
	case key.Matches(msg, k.Top):
		o.sel = 0
	case key.Matches(msg, k.Bottom):
		o.sel = n - 1
	case msg.String() == "enter" && n > 0:
		if o.kind == overlayTOC {
			row := p.outline.rows[o.sel]
			if n := len(p.textLines()); p.outline.lines != n && p.outline.lines > 0 {
				// Rendered again since (a new width): about the same place.
				row = row * n / p.outline.lines
			}
			p.setY(p.rowOf(row)) // below the pictures drawn above it
			p.overlay = nil
			return nil, true
		}
		o.copied = o.sel
		return tea.SetClipboard(sanitizeURL(p.outline.links[o.sel].URL)), true
	}
	o.sel = max(0, min(o.sel, n-1))
	return nil, true
}

// overlayWheel scrolls an open overlay's selection with the mouse wheel.
func (p *pagerView) overlayWheel(msg tea.MouseWheelMsg) {
	o := p.overlay
	switch msg.Button {
	case tea.MouseWheelUp:
		o.sel--
	case tea.MouseWheelDown:
		o.sel++
	}
	o.sel = max(0, min(o.sel, p.overlayItems()-1))
}

// overlayRows is how many entries fit: the text's room less the title
// line, and for links the lines that show the selected URL in full.
func (p *pagerView) overlayRows() int {
	rows := p.room - 1
	if p.overlay != nil && p.overlay.kind == overlayLinks {
		rows -= 1 + urlLines + 1
	}
	return max(1, rows)
}

// urlLines is how many lines the selected link's URL may take.
const urlLines = 3

// drawOverlay writes the open overlay in place of the text, in at most
// p.room lines, each within the column.
func (p *pagerView) drawOverlay(line func(string), st styles, s Strings) {
	o := p.overlay
	w := max(1, p.headerWidth())
	title, hint, empty := s.ContentsTitle, s.JumpHint, s.NoHeadings
	if o.kind == overlayLinks {
		title, hint, empty = s.LinksTitle, s.CopyHint, s.NoLinks
	}
	line("  " + cut(st.Title.Render(title)+"  "+st.Description.Render(hint), w+2))
	n, rows := p.overlayItems(), p.overlayRows()
	if n == 0 {
		line("  " + st.Description.Render(cut(empty, w)))
		return
	}
	o.top = max(min(o.top, o.sel), o.sel-rows+1)
	minLevel := 6
	for _, h := range p.outline.headings {
		minLevel = min(minLevel, h.Level)
	}
	for i := o.top; i < min(n, o.top+rows); i++ {
		var text string
		if o.kind == overlayTOC {
			h := p.outline.headings[i]
			text = strings.Repeat("  ", max(0, h.Level-minLevel)) + sanitize.Text(h.Text)
		} else {
			l := p.outline.links[i]
			label := sanitize.Text(l.Text)
			if label == "" || label == l.URL {
				label = sanitizeURL(l.URL)
			}
			text = fmt.Sprintf("[%d] %s", i+1, label)
		}
		text = cut(text, w-2)
		if i == o.sel {
			line("  " + st.SelTitle.Render("▸ "+text))
		} else {
			line("  " + st.ItemTitle.Render("  "+text))
		}
	}
	if o.kind != overlayLinks {
		return
	}
	for i := min(n, o.top+rows) - o.top; i < rows; i++ {
		line("")
	}
	line("")
	url := sanitizeURL(p.outline.links[o.sel].URL)
	wrapped := strings.Split(ansi.Hardwrap(url, w, false), "\n")
	if len(wrapped) > urlLines {
		wrapped = append(wrapped[:urlLines-1], cut(strings.Join(wrapped[urlLines-1:], ""), w))
	}
	for _, l := range wrapped {
		line("  " + st.Tag.Render(l))
	}
	if o.copied == o.sel {
		line("  " + st.Notice.Render(cut(s.Copied, w)))
	}
}
