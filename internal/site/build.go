package site

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

// New selects and orders what readers see, with Hugo's rules:
// bundles, sections, languages, publication dates, unique slugs. It runs
// on every reload, so it makes few passes over the pages.
func New(in Input) *Snapshot {
	s := &Snapshot{
		Site:         in.Site,
		Problems:     append([]page.Problem(nil), in.Problems...),
		Built:        in.Now,
		open:         in.Open,
		openSite:     in.OpenSite,
		filesVersion: in.FilesVersion,
		Sections:     map[string]Section{},
		bySlug:       make(map[string]*page.Page, len(in.Files)),
		byPath:       make(map[string]*page.Page, len(in.Files)),
		translations: map[string][]*page.Page{},
		resources:    map[string][]string{},
		taxonomies:   map[string]map[string][]*page.Page{},
	}
	leafDirs := map[string]bool{}
	for _, p := range in.Files {
		if p.Kind == page.KindLeaf {
			leafDirs[path.Dir(p.Path)] = true
		}
	}
	for _, o := range in.Others {
		if dir := path.Dir(o); leafDirs[dir] {
			s.resources[dir] = append(s.resources[dir], path.Base(o))
		}
	}
	published := make([]*page.Page, 0, len(in.Files))
	var otherLangs []*page.Page
	sections := map[string]int{}
	for _, p := range in.Files {
		s.Problems = append(s.Problems, p.Warnings...)
		switch {
		case p.Kind == page.KindBranch:
			if p.Lang == in.Site.Language {
				s.addSection(p)
			}
			continue
		case isResource(p, leafDirs) || p.Headless:
			continue
		}
		s.noteSchedule(p, in.Now)
		if !p.Published(in.Now) {
			continue
		}
		if p.Lang != in.Site.Language {
			otherLangs = append(otherLangs, p)
			continue
		}
		published = append(published, p)
		if p.Section != "" {
			sections[p.Section]++
		}
	}
	// Site text comes from config files, flags and _index.md: all of it
	// reaches the terminal (the window title too).
	s.Site.Title, s.Site.Description = page.Clean(s.Site.Title), page.Clean(s.Site.Description)
	if s.Site.Title == "" {
		s.Site.Title = "sshblog"
	}
	published = s.assignSlugs(published)
	s.linkTranslations(published, otherLangs)
	main := in.Site.MainSections
	if len(main) == 0 {
		main = []string{mainSection(sections)}
	}
	for _, p := range published {
		if p.Section == "" || !slices.Contains(main, p.Section) {
			// A theme's search page has no text, and no search behind
			// it here: it stays off the pages menu (its slug still works).
			if !(p.Layout == "search" && strings.TrimSpace(p.Body()) == "") {
				s.Pages = append(s.Pages, p)
			}
			continue
		}
		s.Posts = append(s.Posts, p)
		s.Words += p.WordCount
	}
	s.sortPostsFrom(s.Posts, in.Prev)
	s.indexPosts() // after sorting: term and month lists are in list order
	sort.SliceStable(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Path < b.Path // not the order files were read in
	})
	s.addAliases(published, in.OldSlugs)
	s.buildSearch(in.Prev)
	sort.Slice(s.Problems, func(i, j int) bool {
		if s.Problems[i].Path != s.Problems[j].Path {
			return s.Problems[i].Path < s.Problems[j].Path
		}
		return s.Problems[i].Line < s.Problems[j].Line
	})
	return s
}

// linkTranslations groups language versions by translation key, only for
// pages that have some (most sites are monolingual), and makes the other
// languages reachable as "LANG/slug", like Hugo's /LANG/ URL prefix.
func (s *Snapshot) linkTranslations(published, others []*page.Page) {
	if len(others) == 0 {
		return
	}
	for _, t := range others {
		s.translations[t.TranslationKey] = append(s.translations[t.TranslationKey], t)
	}
	for _, p := range published {
		if ts, ok := s.translations[p.TranslationKey]; ok {
			s.translations[p.TranslationKey] = append(ts, p)
		}
	}
	for _, t := range others {
		s.setIfFree(t.Lang+"/"+t.Slug, t)
		s.byPath[t.Path] = t
	}
}

func (s *Snapshot) addSection(p *page.Page) {
	dir := path.Dir(p.Logical)
	if dir == "." {
		if s.Site.Description == "" {
			s.Site.Description = p.Description
		}
		if s.Site.Title == "" && p.Title != "_index" && p.Title != "" {
			s.Site.Title = p.Title
		}
		return
	}
	s.Sections[dir] = Section{Name: dir, Title: p.Title, Description: p.Description}
}

// noteSchedule records the next moment publication changes because of p.
func (s *Snapshot) noteSchedule(p *page.Page, now time.Time) {
	if p.Draft {
		return
	}
	for _, t := range []time.Time{p.PublishDate, p.ExpiryDate} {
		if t.After(now) && (s.NextChange.IsZero() || t.Before(s.NextChange)) {
			s.NextChange = t
		}
	}
}

// assignSlugs makes every slug unique. The first page by path keeps a
// contested slug; each other one takes its path (lower-cased), or that with
// a number, whichever no page owns, and the clash is reported.
func (s *Snapshot) assignSlugs(ps []*page.Page) []*page.Page {
	// Find each slug's owner without sorting everything: clashes are rare.
	owner := make(map[string]*page.Page, len(ps))
	for _, p := range ps {
		if first, taken := owner[p.Slug]; !taken || p.Path < first.Path {
			owner[p.Slug] = p
		}
	}
	var losers []int
	for i, p := range ps {
		if owner[p.Slug] != p {
			losers = append(losers, i)
			continue
		}
		s.bySlug[p.Slug] = p
		s.byPath[p.Path] = p
	}
	// In path order, so the result does not depend on the order files
	// were read in.
	sort.Slice(losers, func(a, b int) bool { return ps[losers[a]].Path < ps[losers[b]].Path })
	for _, i := range losers {
		p := ps[i]
		cp := *p
		base := strings.ToLower(p.TranslationKey)
		cp.Slug = base
		for n := 2; s.bySlug[cp.Slug] != nil; n++ {
			cp.Slug = fmt.Sprintf("%s-%d", base, n)
		}
		s.Problems = append(s.Problems, page.Problem{Path: p.Path, Err: fmt.Sprintf("slug %q is also used by %s; this page is served as %q", p.Slug, owner[p.Slug].Path, cp.Slug)})
		ps[i] = &cp
		s.bySlug[cp.Slug] = &cp
		s.byPath[cp.Path] = &cp
	}
	return ps
}

// addAliases makes aliases and renamed slugs resolve, without ever taking
// a slug a page owns.
func (s *Snapshot) addAliases(ps []*page.Page, oldSlugs map[string]string) {
	for _, p := range ps {
		// A page's url and aliases are other names for it (Hugo serves the
		// page at url and redirects from aliases).
		names := p.Aliases
		if p.URL != "" {
			names = append([]string{p.URL}, names...)
		}
		for _, a := range names {
			a = strings.Trim(a, "/")
			s.setIfFree(a, p)
			s.setIfFree(path.Base(a), p)
		}
	}
	for slug, target := range oldSlugs {
		if p, ok := s.byPath[target]; ok {
			s.setIfFree(slug, p)
		}
	}
}

func (s *Snapshot) setIfFree(slug string, p *page.Page) {
	slug = strings.ToLower(slug)
	if _, taken := s.bySlug[slug]; !taken && slug != "" && slug != "." {
		s.bySlug[slug] = p
	}
}

// isResource reports whether p lies inside a leaf bundle other than its
// own: such files are the bundle's resources, not pages.
func isResource(p *page.Page, leafDirs map[string]bool) bool {
	dir := path.Dir(p.Path)
	if p.Kind == page.KindLeaf {
		return page.InsideBundle(dir, leafDirs)
	}
	return leafDirs[dir] || page.InsideBundle(dir, leafDirs)
}

// mainSection is the section with the most pages, as Hugo picks
// params.mainSections by default. Ties go to the alphabetically first.
func mainSection(counts map[string]int) string {
	best := ""
	for sec, n := range counts {
		if n > counts[best] || n == counts[best] && sec < best {
			best = sec
		}
	}
	return best
}
