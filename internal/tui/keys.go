package tui

import "charm.land/bubbles/v2/key"

// keyMap is every key the reader understands, with help text in the
// session's language. Views match against it; the help screen lists it.
type keyMap struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
	Open             key.Binding
	Back             key.Binding
	Help             key.Binding
	Pages            key.Binding
	Reload           key.Binding
	Translation      key.Binding
	Contents, Links  key.Binding
	Quit             key.Binding
	ForceQuit        key.Binding
	// Finding and browsing (search.go, browse.go, archive.go).
	Search               key.Binding
	Tags, Categories     key.Binding
	Archive, Sort        key.Binding
	PostTerms            key.Binding
	NextPost, PrevPost   key.Binding
	NextMatch, PrevMatch key.Binding
	Language             key.Binding
}

func newKeyMap(s Strings) keyMap {
	return keyMap{
		Up:          key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", s.Up)),
		Down:        key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", s.Down)),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b", "ctrl+b", "u", "ctrl+u"), key.WithHelp("b/pgup", s.PageUp)),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "space", "f", "ctrl+f", "d", "ctrl+d"), key.WithHelp("space/pgdn", s.PageDown)),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", s.Top)),
		Bottom:      key.NewBinding(key.WithKeys("G", "end", "shift+g"), key.WithHelp("G/end", s.Bottom)),
		Open:        key.NewBinding(key.WithKeys("enter", "l", "right"), key.WithHelp("enter", s.Open)),
		Back:        key.NewBinding(key.WithKeys("q", "esc", "h", "left"), key.WithHelp("q/esc", s.Back)),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", s.Help)),
		Pages:       key.NewBinding(key.WithKeys("p", "tab"), key.WithHelp("p", s.PagesKey)),
		Reload:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", s.ReloadKey)),
		Translation: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", s.TranslationKey)),
		Contents:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", s.ContentsKey)),
		Links:       key.NewBinding(key.WithKeys("l"), key.WithHelp("l", s.LinksKey)),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", s.Quit)),
		ForceQuit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", s.Quit)),

		Search:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", s.SearchKey)),
		Tags:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", s.TagsKey)),
		Categories: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", s.CategoriesKey)),
		Archive:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", s.ArchiveKey)),
		Sort:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", s.SortKey)),
		PostTerms:  key.NewBinding(key.WithKeys("#"), key.WithHelp("#", s.PostTermsKey)),
		NextPost:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", s.NextPost)),
		PrevPost:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", s.PrevPost)),
		NextMatch:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", s.NextMatch)),
		PrevMatch:  key.NewBinding(key.WithKeys("N"), key.WithHelp("N", s.PrevMatch)),
		Language:   key.NewBinding(key.WithKeys("L"), key.WithHelp("L", s.LanguageKey)),
	}
}

// listHelp and pagerHelp are the short hints in each view's footer.
func (k keyMap) listHelp() []key.Binding {
	return []key.Binding{k.Search, k.Open, k.Help, k.Quit}
}

func (k keyMap) pagerHelp() []key.Binding {
	return []key.Binding{k.Back, k.Help}
}

// browseHelp is the footer of the tags, categories and archive screens.
func (k keyMap) browseHelp() []key.Binding {
	return []key.Binding{k.Open, k.Back, k.Help}
}

// fullHelp groups bindings for the help screen: the lists, the pager,
// and searching and browsing.
func (k keyMap) fullHelp() (list, pager, browse []key.Binding) {
	list = []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open, k.Back, k.Pages, k.Language, k.Help, k.Quit, k.ForceQuit}
	pager = []key.Binding{k.Up, k.Down, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Contents, k.Links, k.NextPost, k.PrevPost, k.PostTerms, k.NextMatch, k.PrevMatch, k.Reload, k.Translation, k.Search, k.Back, k.Help, k.ForceQuit}
	browse = []key.Binding{k.Search, k.Tags, k.Categories, k.Archive, k.Sort, k.Open, k.Back}
	return list, pager, browse
}
