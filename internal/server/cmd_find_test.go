package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// findSite is a small blog for the commands that find posts: dated
// posts over three months, tags, categories, a translation, and a post
// full of raw HTML and control characters.
func findSite(t *testing.T, baseURL string, extra int) *site.Snapshot {
	t.Helper()
	dir := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, "posts", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lighthouse.md", "---\ntitle: The lighthouse keeper\ndate: 2024-05-02\nlastmod: 2024-06-01\ntags: [sea, night]\ncategories: [essays]\n---\nA keeper of lights. See [the map](https://maps.example/x) and ![pic](cover.png).\n")
	write("harbour.md", "---\ntitle: Harbour notes\ndate: 2024-05-20\ntags: [sea]\ncategories: [essays]\n---\nBoats, and a lighthouse far away.\n")
	write("tea.md", "---\ntitle: 调解工作室的茶\ndate: 2024-04-03\ntags: [茶]\ncategories: [随笔]\n---\n我们在调解工作室里喝茶。\n")
	write("hostile.md", "---\ntitle: \"Raw <b>HTML</b> & \\x01 friends\"\ndate: 2023-12-31\ntags: [\"a<b>&c\"]\n---\n<script>alert(1)</script>\n\n<div onclick=\"x\">raw & block</div>\n\nText with <span>inline</span> & ]]> and a \x01control\x0b char\x7f. [js](javascript:alert(1))\n")
	write("undated.md", "---\ntitle: Undated thoughts\n---\nNo date here.\n")
	for i := range extra {
		write(fmt.Sprintf("gen%03d.md", i), fmt.Sprintf("---\ntitle: Generated %d\ndate: 2022-01-%02dT%02d:00:00Z\n---\nbody %d\n", i, 1+i%28, i%24, i))
	}
	st, err := store.New(store.Options{Dir: dir, Site: site.Config{Title: "Test & <Blog>", Language: "en", BaseURL: baseURL}, Parse: page.Options{DefaultLanguage: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	return st.Snapshot()
}

func TestSearchCommand(t *testing.T) {
	snap := findSite(t, "", 0)
	out, errs, code := run(t, snap, "search", "lighthouse")
	// The title match ranks above the body match.
	want := "2024-05-02\tlighthouse\tThe lighthouse keeper\n2024-05-20\tharbour\tHarbour notes\n"
	if code != 0 || out != want {
		t.Errorf("search lighthouse: code %d %q, got\n%s\nwant\n%s", code, errs, out, want)
	}
	if out, _, code := run(t, snap, "search", "调解工作室"); code != 0 || !strings.HasPrefix(out, "2024-04-03\ttea\t") {
		t.Errorf("search 调解工作室: code %d, got %q", code, out)
	}
	if out, _, code := run(t, snap, "search", "Harbour", "notes"); code != 0 || out != "2024-05-20\tharbour\tHarbour notes\n" {
		t.Errorf("search of two words: code %d, got %q", code, out)
	}
	if out, _, code := run(t, snap, "search", "zzzzqqq"); code != 0 || out != "" {
		t.Errorf("search with no match: code %d, got %q", code, out)
	}
	if _, errs, code := run(t, snap, "search"); code != 1 || !strings.Contains(errs, "QUERY") {
		t.Errorf("search without a query: code %d, stderr %q", code, errs)
	}
}

func TestTagsCategoriesArchiveCommands(t *testing.T) {
	snap := findSite(t, "", 0)
	check := func(args []string, want string) {
		t.Helper()
		out, errs, code := run(t, snap, args...)
		if code != 0 || out != want {
			t.Errorf("%v: code %d %q, got\n%s\nwant\n%s", args, code, errs, out, want)
		}
	}
	check([]string{"tags"}, "sea\t2\na<b>&c\t1\nnight\t1\n茶\t1\n")
	check([]string{"categories"}, "essays\t2\n随笔\t1\n")
	check([]string{"tags", "SEA"}, "2024-05-20\tharbour\tHarbour notes\n2024-05-02\tlighthouse\tThe lighthouse keeper\n")
	check([]string{"archive"}, "2024-05\t2\n2024-05-20\tharbour\tHarbour notes\n2024-05-02\tlighthouse\tThe lighthouse keeper\n"+
		"2024-04\t1\n2024-04-03\ttea\t调解工作室的茶\n"+
		"2023-12\t1\n2023-12-31\thostile\tRaw <b>HTML</b> & friends\n")
	check([]string{"archive", "2024-04"}, "2024-04\t1\n2024-04-03\ttea\t调解工作室的茶\n")
	check([]string{"archive", "2023"}, "2023-12\t1\n2023-12-31\thostile\tRaw <b>HTML</b> & friends\n")
	for _, args := range [][]string{{"tags", "nope"}, {"archive", "24"}, {"archive", "2024-13"}, {"stats", "x"}} {
		if out, errs, code := run(t, snap, args...); code != 1 || out != "" || !strings.HasPrefix(errs, "sshblog: ") {
			t.Errorf("%v: code %d, stdout %q, stderr %q: want one error line", args, code, out, errs)
		}
	}
}

func TestStatsCommand(t *testing.T) {
	snap := findSite(t, "", 0)
	out, _, code := run(t, snap, "stats")
	words := 0
	for _, p := range snap.Posts {
		words += p.WordCount
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) < 4 || lines[0] != "posts\t5" || lines[1] != fmt.Sprintf("words\t%d", words) || words == 0 {
		t.Fatalf("stats: code %d:\n%s", code, out)
	}
	if !strings.Contains(out, fmt.Sprintf("language\ten\t5\t%d\n", words)) {
		t.Errorf("stats: no language line for all 5 posts:\n%s", out)
	}
	var years []string
	for _, l := range lines {
		if f := strings.Split(l, "\t"); f[0] == "year" {
			years = append(years, f[1]+":"+f[2])
		}
	}
	if got := strings.Join(years, " "); got != "2024:3 2023:1 -:1" {
		t.Errorf("stats years = %q, want 2024:3 2023:1 -:1\n%s", got, out)
	}
}

// atomFeed is what a feed reader needs of an Atom document (RFC 4287's
// required elements and those we promise).
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel, Href string `xml:",attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func parseFeed(t *testing.T, out string) atomFeed {
	t.Helper()
	var f atomFeed
	d := xml.NewDecoder(strings.NewReader(out))
	d.Strict = true
	if err := d.Decode(&f); err != nil {
		t.Fatalf("feed is not XML: %v\n%s", err, out)
	}
	if f.ID == "" || f.Title == "" || f.Updated == "" || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("feed lacks id, title, updated or author: %+v", f)
	}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" || e.Content.Text == "" {
			t.Errorf("entry lacks id, title, updated or content: %+v", e)
		}
	}
	return f
}

func TestFeedCommand(t *testing.T) {
	snap := findSite(t, "https://blog.example/", 30)
	out, errs, code := run(t, snap, "feed")
	if code != 0 {
		t.Fatalf("feed: code %d: %s", code, errs)
	}
	f := parseFeed(t, out)
	if f.ID != "https://blog.example/" || f.Title != "Test & <Blog>" || f.Updated != "2024-06-01T00:00:00Z" {
		t.Errorf("feed head: id %q title %q updated %q", f.ID, f.Title, f.Updated)
	}
	if len(f.Entries) != 20 {
		t.Fatalf("feed has %d entries, want the newest 20", len(f.Entries))
	}
	e := f.Entries[0]
	if e.Title != "Harbour notes" || e.ID != "https://blog.example/posts/harbour/" ||
		len(e.Links) != 1 || e.Links[0].Href != e.ID || e.Links[0].Rel != "alternate" {
		t.Errorf("newest entry: %+v", e)
	}
	if l := f.Entries[1]; l.Updated != "2024-06-01T00:00:00Z" || l.Content.Type != "html" ||
		!strings.Contains(l.Content.Text, `<a href="https://maps.example/x">the map</a>`) || !strings.Contains(l.Content.Text, `<img src="cover.png" alt="pic">`) {
		t.Errorf("entry with lastmod and a link: %+v", l)
	}
	h := f.Entries[3]
	if h.Title != "Raw <b>HTML</b> & friends" {
		t.Errorf("hostile title = %q", h.Title)
	}
	// The renderer leaves raw HTML out and drops javascript: links; the
	// document stays well-formed and without characters XML 1.0 forbids.
	if strings.Contains(h.Content.Text, "<script") || strings.Contains(h.Content.Text, "onclick") || strings.Contains(h.Content.Text, "javascript:") ||
		!strings.Contains(h.Content.Text, "&amp; ]]&gt; and a control char.") {
		t.Errorf("hostile content: %q", h.Content.Text)
	}
	for _, r := range out {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == 0xFFFD {
			t.Errorf("feed holds %U", r)
		}
	}

	out, _, code = run(t, snap, "feed", "--all")
	if f := parseFeed(t, out); code != 0 || len(f.Entries) != len(snap.Posts) {
		t.Errorf("feed --all: code %d, %d entries, want %d", code, len(f.Entries), len(snap.Posts))
	}
	if _, errs, code := run(t, snap, "feed", "--bogus"); code != 1 || errs == "" {
		t.Errorf("feed --bogus: code %d, stderr %q", code, errs)
	}
}

func TestFeedWithoutBaseURLUsesTagURIs(t *testing.T) {
	snap := findSite(t, "", 0)
	out, _, code := run(t, snap, "feed")
	f := parseFeed(t, out)
	if code != 0 || !strings.HasPrefix(f.ID, "tag:sshblog.invalid,2000-01-01:") || len(f.Links) != 0 {
		t.Errorf("feed id %q, links %v", f.ID, f.Links)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if !strings.HasPrefix(e.ID, "tag:sshblog.invalid,") || ids[e.ID] || len(e.Links) != 0 {
			t.Errorf("entry id %q (links %v): want a distinct tag: URI and no link", e.ID, e.Links)
		}
		ids[e.ID] = true
	}
	if len(f.Entries) != 5 || f.Entries[0].ID != "tag:sshblog.invalid,2024-05-20:Test%20&%20%3CBlog%3E/harbour" {
		t.Errorf("%d entries, first id %q", len(f.Entries), f.Entries[0].ID)
	}
}

func TestXMLTextDropsWhatXMLCannotHold(t *testing.T) {
	in := "a\x01b\x0bc\td\ne\uFFFEf\uFFFFg\U0001F600h\x1b"
	if got, want := xmlText(in), "abc\td\nef"+"g\U0001F600h"; got != want {
		t.Errorf("xmlText(%q) = %q, want %q", in, got, want)
	}
}

// cancelAfter cancels a context once n bytes have been written to it.
type cancelAfter struct {
	n, written int
	cancel     func()
}

func (c *cancelAfter) Write(p []byte) (int, error) {
	c.written += len(p)
	if c.written >= c.n {
		c.cancel()
	}
	return len(p), nil
}

// TestFeedStreamsAndStopsWithTheSession checks that `feed --all` writes
// as it goes (its first bytes come before the last post is rendered) and
// stops when the session ends instead of rendering every post for nobody.
func TestFeedStreamsAndStopsWithTheSession(t *testing.T) {
	snap := findSite(t, "", 300)
	var full bytes.Buffer
	pool := render.NewPool(render.NewCache(1<<20), 1, render.Options{})
	defer pool.Close()
	if code := RunCommand(context.Background(), []string{"feed", "--all"}, snap, pool, &full, io.Discard); code != 0 {
		t.Fatalf("feed --all: exit %d", code)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &cancelAfter{n: 4096, cancel: cancel}
	var errb bytes.Buffer
	code := RunCommand(ctx, []string{"feed", "--all"}, snap, pool, w, &errb)
	if code != 1 || w.written >= full.Len()/4 {
		t.Errorf("feed --all cut after 4 KB: exit %d, wrote %d of %d bytes; want it to stop early", code, w.written, full.Len())
	}
}

// TestFeedWaitsForAParseSlot checks that feed renders a post only with
// one of the server's parse slots, and gives up when its session ends
// while it waits.
func TestFeedWaitsForAParseSlot(t *testing.T) {
	snap := findSite(t, "", 0)
	pool := render.NewPool(render.NewCache(1<<20), 1, render.Options{})
	defer pool.Close()
	slots := limits.NewSlots(1)
	slots <- struct{}{} // another session's parse
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() { done <- runCommand(ctx, []string{"feed"}, snap, pool, slots, nil, &out, &errb) }()
	select {
	case <-done:
		t.Fatal("feed ran while every parse slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	if code := <-done; code != 1 || strings.Contains(out.String(), "<entry>") {
		t.Errorf("feed cancelled while waiting: exit %d, output %q", code, out.String())
	}
	<-slots
	out.Reset()
	if code := runCommand(context.Background(), []string{"feed"}, snap, pool, slots, nil, &out, &errb); code != 0 || strings.Count(out.String(), "<entry>") != 5 || len(slots) != 0 {
		t.Errorf("feed with a free slot: exit %d, %d entries, %d slots still held", code, strings.Count(out.String(), "<entry>"), len(slots))
	}
}

// TestLsStopsWithTheSession checks that `ls` prints through writePosts,
// as the other listing commands do, and so stops when its session ends
// instead of formatting every post of a large blog for nobody.
func TestLsStopsWithTheSession(t *testing.T) {
	snap := findSite(t, "", 2500)
	full, _, code := run(t, snap, "ls")
	if code != 0 {
		t.Fatalf("ls: exit %d", code)
	}
	pool := render.NewPool(render.NewCache(1<<20), 1, render.Options{})
	defer pool.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &cancelAfter{n: 4096, cancel: cancel}
	code = RunCommand(ctx, []string{"ls"}, snap, pool, w, io.Discard)
	if code != 1 || w.written >= len(full)/2 {
		t.Errorf("ls cut after 4 KB: exit %d, wrote %d of %d bytes; want it to stop early", code, w.written, len(full))
	}
}

// Feeds of the whole site take turns: each renders every post, and a few
// clients asking for one in a loop kept every parse slot busy. The feed
// of the newest posts does not wait for them.
func TestWholeSiteFeedsTakeTurns(t *testing.T) {
	snap := findSite(t, "", 30)
	if len(snap.Posts) <= feedSize {
		t.Fatalf("the site has %d posts: --all must be more than the default %d", len(snap.Posts), feedSize)
	}
	pool := render.NewPool(render.NewCache(1<<20), 1, render.Options{})
	defer pool.Close()
	whole := limits.NewSlots(1)
	whole <- struct{}{} // another client's feed --all
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	if code := runCommand(ctx, []string{"feed", "--all"}, snap, pool, nil, whole, &out, &errb); code != 1 || strings.Contains(out.String(), "<entry>") {
		t.Errorf("feed --all ran beside another: exit %d, %d entries", code, strings.Count(out.String(), "<entry>"))
	}
	out.Reset()
	if code := runCommand(context.Background(), []string{"feed"}, snap, pool, nil, whole, &out, &errb); code != 0 || strings.Count(out.String(), "<entry>") != feedSize {
		t.Errorf("feed of the newest posts behind a feed --all: exit %d, %d entries", code, strings.Count(out.String(), "<entry>"))
	}
	<-whole
	out.Reset()
	if code := runCommand(context.Background(), []string{"feed", "--all"}, snap, pool, nil, whole, &out, &errb); code != 0 || strings.Count(out.String(), "<entry>") != len(snap.Posts) || len(whole) != 0 {
		t.Errorf("feed --all with its turn: exit %d, %d entries of %d, %d turns held", code, strings.Count(out.String(), "<entry>"), len(snap.Posts), len(whole))
	}
}
