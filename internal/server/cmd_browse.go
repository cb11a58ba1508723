package server

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// The commands that find posts print them in the `ls` format
// (DATE<TAB>SLUG<TAB>TITLE), so one script reads them all.

// writePosts prints posts in the ls format, stopping when ctx ends (a
// list of 50,000 posts is long enough to outlive its reader).
func writePosts(ctx context.Context, w io.Writer, posts []*page.Page) error {
	var line []byte
	for i, p := range posts {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		line = appendListLine(line[:0], p)
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// field keeps a value to one field of a tab-separated line: a term with
// a tab or a line break in it would read as two. (Titles, slugs and terms
// are one line already, page.Clean makes them so at load: this is a
// guard.)
func field(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }), " ")
}

// runSearch writes `search QUERY...`: the posts and pages that match,
// best first. The words of the query may come as one argument or many.
func runSearch(ctx context.Context, args []string, snap *site.Snapshot, w io.Writer) error {
	q := strings.TrimSpace(strings.Join(args, " "))
	if q == "" {
		return fmt.Errorf("needs a QUERY (try: search terminal)")
	}
	return writePosts(ctx, w, snap.Search(q).Pages())
}

// runTerms writes `tags` or `categories`: NAME<TAB>COUNT, most used
// first, then by name; with a NAME, that term's posts.
func runTerms(ctx context.Context, taxonomy string, args []string, snap *site.Snapshot, w io.Writer) error {
	if len(args) > 0 {
		name := strings.Join(args, " ")
		posts := snap.TermPosts(taxonomy, name)
		if posts == nil {
			// Terms are matched as written, then ignoring case.
			for _, t := range snap.Terms(taxonomy) {
				if strings.EqualFold(t.Name, name) {
					posts = snap.TermPosts(taxonomy, t.Name)
					break
				}
			}
		}
		if posts == nil {
			return fmt.Errorf("no %s %q (try: %s)", strings.TrimSuffix(taxonomy, "s"), name, taxonomy)
		}
		return writePosts(ctx, w, posts)
	}
	for _, t := range snap.Terms(taxonomy) {
		if _, err := fmt.Fprintf(w, "%s\t%d\n", field(t.Name), t.Count); err != nil {
			return err
		}
	}
	return nil
}

// runArchive writes `archive [YYYY|YYYY-MM]`: each month with posts,
// newest first, as YYYY-MM<TAB>COUNT followed by its posts in the ls
// format (a script tells them apart by their number of fields).
func runArchive(ctx context.Context, args []string, snap *site.Snapshot, w io.Writer) error {
	year, month := 0, time.Month(0)
	switch {
	case len(args) > 1:
		return fmt.Errorf("takes at most one YYYY or YYYY-MM")
	case len(args) == 1:
		var err error
		if year, month, err = parseMonth(args[0]); err != nil {
			return err
		}
	}
	for _, m := range snap.Months() {
		if year != 0 && (m.Year != year || month != 0 && m.Month != month) {
			continue
		}
		if _, err := fmt.Fprintf(w, "%04d-%02d\t%d\n", m.Year, int(m.Month), m.Count); err != nil {
			return err
		}
		if err := writePosts(ctx, w, snap.MonthPosts(m.Year, m.Month)); err != nil {
			return err
		}
	}
	return nil
}

// parseMonth reads YYYY or YYYY-MM.
func parseMonth(s string) (int, time.Month, error) {
	ys, ms, hasMonth := strings.Cut(s, "-")
	y, err := strconv.Atoi(ys)
	if err != nil || len(ys) != 4 {
		return 0, 0, fmt.Errorf("%q is not YYYY or YYYY-MM", s)
	}
	if !hasMonth {
		return y, 0, nil
	}
	m, err := strconv.Atoi(ms)
	if err != nil || len(ms) != 2 || m < 1 || m > 12 {
		return 0, 0, fmt.Errorf("%q is not YYYY or YYYY-MM", s)
	}
	return y, time.Month(m), nil
}
