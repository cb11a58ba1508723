// Package content turns a Hugo-style content folder into immutable
// snapshots of posts: front matter, bundles, slugs, summaries, word counts
// and publication rules live here, and nothing outside reads post files.
package content

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/sshblog/sshblog/internal/sanitize"
)

// Post is one parsed content file. Posts are never modified after parsing;
// a changed file produces a new Post.
type Post struct {
	// Path is the file's path relative to the content root, with slashes.
	Path string
	// Section is the first folder of Path ("posts"), empty at the root.
	Section string
	// Slug is the name readers and scripts use for the post.
	Slug        string
	Title       string
	Date        time.Time
	Lastmod     time.Time
	PublishDate time.Time
	ExpiryDate  time.Time
	Draft       bool
	Weight      int
	Tags        []string
	Categories  []string
	Description string
	// Summary is plain text: the part before <!--more-->, the summary or
	// description field, or the first words of the post.
	Summary string
	// Image is the featured image, relative to the post's folder.
	Image string
	// Resources lists the other files of a leaf bundle.
	Resources []string
	// Body is the markdown after the front matter, sanitised.
	Body string
	// Source is the whole file as written, sanitised for terminals.
	Source string
	// IsCJK reports whether the post counts words character by character.
	IsCJK       bool
	WordCount   int
	ReadingTime int
	// Hash identifies this version of the file's content.
	Hash uint64
	// IsIndex is true for _index.md files (section or site metadata).
	IsIndex bool
}

// Key identifies a post version for caches: path plus content hash.
func (p *Post) Key() string { return fmt.Sprintf("%s#%x", p.Path, p.Hash) }

// ParseOptions controls how posts are read.
type ParseOptions struct {
	// Location is the time zone for dates written without one.
	Location *time.Location
	// HasCJKLanguage turns on CJK-aware word counting for posts that
	// contain CJK characters (Hugo's hasCJKLanguage).
	HasCJKLanguage bool
	// SummaryLength is the number of words in an automatic summary.
	SummaryLength int
}

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

const moreDivider = "<!--more-->"

// Parse reads one content file. relPath is the path relative to the content
// root, with forward slashes.
func Parse(relPath string, src []byte, opt ParseOptions) (*Post, error) {
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.SummaryLength <= 0 {
		opt.SummaryLength = 70
	}
	h := fnv.New64a()
	h.Write(src)
	clean := sanitize.Text(string(bytes.ToValidUTF8(src, []byte("\uFFFD"))))

	format, fm, body, fmLine := Split([]byte(clean))
	meta, err := Decode(format, fm, fmLine)
	if err != nil {
		pe := &ParseError{Path: relPath, Err: err}
		if se, ok := err.(*SyntaxError); ok {
			pe.Line = se.Line
		}
		return nil, pe
	}
	p := &Post{
		Path:        relPath,
		Title:       str(meta, "title"),
		Draft:       boolean(meta, "draft"),
		Weight:      integer(meta, "weight"),
		Tags:        list(meta, "tags"),
		Categories:  list(meta, "categories"),
		Description: str(meta, "description"),
		Image:       str(meta, "image"),
		Body:        string(body),
		Source:      clean,
		Hash:        h.Sum64(),
	}
	dir, file := path.Split(relPath)
	base := strings.TrimSuffix(file, path.Ext(file))
	p.IsIndex = base == "_index"
	if i := strings.IndexByte(relPath, '/'); i >= 0 {
		p.Section = relPath[:i]
	}

	if err := p.readDates(meta, opt.Location); err != nil {
		return nil, &ParseError{Path: relPath, Line: fieldLine(fm, fmLine, "date"), Err: err}
	}

	if p.Title == "" {
		p.Title = titleFromBody(p.Body)
	}
	nameForSlug := base
	if base == "index" || base == "_index" {
		nameForSlug = path.Base(strings.TrimSuffix(dir, "/"))
	}
	if p.Title == "" {
		p.Title = nameForSlug
	}
	p.Slug = Slugify(str(meta, "slug"))
	if p.Slug == "" {
		p.Slug = Slugify(nameForSlug)
	}

	plain := PlainText([]byte(p.Body))
	p.IsCJK = opt.HasCJKLanguage && IsCJK(plain)
	if v, ok := meta["iscjklanguage"]; ok {
		p.IsCJK = boolean(map[string]any{"v": v}, "v")
	}
	p.WordCount = WordCount(plain, p.IsCJK)
	p.ReadingTime = ReadingTime(p.WordCount, p.IsCJK)

	switch before, _, found := strings.Cut(p.Body, moreDivider); {
	case found:
		p.Summary = strings.TrimSpace(PlainText([]byte(before)))
	case str(meta, "summary") != "":
		p.Summary = str(meta, "summary")
	case p.Description != "":
		p.Summary = p.Description
	default:
		p.Summary = Summarize(plain, opt.SummaryLength, p.IsCJK)
	}
	p.Summary = strings.Join(strings.Fields(p.Summary), " ")
	return p, nil
}

// readDates applies Hugo's default date fallbacks: date falls back to
// publishDate then lastmod; publishDate falls back to date; lastmod to date.
func (p *Post) readDates(meta map[string]any, loc *time.Location) error {
	get := func(keys ...string) (time.Time, error) {
		for _, k := range keys {
			t, err := date(meta, k, loc)
			if err != nil {
				return t, fmt.Errorf("%s: %w", k, err)
			}
			if !t.IsZero() {
				return t, nil
			}
		}
		return time.Time{}, nil
	}
	var err error
	if p.Date, err = get("date", "publishdate", "pubdate", "published", "lastmod", "modified"); err != nil {
		return err
	}
	if p.PublishDate, err = get("publishdate", "pubdate", "published"); err != nil {
		return err
	}
	if p.PublishDate.IsZero() {
		p.PublishDate = p.Date
	}
	if p.Lastmod, err = get("lastmod", "modified"); err != nil {
		return err
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	p.ExpiryDate, err = get("expirydate", "unpublishdate")
	return err
}

// fieldLine finds the file line of a front matter key, for error messages.
func fieldLine(fm []byte, fmLine int, key string) int {
	for i, line := range strings.Split(string(fm), "\n") {
		l := strings.ToLower(strings.TrimSpace(line))
		if strings.HasPrefix(l, key) || strings.HasPrefix(l, `"`+key) {
			return fmLine + i
		}
	}
	return fmLine
}

// titleFromBody returns the text of a leading "# heading", if any.
func titleFromBody(body string) string {
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "# ") {
			return strings.TrimSpace(strings.TrimPrefix(line, "# "))
		}
		return ""
	}
	return ""
}

// Published reports whether Hugo would publish the post at time now with
// default settings: not a draft, not scheduled for later, not expired.
func (p *Post) Published(now time.Time) bool {
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
