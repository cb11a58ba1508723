package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/content"
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
		st, err := content.NewStore(opt)
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
