package site

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

// dump is everything a reader can see of a snapshot, in order: lists,
// slugs, taxonomies, the archive, stats, problems and search results.
func dump(s *Snapshot) string {
	var b strings.Builder
	for _, p := range s.Posts {
		fmt.Fprintf(&b, "post %s %s %q %s\n", p.Path, p.Slug, p.Title, p.Date.Format(time.RFC3339))
		if l, ok := s.Lookup(p.Slug); !ok || l != p {
			fmt.Fprintf(&b, "  slug %s does not lead to it\n", p.Slug)
		}
	}
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "page %s %s\n", p.Path, p.Slug)
	}
	for _, tax := range []string{"tags", "categories"} {
		for _, t := range s.Terms(tax) {
			fmt.Fprintf(&b, "%s %s %d:", tax, t.Name, t.Count)
			for _, p := range s.TermPosts(tax, t.Name) {
				b.WriteString(" " + p.Path)
			}
			b.WriteByte('\n')
		}
	}
	for _, m := range s.Months() {
		fmt.Fprintf(&b, "month %d-%d %d:", m.Year, m.Month, m.Count)
		for _, p := range s.MonthPosts(m.Year, m.Month) {
			b.WriteString(" " + p.Path)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "words %d next %s\n", s.Words, s.NextChange)
	for _, pr := range s.Problems {
		fmt.Fprintf(&b, "problem %s\n", pr.String())
	}
	for _, q := range []string{"terminal", "终端", "阅读文章", "edited", "post", "t3"} {
		fmt.Fprintf(&b, "search %q:", q)
		for _, p := range s.Search(q).Pages() {
			b.WriteString(" " + p.Path)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Every kind of change, made at random many times over: the snapshot built
// from the previous one is the snapshot built from scratch. Posts share
// dates and titles (ties in the list order), slugs clash, posts move in
// and out of sections and become drafts or future posts.
func TestIncrementalEqualsFullRebuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	parse := func(path string, n int) *page.Page {
		date := time.Date(2024, 1, 1+n%20, 0, 0, 0, 0, time.UTC) // many posts a day
		title := fmt.Sprintf("Post %d", n%15)                    // and many titles twice
		body := "We read in the terminal, post %d."
		if n%2 == 0 {
			body = "我们在终端里阅读文章，第 %d 篇。"
		}
		extra := ""
		switch n % 11 {
		case 3:
			extra = "slug: shared\n" // a clash
		case 5:
			extra = "draft: true\n"
		case 7:
			extra = "weight: 2\n"
		case 9:
			date = now.Add(time.Hour * 24 * 30) // scheduled
		}
		src := fmt.Sprintf("---\ntitle: %s\ndate: %s\ntags: [t%d, common]\ncategories: [c%d]\n%s---\n"+body+"\n",
			title, date.Format(time.RFC3339), n%5, n%3, extra, n)
		p, err := page.Parse(path, []byte(src), page.Options{HasCJKLanguage: true})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := map[string]*page.Page{}
	var paths []string
	for i := range 120 {
		path := fmt.Sprintf("posts/p%03d.md", i)
		if i%10 == 0 {
			path = fmt.Sprintf("notes/n%03d.md", i) // another section: pages
		}
		files[path] = parse(path, i)
		paths = append(paths, path)
	}
	input := func(prev *Snapshot) Input {
		in := Input{Now: now, Prev: prev}
		for _, p := range files {
			in.Files = append(in.Files, p)
		}
		rng.Shuffle(len(in.Files), func(i, j int) { in.Files[i], in.Files[j] = in.Files[j], in.Files[i] })
		return in
	}
	prev := New(input(nil))
	next := 1000
	applied := 0
	for step := range 300 {
		var what string
		var edits []Edit
		structural := false
		for range 1 + rng.IntN(3) {
			path := paths[rng.IntN(len(paths))]
			switch op := rng.IntN(5); {
			case op == 0 && files[path] != nil: // an edit, maybe of date, title, tags
				old := files[path]
				files[path] = parse(path, next)
				edits = append(edits, Edit{old, files[path]})
				what += " edit " + path
			case op == 1: // a new post
				path = fmt.Sprintf("posts/new%04d.md", next)
				files[path] = parse(path, next)
				paths = append(paths, path)
				structural = true
				what += " add " + path
			case op == 2: // a deletion
				delete(files, path)
				structural = true
				what += " delete " + path
			case op == 3 && files[path] != nil: // a rename: same text, new path
				to := fmt.Sprintf("posts/moved%04d.md", next)
				src := files[path].Source()
				delete(files, path)
				p, err := page.Parse(to, []byte(src), page.Options{HasCJKLanguage: true})
				if err != nil {
					t.Fatal(err)
				}
				files[to] = p
				paths = append(paths, to)
				structural = true
				what += " rename " + path + " " + to
			default: // a taxonomy change only
				if p := files[path]; p != nil {
					cp := *p
					cp.Tags = []string{fmt.Sprintf("t%d", next%7)}
					cp.Taxonomies = map[string][]string{"tags": cp.Tags, "categories": cp.Categories}
					files[path] = &cp
					edits = append(edits, Edit{p, &cp})
					what += " retag " + path
				}
			}
			next++
		}
		var got *Snapshot
		if !structural && len(edits) > 0 && !editsOverlap(edits) {
			if s, ok := Apply(prev, edits, now, nil); ok {
				got = s
				applied++
				what += " (applied)"
			}
		}
		if got == nil {
			got = New(input(prev))
		}
		want := New(input(nil))
		if g, w := dump(got), dump(want); g != w {
			t.Fatalf("step %d (%s): the incremental snapshot differs from a full rebuild:\n%s", step, what, firstDiff(g, w))
		}
		prev = got
	}
	if applied < 20 {
		t.Errorf("only %d of the steps were edits applied in place: the test misses them", applied)
	}
}

// editsOverlap reports a file edited twice in one step (the store sees
// one change per file).
func editsOverlap(edits []Edit) bool {
	seen := map[string]bool{}
	for _, e := range edits {
		if seen[e.New.Path] {
			return true
		}
		seen[e.New.Path] = true
	}
	return false
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  incremental: %s\n  full:        %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}
