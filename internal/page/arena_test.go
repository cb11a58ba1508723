package page

import (
	"fmt"
	"strings"
	"testing"
)

// Pages parsed in an arena are the pages parsed alone, and keep less: a
// source of its own is rounded up to the allocator's next size class
// (5,400 bytes take 6,144).
func TestArenaPacksSources(t *testing.T) {
	src := func(i int) []byte {
		head := fmt.Sprintf("---\ntitle: Post %d\ndate: 2024-01-02\n---\n", i)
		return []byte(head + strings.Repeat("word ", 1100)[:5400-len(head)-1] + "\n")
	}
	var a Arena
	for i := range 300 {
		s := src(i)
		if i == 150 {
			s = append(s, strings.Repeat("big ", arenaBlock/8)...) // more than a quarter block: its own memory
		}
		p, err := a.ParseIn("posts/p.md", "posts/p.md", s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := Parse("posts/p.md", s, Options{})
		if p.Source() != want.Source() || p.Body() != want.Body() || p.Title != want.Title {
			t.Fatalf("post %d parsed in an arena differs", i)
		}
	}
	// 1,940 pages fill ten blocks (194 of 5,400 bytes each), so that the
	// figure is not a partly filled block's.
	alone := retainedBy(func() *Page { p, _ := Parse("posts/p.md", src(1), Options{}); return p }, 1940)
	var b Arena
	packed := retainedBy(func() *Page { p, _ := b.ParseIn("posts/p.md", "posts/p.md", src(1), Options{}); return p }, 1940)
	if packed > alone-500 {
		t.Errorf("a page of %d bytes keeps %d bytes parsed alone, %d in an arena", len(src(1)), alone, packed)
	}
}

// Pages of the same terms parsed in an arena share one taxonomy map, and
// appending to a page's tags leaves the other pages' alone.
func TestArenaSharesTerms(t *testing.T) {
	var a Arena
	parse := func(name, fm string) *Page {
		p, err := a.ParseIn(name, name, []byte("---\n"+fm+"---\nText.\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := parse("posts/a.md", "title: A\ntags: [go, web]\ncategories: [code]\n")
	q := parse("posts/b.md", "title: B\ntags: [go, web]\ncategories: [code]\n")
	r := parse("posts/c.md", "title: C\ntags: [go]\ncategories: [web, code]\n")
	s := parse("posts/d.md", "title: D\ntags: [\"go\\u0000web\"]\ncategories: [code]\n")
	if fmt.Sprint(q.Tags, q.Categories) != "[go web] [code]" || fmt.Sprint(r.Tags, r.Categories) != "[go] [web code]" {
		t.Fatalf("terms: %v %v, %v %v", q.Tags, q.Categories, r.Tags, r.Categories)
	}
	if len(s.Tags) != 1 {
		t.Errorf("d's tags are %q", s.Tags)
	}
	if e := parse("posts/e.md", "title: E\ntags: [go, web, go, go]\n"); fmt.Sprint(e.Tags) != "[go web]" {
		t.Errorf("tags listed twice: %q, want each once", e.Tags)
	}
	if &p.Tags[0] != &q.Tags[0] {
		t.Error("two pages of the same terms do not share them")
	}
	_ = append(p.Tags, "extra")
	if len(q.Tags) != 2 || fmt.Sprint(q.Taxonomies["tags"]) != "[go web]" {
		t.Errorf("appending to a's tags changed b's: %v", q.Taxonomies)
	}
	more := append(p.Tags, "extra")
	if &more[0] == &p.Tags[0] {
		t.Error("appending to shared tags did not copy them")
	}
}
