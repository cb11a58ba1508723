package hugoconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Stack theme's own config/_default/params.yaml, as the theme ships it
// (abridged): its mainSections and an empty sidebar subtitle.
const stackParams = `mainSections:
  - post
featuredImageField: image
sidebar:
  emoji:
  subtitle:
  compact: false
`

func TestThemeParams(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		check func(t *testing.T, s Site)
	}{
		{
			name: "stack theme by name supplies mainSections",
			files: map[string]string{
				"hugo.yaml": "title: 博客\ntheme: hugo-theme-stack\nparams:\n  sidebar:\n    subtitle: 一个人的读书笔记\n",
				"themes/hugo-theme-stack/config/_default/params.yaml": stackParams,
			},
			check: func(t *testing.T, s Site) {
				equal(t, "MainSections", s.MainSections, []string{"post"})
				equal(t, "Description (the Stack tagline)", s.Description, "一个人的读书笔记")
				equal(t, "featuredImageField", s.Param("featuredImageField"), "image")
				equal(t, "Files", rel(t, s.Root, s.Files), []string{"hugo.yaml", "themes/hugo-theme-stack/config/_default/params.yaml"})
				equal(t, "ThemeDirs", rel(t, s.Root, s.ThemeDirs), []string{"themes/hugo-theme-stack"})
			},
		},
		{
			name: "module import path, vendored, site params win",
			files: map[string]string{
				"hugo.toml": `title = "Blog"
[module]
[[module.imports]]
path = "github.com/CaiJimmy/hugo-theme-stack/v3"
[params]
description = "Mine"
mainSections = ["articles"]
`,
				"_vendor/github.com/CaiJimmy/hugo-theme-stack/v3/config/_default/params.yaml": stackParams + "description: Theirs\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "MainSections", s.MainSections, []string{"articles"})
				equal(t, "Description", s.Description, "Mine")
				equal(t, "ThemeDirs", rel(t, s.Root, s.ThemeDirs), []string{"_vendor/github.com/CaiJimmy/hugo-theme-stack/v3"})
			},
		},
		{
			name: "module path found in themes/ by its name",
			files: map[string]string{
				"hugo.toml":                         "[[module.imports]]\npath = 'github.com/CaiJimmy/hugo-theme-stack/v3'\n",
				"themes/hugo-theme-stack/hugo.yaml": "params:\n  mainSections: [post]\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "MainSections", s.MainSections, []string{"post"})
			},
		},
		{
			name: "root mainSections beats the theme's params",
			files: map[string]string{
				"hugo.toml": "theme = 'stack'\nmainSections = ['notes']\n",
				"themes/stack/config/_default/params.yaml": stackParams,
			},
			check: func(t *testing.T, s Site) {
				equal(t, "MainSections", s.MainSections, []string{"notes"})
			},
		},
		{
			name: "first theme wins, language params filled in",
			files: map[string]string{
				"hugo.toml": `theme = ["a", "b"]
defaultContentLanguage = "zh-cn"
[languages.zh-cn]
title = "中文"
`,
				"themes/a/hugo.toml": "[params]\ndescription = 'from a'\n",
				"themes/b/hugo.toml": "[params]\ndescription = 'from b'\nmainSections = ['b']\n[languages.zh-cn.params]\ndescription = 'b 的中文简介'\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "Description (language params beat root params)", s.Description, "b 的中文简介")
				equal(t, "MainSections", s.MainSections, []string{"b"})
			},
		},
		{
			name: "a language's own mainSections beats the theme",
			files: map[string]string{
				"hugo.toml": "theme = 'stack'\n[languages.en]\nmainSections = ['blog']\n",
				"themes/stack/config/_default/params.yaml": stackParams,
			},
			check: func(t *testing.T, s Site) {
				equal(t, "MainSections", s.MainSections, []string{"blog"})
			},
		},
		{
			name: "site root params beat a theme's language params",
			files: map[string]string{
				"hugo.toml":          "theme = 't'\n[params]\ndescription = 'mine'\n[languages.en]\ntitle = 'T'\n",
				"themes/t/hugo.toml": "[languages.en.params]\ndescription = 'theme demo'\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "Description", s.Description, "mine")
			},
		},
		{
			name: "missing theme folder is not an error",
			files: map[string]string{
				"hugo.toml": "theme = 'not-downloaded'\ntitle = 'T'\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "Title", s.Title, "T")
				equal(t, "MainSections", s.MainSections, []string(nil))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(writeSite(t, tt.files))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			tt.check(t, s)
		})
	}
}

func TestThemeConfigErrorNamesTheme(t *testing.T) {
	root := writeSite(t, map[string]string{
		"hugo.toml":               "theme = 'broken'\n",
		"themes/broken/hugo.toml": "[params\n",
	})
	_, err := Load(root)
	if err == nil || !strings.Contains(err.Error(), "theme broken") || !strings.Contains(err.Error(), "hugo.toml") {
		t.Fatalf("Load = %v, want an error naming the theme and its file", err)
	}
}

// Links in the content may lead into the theme folders (Site.ThemeDirs),
// so only folders inside the site's themes or _vendor folder are theme
// folders there, whatever the configuration names: theme = "../.git" let
// a post linking to .git/config serve the repository's credentials. The
// params of such a theme are still read.
func TestThemeDirsStayInTheSite(t *testing.T) {
	outside := t.TempDir()
	for _, tt := range []struct {
		name  string
		files map[string]string
		link  string // themes/evil is a link to outside, if set
		want  []string
	}{
		{"a theme in themes/", map[string]string{"hugo.toml": "theme = 'stack'\n", "themes/stack/": ""}, "", []string{"themes/stack"}},
		{"a vendored module", map[string]string{"hugo.toml": "theme = 'github.com/x/t'\n", "_vendor/github.com/x/t/": ""}, "", []string{"_vendor/github.com/x/t"}},
		{"a theme named ../.git", map[string]string{"hugo.toml": "theme = '../.git'\n", ".git/config": "token"}, "", nil},
		{"a theme named ..", map[string]string{"hugo.toml": "theme = '..'\n", "themes/": ""}, "", nil},
		{"themesDir /", map[string]string{"hugo.toml": "themesDir = '/'\ntheme = 'etc'\n"}, "", nil},
		{"themesDir outside the site", map[string]string{"hugo.toml": "themesDir = '" + filepath.Dir(outside) + "'\ntheme = '" + filepath.Base(outside) + "'\n"}, "", nil},
		{"a theme folder that is a link out", map[string]string{"hugo.toml": "theme = 'evil'\n", "themes/": ""}, outside, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := writeSite(t, tt.files)
			if tt.link != "" {
				if err := os.Symlink(tt.link, filepath.Join(root, "themes/evil")); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Load(root)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if len(s.ThemeDirs) > 0 {
				got = rel(t, s.Root, s.ThemeDirs)
			}
			equal(t, "ThemeDirs", got, tt.want)
		})
	}
}
