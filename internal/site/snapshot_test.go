package site

import (
	"github.com/sshblog/sshblog/internal/page"

	"strings"
	"testing"
	"time"
)

// build parses files and builds a snapshot the way the store does.
func build(t *testing.T, site Config, opt page.Options, files map[string]string) *Snapshot {
	t.Helper()
	in := Input{Site: site, Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	for rel, src := range files {
		if !page.IsContentExt(rel[strings.LastIndexByte(rel, '/')+1:]) {
			in.Others = append(in.Others, rel)
			continue
		}
		p, err := page.Parse(rel, []byte(src), opt)
		if err != nil {
			in.Problems = append(in.Problems, page.Problem{Path: rel, Err: err.Error()})
			continue
		}
		in.Files = append(in.Files, p)
	}
	return New(in)
}

func slugs(ps []*page.Page) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return strings.Join(out, ",")
}

func TestBundlesSectionsAndPages(t *testing.T) {
	s := build(t, Config{}, page.Options{}, map[string]string{
		"_index.md":                 "---\ntitle: Site From Index\ndescription: Root description\n---\n",
		"posts/_index.md":           "---\ntitle: All Posts\ndescription: Everything\n---\n",
		"posts/one.md":              post("One", "2024-01-01"),
		"posts/two/index.md":        post("Two", "2024-02-01"),
		"posts/two/cover.jpg":       "",
		"posts/two/notes.md":        post("Not a page", "2024-02-02"),
		"posts/two/sub/more.md":     post("Nested resource", "2024-02-03"),
		"posts/three/index.md":      "---\ntitle: Headless\nheadless: true\n---\n",
		"posts/four/index.md":       "---\ntitle: Unlisted\n_build:\n  list: never\n---\n",
		"posts/with space/index.md": post("Spaced", "2024-03-01"),
		"posts/2024/deep/five.md":   post("Deep", "2024-04-01"),
		"about.md":                  "---\ntitle: About\n---\nme",
		"links/index.md":            "---\ntitle: Links\n---\n",
	})
	if s.Site.Title != "Site From Index" || s.Site.Description != "Root description" {
		t.Errorf("site from root _index.md: %+v", s.Site)
	}
	if got := slugs(s.Posts); got != "five,with-space,two,one" {
		t.Errorf("posts = %s", got)
	}
	if got := slugs(s.Pages); got != "about,links" {
		t.Errorf("pages = %s", got)
	}
	if sec := s.Sections["posts"]; sec.Title != "All Posts" || sec.Description != "Everything" {
		t.Errorf("section from _index.md: %+v", sec)
	}
	two, _ := s.Lookup("two")
	if got := strings.Join(s.Resources(two), ","); got != "cover.jpg" {
		t.Errorf("bundle resources = %q", got)
	}
}

func TestMainSections(t *testing.T) {
	files := map[string]string{
		"post/a.md":  post("A", "2024-01-01"),
		"post/b.md":  post("B", "2024-01-02"),
		"notes/c.md": post("C", "2024-01-03"),
		"docs/d.md":  post("D", "2024-01-04"),
	}
	if s := build(t, Config{}, page.Options{}, files); slugs(s.Posts) != "b,a" {
		t.Errorf("default main section: posts = %s, want the biggest section", slugs(s.Posts))
	}
	if s := build(t, Config{MainSections: []string{"notes", "docs"}}, page.Options{}, files); slugs(s.Posts) != "d,c" {
		t.Errorf("configured main sections: posts = %s", slugs(s.Posts))
	}
}

func TestLanguages(t *testing.T) {
	opt := page.Options{Languages: map[string]bool{"zh-cn": true, "en": true, "zh-hant-tw": true}, DefaultLanguage: "zh-cn"}
	s := build(t, Config{Language: "zh-cn"}, opt, map[string]string{
		"posts/hello/index.md":            post("你好", "2024-01-01"),
		"posts/hello/index.en.md":         post("Hello", "2024-01-01"),
		"posts/hello/index.zh-hant-tw.md": post("妳好", "2024-01-01"),
		"posts/other.zh-cn.md":            post("其他", "2024-02-01"),
		"posts/other.en.md":               post("Other", "2024-02-01"),
		"posts/v1.2.md":                   post("Version", "2024-03-01"),
	})
	if got := slugs(s.Posts); got != "v1.2,other,hello" {
		t.Fatalf("default-language posts = %s (translations must not be duplicated)", got)
	}
	hello, _ := s.Lookup("hello")
	var langs []string
	for _, tr := range s.Translations(hello) {
		langs = append(langs, tr.Lang)
	}
	if strings.Join(langs, ",") != "en,zh-hant-tw" { // sorted by language
		t.Errorf("translations of hello = %v", langs)
	}
	if en, ok := s.Lookup("en/hello"); !ok || en.Title != "Hello" {
		t.Errorf("translation not reachable as en/hello")
	}
}

func TestSlugClashesAndAliases(t *testing.T) {
	s := build(t, Config{MainSections: []string{"posts", "notes"}}, page.Options{}, map[string]string{
		"posts/hello.md": "---\ntitle: Posts Hello\ndate: 2024-01-01\naliases: [/old/path/, legacy-hello]\n---\n",
		"notes/hello.md": post("Notes Hello", "2024-01-02"),
		"posts/x.md":     "---\ntitle: X\nslug: Hello\ndate: 2024-01-03\n---\n",
		"posts/y.md":     "---\ntitle: Y\nurl: /about/me/\ndate: 2024-01-04\n---\n",
	})
	if p, _ := s.Lookup("hello"); p == nil || p.Title != "Notes Hello" {
		t.Errorf("hello -> %v, want the first by path (notes/hello.md)", p)
	}
	for slug, title := range map[string]string{"posts/hello": "Posts Hello", "old/path": "Posts Hello", "legacy-hello": "Posts Hello", "about/me": "Y", "/about/me/": "Y"} {
		if p, ok := s.Lookup(slug); !ok || p.Title != title {
			t.Errorf("Lookup(%q) = %v, want %s", slug, p, title)
		}
	}
	clashes := 0
	for _, pr := range s.Problems {
		if strings.Contains(pr.Err, "also used by") {
			clashes++
		}
	}
	if clashes != 2 {
		t.Errorf("reported %d slug clashes, want 2: %v", clashes, s.Problems)
	}
}

func TestFormatsAndOddFiles(t *testing.T) {
	s := build(t, Config{}, page.Options{HasCJKLanguage: true}, map[string]string{
		"posts/crlf.md":       "---\r\ntitle: CRLF\r\ndate: 2024-01-01\r\n---\r\nline one\r\nline two",
		"posts/bom.md":        "\uFEFF+++\ntitle = \"BOM\"\ndate = 2024-01-02\n+++\nbody",
		"posts/json.md":       "{\"title\": \"JSON\", \"date\": \"2024-01-03\"}\nbody",
		"posts/nofm.md":       "# Heading Title\n\nbody",
		"posts/rule.md":       "---\n\nstarts with a rule\n",
		"posts/zw.md":         "---\ntitle: Zero\u200bWidth\ndate: 2024-01-04\n---\nzero\u200bwidth",
		"posts/bad.md":        "---\ntitle: Bad\ndate: 2024-01-05\n---\nbad \xff byte",
		"posts/page.html":     "---\ntitle: HTML Page\ndate: 2024-01-06\n---\n<p>Hello <b>there</b></p><p>Second</p>",
		"posts/long.markdown": post("Markdown Ext", "2024-01-07"),
		"posts/notes.Rmd":     "not a post",
		"posts/data.json":     "{}",
	})
	want := map[string]string{"crlf": "CRLF", "bom": "BOM", "json": "JSON", "nofm": "Heading Title", "rule": "rule", "zw": "Zero\u200bWidth", "bad": "Bad", "page": "HTML Page", "long": "Markdown Ext"}
	for slug, title := range want {
		if p, ok := s.Lookup(slug); !ok || p.Title != title {
			t.Errorf("Lookup(%q) = %v, want title %q", slug, p, title)
		}
	}
	if len(s.Posts) != len(want) {
		t.Errorf("%d posts, want %d (Rmd and data are not posts)", len(s.Posts), len(want))
	}
	bad, _ := s.Lookup("bad")
	if !strings.Contains(bad.Body(), "\uFFFD") || len(s.Problems) != 1 || s.Problems[0].Line != 5 {
		t.Errorf("invalid UTF-8 not replaced and reported at line 5: %v", s.Problems)
	}
	page, _ := s.Lookup("page")
	if strings.Contains(page.Body(), "<") || !strings.Contains(page.Body(), "Hello there") {
		t.Errorf("HTML page body = %q", page.Body())
	}
	if crlf, _ := s.Lookup("crlf"); strings.Contains(crlf.Body(), "\r") {
		t.Error("CRLF left in body")
	}
}

func TestCustomTaxonomies(t *testing.T) {
	opt := page.Options{Taxonomies: map[string]string{"tag": "tags", "series": "series"}}
	s := build(t, Config{}, opt, map[string]string{
		"posts/a.md": "---\ntitle: A\ndate: 2024-01-01\ntags: [go]\nseries: [Intro]\ncategories: [ignored]\n---\n",
	})
	a, _ := s.Lookup("a")
	if strings.Join(a.Taxonomies["series"], ",") != "Intro" || a.Categories != nil {
		t.Errorf("taxonomies = %v, categories = %v", a.Taxonomies, a.Categories)
	}
	if got := s.Taxonomy("series")["Intro"]; len(got) != 1 {
		t.Errorf("series index = %v", got)
	}
}

func TestTerminalSafeNamesAndSiteText(t *testing.T) {
	s := build(t, Config{Title: "Blog\x07\x1b]0;OWNED\x07\x1b[2J", Description: "line one\nline \x1b[5mtwo"}, page.Options{}, map[string]string{
		"posts/evil\x1b]0;OWNED\x07\x1b[2Jname.md": "no front matter",
		"posts/ok.md": "# Heading \x1b[31mred\n",
	})
	check := func(what, v string) {
		if strings.ContainsAny(v, "\x1b\x07\n") {
			t.Errorf("%s not terminal-safe: %q", what, v)
		}
	}
	check("site title", s.Site.Title)
	check("site description", s.Site.Description)
	for _, p := range s.Posts {
		check("title "+p.Path, p.Title)
		check("slug "+p.Path, p.Slug)
	}
	check("problem", page.Problem{Path: "posts/bad\x1b[31m.md", Line: 2, Err: "oops\nmore"}.String())
}

func TestClashFallbackNeverTakesAnotherSlug(t *testing.T) {
	// The loser of the "alpha" clash is a root file whose path, "zeta",
	// is another page's natural slug: both must stay reachable.
	for range 20 { // files arrive in map order: try many orders
		s := build(t, Config{MainSections: []string{"posts"}}, page.Options{}, map[string]string{
			"posts/alpha.md": post("Alpha", "2024-01-01"),
			"posts/zeta.md":  post("Zeta", "2024-01-02"),
			"zeta.md":        "---\ntitle: Root Zeta\nslug: alpha\n---\n",
		})
		if p, _ := s.Lookup("zeta"); p == nil || p.Title != "Zeta" {
			t.Fatalf("zeta -> %v, want the post posts/zeta.md", p)
		}
		if p, _ := s.Lookup("alpha"); p == nil || p.Title != "Alpha" {
			t.Fatalf("alpha -> %v", p)
		}
		if p, _ := s.Lookup("zeta-2"); p == nil || p.Title != "Root Zeta" {
			t.Fatalf("the clash loser is not reachable as zeta-2: %v", p)
		}
	}
}

// A post with a malformed optional date is served, and the date is
// listed under problems (what `ssh HOST problems` prints).
func TestMalformedLastmodServedAndReported(t *testing.T) {
	s := build(t, Config{}, page.Options{}, map[string]string{
		"posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nlastmod: 2023-5-09\n---\nText.\n",
		"posts/b.md": post("B", "2024-01-02"),
	})
	if slugs(s.Posts) != "b,a" {
		t.Errorf("posts = %s, want the post with the bad lastmod served too", slugs(s.Posts))
	}
	var got []string
	for _, p := range s.Problems {
		got = append(got, p.String())
	}
	if len(got) != 1 || !strings.Contains(got[0], "posts/a.md:4: lastmod ignored") {
		t.Errorf("problems = %q, want the lastmod of posts/a.md", got)
	}
}
