package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/store"
)

// A Hugo site translated by content directory serves its default
// language's folder and links the other folders' pages as translations,
// whether --content names the site root or one language's folder.
func TestHugoSiteWithLanguageFolders(t *testing.T) {
	site := t.TempDir()
	files := map[string]string{
		"hugo.toml": `title = "Site"
defaultContentLanguage = "zh-cn"
[languages.zh-cn]
contentDir = "content/zh"
title = "中文站"
weight = 1
[languages.en]
contentDir = "content/en"
languageName = "English\u001b[2J"
weight = 2
`,
		"content/zh/post/hello/index.md": "---\ntitle: 你好\ndate: 2024-01-02\n---\n正文\n",
		"content/en/post/hello/index.md": "---\ntitle: Hello\ndate: 2024-01-02\n---\nBody\n",
	}
	for rel, body := range files {
		p := filepath.Join(site, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{site, filepath.Join(site, "content/zh")} {
		cfg := config.Default()
		cfg.ContentDir = dir
		opt, err := contentOptions(cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.New(opt)
		if err != nil {
			t.Fatal(err)
		}
		snap := st.Snapshot()
		if len(snap.Posts) != 1 || snap.Posts[0].Title != "你好" || snap.Site.Title != "中文站" {
			t.Fatalf("--content %s: site %q, posts %v; want 中文站 with the Chinese post only", dir, snap.Site.Title, snap.Posts)
		}
		if got := snap.Site.LanguageNames["en"]; got != "English" {
			t.Errorf("--content %s: language name %q, want English (without the escape)", dir, got)
		}
		tr := snap.Translations(snap.Posts[0])
		if len(tr) != 1 || tr[0].Title != "Hello" || tr[0].Lang != "en" {
			t.Errorf("--content %s: translations %v, want the English page from content/en", dir, tr)
		}
	}
}

// The content options confine the store: a link into the site's theme
// folder is served, a link to the host key folder (here inside the site,
// as when the content folder is the repository root) is not.
func TestContentOptionsConfineLinks(t *testing.T) {
	site := t.TempDir()
	files := map[string]string{
		"hugo.toml":                 "title = \"Site\"\ntheme = \"t\"\n",
		"themes/t/hugo.toml":        "[params]\n",
		"themes/t/snippets/a.md":    "---\ntitle: From the theme\ndate: 2024-01-02\n---\nbody\n",
		"content/posts/ok.md":       "---\ntitle: OK\ndate: 2024-01-01\n---\nbody\n",
		"content/hostkeys/notes.md": "---\ntitle: Secret\ndate: 2024-01-03\n---\nHOSTKEYSECRET\n",
	}
	for rel, body := range files {
		p := filepath.Join(site, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"content/posts/a.md":   "../../themes/t/snippets/a.md",
		"content/posts/key.md": "../hostkeys/notes.md",
	} {
		if err := os.Symlink(target, filepath.Join(site, link)); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config.Default()
	cfg.ContentDir = site
	cfg.HostKeyDir = filepath.Join(site, "content/hostkeys")
	opt, err := contentOptions(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	if _, ok := snap.Lookup("a"); !ok {
		t.Errorf("a link into the theme folder is not served; problems %v", snap.Problems)
	}
	for _, slug := range []string{"key", "notes"} {
		if p, ok := snap.Lookup(slug); ok {
			t.Errorf("%s: a file of the host key folder is served: %q", slug, p.Source())
		}
	}
	if len(snap.Problems) != 1 || snap.Problems[0].Path != "posts/key.md" {
		t.Errorf("problems = %v, want posts/key.md", snap.Problems)
	}
}

// A Hugo configuration cannot make the server serve a folder outside the
// site (a pull request that sets a language's contentDir to "../.."): the
// server does not start, and says which key to fix. --content may still
// name any folder.
func TestHugoContentDirOutsideTheSiteRefused(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	os.MkdirAll(filepath.Join(site, "content/posts"), 0o755)
	os.MkdirAll(filepath.Join(dir, "elsewhere/posts"), 0o755)
	os.WriteFile(filepath.Join(dir, "elsewhere/posts/a.md"), []byte("---\ntitle: A\ndate: 2024-01-02\n---\nbody\n"), 0o644)
	os.WriteFile(filepath.Join(site, "hugo.toml"), []byte("[languages.en]\n[languages.fr]\ncontentDir = '../..'\n"), 0o644)
	cfg := config.Default()
	cfg.ContentDir = site
	_, err := contentOptions(cfg, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), `languages.fr.contentDir = "../.."`) {
		t.Fatalf("contentOptions: %v, want an error naming languages.fr.contentDir", err)
	}
	cfg.ContentDir = filepath.Join(dir, "elsewhere")
	opt, err := contentOptions(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(st.Snapshot().Posts); n != 1 {
		t.Errorf("--content naming a folder outside any site: %d posts, want 1", n)
	}
}
