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
		if p.Source != want.Source || p.Body != want.Body || p.Title != want.Title {
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
