package site

import (
	"fmt"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

// synthetic parses n small posts, half Chinese, with tags and categories.
func synthetic(tb testing.TB, n int) []*page.Page {
	tb.Helper()
	files := make([]*page.Page, 0, n)
	for i := range n {
		files = append(files, syntheticPost(tb, i, ""))
	}
	return files
}

func syntheticPost(tb testing.TB, i int, extra string) *page.Page {
	tb.Helper()
	date := time.Date(2012, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 2 * time.Hour)
	body := "We read and write slowly in the terminal, word number %d."
	if i%2 == 0 {
		body = "我们在终端里阅读文章，第 %d 篇。"
	}
	src := fmt.Sprintf("---\ntitle: Post %d\ndate: %s\ntags: [t%d, common]\ncategories: [c%d]\n---\n"+body+"%s\n",
		i, date.Format(time.RFC3339), i%50, i%7, i, extra)
	p, err := page.Parse(fmt.Sprintf("posts/p%05d.md", i), []byte(src), page.Options{HasCJKLanguage: true})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkNewSnapshotEdit50k is the snapshot build after one post of
// 50,000 changed: the part of an edit that grows with the blog.
func BenchmarkNewSnapshotEdit50k(b *testing.B) {
	files := synthetic(b, 50000)
	now := time.Now()
	prev := New(Input{Files: files, Now: now})
	i := 0
	for b.Loop() {
		i++
		files[123] = syntheticPost(b, 123, fmt.Sprintf(" edit %d", i))
		prev = New(Input{Files: files, Now: now, Prev: prev})
	}
	if len(prev.Posts) != 50000 {
		b.Fatalf("%d posts", len(prev.Posts))
	}
}

// BenchmarkRelated50k is the related posts of the newest of 50,000 posts
// that all share one tag: the work of opening a post in the pager.
func BenchmarkRelated50k(b *testing.B) {
	s := New(Input{Files: synthetic(b, 50000), Now: time.Now()})
	p := s.Posts[0]
	for b.Loop() {
		if len(s.Related(p, 5)) != 5 {
			b.Fatal("no related posts")
		}
	}
}
