package hugoconfig

import (
	"testing"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		check func(t *testing.T, s Site)
	}{
		{
			name: "toml site",
			files: map[string]string{"hugo.toml": `
baseURL = 'https://example.org/'
languageCode = 'en-us'
title = 'Plain TOML'
summaryLength = 40
[params]
  description = 'Notes on things'
  mainSections = ['posts', 'notes']
  [params.author]
    name = 'Ann'
`},
			check: func(t *testing.T, s Site) {
				equal(t, "Title", s.Title, "Plain TOML")
				equal(t, "BaseURL", s.BaseURL, "https://example.org/")
				equal(t, "LanguageCode", s.LanguageCode, "en-us")
				equal(t, "DefaultContentLanguage", s.DefaultContentLanguage, "en")
				equal(t, "SummaryLength", s.SummaryLength, 40)
				equal(t, "Description", s.Description, "Notes on things")
				equal(t, "MainSections", s.MainSections, []string{"posts", "notes"})
				equal(t, "Taxonomies", s.Taxonomies, defaultTax)
				equal(t, "ContentDir", s.ContentDir, "content")
				equal(t, "Param(author.name)", s.Param("Author.Name"), "Ann")
				equal(t, "Files", rel(t, s.Root, s.Files), []string{"hugo.toml"})
				equal(t, "language codes", s.LanguageCodes(), []string{"en"})
				equal(t, "en.LanguageCode", s.DefaultLanguage().LanguageCode, "en-us")
				equal(t, "en.Title", s.DefaultLanguage().Title, "Plain TOML")
			},
		},
		{
			name: "yaml site with defaults",
			files: map[string]string{"hugo.yaml": `
baseURL: https://example.net/
title: Plain YAML
params:
  description: A YAML site
`},
			check: func(t *testing.T, s Site) {
				equal(t, "Title", s.Title, "Plain YAML")
				equal(t, "Description", s.Description, "A YAML site")
				equal(t, "SummaryLength", s.SummaryLength, 70)
				equal(t, "MainSections", s.MainSections, []string(nil))
				equal(t, "HasCJKLanguage", s.HasCJKLanguage, false)
				equal(t, "Taxonomies", s.Taxonomies, defaultTax)
			},
		},
		{
			name: "json site under the old config name",
			files: map[string]string{"config.json": `{
  "baseURL": "https://example.com/",
  "title": "Plain JSON",
  "summaryLength": 25,
  "hasCJKLanguage": true,
  "params": {"description": "JSON too", "mainSections": ["blog"]}
}`},
			check: func(t *testing.T, s Site) {
				equal(t, "Title", s.Title, "Plain JSON")
				equal(t, "SummaryLength", s.SummaryLength, 25)
				equal(t, "HasCJKLanguage", s.HasCJKLanguage, true)
				equal(t, "MainSections", s.MainSections, []string{"blog"})
				equal(t, "Files", rel(t, s.Root, s.Files), []string{"config.json"})
			},
		},
		{
			name: "first root file wins: hugo.* before config.*, toml before yaml",
			files: map[string]string{
				"hugo.yaml":   "title: from hugo.yaml\n",
				"hugo.toml":   "title = 'from hugo.toml'\n",
				"config.toml": "title = 'from config.toml'\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "Title", s.Title, "from hugo.toml")
				equal(t, "Files", rel(t, s.Root, s.Files), []string{"hugo.toml"})
			},
		},
		{
			name: "config directory merged over the root file",
			files: map[string]string{
				"hugo.toml":                 "title = 'Root file'\nbaseURL = 'https://root.example/'\n[params]\nkeep = 'root'\ncolor = 'red'\n",
				"config/_default/hugo.toml": "title = 'Dir hugo.toml'\n",
				"config/_default/params.toml": `
description = 'From params.toml'
color = 'blue'
mainSections = ['articles']
[sidebar]
subtitle = 'Sub'
`,
				"config/_default/languages.toml": `
[en]
languageName = 'English'
weight = 1
title = 'English title'
[fr]
languageName = 'Français'
weight = 2
contentDir = 'content/fr'
`,
				"config/_default/params.fr.toml":  "description = 'En français'\n",
				"config/_default/menus.en.toml":   "[[main]]\nname = 'Home'\nurl = '/'\n",
				"config/_default/taxonomies.yaml": "series: series\ntag: tags\n",
				"config/_default/notes.txt":       "not a config file",
				"config/development/hugo.toml":    "title = 'Development only'\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "Title", s.Title, "English title")
				equal(t, "BaseURL", s.BaseURL, "https://root.example/")
				equal(t, "Description", s.Description, "From params.toml")
				equal(t, "MainSections", s.MainSections, []string{"articles"})
				equal(t, "Param(color)", s.Param("color"), "blue")
				equal(t, "Param(keep)", s.Param("keep"), "root")
				equal(t, "Param(sidebar.subtitle)", s.Param("sidebar.subtitle"), "Sub")
				equal(t, "Taxonomies", s.Taxonomies, map[string]string{"series": "series", "tag": "tags"})
				equal(t, "Files", rel(t, s.Root, s.Files), []string{
					"hugo.toml",
					"config/_default/hugo.toml",
					"config/_default/languages.toml",
					"config/_default/menus.en.toml",
					"config/_default/params.fr.toml",
					"config/_default/params.toml",
					"config/_default/taxonomies.yaml",
				})
				fr, ok := s.Lang("FR")
				if !ok {
					t.Fatal("language fr missing")
				}
				equal(t, "fr.LanguageName", fr.LanguageName, "Français")
				equal(t, "fr.Title", fr.Title, "Dir hugo.toml")
				equal(t, "fr.Description", fr.Description, "En français")
				equal(t, "fr.Param(color)", fr.Param("color"), "blue")
				equal(t, "fr.ContentDir", fr.ContentDir, "content/fr")
				equal(t, "codes", s.LanguageCodes(), []string{"en", "fr"})
			},
		},
		{
			name: "production environment overrides _default",
			files: map[string]string{
				"config/_default/hugo.yaml":     "baseURL: http://localhost:1313/\ntitle: Env site\n",
				"config/production/hugo.yaml":   "baseURL: https://env.example/\n",
				"config/production/params.yaml": "description: Production description\n",
			},
			check: func(t *testing.T, s Site) {
				equal(t, "BaseURL", s.BaseURL, "https://env.example/")
				equal(t, "Title", s.Title, "Env site")
				equal(t, "Description", s.Description, "Production description")
			},
		},
		{
			name: "keys are case-insensitive",
			files: map[string]string{"hugo.yaml": `
BaseURL: https://case.example/
Title: Cases
LanguageCode: EN-GB
HASCJKLANGUAGE: true
SummaryLength: "55"
DefaultContentLanguage: EN
Params:
  MainSections: [Posts]
  Description: Mixed case
  Nested:
    DeepKey: deep
Taxonomies:
  Tag: Tags
`},
			check: func(t *testing.T, s Site) {
				equal(t, "BaseURL", s.BaseURL, "https://case.example/")
				equal(t, "Title", s.Title, "Cases")
				equal(t, "LanguageCode", s.LanguageCode, "EN-GB")
				equal(t, "HasCJKLanguage", s.HasCJKLanguage, true)
				equal(t, "SummaryLength", s.SummaryLength, 55)
				equal(t, "DefaultContentLanguage", s.DefaultContentLanguage, "en")
				equal(t, "MainSections", s.MainSections, []string{"Posts"})
				equal(t, "Description", s.Description, "Mixed case")
				equal(t, "Params.nested", s.Params["nested"], map[string]any{"deepkey": "deep"})
				equal(t, "Taxonomies", s.Taxonomies, map[string]string{"tag": "Tags"})
			},
		},
		{
			name:  "lower-case params.mainsections and root mainSections",
			files: map[string]string{"hugo.toml": "mainSections = ['root']\n[params]\nmainsections = 'single'\n"},
			check: func(t *testing.T, s Site) {
				// Hugo reads params.mainSections after the root key, so it wins.
				equal(t, "MainSections", s.MainSections, []string{"single"})
			},
		},
		{
			name:  "root mainSections key",
			files: map[string]string{"hugo.toml": "mainSections = ['docs', 'blog']\n"},
			check: func(t *testing.T, s Site) {
				equal(t, "MainSections", s.MainSections, []string{"docs", "blog"})
			},
		},
		{
			name: "multilingual site",
			files: map[string]string{"hugo.toml": `
title = 'Root title'
defaultContentLanguage = 'zh-CN'
hasCJKLanguage = true
[params]
  color = 'green'
[languages]
  [languages.en]
    title = 'English blog'
    languageName = 'English'
    languageCode = 'en-US'
    contentDir = 'content/en'
    weight = 2
    hasCJKLanguage = false
    [languages.en.params]
      description = 'In English'
  [languages.zh-CN]
    title = '中文博客'
    languageName = '中文'
    contentDir = 'content/zh'
    weight = 1
    [languages.zh-CN.params]
      description = '中文描述'
      color = 'red'
`},
			check: func(t *testing.T, s Site) {
				equal(t, "DefaultContentLanguage", s.DefaultContentLanguage, "zh-cn")
				equal(t, "Title", s.Title, "中文博客")
				equal(t, "Description", s.Description, "中文描述")
				equal(t, "Param(color)", s.Param("color"), "red")
				equal(t, "ContentDir", s.ContentDir, "content")
				equal(t, "codes", s.LanguageCodes(), []string{"zh-cn", "en"})
				equal(t, "IsMultilingual", s.IsMultilingual(), true)
				zh := s.DefaultLanguage()
				equal(t, "zh.Code", zh.Code, "zh-cn")
				equal(t, "zh.ContentDir", zh.ContentDir, "content/zh")
				equal(t, "zh.LanguageName", zh.LanguageName, "中文")
				equal(t, "zh.LanguageCode", zh.LanguageCode, "")
				equal(t, "zh.HasCJKLanguage", zh.HasCJKLanguage, true)
				en, _ := s.Lang("en")
				equal(t, "en.Title", en.Title, "English blog")
				equal(t, "en.Description", en.Description, "In English")
				equal(t, "en.Param(color)", en.Param("color"), "green")
				equal(t, "en.LanguageCode", en.LanguageCode, "en-US")
				equal(t, "en.Weight", en.Weight, 2)
				equal(t, "en.HasCJKLanguage", en.HasCJKLanguage, false)
				equal(t, "ContentPath(en)", rel(t, s.Root, []string{s.ContentPath("en")}), []string{"content/en"})
				equal(t, "ContentPath()", rel(t, s.Root, []string{s.ContentPath("")}), []string{"content/zh"})
			},
		},
		{
			name: "default language without languages.en defaults to the first by weight",
			files: map[string]string{"hugo.yaml": `
languages:
  fr: {weight: 2, title: Français}
  de: {weight: 1, title: Deutsch}
`},
			check: func(t *testing.T, s Site) {
				equal(t, "DefaultContentLanguage", s.DefaultContentLanguage, "de")
				equal(t, "Title", s.Title, "Deutsch")
			},
		},
		{
			name: "disabled languages are left out",
			files: map[string]string{"hugo.toml": `
disableLanguages = ['fr']
[languages.en]
[languages.fr]
[languages.de]
disabled = true
`},
			check: func(t *testing.T, s Site) {
				equal(t, "codes", s.LanguageCodes(), []string{"en"})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeSite(t, tt.files)
			s, err := Load(root)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			equal(t, "Root", s.Root, root)
			tt.check(t, s)
		})
	}
}

func TestLoadEnv(t *testing.T) {
	root := writeSite(t, map[string]string{
		"config/_default/hugo.toml":    "baseURL = 'http://localhost/'\n",
		"config/production/hugo.toml":  "baseURL = 'https://prod.example/'\n",
		"config/development/hugo.toml": "baseURL = 'http://dev.local/'\n",
	})
	for env, want := range map[string]string{
		"":            "http://localhost/",
		"production":  "https://prod.example/",
		"development": "http://dev.local/",
		"staging":     "http://localhost/",
	} {
		s, err := LoadEnv(root, env)
		if err != nil {
			t.Fatalf("LoadEnv(%q): %v", env, err)
		}
		equal(t, "BaseURL for "+env, s.BaseURL, want)
	}
}
