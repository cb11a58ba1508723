package site

import (
	"cmp"
	"slices"

	"github.com/sshblog/sshblog/internal/page"
)

// Related posts follow Hugo's default related-content configuration, with
// categories weighed as tags (the Stack theme shows both): a post sharing
// a tag or a category scores 80 for each, 10 more when it is from the
// same year (Hugo's date index, pattern "2006"), and counts from Hugo's
// threshold of 80, so the year alone relates nothing. As Hugo's
// includeNewer = false, only posts not newer than p are related. The best
// come first, newer first on ties.
const (
	relatedTermWeight = 80
	relatedYearWeight = 10
	relatedThreshold  = 80
	// relatedMaxTerms bounds the terms of one post looked at: a post may
	// carry thousands.
	relatedMaxTerms = 64
)

// Related returns up to n posts related to p, best first.
func (s *Snapshot) Related(p *page.Page, n int) []*page.Page {
	score := map[*page.Page]int{}
	for _, tax := range []string{"tags", "categories"} {
		terms := p.Taxonomies[tax]
		for _, t := range terms[:min(len(terms), relatedMaxTerms)] {
			for _, q := range s.taxonomies[tax][t] {
				if q.Path != p.Path && !q.Date.After(p.Date) {
					score[q] += relatedTermWeight
				}
			}
		}
	}
	out := make([]*page.Page, 0, len(score))
	for q, sc := range score {
		if !q.Date.IsZero() && q.Date.Year() == p.Date.Year() {
			score[q] = sc + relatedYearWeight
		}
		if score[q] >= relatedThreshold {
			out = append(out, q)
		}
	}
	slices.SortFunc(out, func(a, b *page.Page) int {
		if c := cmp.Compare(score[b], score[a]); c != 0 {
			return c
		}
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
	return out[:min(n, len(out))]
}
