package content

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Site is the blog's own metadata.
type Site struct {
	Title       string
	Description string
	// Language is a BCP 47 tag such as "zh-cn" or "en", if known.
	Language string
}

// Problem is a content file that could not be used as it is now. If an
// earlier version parsed, that version is still served.
type Problem struct {
	Path string
	Line int
	Err  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Err)
	}
	return p.Path + ": " + p.Err
}

// Snapshot is an immutable view of the content folder at one moment.
// Readers keep the snapshot they started with; a reload builds a new one.
type Snapshot struct {
	Site Site
	// Posts are the published pages of the main sections, in list order.
	Posts []*Post
	// Pages are other published pages (About, ...), by title.
	Pages []*Post
	// Problems lists files that failed to parse, by path.
	Problems []Problem
	// Words is the sum of the posts' word counts.
	Words int
	// Built is when the snapshot was made; publication is judged then.
	Built time.Time

	bySlug map[string]*Post
}

// Lookup finds a published post or page by slug.
func (s *Snapshot) Lookup(slug string) (*Post, bool) {
	p, ok := s.bySlug[strings.ToLower(slug)]
	return p, ok
}

// NewSnapshot selects and orders what readers see from parsed files.
func NewSnapshot(site Site, files []*Post, problems []Problem, now time.Time) *Snapshot {
	s := &Snapshot{Site: site, Problems: problems, Built: now, bySlug: map[string]*Post{}}
	var published []*Post
	for _, p := range files {
		if p.IsIndex {
			continue
		}
		if p.Published(now) {
			published = append(published, p)
		}
	}
	main := mainSection(published)
	for _, p := range published {
		if p.Section == main && p.Section != "" {
			s.Posts = append(s.Posts, p)
		} else {
			s.Pages = append(s.Pages, p)
		}
	}
	SortPosts(s.Posts)
	sort.SliceStable(s.Pages, func(i, j int) bool { return s.Pages[i].Title < s.Pages[j].Title })
	for _, p := range append(append([]*Post{}, s.Posts...), s.Pages...) {
		if _, dup := s.bySlug[p.Slug]; !dup {
			s.bySlug[p.Slug] = p
		}
		s.Words += p.WordCount
	}
	sort.Slice(s.Problems, func(i, j int) bool { return s.Problems[i].Path < s.Problems[j].Path })
	return s
}

// mainSection is the section with the most pages, as Hugo picks
// params.mainSections by default. Ties go to the alphabetically first.
func mainSection(pages []*Post) string {
	counts := map[string]int{}
	for _, p := range pages {
		if p.Section != "" {
			counts[p.Section]++
		}
	}
	best := ""
	for sec, n := range counts {
		if n > counts[best] || n == counts[best] && sec < best {
			best = sec
		}
	}
	return best
}

// SortPosts orders posts as Hugo's default page sort: by weight (pages with
// a weight first), then date newest first, then title.
func SortPosts(ps []*Post) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Weight != b.Weight {
			if a.Weight == 0 || b.Weight == 0 {
				return a.Weight != 0
			}
			return a.Weight < b.Weight
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.Title < b.Title
	})
}
