package site

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

func TestRelatedSharesTermsAsHugoDefaults(t *testing.T) {
	s := build(t, Config{}, page.Options{}, map[string]string{
		"posts/new.md":   "---\ntitle: New\ndate: 2024-06-01\ntags: [go, ssh]\ncategories: [tech]\n---\n",
		"posts/two.md":   "---\ntitle: Two\ndate: 2023-01-01\ntags: [go, ssh]\n---\n",
		"posts/cat.md":   "---\ntitle: Cat\ndate: 2022-01-01\ncategories: [tech]\n---\n",
		"posts/year.md":  "---\ntitle: Year\ndate: 2024-02-01\ntags: [go]\n---\n",
		"posts/alone.md": "---\ntitle: Alone\ndate: 2024-03-01\ntags: [cooking]\n---\n",
		"posts/newer.md": "---\ntitle: Newer\ndate: 2025-01-01\ntags: [go, ssh]\ncategories: [tech]\n---\n",
	})
	p, _ := s.Lookup("new")
	// Two shares two tags (160); Year one tag and the year (90); Cat a
	// category (80); Alone only the year (10, under the threshold);
	// Newer is newer (includeNewer = false).
	if got := titles(s.Related(p, 5)); got != "Two,Year,Cat" {
		t.Errorf("related = %s, want Two,Year,Cat", got)
	}
	if got := titles(s.Related(p, 2)); got != "Two,Year" {
		t.Errorf("related, 2 = %s", got)
	}
	old, _ := s.Lookup("cat")
	if got := titles(s.Related(old, 5)); got != "" {
		t.Errorf("related of the oldest = %s, want none", got)
	}
}

// TestRelatedPicksAsAFullSortWould: the best n picked as they come are
// the first n of every candidate scored and sorted, as Hugo ranks them.
func TestRelatedPicksAsAFullSortWould(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	files := make([]*page.Page, 0, 400)
	for i := range 400 {
		var tags []string
		for range r.IntN(4) { // repeats too: a post counts once a term
			tags = append(tags, fmt.Sprintf("t%d", r.IntN(12)))
		}
		date := time.Date(2020+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(3), 0, 0, 0, 0, time.UTC)
		src := fmt.Sprintf("---\ntitle: P%d\ndate: %s\ntags: [%s]\ncategories: [c%d]\n---\n",
			i, date.Format(time.RFC3339), strings.Join(tags, ", "), r.IntN(5))
		p, err := page.Parse(fmt.Sprintf("posts/p%03d.md", i), []byte(src), page.Options{})
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	s := New(Input{Files: files, Now: time.Now()})
	for _, p := range s.Posts {
		want := fullSortRelated(s, p)
		for _, n := range []int{1, 5, 40} {
			got := s.Related(p, n)
			if w := want[:min(n, len(want))]; titles(got) != titles(w) {
				t.Fatalf("related of %s, %d: %s, want %s", p.Title, n, titles(got), titles(w))
			}
		}
	}
}

// fullSortRelated scores every post against p and sorts them all.
func fullSortRelated(s *Snapshot, p *page.Page) []*page.Page {
	var out []*page.Page
	scores := map[*page.Page]int{}
	for _, q := range s.Posts {
		if q.Path == p.Path || q.Date.After(p.Date) {
			continue
		}
		sc := 0
		for _, tax := range []string{"tags", "categories"} {
			for _, t := range p.Taxonomies[tax] {
				if slices.Contains(q.Taxonomies[tax], t) {
					sc += relatedTermWeight
				}
			}
		}
		if sc > 0 && q.Date.Year() == p.Date.Year() {
			sc += relatedYearWeight
		}
		if sc >= relatedThreshold {
			scores[q] = sc
			out = append(out, q)
		}
	}
	slices.SortFunc(out, func(a, b *page.Page) int {
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
	return out
}
