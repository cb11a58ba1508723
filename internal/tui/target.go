package tui

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/sanitize"
	"github.com/sshblog/sshblog/internal/site"
)

// A deep link is what a reader types after the host (ssh -t HOST TARGET):
//
//	SLUG                 the post or page (its slug, an alias, an old slug, its url)
//	tags, categories     the terms, most used first
//	tags/NAME            the posts of a tag (categories/NAME: of a category)
//	archives             the archive (archive, archives/2024, archives/2024/05)
//	search/QUERY         the search screen with QUERY typed
//
// Each opens over the home list, so back leads home. Anything else opens
// the home list with a one-line notice.

// maxTarget bounds the target kept for the notice.
const maxTarget = 80

// maxTargetBytes bounds a target that is looked up: no slug, term or
// query is longer, and a command line may be 256 KB, which findTerm would
// otherwise fold and compare against every term of the site.
const maxTargetBytes = 1 << 10

// openTarget opens a deep link; the returned command renders a post.
func (m *Model) openTarget(target string) tea.Cmd {
	target = strings.Trim(strings.TrimSpace(target), "/")
	if target == "" {
		return nil
	}
	if len(target) > maxTargetBytes {
		return m.unknownTarget(target[:maxTargetBytes])
	}
	if t, err := url.PathUnescape(target); err == nil {
		target = t // a link copied from a browser
	}
	head, rest, _ := strings.Cut(target, "/")
	switch strings.ToLower(head) {
	case "search":
		m.openSearch(rest)
		return nil
	case "tags", "categories", "tag", "category":
		tax := map[string]string{"tag": "tags", "category": "categories"}[strings.ToLower(head)]
		if tax == "" {
			tax = strings.ToLower(head)
		}
		if rest == "" {
			m.openTerms(tax)
			return nil
		}
		if name, ok := m.findTerm(tax, rest); ok {
			m.openList(site.Listing{Kind: site.ListTerm, Taxonomy: tax, Term: name})
			return nil
		}
	case "archives", "archive":
		if y, mo, ok := parseMonth(rest); ok && len(m.snap.MonthPosts(y, mo)) > 0 {
			m.openArchive()
			m.archive.selectYear(y)
			m.openList(site.Listing{Kind: site.ListMonth, Year: y, Month: mo})
			return nil
		} else if rest == "" {
			m.openArchive()
			return nil
		}
	}
	if p, ok := m.snap.Lookup(target); ok {
		m.list.selectPath(p.Path)
		m.push()
		return m.open(p)
	}
	return m.unknownTarget(target)
}

// unknownTarget says that target names nothing, with at most maxTarget
// of its characters.
func (m *Model) unknownTarget(target string) tea.Cmd {
	shown := sanitize.Text(target)
	if len([]rune(shown)) > maxTarget {
		shown = string([]rune(shown)[:maxTarget]) + "…"
	}
	return m.notify(m.str.Unknown(shown))
}

// findTerm finds a term by name as written, else ignoring case and
// Hugo's URL form (spaces as dashes).
func (m *Model) findTerm(taxonomy, name string) (string, bool) {
	terms := m.snap.Taxonomy(taxonomy)
	if _, ok := terms[name]; ok {
		return name, true
	}
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "-") }
	want := norm(name)
	for t := range terms {
		if norm(t) == want {
			return t, true
		}
	}
	return "", false
}

// parseMonth reads "2024", "2024/05" or "2024-05".
func parseMonth(s string) (int, time.Month, bool) {
	y, m, hasMonth := strings.Cut(strings.ReplaceAll(s, "-", "/"), "/")
	year, err := strconv.Atoi(y)
	if err != nil || year < 1 || year > 9999 {
		return 0, 0, false
	}
	if !hasMonth {
		return year, 0, true
	}
	month, err := strconv.Atoi(m)
	if err != nil || month < 1 || month > 12 {
		return 0, 0, false
	}
	return year, time.Month(month), true
}
