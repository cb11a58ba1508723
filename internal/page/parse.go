package page

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/sshblog/sshblog/internal/packed"
	"github.com/sshblog/sshblog/internal/sanitize"
	"github.com/sshblog/sshblog/internal/spill"
)

const moreDivider = "<!--more-->"

// hashSeed seeds Page.Hash. The hash identifies a version within this
// process (caches, renames), never on disk or between replicas, so a
// seed per process serves; maphash reads 16 bytes a step where FNV-1a
// read one, a twentieth of a cold load.
var hashSeed = maphash.MakeSeed()

// HashOf is the Hash a page parsed from src has: a store that reads a
// file again (a new inode after a git-sync swap) keeps the page it has
// when the bytes are the same.
func HashOf(src []byte) uint64 { return maphash.Bytes(hashSeed, src) }

// Parse reads one content file. relPath is the path relative to the content
// root, with forward slashes.
func Parse(relPath string, src []byte, opt Options) (*Page, error) {
	return ParseIn(relPath, relPath, src, opt)
}

// ParseIn is Parse for a file of a language's own content folder: relPath
// names the file (in Path and problems) and logical, its path inside that
// folder, decides sections, bundles, slugs and translations.
func ParseIn(relPath, logical string, src []byte, opt Options) (*Page, error) {
	return parseIn(relPath, logical, src, opt, nil)
}

func parseIn(relPath, logical string, src []byte, opt Options, a *Arena) (*Page, error) {
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.SummaryLength <= 0 {
		opt.SummaryLength = 70
	}
	hash := HashOf(src)
	var warnings []Problem
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:invalidAt(src)], []byte("\n"))
		warnings = append(warnings, Problem{Path: relPath, Line: line, Err: "invalid UTF-8 replaced with U+FFFD"})
	}
	var safe string
	switch {
	case warnings == nil && opt.Compress:
		// A copy for the parse (src is the caller's buffer): the page
		// keeps it compressed, or not at all.
		safe = sanitize.Text(string(src))
	case warnings == nil:
		safe = sanitize.Text(a.string(src)) // one copy: ToValidUTF8 copies even valid text
	default:
		safe = sourceText(src)
	}

	format, fm, body, fmLine := Split([]byte(safe))
	meta, err := Decode(format, fm, fmLine)
	if err != nil {
		pe := &ParseError{Path: relPath, Err: err}
		if se, ok := err.(*SyntaxError); ok {
			pe.Line = se.Line
		}
		return nil, pe
	}
	name := parseName(logical, opt.Languages)
	p := &Page{
		Path:           relPath,
		Logical:        logical,
		Section:        name.section(),
		Kind:           name.kind,
		Lang:           name.lang,
		TranslationKey: name.translationKey(),
		Title:          str(meta, "title"),
		LinkTitle:      str(meta, "linktitle"),
		Draft:          boolean(meta, "draft"),
		Weight:         integer(meta, "weight"),
		Aliases:        list(meta, "aliases"),
		URL:            str(meta, "url"),
		TOC:            boolean(meta, "toc"),
		Headless:       boolean(meta, "headless") || buildNever(meta),
		Params:         params(meta),
		Description:    str(meta, "description"),
		Image:          str(meta, "image"),
		Layout:         strings.ToLower(str(meta, "layout")),
		Hash:           hash,
		Warnings:       warnings,
	}
	if p.Lang == "" {
		p.Lang = opt.DefaultLanguage
	}
	md := safe[len(safe)-len(body):] // the markdown: Body's text until the page keeps it
	if name.ext == ".html" || name.ext == ".htm" {
		// HTML content pages are shown as their text.
		md = htmlToMarkdownText(md)
	}
	var why string
	if md, why = expandShortcodes(md, meta); why != "" {
		p.Warnings = append(p.Warnings, Problem{Path: relPath, Err: "shortcodes shown as written: " + why})
	}
	taxonomies := opt.Taxonomies
	if taxonomies == nil {
		taxonomies = DefaultTaxonomies
	}
	p.Taxonomies = map[string][]string{}
	for _, plural := range taxonomies {
		if terms := distinct(list(meta, strings.ToLower(plural))); len(terms) > 0 {
			p.Taxonomies[plural] = terms
		}
	}
	p.Taxonomies = a.taxonomies(p.Taxonomies)
	p.Tags, p.Categories = p.Taxonomies["tags"], p.Taxonomies["categories"]

	dateWarnings, err := p.readDates(meta, opt.Location, fm, fmLine)
	if err != nil {
		return nil, &ParseError{Path: relPath, Line: fieldLine(fm, fmLine, "date"), Err: err}
	}
	p.Warnings = append(p.Warnings, dateWarnings...)

	if p.Title == "" {
		p.Title = titleFromBody(md)
	}
	if p.Title == "" {
		p.Title = Clean(name.slugSource()) // file names may hold escapes too
	}
	p.FrontSlug = Clean(strings.TrimSpace(str(meta, "slug")))
	p.Slug = Slugify(str(meta, "slug"))
	if p.Slug == "" {
		p.Slug = Slugify(name.slugSource())
	}

	p.dialect = opt.Dialect
	plain := plainText([]byte(md), opt.Dialect)
	p.IsCJK = opt.HasCJKLanguage && IsCJK(plain)
	if _, ok := meta["iscjklanguage"]; ok {
		p.IsCJK = boolean(meta, "iscjklanguage")
	}
	p.WordCount = WordCount(plain, p.IsCJK)
	p.ReadingTime = ReadingTime(p.WordCount, p.IsCJK)

	summary := str(meta, "summary")
	switch before, _, found := strings.Cut(md, moreDivider); {
	case found:
		p.Summary = strings.TrimSpace(plainText([]byte(before), opt.Dialect))
	case summary != "":
		p.Summary = summary
	case p.Description != "":
		p.Summary = p.Description
	default:
		p.Summary = Summarize(plain, opt.SummaryLength, p.IsCJK)
	}
	p.Summary = strings.Join(strings.Fields(p.Summary), " ")
	// After counting: Hugo counts the text, not what a theme adds.
	links := linksSection(p.Params, meta)
	md += links
	p.linksLen = len(links)
	if opt.Compress && opt.Spill != nil {
		p.keepSpilled(opt.Spill, safe, md, a)
	} else {
		p.keep(safe, md, opt.Compress, a)
	}
	// Indexed now, while the text is at hand: the page does not keep it
	// (see Plain).
	p.entry = opt.Terms.NewLeanEntry(p.searchDoc(plain, md))
	return p, nil
}

// keep sets the source and body the page keeps: compressed with compress,
// packed in a when there is one. The body is most often the end of the
// source (no shortcode, no links section): it is then kept as that,
// never twice.
func (p *Page) keep(source, body string, compress bool, a *Arena) {
	if compress {
		p.source = packed.Compress(source, a.string)
	} else {
		p.source = packed.Plain(source) // already in a (see parseIn)
	}
	p.keepBody(source, body, compress, a)
}

// keepBody sets the body the page keeps, once p.source is set (see keep).
func (p *Page) keepBody(source, body string, compress bool, a *Arena) {
	if off := len(source) - len(body); off >= 0 && source[off:] == body {
		p.body = p.source.Suffix(off)
	} else if compress {
		p.body = packed.Compress(body, a.string)
	} else {
		p.body = packed.Plain(body)
	}
}

// sourceText is the source a page keeps of the file's bytes src: valid
// UTF-8, sanitised for terminals.
func sourceText(src []byte) string {
	return sanitize.Text(string(bytes.ToValidUTF8(src, []byte("\uFFFD"))))
}

// keepSpilled makes p keep its source in sp rather than in memory
// (Options.Spill). A body that is not the end of the source
// (shortcodes, a links section) is kept compressed. A source that
// compresses to an eighth or less (a paragraph repeated) is kept,
// compressed, as without a spill file: it costs little memory, and a
// search for a phrase such a post holds (gen50000's every Chinese post)
// decompresses it in a microsecond where reading it took several. A
// source the spill file cannot take (a full disk) is kept compressed.
func (p *Page) keepSpilled(sp *spill.File, source, body string, a *Arena) {
	block := packed.Encode(source)
	if block != nil && len(block)*keptRatio <= len(source) {
		p.source = packed.Block(a.string(block), len(source))
		p.keepBody(source, body, true, a)
		return
	}
	// Stored as it is, not compressed: a search's check of a Chinese
	// phrase reads it without decoding, 35% less CPU per query at
	// 50,000 posts of varied text, for 279 MB of file instead of 154
	// (BENCHMARKS.md, "... in a spill file").
	raw := unsafe.Slice(unsafe.StringData(source), len(source)) // only read
	ref, err := sp.Put(raw)
	if err != nil {
		if block != nil {
			p.source = packed.Block(a.string(block), len(source))
		} else {
			p.source = packed.Plain(a.string(raw))
		}
		p.keepBody(source, body, true, a)
		return
	}
	p.spilled, p.bodyOff = spill.NewText(ref), -1
	if off := len(source) - len(body); off >= 0 && source[off:] == body {
		p.bodyOff, p.bodyLen = off, len(body)
	} else {
		p.body = packed.Compress(body, a.string)
	}
}

// keptRatio is how many times a source must compress for a page that can
// keep it in a spill file to keep it in memory instead (see
// keepSpilled): at most an eighth of the files' size stays in memory.
const keptRatio = 8

// linksSection renders the links of a Stack-theme links page (front matter
// params.links, or links in older versions: title, description, website),
// which the theme shows as cards; "" when there are none.
func linksSection(params, meta map[string]any) string {
	links, ok := params["links"].([]any)
	if !ok {
		links, _ = meta["links"].([]any)
	}
	var b strings.Builder
	for _, l := range links {
		m, ok := l.(map[string]any)
		if !ok {
			continue
		}
		get := func(k string) string { return strings.Join(strings.Fields(str(m, k)), " ") }
		title, desc, site := get("title"), get("description"), get("website")
		if title == "" && site == "" {
			continue
		}
		b.WriteString("\n- **" + oneLine(cmp.Or(title, site)) + "**")
		if desc != "" {
			b.WriteString(": " + desc)
		}
		if site != "" {
			b.WriteString("  \n  <" + siteDest.Replace(site) + ">")
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "\n" + b.String() + "\n"
}

// readDates applies Hugo's default date fallbacks: date falls back to
// publishDate then lastmod; publishDate falls back to date; lastmod to date.
//
// A malformed date is an error, but the other date fields are optional:
// a malformed one ("lastmod: 2023-5-09", common on real sites) is ignored,
// as if unset, and returned as a warning, so the page is still served.
func (p *Page) readDates(meta map[string]any, loc *time.Location, fm []byte, fmLine int) ([]Problem, error) {
	var warnings []Problem
	get := func(keys ...string) (time.Time, error) {
		for _, k := range keys {
			t, err := date(meta, k, loc)
			if err != nil {
				if k == "date" {
					return t, fmt.Errorf("%s: %w", k, err)
				}
				warnings = append(warnings, Problem{Path: p.Path, Line: fieldLine(fm, fmLine, k),
					Err: fmt.Sprintf("%s ignored: %v", k, err)})
				continue
			}
			if !t.IsZero() {
				return t, nil
			}
		}
		return time.Time{}, nil
	}
	var err error
	if p.Date, err = get("date", "publishdate", "pubdate", "published", "lastmod", "modified"); err != nil {
		return nil, err
	}
	// The fallbacks read the optional fields again: report each once.
	warnings = nil
	p.PublishDate, _ = get("publishdate", "pubdate", "published")
	if p.PublishDate.IsZero() {
		p.PublishDate = p.Date
	}
	p.Lastmod, _ = get("lastmod", "modified")
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	p.ExpiryDate, _ = get("expirydate", "unpublishdate")
	return warnings, nil
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

// invalidAt returns the offset of the first invalid UTF-8 byte.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// buildNever reports Hugo's build options that keep a page out of lists:
// _build: {list: never} or build: {render: never} (headless).
func buildNever(meta map[string]any) bool {
	for _, k := range []string{"_build", "build"} {
		if b, ok := meta[k].(map[string]any); ok {
			if str(b, "list") == "never" || str(b, "list") == "false" || str(b, "render") == "never" || str(b, "render") == "false" {
				return true
			}
		}
	}
	return false
}

// params returns the page's params map (front matter "params", plus, as
// Hugo allows, unknown top-level keys are left out here).
func params(meta map[string]any) map[string]any {
	if p, ok := meta["params"].(map[string]any); ok {
		return p
	}
	return nil
}

// htmlToMarkdownText reduces an HTML content page to paragraphs of text.
func htmlToMarkdownText(h string) string {
	text := stripHTML(h)
	var paras []string
	for _, para := range strings.Split(text, "\n") {
		if para = strings.Join(strings.Fields(para), " "); para != "" {
			paras = append(paras, para)
		}
	}
	return strings.Join(paras, "\n\n")
}
