package site

import (
	"fmt"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

func TestLists(t *testing.T) {
	s := build(t, Config{}, page.Options{}, map[string]string{
		"posts/a.md":      "---\ntitle: A\ndate: 2024-03-05\ntags: [go, 终端]\ncategories: [tech]\n---\n",
		"posts/b.md":      "---\ntitle: B\ndate: 2024-03-20\ntags: [go]\n---\n",
		"posts/c.md":      "---\ntitle: C\ndate: 2023-12-31\ntags: [终端]\n---\n",
		"posts/d.md":      "---\ntitle: D\ndate: 2022-06-01\nweight: 1\ntags: [go]\n---\n",
		"posts/e.md":      "---\ntitle: E\n---\nno date\n",
		"about.md":        "---\ntitle: About\n---\n",
		"posts/_index.md": "---\ntitle: Posts\n---\n",
	})
	check := func(what string, got []*page.Page, want string) {
		t.Helper()
		if titles(got) != want {
			t.Errorf("%s = %s, want %s", what, titles(got), want)
		}
	}
	check("posts", s.List(Listing{}), "D,B,A,C,E") // weight first, then newest
	check("pages", s.List(Listing{Kind: ListPages}), "About")
	check("tag go", s.List(Listing{Kind: ListTerm, Taxonomy: "tags", Term: "go"}), "D,B,A")
	check("tag 终端", s.TermPosts("tags", "终端"), "A,C")
	check("unknown tag", s.TermPosts("tags", "rust"), "")
	check("March 2024", s.List(Listing{Kind: ListMonth, Year: 2024, Month: time.March}), "B,A")
	check("2024", s.MonthPosts(2024, 0), "B,A")
	check("2022", s.MonthPosts(2022, 0), "D")
	check("search", s.List(Listing{Kind: ListSearch, Query: "about"}), "About")

	if got := fmt.Sprint(s.Terms("tags")); got != "[{go 3} {终端 2}]" {
		t.Errorf("tags = %s, want most used first", got)
	}
	if got := fmt.Sprint(s.Terms("categories")); got != "[{tech 1}]" {
		t.Errorf("categories = %s", got)
	}
	// The archive is by date (D is first in the list by weight, not here),
	// and leaves out posts without a date.
	if got := fmt.Sprint(s.Months()); got != "[{2024 March 2} {2023 December 1} {2022 June 1}]" {
		t.Errorf("months = %s", got)
	}
}
