package tui

import (
	"fmt"
	"time"
)

func init() { addLanguage(english) }

var english = Strings{
	Code: "en",
	Name: "English",
	Date: func(t time.Time) string { return t.Format("Jan 2, 2006") },
	Footer: func(posts, words int) string {
		return plural(posts, "post", "posts") + ", " + plural(words, "word", "words")
	},
	Posts:             func(n int) string { return plural(n, "post", "posts") },
	Words:             func(n int) string { return plural(n, "word", "words") },
	Minutes:           func(n int) string { return fmt.Sprintf("%d min read", n) },
	Rendering:         "Rendering…",
	RenderingProgress: func(pct int) string { return fmt.Sprintf("Rendering… %d%%", pct) },
	RenderFailed:      "Could not render this post",
	TooLarge:          "This post is too large to lay out: shown as plain text",
	NotLaidOut:        "This post could not be laid out: shown as plain text",
	NoPosts:           "No posts yet.",
	Help:              "help",
	Quit:              "quit",
	Back:              "back",
	Open:              "open",
	Up:                "up",
	Down:              "down",
	Top:               "top",
	Bottom:            "bottom",
	PageDown:          "page down",
	PageUp:            "page up",
	KeysTitle:         "Keys",
	ListTitle:         "Lists",
	PagerTitle:        "Reading a post",
	Mouse:             "the mouse wheel scrolls every view",
	FullHelpHint:      "press ? again to close",

	Updated:        "The blog was updated",
	PostUpdated:    "This post was updated: press r to reload",
	PostGone:       "This post was removed",
	PagesKey:       "posts / pages",
	ReloadKey:      "reload post",
	TranslationKey: "other language",
	PostsTab:       "Posts",
	PagesTab:       "Pages",
	AlsoIn:         "also in",
	Cover:          "cover image",

	Restarting: "The blog is restarting: reconnect in a moment",

	ContentsKey:   "table of contents",
	LinksKey:      "links in the post",
	ContentsTitle: "Contents",
	LinksTitle:    "Links",
	JumpHint:      "enter: go there · esc: close",
	CopyHint:      "enter: copy the URL · esc: close",
	NoHeadings:    "This post has no headings.",
	NoLinks:       "This post has no links.",
	Copied:        "Copied to the clipboard (if your terminal allows it)",
	UpdatedOn:     func(date string) string { return "updated " + date },

	SearchKey:   "search",
	SearchTitle: "Search",
	SearchHint:  "type to search · ↑/↓ choose · enter open · esc back",
	NoResults:   "Nothing found.",
	Results:     func(n int) string { return plural(n, "result", "results") },
	NextMatch:   "next match",
	PrevMatch:   "previous match",
	MatchOf:     func(i, n int) string { return fmt.Sprintf("match %d of %d (n/N)", i, n) },
	NoMatch:     "No match in the text shown",

	TagsKey:       "tags",
	CategoriesKey: "categories",
	ArchiveKey:    "archive",
	ArchiveTitle:  "Archive",
	SortKey:       "most used / by name",
	ByCount:       "most used first",
	ByName:        "by name",
	PostTermsKey:  "its tags, categories, related posts",
	PostTerms:     "Tags and categories of this post",
	NoTerms:       "None.",
	Related:       "Related posts",
	NextPost:      "next post",
	PrevPost:      "previous post",
	NoNextPost:    "This is the last post of the list",
	NoPrevPost:    "This is the first post of the list",
	LanguageKey:   "中文 / English",
	BrowseTitle:   "Search and browse",
	Taxonomy: func(plural string) string {
		switch plural {
		case "tags":
			return "Tags"
		case "categories":
			return "Categories"
		}
		return plural
	},
	Year:    func(y int) string { return fmt.Sprint(y) },
	Month:   func(y int, m time.Month) string { return fmt.Sprintf("%s %d", m, y) },
	Unknown: func(target string) string { return fmt.Sprintf("Nothing at %q: here is the home list", target) },
}
