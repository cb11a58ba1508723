package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

func writeFile(t *testing.T, dir, rel, body string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	// Reload detects changes by size and mtime; make each write distinct
	// even on filesystems with coarse timestamps.
	future := time.Now().Add(time.Duration(len(body)) * time.Millisecond)
	os.Chtimes(p, future, future)
}

func titles(s *site.Snapshot) string {
	var ts []string
	for _, p := range s.Posts {
		ts = append(ts, p.Title)
	}
	return strings.Join(ts, ",")
}

func TestStoreLoadsAndKeepsLastGood(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "_index.md", "---\ntitle: My Blog\ndescription: About things\n---\n")
	writeFile(t, dir, "posts/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nalpha")
	writeFile(t, dir, "posts/b/index.md", "---\ntitle: B\ndate: 2024-02-01\n---\nbeta")
	writeFile(t, dir, "posts/draft.md", "---\ntitle: D\ndraft: true\n---\n")
	writeFile(t, dir, "posts/future.md", "---\ntitle: F\ndate: 2999-01-01\n---\n")
	writeFile(t, dir, "posts/broken.md", "---\ntitle: [unclosed\n---\n")
	writeFile(t, dir, "posts/notes.txt", "not a post")
	writeFile(t, dir, "about.md", "---\ntitle: About\n---\nme")

	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	if s.Site.Title != "My Blog" || s.Site.Description != "About things" {
		t.Errorf("site = %+v", s.Site)
	}
	if got := titles(s); got != "B,A" {
		t.Errorf("posts = %s, want B,A (no draft, future, broken or page)", got)
	}
	if _, ok := s.Lookup("about"); !ok || len(s.Pages) != 1 {
		t.Errorf("about page not reachable by slug: pages=%d", len(s.Pages))
	}
	if len(s.Problems) != 1 || s.Problems[0].Path != "posts/broken.md" || s.Problems[0].Line != 2 {
		t.Fatalf("problems = %+v, want posts/broken.md line 2", s.Problems)
	}

	// Break a good post: its last good version stays, and it is reported.
	writeFile(t, dir, "posts/a.md", "---\ntitle: A2\ndate: [oops\n---\n")
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	s = st.Snapshot()
	if got := titles(s); got != "B,A" {
		t.Errorf("after breaking a.md, posts = %s, want last good B,A", got)
	}
	if len(s.Problems) != 2 {
		t.Errorf("problems = %+v, want 2", s.Problems)
	}

	// Fix it, delete b: the snapshot follows.
	writeFile(t, dir, "posts/a.md", "---\ntitle: A3\ndate: 2024-01-01\n---\nfixed")
	os.RemoveAll(filepath.Join(dir, "posts/b"))
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	s = st.Snapshot()
	if got := titles(s); got != "A3" {
		t.Errorf("after fix and delete, posts = %s, want A3", got)
	}
	if len(s.Problems) != 1 {
		t.Errorf("problems = %+v, want only broken.md", s.Problems)
	}
}

func TestStoreMissingFolder(t *testing.T) {
	if _, err := New(Options{Dir: filepath.Join(t.TempDir(), "nope")}); err == nil {
		t.Fatal("NewStore on a missing folder succeeded")
	}
}

func TestSampleContent(t *testing.T) {
	st, err := New(Options{Dir: "../../content", Parse: page.Options{HasCJKLanguage: true}})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	if len(s.Problems) > 0 {
		t.Errorf("sample content has problems: %v", s.Problems)
	}
	if len(s.Posts) < 6 {
		t.Errorf("sample content has %d published posts, want at least 6", len(s.Posts))
	}
	for _, p := range s.Posts {
		if p.Draft || p.Date.After(s.Built) {
			t.Errorf("unpublished post listed: %s (%s, draft %v)", p.Title, p.Date, p.Draft)
		}
	}
	long, ok := s.Lookup("reading-in-the-terminal")
	if !ok {
		t.Fatal("long Chinese post missing")
	}
	if !long.IsCJK || long.WordCount < 3000 {
		t.Errorf("long Chinese post: IsCJK=%v WordCount=%d, want CJK and 3000+", long.IsCJK, long.WordCount)
	}
}

// The sample content shows scheduling with a post dated in the future. It
// must stay in the future for years to come, on whatever day the tests
// run: a post that falls due changes the sample blog under every test that
// counts its posts (the one dated 2030 would have on 1 January 2030).
func TestSampleFuturePostStaysScheduled(t *testing.T) {
	const years = 20
	later := time.Now().AddDate(years, 0, 0)
	st, err := New(Options{Dir: "../../content", Now: func() time.Time { return later }})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	if s.NextChange.IsZero() {
		t.Fatalf("in %d years (%s) the sample content has no post scheduled; posts %s", years, later.Format("2006-01-02"), titles(s))
	}
	for _, p := range s.Posts {
		if strings.Contains(p.Path, "future") {
			t.Errorf("in %d years (%s) the future sample post %s (dated %s) is published", years, later.Format("2006-01-02"), p.Path, p.Date.Format("2006-01-02"))
		}
	}
}

// A Stack site's template-only pages: the archives page shows the posts by
// year (and follows the snapshot), the search page stays off the pages
// menu but keeps its slug.
func TestThemeTemplatePages(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "post/a.md", post("Alpha", "2024-03-01"))
	writeFile(t, dir, "post/b.md", post("Beta *bold*", "2023-05-02"))
	writeFile(t, dir, "page/archives/index.md", "---\ntitle: Archives\nlayout: archives\nslug: archives\n---\n")
	writeFile(t, dir, "page/search/index.md", "---\ntitle: Search\nlayout: \"search\"\n---\n")
	writeFile(t, dir, "page/about.md", "---\ntitle: About\n---\nHello.\n")
	st, err := New(Options{Dir: dir, Site: site.Config{MainSections: []string{"post"}}})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	var pages []string
	for _, p := range snap.Pages {
		pages = append(pages, p.Title)
	}
	if got := strings.Join(pages, ","); got != "About,Archives" { // by weight, then title
		t.Errorf("pages menu = %q, want About and Archives (not the empty search page)", got)
	}
	if _, ok := snap.Lookup("search"); !ok {
		t.Error("the search page lost its slug")
	}
	arch, _ := snap.Lookup("archives")
	md, key := snap.Markdown(arch)
	want := "\n## 2024\n\n- 03-01 · Alpha · `a`\n\n## 2023\n\n- 05-02 · Beta \\*bold\\* · `b`\n"
	if md != want {
		t.Errorf("archives page:\n%q\nwant\n%q", md, want)
	}
	about, _ := snap.Lookup("about")
	if md, k := snap.Markdown(about); md != about.Body() || k != about.Key() {
		t.Error("an ordinary page should show its own markdown under its own key")
	}
	// An edit that changes no post keeps the archive's key, and its render.
	writeFile(t, dir, "page/about.md", "---\ntitle: About\n---\nHello again.\n")
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a, _ := st.Snapshot().Lookup("archives"); a != nil {
		if _, k := st.Snapshot().Markdown(a); k != key {
			t.Errorf("editing the About page changed the archive's key: %q -> %q", key, k)
		}
	}
	writeFile(t, dir, "post/c.md", post("Gamma", "2025-01-01"))
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	arch2, _ := st.Snapshot().Lookup("archives")
	md2, key2 := st.Snapshot().Markdown(arch2)
	if key2 == key || !strings.Contains(md2, "Gamma") {
		t.Errorf("the archives page did not follow the new post (key %q -> %q)", key, key2)
	}
}

// The search index is part of the snapshot: it follows edits, new files
// and deletions, and a snapshot a reader holds keeps its own.
func TestSearchFollowsReload(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "posts/a.md", post("终端", "2024-01-01"))
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	names := func(ps []*page.Page) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Title)
		}
		return strings.Join(out, ",")
	}
	found := func(q string) string { return names(st.Snapshot().Search(q).Pages()) }
	if got := found("调解工作室"); got != "" {
		t.Fatalf("found %q before it was written", got)
	}
	before := st.Snapshot()
	writeFile(t, dir, "posts/b.md", "---\ntitle: B\ndate: 2024-02-01\n---\n我们成立了调解工作室。\n")
	writeFile(t, dir, "posts/a.md", "---\ntitle: 终端\ndate: 2024-01-01\n---\nThe Terminal reader.\n")
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := found("调解工作室"); got != "B" {
		t.Errorf("new post: found %q", got)
	}
	if got := found("termnial"); got != "终端" {
		t.Errorf("edited post: found %q", got)
	}
	if got := names(before.Search("调解").Pages()); got != "" {
		t.Errorf("an older snapshot's index changed: %q", got)
	}
	os.Remove(filepath.Join(dir, "posts/b.md"))
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := found("调解工作室"); got != "" {
		t.Errorf("deleted post still found: %q", got)
	}
}

// A file larger than the store reads is a problem, not a post, and the
// last good version of a post that grew past the limit stays. A 100 MB
// file (sparse: it costs no disk) was read, copied and parsed whole; a
// gigabyte ran the process out of memory at every start.
func TestHugeFilesAreNotRead(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "posts/a.md", post("A", "2024-01-01"))
	huge := filepath.Join(dir, "posts/huge.md")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	if _, ok := s.ByPath("posts/huge.md"); ok || titles(s) != "A" {
		t.Errorf("posts %q: the 100 MB file was read", titles(s))
	}
	if pr, ok := problemFor(s, "posts/huge.md"); !ok || !strings.Contains(pr.Err, "too large") || !strings.Contains(pr.String(), "100 MB") {
		t.Errorf("problem %v, want one saying the file is too large", pr)
	}

	// A post that grows past the limit keeps its last good version.
	st, err = New(Options{Dir: dir, MaxFileSize: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "posts/a.md", post("A grown", "2024-01-01")+strings.Repeat("x", 2<<10))
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	s = st.Snapshot()
	if titles(s) != "A" {
		t.Errorf("posts %q after a.md grew past 1 KB, want the last good A", titles(s))
	}
	if _, ok := problemFor(s, "posts/a.md"); !ok {
		t.Error("no problem listed for the grown post")
	}
}
