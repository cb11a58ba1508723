// Package tui is the reader's terminal interface: one bubbletea program per
// SSH session, showing a snapshot of the blog. The root Model routes
// messages to the list and pager views; rendering goes through the shared
// render pool and never runs on the update loop.
package tui

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// MaxSize bounds each side of the window a client may claim; larger (or
// zero) sizes from hostile or broken clients are clamped. MaxCells bounds
// the area too: bubbletea keeps about 230 bytes a cell, so a 1000x1000
// window would cost 220 MB for one session. 60,000 cells (say 400x150)
// is more than any real terminal and about 14 MB.
const (
	MaxSize  = 1000
	MaxCells = 60000
)

// Default window size used when a client reports none.
const (
	DefaultWidth  = 80
	DefaultHeight = 24
)

type screen int

const (
	screenList screen = iota
	screenPager
	screenSearch
	screenTerms
	screenArchive
)

// Model is the root model of one reader session.
type Model struct {
	snap    *site.Snapshot
	renders *render.Client
	str     Strings
	keys    keyMap
	dark    bool
	profile colorprofile.Profile // the terminal's colours, for pictures
	st      styles
	width   int
	height  int

	screen    screen
	showHelp  bool
	listQuery site.Listing // what the list shows: the posts, the other pages, ...
	list      listView
	pager     pagerView
	search    searchView
	terms     termsView
	archive   archiveView
	stack     []layer            // the screens under this one (stack.go)
	positions map[string]float64 // where the reader left each post, by path
	helpY     int                // the help screen's scroll
	notice    string             // a short message in the footer
	noticeID  int
	draining  bool    // the server is restarting (see DrainMsg)
	pending   tea.Cmd // the first command, from opening a deep link
	outlines  outlineSlots

	amb     textwrap.Ambiguous // how wide the terminal draws “” — … (ambiguous.go)
	probing bool               // the ambiguous-width probe awaits its answer
}

// Options configures a session's model.
type Options struct {
	// Environ is the client's environment (LANG, TERM, ...).
	Environ []string
	// Width and Height are the initial window size from the PTY request.
	Width, Height int
	// Target is what the reader asked for on the command line (ssh -t
	// HOST TARGET): a slug, tags/NAME, search/QUERY, ... (see target.go).
	Target string
	// Outlines bounds the outlines built at once, shared by all
	// sessions (see limits.Slots); nil is unbounded.
	Outlines limits.Slots
	// Context is the session's: an outline still waiting for one of
	// Outlines when it ends is not built. Nil: never ends.
	Context context.Context
}

// New returns the model for one session reading snap, rendering posts
// through the session's render client.
func New(snap *site.Snapshot, renders *render.Client, opt Options) *Model {
	str := PickStrings(opt.Environ, siteLanguage(snap))
	m := &Model{
		snap:    snap,
		renders: renders,
		str:     str,
		keys:    newKeyMap(str),
		dark:    true,
		st:      newStyles(true),
		probing: true,
	}
	m.outlines = outlineSlots{slots: opt.Outlines, ctx: opt.Context}
	m.list.setPosts(snap.Posts)
	m.resize(opt.Width, opt.Height)
	m.pending = m.openTarget(opt.Target)
	return m
}

// Init asks the terminal for its background colour to pick a style. The
// query is written raw: tea.RequestBackgroundColor is skipped by a program
// that reads no input itself, and the server reads it (see
// internal/server/input.go); the reply arrives as a BackgroundColorMsg
// either way.
// It also measures how wide the terminal draws ambiguous punctuation
// (ambiguous.go).
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.Raw(ansi.RequestBackgroundColor), probeAmbiguous(), m.pending)
}

// ClampSize bounds a client-reported window size.
func ClampSize(w, h int) (int, int) {
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	w, h = min(w, MaxSize), min(h, MaxSize)
	if w*h > MaxCells {
		h = max(1, MaxCells/w)
	}
	return w, h
}

func (m *Model) resize(w, h int) {
	m.width, m.height = ClampSize(w, h)
	m.list.setSize(m.width-2, m.height-listChrome)
	m.pager.setSize(m.width, m.height, m.st, m.str)
	m.search.setSize(m.width-2, m.height-listChrome)
	m.terms.setSize(m.width-2, m.height-listChrome)
	m.archive.setSize(m.width-2, m.height-listChrome)
}

// listChrome is the number of lines the list screen uses around the items:
// site title, description, rule above; rule and footer below, and the
// blank line the items end with.
const listChrome = 6

func (m *Model) style() render.Style {
	if m.dark {
		return render.Dark.WithAmbiguous(m.amb)
	}
	return render.Light.WithAmbiguous(m.amb)
}

// Update routes a message to the current screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		if m.screen == screenPager {
			return m, m.pager.request(m.renders, m.style())
		}
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.st = newStyles(m.dark)
		m.pager.setSize(m.width, m.height, m.st, m.str)
		if m.screen == screenPager {
			return m, m.pager.request(m.renders, m.style())
		}
		return m, nil
	case tea.CursorPositionMsg:
		if m.ambiguousReport(msg) {
			m.pager.amb = m.amb
			m.pager.setSize(m.width, m.height, m.st, m.str) // the header again
			if m.screen == screenPager {
				return m, m.pager.request(m.renders, m.style())
			}
		}
		return m, nil
	case renderedMsg:
		if m.screen == screenPager {
			m.pager.rendered(msg)
			if m.pager.ready && msg.r != nil && msg.key == m.pager.want {
				return m, tea.Batch(m.pager.overlayAfterRender(m.outlines), m.pager.requestPictures(m.renders, m.profile, msg.r))
			}
			return m, m.pager.overlayAfterRender(m.outlines)
		}
		return m, nil
	case picturesMsg:
		if m.screen == screenPager && m.pager.ready && msg.want == m.pager.want {
			return m, m.pager.requestPictures(m.renders, m.profile, msg.r)
		}
		return m, nil
	case pictureMsg:
		if m.screen == screenPager {
			m.pager.pictureDrawn(msg)
		}
		return m, nil
	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		return m, nil
	case progressMsg:
		if m.screen == screenPager {
			return m, m.pager.progressed(msg)
		}
		return m, nil
	case searchMsg:
		m.searched(msg)
		return m, nil
	case outlineMsg:
		if m.screen == screenPager {
			m.pager.outlined(msg)
		}
		return m, nil
	case SnapshotMsg:
		return m, m.setSnapshot(msg.Snap)
	case DrainMsg:
		m.drain()
		return m, nil
	case clearNoticeMsg:
		if msg.id == m.noticeID {
			m.notice = ""
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		if m.screen == screenSearch && !m.showHelp {
			return m, m.searchKey(msg)
		}
	case tea.MouseWheelMsg:
		m.wheel(msg)
	}
	return m, nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		return tea.Quit
	case m.screen == screenSearch && !m.showHelp && !m.searchHelpKey(msg):
		return m.searchKey(msg) // every other key is text for the query
	case key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
		m.helpY = 0
		return nil
	case m.showHelp && key.Matches(msg, k.Back):
		m.showHelp = false
		return nil
	case m.showHelp:
		m.scrollHelp(msg)
		return nil // keys do not act on the screen hidden behind help
	case key.Matches(msg, k.Language):
		m.switchLanguage()
		return nil
	}
	switch m.screen {
	case screenTerms, screenArchive:
		return m.browseKey(msg)
	case screenList:
		switch {
		case len(m.stack) > 0 && key.Matches(msg, k.Back):
			return m.pop()
		case key.Matches(msg, k.Quit):
			return tea.Quit
		case key.Matches(msg, k.Search):
			m.openSearch("")
		case key.Matches(msg, k.Tags):
			m.openTerms("tags")
		case key.Matches(msg, k.Categories):
			m.openTerms("categories")
		case key.Matches(msg, k.Archive):
			m.openArchive()
		case key.Matches(msg, k.Open):
			if p := m.list.selected(); p != nil {
				m.push()
				return m.open(p)
			}
		case key.Matches(msg, k.Pages) && len(m.stack) == 0 && (len(m.snap.Pages) > 0 || m.listQuery.Kind == site.ListPages):
			if m.listQuery.Kind == site.ListPages {
				m.listQuery = site.Listing{Kind: site.ListPosts}
			} else {
				m.listQuery = site.Listing{Kind: site.ListPages}
			}
			m.list = listView{}
			m.list.setPosts(m.listPosts())
			m.list.setSize(m.width-2, m.height-listChrome)
		default:
			m.list.update(msg, k)
		}
	case screenPager:
		if cmd, ok := m.pager.overlayKey(msg, k, m.outlines); ok {
			return cmd
		}
		switch {
		case key.Matches(msg, k.Back):
			// At once, even while the post renders: the render stops
			// unless another session waits for it too.
			return m.pop()
		case key.Matches(msg, k.Search):
			m.openSearch("")
			return nil
		case key.Matches(msg, k.PostTerms):
			m.openPostTerms()
			return nil
		case key.Matches(msg, k.NextPost):
			return m.step(1)
		case key.Matches(msg, k.PrevPost):
			return m.step(-1)
		case key.Matches(msg, k.NextMatch):
			return m.findNext(1)
		case key.Matches(msg, k.PrevMatch):
			return m.findNext(-1)
		case key.Matches(msg, k.Reload):
			return m.reloadPost()
		case key.Matches(msg, k.Translation):
			if next := m.nextTranslation(); next != nil {
				m.leavePost()
				return m.open(next)
			}
		}
		m.pager.update(msg, k)
	}
	return nil
}

// searchHelpKey reports whether a key on the search screen opens help:
// F1 always (as in many terminal programs; fzf and less have ? as text
// in their prompts too), and ? before anything is typed, where it cannot
// be the start of a query worth typing.
func (m *Model) searchHelpKey(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, m.keys.SearchHelp) || m.search.query == "" && key.Matches(msg, m.keys.Help)
}

// nextTranslation is the version of the open post in the next language,
// in language order, wrapping around to the first.
func (m *Model) nextTranslation() *page.Page {
	cur := m.pager.post
	all := append([]*page.Page{cur}, m.snap.Translations(cur)...)
	if len(all) < 2 {
		return nil
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Lang < all[j].Lang })
	for i, p := range all {
		if p.Path == cur.Path {
			return all[(i+1)%len(all)]
		}
	}
	return nil
}

// open switches the screen on top to the pager and starts rendering p,
// where the reader left it before in this session.
func (m *Model) open(p *page.Page) tea.Cmd { return m.openAt(p, nil) }

// openAt opens p at the first match of a search (none: where the reader
// left it).
func (m *Model) openAt(p *page.Page, f *finder) tea.Cmd {
	m.screen = screenPager
	m.pager = newPager(p, m.snap)
	m.pager.find = f
	if pos, ok := m.positions[p.Path]; ok && f == nil {
		m.pager.fraction = pos
	}
	m.pager.setSize(m.width, m.height, m.st, m.str)
	return m.pager.request(m.renders, m.style())
}

// View draws the current screen. The list and help screens are cut to the
// window as a last guard; the pager's lines fit by construction (it is
// drawn on every scroll key, so it measures nothing), except in a window
// narrower than the narrowest render or too short for its header.
func (m *Model) View() tea.View {
	var body string
	switch {
	case m.showHelp:
		body = fitLines(fitScreen(m.helpView(), m.width, m.height), m.width, m.amb)
	case m.screen == screenSearch || m.screen == screenTerms || m.screen == screenArchive:
		body = fitLines(fitScreen(m.browseView(), m.width, m.height), m.width, m.amb)
	case m.screen == screenPager:
		var b strings.Builder
		m.pager.draw(&b, m.st, m.str, m.keys, m.height, m.footerNotice())
		body = b.String()
		if m.width < render.MinWidth || m.pager.cramped(m.height) {
			body = fitScreen(body, m.width, m.height)
		}
	default:
		body = fitLines(fitScreen(m.listView(), m.width, m.height), m.width, m.amb)
	}
	v := tea.NewView(body)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.snap.Site.Title
	return v
}

func (m *Model) listView() string {
	st, s := m.st, m.str
	var b strings.Builder
	w := m.width - 2
	b.WriteString(" " + st.Title.Render(cut(m.snap.Site.Title, w)) + "\n")
	b.WriteString(" " + m.listHeading(w) + "\n")
	b.WriteString(" " + m.tabs(w) + "\n")
	items := strings.TrimSuffix(m.list.view(st, s), "\n")
	b.WriteString(indent(items, 1) + "\n")
	used := strings.Count(items, "\n") + 1
	b.WriteString(strings.Repeat("\n", max(0, m.height-listChrome-used)))
	b.WriteString(" " + st.Rule.Render(strings.Repeat("─", max(0, w))) + "\n")
	stats := s.Footer(len(m.snap.Posts), m.snap.Words)
	if n := m.footerNotice(); n != "" {
		stats = st.Notice.Render("● " + n)
	}
	hints := shortHelp(m.keys.listHelp())
	gap := w - ansi.StringWidth(stats) - ansi.StringWidth(hints)
	if gap < 2 {
		b.WriteString(" " + st.Footer.Render(stats))
	} else {
		b.WriteString(" " + st.Footer.Render(stats+strings.Repeat(" ", gap)+hints))
	}
	return b.String()
}

// tabs is the rule under the site title; with pages (About, ...) it
// names the two lists, the current one highlighted, and the key.
func (m *Model) tabs(w int) string {
	st, s := m.st, m.str
	if len(m.snap.Pages) == 0 || len(m.stack) > 0 { // the tabs are the home list's
		return st.Rule.Render(strings.Repeat("─", max(0, w)))
	}
	posts, pages := st.ItemMeta.Render(s.PostsTab), st.ItemMeta.Render(s.PagesTab)
	if m.listQuery.Kind == site.ListPages {
		pages = st.SelTitle.Render(s.PagesTab)
	} else {
		posts = st.SelTitle.Render(s.PostsTab)
	}
	head := posts + st.Rule.Render(" │ ") + pages + st.Rule.Render(" ("+m.keys.Pages.Help().Key+") ")
	return head + st.Rule.Render(strings.Repeat("─", max(0, w-ansi.StringWidth(head))))
}

// fitScreen cuts the screen to the window: no line wider than width, no
// more than height lines.
func fitScreen(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	return strings.Join(lines, "\n")
}
