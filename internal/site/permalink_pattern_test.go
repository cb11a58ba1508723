package site

import (
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

// TestPermalinkPatterns: the site's permalinks patterns give a regular
// page its URL with Hugo's tokens; a page's own url wins, sections' own
// pages and sections without a pattern keep their folder URLs, and a
// pattern with a token Hugo does not know is not used.
func TestPermalinkPatterns(t *testing.T) {
	date := time.Date(2024, time.March, 5, 10, 0, 0, 0, time.UTC) // a Tuesday, day 65
	post := page.Page{Logical: "posts/hello-world.md", Section: "posts", Slug: "hello-world", Title: "Hello, Wide World!", Date: date}
	slugged := post
	slugged.FrontSlug = "Greetings Earth"
	bundle := page.Page{Logical: "posts/trip/index.md", Section: "posts", Kind: page.KindLeaf, Slug: "trip", Title: "旅行 日记", Date: date}
	zh := page.Page{Logical: "posts/deep/notes.zh.md", Section: "posts", Lang: "zh", Slug: "notes", Title: "Notes", Date: date}
	cases := []struct {
		pattern string
		p       page.Page
		want    string
	}{
		{"/:year/:month/:slug/", post, "https://example.com/2024/03/hello-wide-world/"},
		{"/:year/:month/:slug/", slugged, "https://example.com/2024/03/greetings-earth/"},
		{"/:year/:monthname/:day/:title/", post, "https://example.com/2024/march/05/hello-wide-world/"},
		{"/:weekday/:weekdayname/:yearday/:filename", post, "https://example.com/2/tuesday/65/hello-world/"},
		{"/:section/:slugorfilename/", post, "https://example.com/posts/hello-world/"},
		{"/:section/:slugorfilename/", slugged, "https://example.com/posts/greetings-earth/"},
		{"/:sections/:contentbasename/", bundle, "https://example.com/posts/trip/"},
		{"/:year/:title/", bundle, "https://example.com/2024/%E6%97%85%E8%A1%8C-%E6%97%A5%E8%AE%B0/"},
		{"/:sections/:filename/", zh, "https://example.com/posts/deep/notes/"},
		{"/:year/:nonsense/", post, "https://example.com/posts/hello-world/"},
		// Hugo's slices of :sections: by index, "last", and ranges.
		{"/:sections[last]/:filename/", zh, "https://example.com/deep/notes/"},
		{"/:sections[1:]/:filename/", zh, "https://example.com/deep/notes/"},
		{"/:sections[:last]/:filename/", zh, "https://example.com/posts/notes/"},
		{"/:sections[0]/:filename/", zh, "https://example.com/posts/notes/"},
		{"/:sections[0:2]/:filename/", zh, "https://example.com/posts/deep/notes/"},
		{"/:sections[5]/:filename/", zh, "https://example.com/notes/"},
		// A slice of another token is not Hugo's: the pattern is not used.
		{"/:year[1]/:slug/", post, "https://example.com/posts/hello-world/"},
		{"/:sections[x]/:slug/", post, "https://example.com/posts/hello-world/"},
	}
	for _, c := range cases {
		s := &Snapshot{Site: Config{BaseURL: "https://example.com/", Permalinks: map[string]string{"posts": c.pattern}}}
		if got := s.Permalink(&c.p); got != c.want {
			t.Errorf("%s with %q = %q, want %q", c.p.Logical, c.pattern, got, c.want)
		}
	}
	s := &Snapshot{Site: Config{BaseURL: "https://example.com/blog/", Permalinks: map[string]string{"posts": "/:year/:slug/", "posts/deep": "/deep/:filename/"}}}
	for _, c := range []struct {
		p    page.Page
		want string
	}{
		{zh, "https://example.com/blog/deep/notes/"}, // the deepest section's pattern
		{post, "https://example.com/blog/2024/hello-wide-world/"},
		{page.Page{Logical: "posts/x.md", Section: "posts", Slug: "x", URL: "/special/x/", Date: date}, "https://example.com/blog/special/x/"},
		{page.Page{Logical: "posts/_index.md", Section: "posts", Kind: page.KindBranch, Slug: "posts"}, "https://example.com/blog/posts/"},
		{page.Page{Logical: "about.md", Slug: "about", Date: date}, "https://example.com/blog/about/"},
		{page.Page{Logical: "notes/n.md", Section: "notes", Slug: "n", Date: date}, "https://example.com/blog/notes/n/"},
	} {
		if got := s.Permalink(&c.p); got != c.want {
			t.Errorf("%s = %q, want %q", c.p.Logical, got, c.want)
		}
	}
}
