package server

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// BenchmarkLs50k is `ls` of 50,000 posts on the server's side: the list
// written through the command's buffered output (the SSH channel is
// io.Discard here; through OpenSSH, see BENCHMARKS.md).
//
//	go test -run xxx -bench Ls50k -benchtime 20x ./internal/server/
func BenchmarkLs50k(b *testing.B) {
	files := make([]*page.Page, 50000)
	for i := range files {
		date := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 2 * time.Hour)
		src := fmt.Sprintf("---\ntitle: Post number %d 第%d篇\ndate: %s\n---\nText.\n", i, i, date.Format(time.RFC3339))
		p, err := page.Parse(fmt.Sprintf("posts/p%05d.md", i), []byte(src), page.Options{})
		if err != nil {
			b.Fatal(err)
		}
		files[i] = p
	}
	snap := site.New(site.Input{Files: files, Now: time.Now()})
	ctx := context.Background()
	for b.Loop() {
		out := newCommandOutput(io.Discard, io.Discard)
		if code := RunCommand(ctx, []string{"ls"}, snap, nil, out, out.Stderr()); code != 0 {
			b.Fatalf("exit status %d", code)
		}
		out.Flush()
	}
}

// The hand-made line is what fmt and time.Format made, for any date.
func TestListLineAsFormatted(t *testing.T) {
	for _, d := range []time.Time{{}, time.Date(2024, 3, 9, 23, 59, 0, 0, time.UTC), time.Date(999, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(12345, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 5, 0, 0, 0, time.FixedZone("x", 8*3600))} {
		p := &page.Page{Slug: "a-slug", Title: "标题 title", Date: d}
		want := fmt.Sprintf("%s\t%s\t%s\n", dateOf(p), p.Slug, p.Title)
		if got := string(appendListLine(nil, p)); got != want {
			t.Errorf("line %q, want %q", got, want)
		}
	}
}
