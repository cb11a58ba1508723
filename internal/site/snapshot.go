// Package site turns parsed pages into an immutable Snapshot of the blog:
// which pages are posts and which are other pages, in what order, under
// which slugs, with taxonomies, the archive, the search index, stats and
// read access to bundle files. Pages in, a snapshot out: nothing here reads
// the disk (bundle files are opened through a function the store gives).
package site

import (
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/search"

	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Config is the blog's own metadata: from its configuration, flags and
// the root _index.md.
type Config struct {
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
	// EnableEmoji turns :shortcodes: in posts into emoji (Hugo's
	// enableEmoji).
	EnableEmoji bool
	// Dialect is the site's own syntax: its math delimiters (Hugo's
	// passthrough extension), read besides the built-in ones, with the
	// parsers that read them, made once per configuration
	// (markdown.NewDialect) and shared by everything that reads the
	// site's posts: the store's parse of each file (page.Options.Dialect),
	// renders, the feed and the outline. Nil is the built-in syntax.
	Dialect *markdown.Dialect
	// Permalinks are Hugo's permalinks patterns for regular pages by
	// section name or path, lower case ("posts": "/:year/:month/:slug/").
	Permalinks map[string]string
}

// Section is a content section described by its _index.md.
type Section struct {
	Name, Title, Description string
}

// Snapshot is an immutable view of the content folder at one moment.
// Readers keep the snapshot they started with; a reload builds a new one.
type Snapshot struct {
	Site Config
	// Posts are the published pages of the main sections, in list order.
	Posts []*page.Page
	// Pages are other published pages (About, Links, ...), by weight and
	// title.
	Pages []*page.Page
	// Sections are the sections that have an _index.md.
	Sections map[string]Section
	// Problems lists files that failed to parse, or loaded with warnings.
	Problems []page.Problem
	// Words is the sum of the posts' word counts.
	Words int
	// Built is when the snapshot was made; publication is judged then.
	Built time.Time
	// NextChange is when a scheduled post is due or a post expires, the
	// moment a new snapshot is needed; zero if never.
	NextChange time.Time

	bySlug       map[string]*page.Page
	byPath       map[string]*page.Page
	translations map[string][]*page.Page // by TranslationKey, every language
	resources    map[string][]string     // leaf bundle folder -> file names
	open         func(path string) (*os.File, error)
	openSite     func(name string) (*os.File, error)
	filesVersion func() uint64
	taxonomies   map[string]map[string][]*page.Page // in list order
	byDate       []*page.Page                       // posts with a date, newest first
	months       []Month
	search       *search.Index
	searchDocs   []*page.Page // the pages search.Index numbers: posts, then pages
	entries      []*search.Entry
	order        map[*page.Page]int32 // position in searchDocs (see noteOrder)

	termsMu sync.Mutex           // guards terms
	terms   map[string]termLists // by taxonomy, made on first use (see Terms)

	archive    sync.Once // builds archiveMD and archiveKey on first use
	archiveMD  string
	archiveKey string
}

// Input is everything a snapshot is built from.
type Input struct {
	Site Config
	// Files are all parsed content files (last good versions).
	Files []*page.Page
	// Others are the paths of non-content files (bundle resources).
	Others []string
	// Problems are the current parse errors.
	Problems []page.Problem
	// OldSlugs maps slugs that were renamed to the path now serving them.
	OldSlugs map[string]string
	Now      time.Time
	// Open opens a file by its path from the content root, with the
	// store's checks (see Snapshot.OpenResource); nil opens nothing.
	Open func(path string) (*os.File, error)
	// OpenSite opens a file the site publishes at its root (static/,
	// assets/) by its path from there, with the store's confinement (see
	// Snapshot.OpenSiteFile); nil opens nothing.
	OpenSite func(name string) (*os.File, error)
	// FilesVersion tells the version of the files Open and OpenSite
	// open: it changes when one of them may have (see
	// Snapshot.FilesVersion); nil is always 0.
	FilesVersion func() uint64
	// Prev is the snapshot this one replaces, if any: its search entries
	// are reused for the pages that did not change.
	Prev *Snapshot
}

// Lookup finds a published post or page by slug, alias or old slug.
func (s *Snapshot) Lookup(slug string) (*page.Page, bool) {
	p, ok := s.bySlug[strings.ToLower(strings.Trim(slug, "/"))]
	return p, ok
}

// ByPath finds a published page, in any language, by its file path.
func (s *Snapshot) ByPath(path string) (*page.Page, bool) {
	p, ok := s.byPath[path]
	return p, ok
}

// All yields every published page, in any language, by its file path, in
// no particular order.
func (s *Snapshot) All() iter.Seq2[string, *page.Page] {
	return func(yield func(string, *page.Page) bool) {
		for path, p := range s.byPath {
			if !yield(path, p) {
				return
			}
		}
	}
}

// Translations returns the other language versions of p.
func (s *Snapshot) Translations(p *page.Page) []*page.Page {
	var out []*page.Page
	for _, t := range s.translations[p.TranslationKey] {
		if t.Path != p.Path {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lang < out[j].Lang })
	return out
}

// Resources returns the file names in p's bundle folder (images etc.).
func (s *Snapshot) Resources(p *page.Page) []string {
	if p.Kind != page.KindLeaf {
		return nil
	}
	return s.resources[path.Dir(p.Path)]
}

// OpenResource opens name, one of Resources(p), for reading. The file is
// checked as it is opened, like every file the store reads: one that now
// leads outside the content folders, into the host key folder, is not a
// regular file or holds a private key is refused. This is the only way to
// read a bundle's files.
func (s *Snapshot) OpenResource(p *page.Page, name string) (*os.File, error) {
	if s.open == nil || !slices.Contains(s.Resources(p), name) {
		return nil, fmt.Errorf("%s: no resource %q: %w", p.Path, name, fs.ErrNotExist)
	}
	return s.open(path.Join(path.Dir(p.Path), name))
}

// OpenSiteFile opens the file the site publishes at /name (its static/
// or assets/ folders: what "/images/a.png" in a post shows), confined to
// those folders: a name that climbs out of them or a link that leads out
// is not opened. It is the only way to read them.
func (s *Snapshot) OpenSiteFile(name string) (*os.File, error) {
	if s.openSite == nil {
		return nil, fmt.Errorf("site file %q: %w", name, fs.ErrNotExist)
	}
	return s.openSite(name)
}

// FilesVersion is the version of the files OpenResource and OpenSiteFile
// open: it changes, without a new snapshot, soon after one of them was
// written in place, added or removed (a bundle's image, static/img/a.png),
// so what is drawn of them is keyed by it and a replaced picture is drawn
// again. It stays 0 when nothing watches them.
func (s *Snapshot) FilesVersion() uint64 {
	if s.filesVersion == nil {
		return 0
	}
	return s.filesVersion()
}

// HasSiteFiles reports whether the site has folders of files published
// at its root (static/, assets/).
func (s *Snapshot) HasSiteFiles() bool { return s.openSite != nil }

// Taxonomy returns term -> posts for a taxonomy such as "tags".
func (s *Snapshot) Taxonomy(plural string) map[string][]*page.Page { return s.taxonomies[plural] }
