// Package page reads one content file into a Page: front matter (YAML,
// TOML or JSON), fields and dates with Hugo's fallbacks, shortcodes,
// summaries and word counts. Bytes in, one page out: nothing here reads
// the disk. Its decoding layer (DecodeMap, LowerKeys, the To* conversions)
// is also what internal/hugoconfig reads configuration files with.
package page

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unsafe"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/packed"
	"github.com/sshblog/sshblog/internal/search"
	"github.com/sshblog/sshblog/internal/spill"
)

// Page is one parsed content file. Posts are never modified after parsing;
// a changed file produces a new Page.
type Page struct {
	// Path is the file's path relative to the content root, with slashes.
	// When languages keep their content in folders of their own, the root
	// is those folders' common parent and Path starts with the folder.
	Path string
	// Logical is the path inside the file's content folder: Path without
	// a language folder. Translations in two folders share it.
	Logical string
	// Section is the first folder of Logical ("posts"), empty at the root.
	Section string
	// Kind says whether the file is a page, a leaf bundle or a section.
	Kind Kind
	// Lang is the page's language: its file name suffix, else the site's
	// default content language.
	Lang string
	// TranslationKey is shared by the language versions of one page.
	TranslationKey string
	// Slug is the name readers and scripts use for the post.
	Slug string
	// FrontSlug is the front matter's slug as written (cleaned), "" when
	// unset: Hugo's :slug permalink token urlizes it.
	FrontSlug   string
	Title       string
	LinkTitle   string
	Date        time.Time
	Lastmod     time.Time
	PublishDate time.Time
	ExpiryDate  time.Time
	Draft       bool
	Weight      int
	Tags        []string
	Categories  []string
	// Taxonomies maps each configured taxonomy (plural, e.g. "tags",
	// "series") to the page's terms.
	Taxonomies  map[string][]string
	Aliases     []string
	URL         string
	TOC         bool
	Headless    bool
	Params      map[string]any
	Description string
	// Summary is plain text: the part before <!--more-->, the summary or
	// description field, or the first words of the post.
	Summary string
	// Image is the featured image, relative to the post's folder.
	Image string
	// Layout is the front matter layout, which names a theme template
	// such as Stack's "archives" or "search" for pages without text.
	Layout string
	// IsCJK reports whether the post counts words character by character.
	IsCJK       bool
	WordCount   int
	ReadingTime int
	// Hash identifies this version of the file's content.
	Hash uint64
	// Warnings are problems that did not stop the file from loading,
	// such as invalid UTF-8 that was replaced.
	Warnings []Problem

	// source is the whole file as written, sanitised for terminals;
	// body, the markdown after the front matter, sanitised (see Body).
	// Both are compressed in a large blog (Options.Compress).
	source, body packed.Text
	// spilled, when set, is where the source lies in the store's spill
	// file: the page keeps none in memory (Options.Spill); bodyOff >= 0
	// is where the body starts in the source then, when the body is not
	// kept either.
	spilled *spill.Text
	bodyOff int
	bodyLen int
	// linksLen is the length of the links section added at the end of
	// Body, which is not part of the text (see Plain).
	linksLen int
	// dialect reads the page for its text (Plain), with the site's math
	// delimiters (Options.Dialect); nil for the built-in ones.
	dialect *markdown.Dialect
	// entry is the page's search entry, made when it was parsed (see
	// SearchEntry).
	entry *search.Entry
}

// Body is the markdown after the front matter, sanitised, as a reader is
// shown it (shortcodes expanded, a links page's links added). Each call
// of a compressed page decompresses it, and of a page that keeps no
// source reads it from the spill file: keep the result rather than
// calling it again. It is "" when the spill file cannot be read (see
// ReadBody).
func (p *Page) Body() string {
	body, _ := p.ReadBody()
	return body
}

// ReadBody is Body, or why it cannot be had: the page keeps no source
// and the spill file cannot be read (an I/O error).
func (p *Page) ReadBody() (string, error) {
	if p.spilled == nil || p.bodyOff < 0 {
		return p.body.String(), nil
	}
	src, err := p.ReadSource()
	if err != nil {
		return "", err
	}
	return src[p.bodyOff:], nil
}

// BodyLen is len(p.Body()), without decompressing it or reading it.
func (p *Page) BodyLen() int {
	if p.spilled != nil && p.bodyOff >= 0 {
		return p.bodyLen
	}
	return p.body.Len()
}

// Source is the whole file as written, sanitised for terminals (what cat
// prints). Each call of a compressed page decompresses it, of a page that
// keeps no source reads it from the spill file; "" when that fails (see
// ReadSource).
func (p *Page) Source() string {
	src, _ := p.ReadSource()
	return src
}

// ReadSource is Source, or why it cannot be had: the page keeps no
// source and the spill file cannot be read.
func (p *Page) ReadSource() (string, error) {
	if p.spilled == nil {
		return p.source.String(), nil
	}
	b, err := p.spilled.AppendTo(nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p.Path, err)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// AppendBody appends the body to dst (see Body), reading it from the
// spill file when the page keeps no source: what a search's check of a
// Chinese phrase reads, candidate after candidate, into one buffer.
func (p *Page) AppendBody(dst []byte) ([]byte, error) {
	if p.spilled == nil || p.bodyOff < 0 {
		return p.body.AppendTo(dst), nil
	}
	start := len(dst)
	dst, err := p.spilled.AppendTo(dst)
	if err != nil {
		return dst, fmt.Errorf("%s: %w", p.Path, err)
	}
	// The body is the source's end: moved to its start in place.
	return append(dst[:start], dst[start+p.bodyOff:]...), nil
}

// Compressed reports whether the page keeps its source compressed, or
// none (see Options.Spill).
func (p *Page) Compressed() bool { return p.source.Compressed() || p.spilled != nil }

// OnDisk reports whether the page keeps no source in memory and reads it
// from the spill file when asked for it (Options.Spill).
func (p *Page) OnDisk() bool { return p.spilled != nil }

// Spilled is where the page's source lies in a spill file, the zero Ref
// when it keeps it in memory (see Options.Spill).
func (p *Page) Spilled() spill.Ref {
	if p.spilled == nil {
		return spill.Ref{}
	}
	return p.spilled.Ref()
}

// SpillText is the page's source in a spill file, nil when it keeps it
// in memory (see Options.Spill): what a store that compacts its spill
// file moves (spill.Text.Moved) for the pages it serves. The source
// stays the same: a reader of p, on any snapshot, reads the same bytes
// from either file.
func (p *Page) SpillText() *spill.Text { return p.spilled }

// Key identifies a post version for caches: path plus content hash.
func (p *Page) Key() string { return fmt.Sprintf("%s#%x", p.Path, p.Hash) }

// Options controls how posts are read.
type Options struct {
	// Location is the time zone for dates written without one.
	Location *time.Location
	// HasCJKLanguage turns on CJK-aware word counting for posts that
	// contain CJK characters (Hugo's hasCJKLanguage).
	HasCJKLanguage bool
	// SummaryLength is the number of words in an automatic summary.
	SummaryLength int
	// Taxonomies maps singular to plural names; nil means Hugo's default
	// (tags and categories).
	Taxonomies map[string]string
	// Languages are the language codes a file name suffix may carry
	// (lower case); DefaultLanguage is the language of unsuffixed files.
	Languages       map[string]bool
	DefaultLanguage string
	// Compress keeps the page's source and body compressed (about 55% of
	// the memory for varied text, 4% for a paragraph repeated), paid with
	// a decompression each time they are read (Source, Body, a search's
	// check of a Chinese phrase).
	// The store turns it on for a large blog (store.Options.CompressAbove).
	Compress bool
	// Spill, with Compress, keeps no source in memory: the page appends
	// it to Spill and reads it from there when asked for
	// its source or body (a render, cat, a feed, a search's check of a
	// Chinese phrase), whatever happened to its file since. A body that
	// is not the end of the source (shortcodes, a links section) is kept
	// in memory, compressed, and so is the source when Spill cannot take
	// it (a full disk). At 50,000 posts of varied text the compressed
	// sources were 150 of 286 MB live.
	Spill *spill.File
	// Terms, when set, numbers the words and character pairs of the
	// page's search entry, once for all the pages that share it (the
	// store's): at 50,000 posts of varied text the entries' own copies
	// took 224 MB, their numbers 35-46 MB (see search.Terms).
	Terms *search.Terms
	// Dialect is the site's syntax (its own math delimiters), which posts
	// are read in for their text; nil reads the built-in one. The store
	// sets it from the site's settings (site.Config.Dialect), the one
	// owner of it.
	Dialect *markdown.Dialect
}

// DefaultTaxonomies are Hugo's taxonomies when the config names none.
var DefaultTaxonomies = map[string]string{"tag": "tags", "category": "categories"}

// ParseError is a file that could not be read as a post.
type ParseError struct {
	Path string
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Published reports whether Hugo would publish the post at time now with
// default settings: not a draft, not scheduled for later, not expired.
func (p *Page) Published(now time.Time) bool {
	if p.Draft || p.PublishDate.After(now) {
		return false
	}
	return p.ExpiryDate.IsZero() || p.ExpiryDate.After(now)
}

// Slugify makes a name URL-safe the way Hugo's urlize does: lower case,
// spaces to hyphens, letters (any script), digits, '-', '_' and '.' kept.
func Slugify(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '/':
			b.WriteByte('-')
		}
	}
	return b.String()
}
