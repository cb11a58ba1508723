package site

import (
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
)

func TestSortPosts(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	ps := []*page.Page{
		{Title: "old", Date: d("2020-01-01")},
		{Title: "new", Date: d("2024-01-01")},
		{Title: "weighted2", Weight: 2, Date: d("2019-01-01")},
		{Title: "b-same", Date: d("2022-01-01")},
		{Title: "a-same", Date: d("2022-01-01")},
		{Title: "weighted1", Weight: 1, Date: d("2018-01-01")},
	}
	SortPosts(ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Title)
	}
	want := "weighted1 weighted2 new a-same b-same old"
	if strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}
