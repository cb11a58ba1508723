package tui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/site"
)

// Strings holds every piece of UI text of one language, so that a
// language is one value in one file (i18n_en.go, i18n_zh.go, ...) that
// registers itself with addLanguage.
type Strings struct {
	// Code is the language's code ("en", "zh"), matched against the
	// start of a locale or a site language; Name is its own name.
	Code, Name string
	// Date formats a post's date as the language writes it.
	Date func(t time.Time) string
	// Footer is the list's footer: posts and words, as Stack words it.
	Footer func(posts, words int) string

	Posts     func(n int) string
	Words     func(n int) string
	Minutes   func(n int) string
	Rendering string
	// RenderingProgress is Rendering with the share done, in percent.
	RenderingProgress func(pct int) string
	RenderFailed      string
	// TooLarge and NotLaidOut head a post shown as plain text: over the
	// maximum size, or its layout failed.
	TooLarge     string
	NotLaidOut   string
	NoPosts      string
	Help         string
	Quit         string
	Back         string
	Open         string
	Up           string
	Down         string
	Top          string
	Bottom       string
	PageDown     string
	PageUp       string
	KeysTitle    string
	ListTitle    string
	PagerTitle   string
	Mouse        string
	FullHelpHint string
	// Live updates, pages and translations.
	Updated        string
	PostUpdated    string
	PostGone       string
	PagesKey       string
	ReloadKey      string
	TranslationKey string
	PostsTab       string
	PagesTab       string
	AlsoIn         string
	Cover          string
	// Restarting is shown to every reader when the server shuts down.
	Restarting string

	// Search.
	SearchKey   string
	SearchTitle string
	SearchHint  string
	NoResults   string
	Results     func(n int) string
	NextMatch   string
	PrevMatch   string
	// MatchOf is "match i of n" in the pager after a search.
	MatchOf func(i, n int) string
	NoMatch string

	// Browsing.
	TagsKey       string
	CategoriesKey string
	ArchiveKey    string
	ArchiveTitle  string
	SortKey       string
	ByCount       string
	ByName        string
	PostTermsKey  string
	PostTerms     string
	NoTerms       string
	Related       string
	NextPost      string
	PrevPost      string
	NoNextPost    string
	NoPrevPost    string
	LanguageKey   string
	BrowseTitle   string
	// Taxonomy names a taxonomy ("tags") for headings.
	Taxonomy func(plural string) string
	// Year and Month name the archive's years and months.
	Year  func(y int) string
	Month func(y int, m time.Month) string
	// Unknown is the notice for a deep link that leads nowhere.
	Unknown func(target string) string
	// The table of contents and links overlays, and the updated date.
	ContentsKey, LinksKey     string
	ContentsTitle, LinksTitle string
	JumpHint, CopyHint        string
	NoHeadings, NoLinks       string
	Copied                    string
	UpdatedOn                 func(date string) string
}

// languages are the UI languages by code, each added by its own file.
// It is filled by init functions before any session starts and only read
// afterwards.
var languages = map[string]Strings{}

func addLanguage(s Strings) { languages[s.Code] = s }

// Languages are the codes of the UI languages, sorted.
func Languages() []string {
	out := make([]string, 0, len(languages))
	for c := range languages {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// nextLanguage is the language after s in code order, wrapping around.
func nextLanguage(s Strings) Strings {
	codes := Languages()
	for i, c := range codes {
		if c == s.Code {
			return languages[codes[(i+1)%len(codes)]]
		}
	}
	return languages["en"]
}

// languageFor finds the UI language of a locale or language tag
// ("zh_CN.UTF-8", "zh-cn", "en-US").
func languageFor(tag string) (Strings, bool) {
	tag = strings.ToLower(tag)
	for code, s := range languages {
		if tag == code || strings.HasPrefix(tag, code+"_") || strings.HasPrefix(tag, code+"-") || strings.HasPrefix(tag, code+".") {
			return s, true
		}
	}
	return Strings{}, false
}

// PickStrings chooses the UI language: the reader's locale (LC_ALL,
// LC_MESSAGES, LANG sent by their ssh client) wins; without one, the site's
// language decides; English otherwise.
func PickStrings(environ []string, siteLang string) Strings {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := env[k]
		if v == "" || v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			continue
		}
		if s, ok := languageFor(v); ok {
			return s
		}
		return languages["en"]
	}
	if s, ok := languageFor(siteLang); ok {
		return s
	}
	return languages["en"]
}

// siteLanguage is the configured language, or "zh" for a site without
// one whose posts are mostly CJK.
func siteLanguage(snap *site.Snapshot) string {
	if snap.Site.Language != "" {
		return snap.Site.Language
	}
	cjk := 0
	for _, p := range snap.Posts {
		if p.IsCJK {
			cjk++
		}
	}
	if cjk*2 > len(snap.Posts) {
		return "zh"
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return group(n) + " " + many
}

// group formats n with thousands separators.
func group(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + group(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
