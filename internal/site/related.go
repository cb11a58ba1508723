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
	// relatedMaxVisits bounds the posts counted over all the terms: 64
	// terms each shared by 50,000 posts would be 3.2 million map updates
	// for each post opened. Past it, the most common terms are left out.
	relatedMaxVisits = 200_000
)

// Related returns up to n posts related to p, best first. Its work is
// linear in the length of p's term lists (at most relatedMaxTerms of
// them): the best n are picked as they come, the candidates are never
// sorted (at 50,000 posts sharing a tag, sorting them all was most of the
// cost of opening a post).
func (s *Snapshot) Related(p *page.Page, n int) []*page.Page {
	if n <= 0 {
		return nil
	}
	var lists [][]*page.Page
	for _, tax := range []string{"tags", "categories"} {
		terms := p.Taxonomies[tax]
		for _, t := range terms[:min(len(terms), relatedMaxTerms)] {
			lists = append(lists, s.taxonomies[tax][t])
		}
	}
	// The most specific terms first, so that what relatedMaxVisits leaves
	// out is the terms every post shares.
	slices.SortStableFunc(lists, func(a, b []*page.Page) int { return cmp.Compare(len(a), len(b)) })
	score := map[*page.Page]int{}
	visits := 0
	for _, l := range lists {
		if visits += len(l); visits > relatedMaxVisits && len(score) > 0 {
			break
		}
		for _, q := range l {
			if q.Path != p.Path && !q.Date.After(p.Date) {
				score[q] += relatedTermWeight
			}
		}
	}
	year := p.Date.Year()
	best := make([]scored, 0, n+1)
	for q, sc := range score {
		if !q.Date.IsZero() && q.Date.Year() == year {
			sc += relatedYearWeight
		}
		if sc < relatedThreshold {
			continue
		}
		c := scored{q, sc}
		if len(best) == n && !c.before(best[n-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, c, func(a, b scored) int {
			if a.before(b) {
				return -1
			}
			return 1
		})
		best = slices.Insert(best, i, c)
		if len(best) > n {
			best = best[:n]
		}
	}
	out := make([]*page.Page, len(best))
	for i, c := range best {
		out[i] = c.p
	}
	return out
}

// scored is a candidate of Related with its score.
type scored struct {
	p     *page.Page
	score int
}

// before reports whether a ranks above b: the higher score, then the
// newer, then by path.
func (a scored) before(b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if c := b.p.Date.Compare(a.p.Date); c != 0 {
		return c < 0
	}
	return cmp.Less(a.p.Path, b.p.Path)
}
