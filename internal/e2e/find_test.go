package e2e

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// findSite writes a Hugo site with a base URL, posts in two languages
// over several months, and a post of raw HTML, for the commands that find
// posts.
func findSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"hugo.toml":                   "baseURL = \"https://blog.example/\"\ntitle = \"Find & <Seek>\"\nlanguageCode = \"en\"\n",
		"content/posts/lighthouse.md": "---\ntitle: The lighthouse keeper\ndate: 2024-05-02\nlastmod: 2024-06-01\ntags: [sea, night]\ncategories: [essays]\n---\nA keeper of lights. See [the map](https://maps.example/x).\n",
		"content/posts/harbour.md":    "---\ntitle: Harbour notes\ndate: 2024-05-20\ntags: [sea]\ncategories: [essays]\n---\nBoats, and a lighthouse far away.\n",
		"content/posts/tea.md":        "---\ntitle: 调解工作室的茶\ndate: 2023-04-03\ntags: [茶]\ncategories: [随笔]\n---\n我们在调解工作室里喝茶，一共十个字。\n",
		"content/posts/raw.md":        "---\ntitle: Raw <b>HTML</b> & friends\ndate: 2022-12-31\n---\n<script>alert(1)</script>\n\nText with <span>inline</span> & ]]> and \x01control\x0b chars.\n",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestFindCommands runs each command that finds posts through OpenSSH,
// without a terminal, as a script would.
func TestFindCommands(t *testing.T) {
	needTool(t, "ssh")
	t.Parallel()
	srv := startServerOn(t, t.TempDir(), findSite(t))
	expect := func(want string, args ...string) {
		t.Helper()
		res := runSSH(t, srv.Port, args...)
		if res.Code != 0 || res.Stderr != "" || res.Stdout != want {
			t.Errorf("ssh %s: exit %d, stderr %q, got\n%s\nwant\n%s", strings.Join(args, " "), res.Code, res.Stderr, res.Stdout, want)
		}
	}
	expect("2024-05-02\tlighthouse\tThe lighthouse keeper\n2024-05-20\tharbour\tHarbour notes\n", "search", "LIGHTHOUS")
	expect("2023-04-03\ttea\t调解工作室的茶\n", "search", "调解工作室")
	expect("sea\t2\nnight\t1\n茶\t1\n", "tags")
	expect("essays\t2\n随笔\t1\n", "categories")
	expect("2024-05-20\tharbour\tHarbour notes\n2024-05-02\tlighthouse\tThe lighthouse keeper\n", "tags", "sea")
	expect("2024-05\t2\n2024-05-20\tharbour\tHarbour notes\n2024-05-02\tlighthouse\tThe lighthouse keeper\n"+
		"2023-04\t1\n2023-04-03\ttea\t调解工作室的茶\n"+
		"2022-12\t1\n2022-12-31\traw\tRaw <b>HTML</b> & friends\n", "archive")

	stats := runSSH(t, srv.Port, "stats")
	if stats.Code != 0 || !strings.HasPrefix(stats.Stdout, "posts\t4\nwords\t") ||
		!strings.Contains(stats.Stdout, "\nyear\t2024\t2\t") || !strings.Contains(stats.Stdout, "\nyear\t2022\t1\t") {
		t.Errorf("stats: exit %d:\n%s", stats.Code, stats.Stdout)
	}

	res := runSSH(t, srv.Port, "feed")
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  string   `xml:"author>name"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	d := xml.NewDecoder(strings.NewReader(res.Stdout))
	d.Strict = true
	if err := d.Decode(&feed); err != nil || res.Code != 0 {
		t.Fatalf("feed: exit %d, not an Atom document: %v\n%s", res.Code, err, res.Stdout)
	}
	if feed.ID != "https://blog.example/" || feed.Title != "Find & <Seek>" || feed.Updated != "2024-06-01T00:00:00Z" || feed.Author == "" {
		t.Errorf("feed head: %+v", feed)
	}
	var got []string
	for _, e := range feed.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" || e.Link.Href != e.ID || e.Content == "" {
			t.Errorf("entry lacks a required element: %+v", e)
		}
		got = append(got, e.Link.Href)
	}
	if want := "https://blog.example/posts/harbour/ https://blog.example/posts/lighthouse/ https://blog.example/posts/tea/ https://blog.example/posts/raw/"; strings.Join(got, " ") != want {
		t.Errorf("feed entries %v, want %s", got, want)
	}
	if c := feed.Entries[3].Content; strings.Contains(c, "<script") || !strings.Contains(c, "&amp; ]]&gt; and control chars.") {
		t.Errorf("raw post's content: %q", c)
	}

	help := runSSH(t, srv.Port, "help")
	for _, c := range []string{"search QUERY", "tags", "categories", "archive", "feed [--all]", "stats"} {
		if !strings.Contains(help.Stdout, c) {
			t.Errorf("help does not list %q", c)
		}
	}
	for _, args := range [][]string{{"search"}, {"tags", "nope"}, {"archive", "May"}, {"feed", "--bogus"}} {
		res := runSSH(t, srv.Port, args...)
		if res.Code != 1 || res.Stdout != "" || !strings.HasPrefix(res.Stderr, "sshblog: ") || strings.Count(res.Stderr, "\n") != 1 {
			t.Errorf("ssh %s: exit %d, stdout %q, stderr %q: want status 1 and one line", strings.Join(args, " "), res.Code, res.Stdout, res.Stderr)
		}
	}
	if res := runSSH(t, srv.Port, "search", strings.Repeat("x", 5000)); res.Code == 0 || res.Stdout != "" {
		t.Errorf("a search line over 4 KB: exit %d, %d bytes out; want refused", res.Code, len(res.Stdout))
	}
}
