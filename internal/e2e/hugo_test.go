package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A Hugo site with the Stack theme, translated by content directory, served
// from its root: the theme's mainSections decide the posts, the Chinese
// folder is the list, the English folder gives translations (in the pager
// and as en/SLUG), shortcodes are expanded, Stack's archives page lists the
// posts, and an edit in the English folder reaches readers.
func TestHugoStackSiteWithLanguageFolders(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	site := t.TempDir()
	files := map[string]string{
		"hugo.yaml": `title: 慢读
theme: hugo-theme-stack
defaultContentLanguage: zh-cn
hasCJKLanguage: true
languages:
  zh-cn:
    languageName: 中文
    contentDir: content/zh
    weight: 1
    params:
      sidebar:
        subtitle: 一个人的终端读书笔记
  en:
    languageName: English
    contentDir: content/en
    title: Slow Reading
    weight: 2
`,
		"themes/hugo-theme-stack/config/_default/params.yaml": "mainSections:\n  - post\nsidebar:\n  subtitle:\n",
		"content/zh/post/hello/index.md":                      "---\ntitle: 你好，终端\ndate: 2024-05-01\nimage: cover.jpg\n---\n第一段。\n\n{{< bilibili BV1xx411c7mD >}}\n",
		"content/zh/post/hello/cover.jpg":                     "jpg",
		"content/zh/post/second.md":                           "---\ntitle: 第二篇\ndate: 2023-02-01\n---\n内容。\n",
		"content/zh/page/archives/index.md":                   "---\ntitle: 归档\nlayout: archives\nslug: archives\n---\n",
		"content/zh/page/about/index.md":                      "---\ntitle: 关于\n---\n关于本站。\n",
		"content/en/post/hello/index.md":                      "---\ntitle: Hello, terminal\ndate: 2024-05-01\n---\nFirst paragraph.\n",
	}
	fsys := fstest.MapFS{}
	for rel, body := range files {
		fsys[rel] = &fstest.MapFile{Data: []byte(body), Mode: 0o644}
	}
	if err := os.CopyFS(site, fsys); err != nil {
		t.Fatal(err)
	}
	srv := startServerOn(t, t.TempDir(), site)

	posts := lsPosts(t, srv.Port)
	if len(posts) != 2 || posts[0][1] != "hello" || posts[1][1] != "second" {
		t.Fatalf("ls = %v, want the two Chinese posts of section post (the theme's mainSections)", posts)
	}
	read := runSSH(t, srv.Port, "read", "hello", "--width", "60")
	if read.Code != 0 || !strings.Contains(read.Stdout, "https://www.bilibili.com/video/BV1xx411c7mD") || strings.Contains(read.Stdout, "{{<") {
		t.Errorf("read hello: the bilibili shortcode should be a link:\n%s%s", read.Stdout, read.Stderr)
	}
	if en := runSSH(t, srv.Port, "read", "en/hello"); en.Code != 0 || !strings.Contains(en.Stdout, "First paragraph.") {
		t.Errorf("read en/hello: %q %q", en.Stdout, en.Stderr)
	}
	if arch := runSSH(t, srv.Port, "read", "archives"); !strings.Contains(arch.Stdout, "2024") || !strings.Contains(arch.Stdout, "第二篇") {
		t.Errorf("read archives: want the posts by year:\n%s", arch.Stdout)
	}

	p := newPane(t, srv.Port, 80, 24)
	waitText(t, p, "慢读", "一个人的终端读书笔记", "你好，终端", "第二篇")
	p.keys("Enter")
	waitText(t, p, "English (t)", "cover.jpg", "第一段。")
	p.keys("t")
	waitText(t, p, "Hello, terminal", "First paragraph.", "中文 (t)")

	// An edit in the English folder reaches the reader (r reloads the
	// post on screen).
	if err := os.WriteFile(filepath.Join(site, "content/en/post/hello/index.md"), []byte("---\ntitle: Hello, terminal\ndate: 2024-05-01\n---\nEdited paragraph.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitText(t, p, "本文已更新，按 r 重新载入") // the site's language: the pane's locale names none
	p.keys("r")
	waitText(t, p, "Edited paragraph.")
}
