package content

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Site is the blog's own metadata.
type Site struct {
	Title       string
	Description string
	// Language is the default content language, such as "zh-cn" or "en".
	Language string
	BaseURL  string
	// MainSections are the sections whose pages are the posts; empty means
	// the section with the most pages, as Hugo decides.
	MainSections []string
	// LanguageNames maps language codes to their names ("en" ->
	// "English"), to show a post's translations.
	LanguageNames map[string]string
}

// Section is a content section described by its _index.md.
type Section struct {
	Name, Title, Description string
}

// Problem is a content file that could not be used as it is now. If an
// earlier version parsed, that version is still served.
type Problem struct {
	Path string
	Line int
	Err  string
}

// String is "PATH:LINE: REASON" on one line, safe for a terminal (file
// names can hold escape sequences too).
func (p Problem) String() string {
	if p.Line > 0 {
		return clean(fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Err))
	}
	return clean(fmt.Sprintf("%s: %s", p.Path, p.Err))
}

// Snapshot is an immutable view of the content folder at one moment.
// Readers keep the snapshot they started with; a reload builds a new one.
type Snapshot struct {
	Site Site
	// Posts are the published pages of the main sections, in list order.
	Posts []*Post
	// Pages are other published pages (About, Links, ...), by weight and
	// title.
	Pages []*Post
	// Sections are the sections that have an _index.md.
	Sections map[string]Section
	// Problems lists files that failed to parse, or loaded with warnings.
	Problems []Problem
	// Words is the sum of the posts' word counts.
	Words int
	// Built is when the snapshot was made; publication is judged then.
	Built time.Time
	// NextChange is when a scheduled post is due or a post expires, the
	// moment a new snapshot is needed; zero if never.
	NextChange time.Time

	bySlug       map[string]*Post
	byPath       map[string]*Post
	translations map[string][]*Post  // by TranslationKey, every language
	resources    map[string][]string // leaf bundle folder -> file names
	open         func(path string) (*os.File, error)
	taxonomies   map[string]map[string][]*Post

	archive    sync.Once // builds archiveMD and archiveKey on first use
	archiveMD  string
	archiveKey string
}

// Input is everything a snapshot is built from.
type Input struct {
	Site Site
	// Files are all parsed content files (last good versions).
	Files []*Post
	// Others are the paths of non-content files (bundle resources).
	Others []string
	// Problems are the current parse errors.
	Problems []Problem
	// OldSlugs maps slugs that were renamed to the path now serving them.
	OldSlugs map[string]string
	Now      time.Time
	// Open opens a file by its path from the content root, with the
	// store's checks (see Snapshot.OpenResource); nil opens nothing.
	Open func(path string) (*os.File, error)
}

// Lookup finds a published post or page by slug, alias or old slug.
func (s *Snapshot) Lookup(slug string) (*Post, bool) {
	p, ok := s.bySlug[strings.ToLower(strings.Trim(slug, "/"))]
	return p, ok
}

// ByPath finds a published page, in any language, by its file path.
func (s *Snapshot) ByPath(path string) (*Post, bool) {
	p, ok := s.byPath[path]
	return p, ok
}

// Translations returns the other language versions of p.
func (s *Snapshot) Translations(p *Post) []*Post {
	var out []*Post
	for _, t := range s.translations[p.TranslationKey] {
		if t.Path != p.Path {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lang < out[j].Lang })
	return out
}

// Resources returns the file names in p's bundle folder (images etc.).
func (s *Snapshot) Resources(p *Post) []string {
	if p.Kind != KindLeaf {
		return nil
	}
	return s.resources[path.Dir(p.Path)]
}

// OpenResource opens name, one of Resources(p), for reading. The file is
// checked as it is opened, like every file the store reads: one that now
// leads outside the content folders, into the host key folder, is not a
// regular file or holds a private key is refused. This is the only way to
// read a bundle's files.
func (s *Snapshot) OpenResource(p *Post, name string) (*os.File, error) {
	if s.open == nil || !slices.Contains(s.Resources(p), name) {
		return nil, fmt.Errorf("%s: no resource %q: %w", p.Path, name, fs.ErrNotExist)
	}
	return s.open(path.Join(path.Dir(p.Path), name))
}

// Taxonomy returns term -> posts for a taxonomy such as "tags".
func (s *Snapshot) Taxonomy(plural string) map[string][]*Post { return s.taxonomies[plural] }

// NewSnapshot selects and orders what readers see, with Hugo's rules:
// bundles, sections, languages, publication dates, unique slugs. It runs
// on every reload, so it makes few passes over the pages.
func NewSnapshot(in Input) *Snapshot {
	s := &Snapshot{
		Site:         in.Site,
		Problems:     append([]Problem(nil), in.Problems...),
		Built:        in.Now,
		open:         in.Open,
		Sections:     map[string]Section{},
		bySlug:       make(map[string]*Post, len(in.Files)),
		byPath:       make(map[string]*Post, len(in.Files)),
		translations: map[string][]*Post{},
		resources:    map[string][]string{},
		taxonomies:   map[string]map[string][]*Post{},
	}
	leafDirs := map[string]bool{}
	for _, p := range in.Files {
		if p.Kind == KindLeaf {
			leafDirs[path.Dir(p.Path)] = true
		}
	}
	for _, o := range in.Others {
		if dir := path.Dir(o); leafDirs[dir] {
			s.resources[dir] = append(s.resources[dir], path.Base(o))
		}
	}
	published := make([]*Post, 0, len(in.Files))
	var otherLangs []*Post
	sections := map[string]int{}
	for _, p := range in.Files {
		s.Problems = append(s.Problems, p.Warnings...)
		switch {
		case p.Kind == KindBranch:
			if p.Lang == in.Site.Language {
				s.addSection(p)
			}
			continue
		case isResource(p, leafDirs) || p.Headless:
			continue
		}
		s.noteSchedule(p, in.Now)
		if !p.Published(in.Now) {
			continue
		}
		if p.Lang != in.Site.Language {
			otherLangs = append(otherLangs, p)
			continue
		}
		published = append(published, p)
		if p.Section != "" {
			sections[p.Section]++
		}
	}
	// Site text comes from config files, flags and _index.md: all of it
	// reaches the terminal (the window title too).
	s.Site.Title, s.Site.Description = clean(s.Site.Title), clean(s.Site.Description)
	if s.Site.Title == "" {
		s.Site.Title = "sshblog"
	}
	published = s.assignSlugs(published)
	s.linkTranslations(published, otherLangs)
	main := in.Site.MainSections
	if len(main) == 0 {
		main = []string{mainSection(sections)}
	}
	for _, p := range published {
		if p.Section == "" || !slices.Contains(main, p.Section) {
			// A theme's search page has no text, and no search behind
			// it here: it stays off the pages menu (its slug still works).
			if !(p.Layout == "search" && strings.TrimSpace(p.Body) == "") {
				s.Pages = append(s.Pages, p)
			}
			continue
		}
		s.Posts = append(s.Posts, p)
		s.Words += p.WordCount
		for plural, terms := range p.Taxonomies {
			if s.taxonomies[plural] == nil {
				s.taxonomies[plural] = map[string][]*Post{}
			}
			for _, t := range terms {
				s.taxonomies[plural][t] = append(s.taxonomies[plural][t], p)
			}
		}
	}
	SortPosts(s.Posts)
	sort.SliceStable(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Title < b.Title
	})
	s.addAliases(published, in.OldSlugs)
	sort.Slice(s.Problems, func(i, j int) bool {
		if s.Problems[i].Path != s.Problems[j].Path {
			return s.Problems[i].Path < s.Problems[j].Path
		}
		return s.Problems[i].Line < s.Problems[j].Line
	})
	return s
}

// linkTranslations groups language versions by translation key, only for
// pages that have some (most sites are monolingual), and makes the other
// languages reachable as "LANG/slug", like Hugo's /LANG/ URL prefix.
func (s *Snapshot) linkTranslations(published, others []*Post) {
	if len(others) == 0 {
		return
	}
	for _, t := range others {
		s.translations[t.TranslationKey] = append(s.translations[t.TranslationKey], t)
	}
	for _, p := range published {
		if ts, ok := s.translations[p.TranslationKey]; ok {
			s.translations[p.TranslationKey] = append(ts, p)
		}
	}
	for _, t := range others {
		s.setIfFree(t.Lang+"/"+t.Slug, t)
		s.byPath[t.Path] = t
	}
}

func (s *Snapshot) addSection(p *Post) {
	dir := path.Dir(p.Logical)
	if dir == "." {
		if s.Site.Description == "" {
			s.Site.Description = p.Description
		}
		if s.Site.Title == "" && p.Title != "_index" && p.Title != "" {
			s.Site.Title = p.Title
		}
		return
	}
	s.Sections[dir] = Section{Name: dir, Title: p.Title, Description: p.Description}
}

// noteSchedule records the next moment publication changes because of p.
func (s *Snapshot) noteSchedule(p *Post, now time.Time) {
	if p.Draft {
		return
	}
	for _, t := range []time.Time{p.PublishDate, p.ExpiryDate} {
		if t.After(now) && (s.NextChange.IsZero() || t.Before(s.NextChange)) {
			s.NextChange = t
		}
	}
}

// assignSlugs makes every slug unique. The first page by path keeps a
// contested slug; each other one takes its path (lower-cased), or that with
// a number, whichever no page owns, and the clash is reported.
func (s *Snapshot) assignSlugs(ps []*Post) []*Post {
	// Find each slug's owner without sorting everything: clashes are rare.
	owner := make(map[string]*Post, len(ps))
	for _, p := range ps {
		if first, taken := owner[p.Slug]; !taken || p.Path < first.Path {
			owner[p.Slug] = p
		}
	}
	var losers []int
	for i, p := range ps {
		if owner[p.Slug] != p {
			losers = append(losers, i)
			continue
		}
		s.bySlug[p.Slug] = p
		s.byPath[p.Path] = p
	}
	// In path order, so the result does not depend on the order files
	// were read in.
	sort.Slice(losers, func(a, b int) bool { return ps[losers[a]].Path < ps[losers[b]].Path })
	for _, i := range losers {
		p := ps[i]
		cp := *p
		base := strings.ToLower(p.TranslationKey)
		cp.Slug = base
		for n := 2; s.bySlug[cp.Slug] != nil; n++ {
			cp.Slug = fmt.Sprintf("%s-%d", base, n)
		}
		s.Problems = append(s.Problems, Problem{Path: p.Path, Err: fmt.Sprintf("slug %q is also used by %s; this page is served as %q", p.Slug, owner[p.Slug].Path, cp.Slug)})
		ps[i] = &cp
		s.bySlug[cp.Slug] = &cp
		s.byPath[cp.Path] = &cp
	}
	return ps
}

// addAliases makes aliases and renamed slugs resolve, without ever taking
// a slug a page owns.
func (s *Snapshot) addAliases(ps []*Post, oldSlugs map[string]string) {
	for _, p := range ps {
		// A page's url and aliases are other names for it (Hugo serves the
		// page at url and redirects from aliases).
		names := p.Aliases
		if p.URL != "" {
			names = append([]string{p.URL}, names...)
		}
		for _, a := range names {
			a = strings.Trim(a, "/")
			s.setIfFree(a, p)
			s.setIfFree(path.Base(a), p)
		}
	}
	for slug, target := range oldSlugs {
		if p, ok := s.byPath[target]; ok {
			s.setIfFree(slug, p)
		}
	}
}

func (s *Snapshot) setIfFree(slug string, p *Post) {
	slug = strings.ToLower(slug)
	if _, taken := s.bySlug[slug]; !taken && slug != "" && slug != "." {
		s.bySlug[slug] = p
	}
}

// isResource reports whether p lies inside a leaf bundle other than its
// own: such files are the bundle's resources, not pages.
func isResource(p *Post, leafDirs map[string]bool) bool {
	dir := path.Dir(p.Path)
	if p.Kind == KindLeaf {
		return insideBundle(dir, leafDirs)
	}
	return leafDirs[dir] || insideBundle(dir, leafDirs)
}

// mainSection is the section with the most pages, as Hugo picks
// params.mainSections by default. Ties go to the alphabetically first.
func mainSection(counts map[string]int) string {
	best := ""
	for sec, n := range counts {
		if n > counts[best] || n == counts[best] && sec < best {
			best = sec
		}
	}
	return best
}

// SortPosts orders posts as Hugo's default page sort: by weight (pages with
// a weight first), then date newest first, then title. It sorts compact
// keys rather than the posts: comparing through 10,000 pointers scattered
// over the heap was most of a reload's time.
func SortPosts(ps []*Post) {
	type key struct {
		weight int
		date   int64
		title  string
		p      *Post
	}
	keys := make([]key, len(ps))
	for i, p := range ps {
		w := p.Weight
		if w == 0 {
			w = math.MaxInt // unweighted pages after weighted ones
		}
		keys[i] = key{w, p.Date.UnixNano(), p.Title, p}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := &keys[i], &keys[j]
		if a.weight != b.weight {
			return a.weight < b.weight
		}
		if a.date != b.date {
			return a.date > b.date
		}
		return a.title < b.title
	})
	for i := range keys {
		ps[i] = keys[i].p
	}
}
