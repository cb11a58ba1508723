package site

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

// What a reader browses is a list of pages; the TUI asks the snapshot for
// one by describing it with a Listing instead of knowing where each list
// comes from.

// ListKind says which list a Listing names.
type ListKind int

// The lists a reader can browse.
const (
	// ListPosts is the posts, in list order (the home list).
	ListPosts ListKind = iota
	// ListPages is the other pages (About, Links, ...).
	ListPages
	// ListTerm is the posts of one term of a taxonomy (a tag, a category).
	ListTerm
	// ListMonth is the posts of one month, or of one year when Month is 0.
	ListMonth
	// ListSearch is the posts and pages that match a query, best first.
	ListSearch
)

// Listing names one list of pages.
type Listing struct {
	Kind ListKind
	// Taxonomy ("tags", "categories") and Term name a ListTerm.
	Taxonomy, Term string
	// Year and Month name a ListMonth; Month 0 is the whole year.
	Year  int
	Month time.Month
	// Query is a ListSearch's query.
	Query string
}

// List returns the pages of l, in the order a reader sees them. The slice
// belongs to the snapshot: callers must not modify it.
func (s *Snapshot) List(l Listing) []*page.Page {
	switch l.Kind {
	case ListPages:
		return s.Pages
	case ListTerm:
		return s.TermPosts(l.Taxonomy, l.Term)
	case ListMonth:
		return s.MonthPosts(l.Year, l.Month)
	case ListSearch:
		return s.Search(l.Query).Pages()
	}
	return s.Posts
}

// TermPosts returns the posts of a term of a taxonomy, in list order.
func (s *Snapshot) TermPosts(taxonomy, term string) []*page.Page {
	return s.taxonomies[taxonomy][term]
}

// Term is one term of a taxonomy and how many posts carry it.
type Term struct {
	Name  string
	Count int
}

// Terms returns the terms of a taxonomy, most used first, then by name.
func (s *Snapshot) Terms(taxonomy string) []Term {
	out := make([]Term, 0, len(s.taxonomies[taxonomy]))
	for name, ps := range s.taxonomies[taxonomy] {
		out = append(out, Term{name, len(ps)})
	}
	slices.SortFunc(out, func(a, b Term) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// Month is one month of the archive and its number of posts.
type Month struct {
	Year  int
	Month time.Month
	Count int
}

// Months returns the archive: the months that have posts, newest first.
// Posts without a date are not in it.
func (s *Snapshot) Months() []Month { return s.months }

// MonthPosts returns the posts dated in a month (or a year, when month is
// 0), newest first.
func (s *Snapshot) MonthPosts(year int, month time.Month) []*page.Page {
	var out []*page.Page
	for _, p := range s.byDate {
		if p.Date.Year() == year && (month == 0 || p.Date.Month() == month) {
			out = append(out, p)
		}
	}
	return out
}

// indexPosts builds the taxonomies and the archive from the sorted posts.
func (s *Snapshot) indexPosts() {
	for _, p := range s.Posts {
		for plural, terms := range p.Taxonomies {
			if s.taxonomies[plural] == nil {
				s.taxonomies[plural] = map[string][]*page.Page{}
			}
			for _, t := range terms {
				s.taxonomies[plural][t] = append(s.taxonomies[plural][t], p)
			}
		}
		if !p.Date.IsZero() {
			s.byDate = append(s.byDate, p)
		}
	}
	// Weighted posts come first in the list; the archive is by date only.
	slices.SortStableFunc(s.byDate, func(a, b *page.Page) int { return b.Date.Compare(a.Date) })
	for _, p := range s.byDate {
		y, m := p.Date.Year(), p.Date.Month()
		if n := len(s.months); n > 0 && s.months[n-1].Year == y && s.months[n-1].Month == m {
			s.months[n-1].Count++
			continue
		}
		s.months = append(s.months, Month{Year: y, Month: m, Count: 1})
	}
}
