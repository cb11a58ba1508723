package hugoconfig

import "testing"

// TestTaxonomiesAndDescription covers the defaults that depend on whether a
// key is present, and the language-level fallbacks of params.description.
func TestTaxonomiesAndDescription(t *testing.T) {
	tests := []struct {
		name     string
		file     string // name of the root config file
		config   string
		wantTax  map[string]string
		wantDesc string
	}{
		{
			name:    "default taxonomies",
			file:    "hugo.toml",
			config:  "title = 'x'\n",
			wantTax: defaultTax,
		},
		{
			name:    "override replaces the defaults",
			file:    "hugo.toml",
			config:  "[taxonomies]\nauthor = 'authors'\n",
			wantTax: map[string]string{"author": "authors"},
		},
		{
			name:    "empty toml table means no taxonomies",
			file:    "hugo.toml",
			config:  "[taxonomies]\n",
			wantTax: map[string]string{},
		},
		{
			name:    "empty yaml map means no taxonomies",
			file:    "hugo.yaml",
			config:  "taxonomies: {}\n",
			wantTax: map[string]string{},
		},
		{
			name:    "empty json object means no taxonomies",
			file:    "hugo.json",
			config:  `{"taxonomies": {}}`,
			wantTax: map[string]string{},
		},
		{
			name:    "legacy indexes alias",
			file:    "hugo.toml",
			config:  "[indexes]\ntopic = 'topics'\n",
			wantTax: map[string]string{"topic": "topics"},
		},
		{
			name:    "language taxonomies replace the root ones",
			file:    "hugo.toml",
			config:  "[taxonomies]\ntag = 'tags'\n[languages.en.taxonomies]\nseries = 'series'\n",
			wantTax: map[string]string{"series": "series"},
		},
		{
			name:     "description from language params",
			file:     "hugo.yaml",
			config:   "languages:\n  en:\n    params:\n      description: lang params\n",
			wantTax:  defaultTax,
			wantDesc: "lang params",
		},
		{
			name:     "legacy description directly on the language",
			file:     "hugo.yaml",
			config:   "languages:\n  en:\n    description: legacy\n",
			wantTax:  defaultTax,
			wantDesc: "legacy",
		},
		{
			name:     "language params win over the legacy key",
			file:     "hugo.yaml",
			config:   "languages:\n  en:\n    description: legacy\n    params: {description: params}\n",
			wantTax:  defaultTax,
			wantDesc: "params",
		},
		{
			name:     "language value wins over the root params, as in Hugo",
			file:     "hugo.yaml",
			config:   "params: {description: root}\nlanguages:\n  en:\n    params: {description: language}\n",
			wantTax:  defaultTax,
			wantDesc: "language",
		},
		{
			name:     "root params when the language sets nothing",
			file:     "hugo.yaml",
			config:   "params: {description: root}\nlanguages:\n  en: {title: T}\n",
			wantTax:  defaultTax,
			wantDesc: "root",
		},
		{
			name:     "other languages do not leak into the default",
			file:     "hugo.yaml",
			config:   "languages:\n  en: {weight: 1}\n  fr:\n    params: {description: french}\n",
			wantTax:  defaultTax,
			wantDesc: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeSite(t, map[string]string{tt.file: tt.config})
			s, err := Load(root)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			equal(t, "Taxonomies", s.Taxonomies, tt.wantTax)
			equal(t, "Description", s.Description, tt.wantDesc)
		})
	}
}

// TestStackTheme loads a configuration shaped like the one the Hugo Stack
// theme's starter template produces.
func TestStackTheme(t *testing.T) {
	root := writeSite(t, map[string]string{
		"hugo.yaml": `baseurl: https://blog.example.com/
languageCode: zh-cn
theme: hugo-theme-stack
title: Placeholder title
copyright: Someone

defaultContentLanguage: zh-cn
hasCJKLanguage: true

languages:
  zh-cn:
    languageName: 中文
    title: 我的博客
    weight: 1

pagination:
  pagerSize: 5

permalinks:
  post: /p/:slug/
  page: /:slug/

params:
  mainSections:
    - post
  featuredImageField: image
  rssFullContent: true
  favicon: /favicon.png
  footer:
    since: 2021
    customText: ""
  dateFormat:
    published: Jan 02, 2006
    lastUpdated: Jan 02, 2006 15:04 MST
  sidebar:
    emoji: 🌱
    subtitle: 记录一些学习笔记
    avatar:
      enabled: true
      local: true
      src: img/avatar.png
  article:
    math: false
    toc: true
    readingTime: true
  widgets:
    homepage:
      - type: search
      - type: archives
        params:
          limit: 5
      - type: tag-cloud
    page:
      - type: toc
  colorScheme:
    toggle: true
    default: auto

menu:
  main: []
  social:
    - identifier: github
      name: GitHub
      url: https://github.com/example
      params:
        icon: brand-github

related:
  includeNewer: true
  threshold: 60
  toLower: false
  indices:
    - name: tags
      weight: 100

markup:
  goldmark:
    renderer:
      unsafe: true
  tableOfContents:
    endLevel: 4
    startLevel: 2
`,
		"content/post/hello/index.md": "---\ntitle: Hello\n---\n",
	})
	s, err := Load(root)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	equal(t, "Title", s.Title, "我的博客")
	equal(t, "BaseURL", s.BaseURL, "https://blog.example.com/")
	equal(t, "LanguageCode", s.LanguageCode, "zh-cn")
	equal(t, "DefaultContentLanguage", s.DefaultContentLanguage, "zh-cn")
	equal(t, "HasCJKLanguage", s.HasCJKLanguage, true)
	equal(t, "MainSections", s.MainSections, []string{"post"})
	equal(t, "Description (the sidebar subtitle)", s.Description, "记录一些学习笔记")
	equal(t, "SummaryLength", s.SummaryLength, 70)
	equal(t, "Taxonomies", s.Taxonomies, defaultTax)
	equal(t, "ContentDir", s.ContentDir, "content")
	equal(t, "Param(sidebar.subtitle)", s.Param("sidebar.subtitle"), "记录一些学习笔记")
	equal(t, "Param(sidebar.avatar.enabled)", s.Param("Sidebar.Avatar.Enabled"), true)
	equal(t, "Param(featuredImageField)", s.Param("featuredImageField"), "image")
	if w, ok := s.Param("widgets.homepage").([]any); !ok || len(w) != 3 {
		t.Errorf("Param(widgets.homepage) = %#v, want 3 widgets", s.Param("widgets.homepage"))
	}
	zh, ok := s.Lang("zh-CN")
	if !ok {
		t.Fatal("language zh-cn missing")
	}
	equal(t, "zh.LanguageName", zh.LanguageName, "中文")
	equal(t, "zh.Title", zh.Title, "我的博客")
	equal(t, "zh.Weight", zh.Weight, 1)
	equal(t, "zh.LanguageCode", zh.LanguageCode, "zh-cn")
	equal(t, "codes", s.LanguageCodes(), []string{"zh-cn"})

	site, content, found, err := Find(root)
	gotRoot := site.Root
	if err != nil || !found {
		t.Fatalf("Find(root) = %q, %q, %v, %v", gotRoot, content, found, err)
	}
	equal(t, "content", rel(t, root, []string{content}), []string{"content"})
}

// An empty mainSections ("" or []) counts as unset, so the biggest section
// is the main one (Hugo's fallback), and a theme's default does not apply
// either: the site did set the key.
func TestEmptyMainSectionsIsUnset(t *testing.T) {
	for _, conf := range []string{
		"title = \"x\"\nmainSections = \"\"\n",
		"title = \"x\"\n[params]\nmainSections = []\n",
		"title = \"x\"\ntheme = \"stack\"\n[params]\nmainSections = \"\"\n",
	} {
		root := writeSite(t, map[string]string{
			"hugo.toml":                conf,
			"themes/stack/config.yaml": "params:\n  mainSections: [post]\n",
			"content/notes/a.md":       "---\ntitle: A\n---\n",
		})
		s, err := Load(root)
		if err != nil {
			t.Fatalf("Load(%q): %v", conf, err)
		}
		if s.MainSections != nil {
			t.Errorf("%q: MainSections = %q, want unset", conf, s.MainSections)
		}
	}
}

// enableEmoji reaches the site (and from there the renders).
func TestEnableEmoji(t *testing.T) {
	for conf, want := range map[string]bool{"title = \"x\"\nenableEmoji = true\n": true, "title = \"x\"\n": false} {
		s, err := Load(writeSite(t, map[string]string{"hugo.toml": conf}))
		if err != nil {
			t.Fatal(err)
		}
		if s.EnableEmoji != want {
			t.Errorf("%q: EnableEmoji = %v", conf, s.EnableEmoji)
		}
	}
}
