package site

import (
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

// Edit is one file that changed in place: the page prev shows and the
// page the file parses to now.
type Edit struct {
	Old, New *page.Page
}

// Apply returns the snapshot prev becomes when only the files of edits
// changed, judged at now, without looking at the other pages: the lists,
// maps and term lists of prev that the edits do not touch are shared,
// what they touch is copied, and the edited pages move to their place in
// the order. It covers the common edit (text, title, date, weight, tags of
// a published page), the one a writer saving a post makes, and reports
// false for anything else (a page appearing or vanishing, a new slug,
// aliases, a draft, a scheduled date, a translation, warnings...): New
// handles those. oldSlugs is the store's map of renamed slugs.
func Apply(prev *Snapshot, edits []Edit, now time.Time, oldSlugs map[string]string) (*Snapshot, bool) {
	if prev == nil || !prev.NextChange.IsZero() && !now.Before(prev.NextChange) {
		return nil, false // publication changes at this moment: New decides
	}
	for _, e := range edits {
		if !prev.editable(e, now, oldSlugs) {
			return nil, false
		}
	}
	s := &Snapshot{
		Site: prev.Site, Problems: prev.Problems, Built: now, NextChange: prev.NextChange,
		Sections: prev.Sections, open: prev.open, openSite: prev.openSite, filesVersion: prev.filesVersion, resources: prev.resources, translations: prev.translations,
		Posts: slices.Clone(prev.Posts), Pages: slices.Clone(prev.Pages), Words: prev.Words,
		bySlug: maps.Clone(prev.bySlug), byPath: maps.Clone(prev.byPath),
		taxonomies: maps.Clone(prev.taxonomies), byDate: prev.byDate, months: prev.months,
	}
	cloned := map[string]bool{} // taxonomies whose term map is s's own
	for _, e := range edits {
		old, p := e.Old, e.New
		for _, name := range append(aliasKeys(old), old.Slug) {
			if s.bySlug[name] == old {
				s.bySlug[name] = p
			}
		}
		s.byPath[p.Path] = p
		i := slices.Index(s.Posts, old)
		if i < 0 {
			s.Pages = replaceSorted(s.Pages, old, p, comparePages)
			continue
		}
		s.Posts = replaceSorted(s.Posts, old, p, listOrder)
		s.Words += p.WordCount - old.WordCount
		s.retag(old, p, cloned)
		s.redate(old, p)
	}
	s.buildSearch(prev)
	return s, true
}

// editable reports whether e is an edit Apply can make.
func (prev *Snapshot) editable(e Edit, now time.Time, oldSlugs map[string]string) bool {
	old, p := e.Old, e.New
	if _, ok := prev.order[old]; !ok || prev.byPath[old.Path] != old {
		return false // not shown, or shown as a copy (a slug clash)
	}
	switch {
	case p.Path != old.Path, p.Kind != old.Kind, p.Section != old.Section, p.Lang != old.Lang,
		p.TranslationKey != old.TranslationKey, p.Slug != old.Slug, p.URL != old.URL,
		!slices.Equal(p.Aliases, old.Aliases), p.Layout != old.Layout, p.Layout == "search",
		p.Headless, p.Kind == page.KindBranch, !p.Published(now),
		len(p.Warnings) > 0, len(old.Warnings) > 0,
		p.PublishDate.After(now), p.ExpiryDate.After(now), old.PublishDate.After(now), old.ExpiryDate.After(now):
		return false
	}
	if _, ok := prev.translations[old.TranslationKey]; ok {
		return false
	}
	for _, target := range oldSlugs {
		if target == old.Path {
			return false
		}
	}
	return true
}

// aliasKeys are the names addAliases gives p.
func aliasKeys(p *page.Page) []string {
	names := p.Aliases
	if p.URL != "" {
		names = append([]string{p.URL}, names...)
	}
	var keys []string
	for _, a := range names {
		a = strings.Trim(a, "/")
		keys = append(keys, strings.ToLower(a), strings.ToLower(path.Base(a)))
	}
	return keys
}

// comparePages is the order of Pages (see New).
func comparePages(a, b *page.Page) int {
	if a.Weight != b.Weight {
		return a.Weight - b.Weight
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

// listOrder compares posts as the list orders them.
func listOrder(a, b *page.Page) int {
	k, l := keyOf(a), keyOf(b)
	return comparePosts(&k, &l)
}

// replaceSorted replaces old by p in ps (sorted by cmp, s's own copy),
// moving it if its place in the order changed.
func replaceSorted(ps []*page.Page, old, p *page.Page, cmp func(a, b *page.Page) int) []*page.Page {
	i := slices.Index(ps, old)
	ps[i] = p
	if (i == 0 || cmp(ps[i-1], p) < 0) && (i == len(ps)-1 || cmp(p, ps[i+1]) < 0) {
		return ps // still in place
	}
	ps = slices.Delete(ps, i, i+1)
	j, _ := slices.BinarySearchFunc(ps, p, cmp)
	return slices.Insert(ps, j, p)
}

// retag moves a post from the term lists of old to those of p, in list
// order. Term lists and term maps are shared with the previous snapshot
// until changed here.
func (s *Snapshot) retag(old, p *page.Page, cloned map[string]bool) {
	for plural := range s.taxonomyNames(old, p) {
		if !cloned[plural] {
			s.taxonomies[plural] = maps.Clone(s.taxonomies[plural])
			if s.taxonomies[plural] == nil {
				s.taxonomies[plural] = map[string][]*page.Page{}
			}
			cloned[plural] = true
		}
		terms := s.taxonomies[plural]
		for _, t := range old.Taxonomies[plural] {
			if ps, ok := terms[t]; ok && slices.Contains(ps, old) {
				ps = slices.DeleteFunc(slices.Clone(ps), func(q *page.Page) bool { return q == old })
				if len(ps) == 0 {
					delete(terms, t)
				} else {
					terms[t] = ps
				}
			}
		}
		for _, t := range p.Taxonomies[plural] {
			ps := slices.Clone(terms[t])
			j, _ := slices.BinarySearchFunc(ps, p, listOrder)
			terms[t] = slices.Insert(ps, j, p)
		}
	}
}

// taxonomyNames is the union of the taxonomies of a and b.
func (s *Snapshot) taxonomyNames(a, b *page.Page) map[string]bool {
	names := map[string]bool{}
	for plural := range a.Taxonomies {
		names[plural] = true
	}
	for plural := range b.Taxonomies {
		names[plural] = true
	}
	return names
}

// redate moves a post in the archive: by date, newest first, then in
// list order (see indexPosts).
func (s *Snapshot) redate(old, p *page.Page) {
	byDate := slices.DeleteFunc(slices.Clone(s.byDate), func(q *page.Page) bool { return q == old })
	if !p.Date.IsZero() {
		j, _ := slices.BinarySearchFunc(byDate, p, func(q, p *page.Page) int {
			if c := p.Date.Compare(q.Date); c != 0 {
				return c
			}
			return listOrder(q, p)
		})
		byDate = slices.Insert(byDate, j, p)
	}
	s.byDate = byDate
	s.months = nil
	for _, p := range s.byDate {
		y, m := p.Date.Year(), p.Date.Month()
		if n := len(s.months); n > 0 && s.months[n-1].Year == y && s.months[n-1].Month == m {
			s.months[n-1].Count++
			continue
		}
		s.months = append(s.months, Month{Year: y, Month: m, Count: 1})
	}
}
