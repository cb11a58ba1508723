package server

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// runStats writes `stats`: the posts and their words as the reader's
// footer counts them (the site's language, the Hugo hasCJKLanguage rule),
// then posts and words per language (translations included) and per
// year, tab-separated:
//
//	posts	258
//	words	515332
//	language	zh-cn	258	515332
//	year	2024	31	60210
//
// Posts without a date are counted in year "-".
func runStats(snap *site.Snapshot, w io.Writer) error {
	type count struct {
		key          string
		posts, words int
	}
	tally := func(m map[string]*count, key string, p *page.Page) {
		c := m[key]
		if c == nil {
			c = &count{key: key}
			m[key] = c
		}
		c.posts++
		c.words += p.WordCount
	}
	langs, years := map[string]*count{}, map[string]*count{}
	sections := map[string]bool{}
	for _, p := range snap.Posts {
		tally(langs, p.Lang, p)
		year := "-"
		if !p.Date.IsZero() {
			year = fmt.Sprintf("%04d", p.Date.Year())
		}
		tally(years, year, p)
		sections[p.Section] = true
	}
	// The other languages' posts are the translations in the posts'
	// sections; the footer, like the home list, counts one language.
	for _, p := range snap.All() {
		if p.Lang != snap.Site.Language && sections[p.Section] {
			tally(langs, p.Lang, p)
		}
	}
	sorted := func(m map[string]*count, desc bool) []*count {
		out := make([]*count, 0, len(m))
		for _, c := range m {
			out = append(out, c)
		}
		slices.SortFunc(out, func(a, b *count) int {
			if desc {
				return cmp.Compare(b.key, a.key)
			}
			if c := cmp.Compare(b.posts, a.posts); c != 0 {
				return c
			}
			return cmp.Compare(a.key, b.key)
		})
		return out
	}
	if _, err := fmt.Fprintf(w, "posts\t%d\nwords\t%d\n", len(snap.Posts), snap.Words); err != nil {
		return err
	}
	for _, c := range sorted(langs, false) {
		if _, err := fmt.Fprintf(w, "language\t%s\t%d\t%d\n", field(c.key), c.posts, c.words); err != nil {
			return err
		}
	}
	// Newest year first, as the archive; undated posts last.
	for _, c := range sorted(years, true) {
		if c.key == "-" {
			continue
		}
		if _, err := fmt.Fprintf(w, "year\t%s\t%d\t%d\n", c.key, c.posts, c.words); err != nil {
			return err
		}
	}
	if c := years["-"]; c != nil {
		if _, err := fmt.Fprintf(w, "year\t-\t%d\t%d\n", c.posts, c.words); err != nil {
			return err
		}
	}
	return nil
}
