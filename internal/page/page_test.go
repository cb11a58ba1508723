package page

import (
	"strings"
	"testing"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

func mustParse(t *testing.T, path, src string) *Page {
	t.Helper()
	p, err := Parse(path, []byte(src), Options{HasCJKLanguage: true, Location: cst})
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return p
}

func TestParseFields(t *testing.T) {
	p := mustParse(t, "posts/hello-world.md", `---
title: Hello, World
date: 2024-05-02T09:30:00+08:00
tags: [go, ssh]
categories: tech
description: A first post.
draft: false
---
Intro paragraph.

<!--more-->

Rest of the post.
`)
	if p.Title != "Hello, World" || p.Slug != "hello-world" || p.Section != "posts" {
		t.Errorf("title/slug/section = %q %q %q", p.Title, p.Slug, p.Section)
	}
	if want := time.Date(2024, 5, 2, 9, 30, 0, 0, cst); !p.Date.Equal(want) {
		t.Errorf("date = %v, want %v", p.Date, want)
	}
	if strings.Join(p.Tags, ",") != "go,ssh" || strings.Join(p.Categories, ",") != "tech" {
		t.Errorf("tags %v categories %v", p.Tags, p.Categories)
	}
	if p.Summary != "Intro paragraph." {
		t.Errorf("summary = %q, want text before <!--more-->", p.Summary)
	}
	if !p.PublishDate.Equal(p.Date) || !p.Lastmod.Equal(p.Date) {
		t.Errorf("publishDate/lastmod should fall back to date: %v %v", p.PublishDate, p.Lastmod)
	}
}

func TestParseTOMLAndJSON(t *testing.T) {
	toml := mustParse(t, "posts/t.md", "+++\ntitle = \"T\"\ndate = 2023-06-21T18:00:00+02:00\ntags = [\"a\"]\nslug = \"Custom Slug\"\n+++\nbody\n")
	if toml.Title != "T" || toml.Slug != "custom-slug" || toml.Date.Year() != 2023 {
		t.Errorf("toml post = %q %q %v", toml.Title, toml.Slug, toml.Date)
	}
	localDate := mustParse(t, "posts/d.md", "+++\ndate = 2024-05-02\n+++\nbody\n")
	if localDate.Date.Format("2006-01-02") != "2024-05-02" {
		t.Errorf("toml local date = %v", localDate.Date)
	}
	js := mustParse(t, "posts/j.md", "{\n  \"title\": \"J\",\n  \"date\": \"2022-01-02\",\n  \"draft\": true\n}\nbody\n")
	if js.Title != "J" || !js.Draft || js.Date.Year() != 2022 {
		t.Errorf("json post = %+v", js)
	}
}

func TestDates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-05-02T09:30:00+08:00", "2024-05-02T09:30:00+08:00"},
		{"2024-05-02T09:30:00Z", "2024-05-02T09:30:00Z"},
		{"2024-05-02", "2024-05-02T00:00:00+08:00"},
		{"2024-05-02 15:04:05", "2024-05-02T15:04:05+08:00"},
		{"2024-05-02T15:04:05", "2024-05-02T15:04:05+08:00"},
		{"2024-05-02 15:04:05 +0200", "2024-05-02T15:04:05+02:00"},
		{"", "0001-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, cst)
		if err != nil {
			t.Errorf("parseDate(%q): %v", tt.in, err)
			continue
		}
		if got.Format(time.RFC3339) != tt.want {
			t.Errorf("parseDate(%q) = %s, want %s", tt.in, got.Format(time.RFC3339), tt.want)
		}
	}
	if _, err := Parse("posts/bad.md", []byte("---\ntitle: x\ndate: yesterday\n---\n"), Options{}); err == nil ||
		!strings.Contains(err.Error(), "posts/bad.md:3:") {
		t.Errorf("bad date error = %v, want file:line", err)
	}
}

func TestTitleAndSlugFallbacks(t *testing.T) {
	tests := []struct{ path, src, title, slug string }{
		{"posts/my-post.md", "# From Heading\n\ntext", "From Heading", "my-post"},
		{"posts/no-title.md", "just text", "no-title", "no-title"},
		{"posts/bundle-name/index.md", "---\ntitle: B\n---\n", "B", "bundle-name"},
		{"posts/Spaces And Caps.md", "---\ntitle: S\n---\n", "S", "spaces-and-caps"},
		{"posts/中文文件名.md", "---\ntitle: 中\n---\n", "中", "中文文件名"},
		{"posts/x.md", "---\ntitle: X\nslug: hello world!\n---\n", "X", "hello-world"},
	}
	for _, tt := range tests {
		p := mustParse(t, tt.path, tt.src)
		if p.Title != tt.title || p.Slug != tt.slug {
			t.Errorf("%s: title, slug = %q, %q; want %q, %q", tt.path, p.Title, p.Slug, tt.title, tt.slug)
		}
	}
}

func TestWordCountHugoRules(t *testing.T) {
	tests := []struct {
		name  string
		plain string
		cjk   bool
		want  int
	}{
		{"english", "The quick brown fox.", false, 4},
		{"chinese counts characters", "我们在终端里阅读", true, 8},
		{"punctuation counts too", "你好，世界。", true, 6},
		{"mixed", "用 Go 写博客", true, 1 + 1 + 3},
		{"ascii chunk counts one on cjk page", "hello 世界 world", true, 4},
		{"non-cjk page counts chunks", "你好 世界", false, 2},
	}
	for _, tt := range tests {
		if got := WordCount(tt.plain, tt.cjk); got != tt.want {
			t.Errorf("%s: WordCount(%q) = %d, want %d", tt.name, tt.plain, got, tt.want)
		}
	}
	for _, tt := range []struct{ words, want int }{{0, 0}, {1, 1}, {213, 1}, {214, 2}, {426, 2}, {427, 3}} {
		if got := ReadingTime(tt.words, false); got != tt.want {
			t.Errorf("ReadingTime(%d, en) = %d, want %d", tt.words, got, tt.want)
		}
	}
	for _, tt := range []struct{ words, want int }{{501, 1}, {502, 2}, {3450, 7}} {
		if got := ReadingTime(tt.words, true); got != tt.want {
			t.Errorf("ReadingTime(%d, cjk) = %d, want %d", tt.words, got, tt.want)
		}
	}
}

func TestCountsIgnoreMarkup(t *testing.T) {
	p := mustParse(t, "posts/c.md", "---\ntitle: c\n---\n## 标题\n\n**重要**，是*强调*。\n\n- 一\n- 二\n")
	// 标题(2) + 重要，是强调。(7) + 一 + 二
	if !p.IsCJK || p.WordCount != 11 {
		t.Errorf("IsCJK=%v WordCount=%d, want true 11", p.IsCJK, p.WordCount)
	}
}

func TestSummaryFallbacks(t *testing.T) {
	long := strings.Repeat("word ", 100)
	if p := mustParse(t, "posts/a.md", "---\ntitle: a\nsummary: From field\n---\n"+long); p.Summary != "From field" {
		t.Errorf("summary field: %q", p.Summary)
	}
	if p := mustParse(t, "posts/b.md", "---\ntitle: b\ndescription: From description\n---\n"+long); p.Summary != "From description" {
		t.Errorf("description fallback: %q", p.Summary)
	}
	p := mustParse(t, "posts/c.md", "---\ntitle: c\n---\n"+long)
	if n := len(strings.Fields(strings.TrimSuffix(p.Summary, " …"))); n != 70 {
		t.Errorf("automatic summary has %d words, want 70", n)
	}
	zh := mustParse(t, "posts/d.md", "---\ntitle: d\n---\n"+strings.Repeat("中文字", 40))
	if n := len([]rune(strings.TrimSuffix(zh.Summary, "…"))); n != 70 {
		t.Errorf("CJK automatic summary has %d characters, want 70", n)
	}
}

func TestPublished(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, fm string
		want     bool
	}{
		{"past", "date: 2025-01-01", true},
		{"draft", "date: 2025-01-01\ndraft: true", false},
		{"future", "date: 2030-01-01", false},
		{"future publishDate", "date: 2025-01-01\npublishDate: 2030-01-01", false},
		{"expired", "date: 2025-01-01\nexpiryDate: 2026-01-01", false},
		{"not yet expired", "date: 2025-01-01\nexpiryDate: 2027-01-01", true},
		{"no date", "title: x", true},
	}
	for _, tt := range tests {
		p := mustParse(t, "posts/p.md", "---\n"+tt.fm+"\n---\nbody")
		if got := p.Published(now); got != tt.want {
			t.Errorf("%s: Published = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestControlSequencesStripped(t *testing.T) {
	p := mustParse(t, "posts/evil.md", "---\ntitle: \"Evil\\e]0;pwned\\a title\"\n---\nbody \x1b[2J\x1b[31mred\x1b[0m\r\n")
	for _, s := range []string{p.Title, p.Body(), p.Source(), p.Summary} {
		if strings.ContainsAny(s, "\x1b\x07\r") {
			t.Errorf("control characters left in %q", s)
		}
	}
}

// A Stack links page (front matter params.links) shows its links, after
// the text, and they are not counted as the page's words.
func TestStackLinksPage(t *testing.T) {
	src := "---\ntitle: Links\nparams:\n  links:\n    - title: GitHub\n      description: Where code lives.\n      website: 'https://github.com'\n      image: gh.png\n    - title: \"\\e[2JEvil\"\n      website: https://example.org\n---\nFriends of this blog.\n"
	p, err := Parse("page/links/index.md", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Friends of this blog.", "- **GitHub**: Where code lives.", "<https://github.com>", "- **Evil**", "<https://example.org>"} {
		if !strings.Contains(p.Body(), want) {
			t.Errorf("body lacks %q:\n%s", want, p.Body())
		}
	}
	if strings.Contains(p.Body(), "\x1b") {
		t.Errorf("escape sequence in the body: %q", p.Body())
	}
	if p.WordCount != 4 {
		t.Errorf("word count %d, want 4 (the links are not the page's words)", p.WordCount)
	}
}

// Summaries are plain text with entities decoded: a reference to a control
// character must not become one in the list.
func TestSummaryDecodesNoControls(t *testing.T) {
	p, err := Parse("posts/x.md", []byte("---\ntitle: X\n---\nHello &#27;]0;pwned&#7; &#x202E;world &amp; &#169;\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(p.Summary, "\x1b\x07\u202e") || !strings.Contains(p.Summary, "& ©") {
		t.Errorf("summary %q", p.Summary)
	}
}
