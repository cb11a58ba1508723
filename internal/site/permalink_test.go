package site

import (
	"testing"

	"github.com/sshblog/sshblog/internal/page"
)

func TestPermalink(t *testing.T) {
	cases := []struct {
		base string
		p    page.Page
		want string
	}{
		{"", page.Page{Logical: "posts/a/index.md", Kind: page.KindLeaf, Slug: "a"}, ""},
		{"https://example.com/", page.Page{Logical: "posts/a/index.md", Kind: page.KindLeaf, Slug: "a"}, "https://example.com/posts/a/"},
		{"https://example.com", page.Page{Logical: "posts/2024/b.md", Slug: "bee"}, "https://example.com/posts/2024/bee/"},
		{"https://example.com/blog/", page.Page{Logical: "about.md", Slug: "about"}, "https://example.com/blog/about/"},
		{"https://example.com/", page.Page{Logical: "posts/c.md", Slug: "c", URL: "/special/c/"}, "https://example.com/special/c/"},
		{"/relative/", page.Page{Logical: "posts/c.md", Slug: "c"}, ""},
	}
	for _, c := range cases {
		s := &Snapshot{Site: Config{BaseURL: c.base}}
		if got := s.Permalink(&c.p); got != c.want {
			t.Errorf("Permalink(%q, %s) = %q, want %q", c.base, c.p.Logical, got, c.want)
		}
	}
}
