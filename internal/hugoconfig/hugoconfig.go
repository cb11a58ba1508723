// Package hugoconfig finds and reads the configuration of a Hugo site the
// way Hugo does, so that sshblog can serve an existing Hugo site.
//
// Files are looked up and merged like Hugo's config loader
// (config/allconfig/load.go and config/configLoader.go in gohugoio/hugo):
//
//   - the root configuration file: the first of hugo.toml, hugo.yaml,
//     hugo.yml, hugo.json, config.toml, config.yaml, config.yml and
//     config.json found in the site root (only one is read);
//   - then every file of the configuration directory config/_default/ in
//     lexical order, then config/<environment>/ (Load uses "production",
//     the environment of a `hugo` build). hugo.* and config.* there are
//     root configuration; any other file is mounted under the key named by
//     its base name (params.toml under params, languages.toml under
//     languages), and <key>.<lang>.* files under languages.<lang>
//     (params.<lang>.* under languages.<lang>.params, menus.<lang>.* under
//     languages.<lang>.menus).
//
// Each file overwrites the values of the ones before it, merging nested
// maps recursively. Keys are compared case-insensitively: like Hugo, every
// map key is lower-cased (also in Params and Languages).
//
// What sshblog sees is the configuration of the default content language:
// as in Hugo, keys set under languages.<default> (title, params, ...)
// override the root ones for that language, with language params merged
// over the root params. A theme's params (themes/<theme>/ or a vendored
// module) fill in what the site leaves unset; see mergeThemes. Not
// supported: themes only in Hugo's module cache, HUGO_* environment
// variables and command-line flags.
package hugoconfig

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
)

// Site is what sshblog uses from a Hugo configuration. String and map
// fields describe the default content language (see the package doc).
//
// Description is params.description as Hugo resolves it for the default
// language: languages.<default>.params.description, else the legacy
// languages.<default>.description (which Hugo moves into that language's
// params), else the root params.description. The language value wins when
// both are set, because Hugo merges root params under language params.
type Site struct {
	Root                   string              // absolute path of the site root
	Title                  string              // title; languages.<default>.title wins
	BaseURL                string              // baseURL
	LanguageCode           string              // languageCode
	DefaultContentLanguage string              // lower-cased; default "en"
	Languages              map[string]Language // enabled languages, keys lower-cased, e.g. "zh-cn"
	HasCJKLanguage         bool                // hasCJKLanguage
	SummaryLength          int                 // summaryLength, default 70
	EnableEmoji            bool                // enableEmoji: :shortcodes: in posts are emoji
	Taxonomies             map[string]string   // singular -> plural; default {"tag":"tags","category":"categories"}; empty when configured as an empty map
	MainSections           []string            // params.mainSections, else mainSections; nil if unset or empty ("" or [])
	Description            string              // params.description of the default language
	ContentDir             string              // root contentDir as configured, default "content" (relative to Root unless absolute; inside Root, see checkContentDirs)
	Params                 map[string]any      // params of the default language (root params merged under the language's)
	Files                  []string            // config files that were read, in merge order, themes' last
	ThemeDirs              []string            // theme folders inside the site, where links in the content may lead (see linkable)
	// StaticDirs and AssetDirs are the folders, inside the site, of the
	// files Hugo publishes at the site's root, the first holding a path
	// winning: staticDir (right-most first) and the themes' static/, then
	// assetDir and the themes' assets/ (see siteFileDirs).
	StaticDirs, AssetDirs []string
	// Math are the math delimiters of Hugo's passthrough extension, when
	// it is enabled (markup.goldmark.extensions.passthrough).
	Math []markdown.MathDelimiter
	// Permalinks are the permalinks patterns of regular pages by section
	// (name or path, lower case), [permalinks.page] over [permalinks].
	Permalinks map[string]string
}

// Language is the configuration of one language of a site, with the keys
// it does not set inherited from the root configuration.
type Language struct {
	Code           string         // language key, lower-cased, e.g. "zh-cn"
	Title          string         // languages.<code>.title, else the root title
	Description    string         // params.description for this language (see Site.Description)
	ContentDir     string         // languages.<code>.contentDir, else the root contentDir; relative to the site root unless absolute
	LanguageName   string         // languageName (or label, its newer name)
	LanguageCode   string         // languageCode (or locale); a single-language site inherits the root languageCode
	Weight         int            // weight; languages sort by weight, 0 last, then by code
	HasCJKLanguage bool           // hasCJKLanguage for this language
	Params         map[string]any // language params merged over the root params
}

// Load reads the configuration of the site at root, using the production
// environment (config/_default/ then config/production/). It returns an
// error wrapping ErrNoConfig when root holds no Hugo configuration.
func Load(root string) (Site, error) {
	return LoadEnv(root, DefaultEnvironment)
}

// LoadEnv is Load with an explicit Hugo environment: the files of
// config/<env>/ are merged after config/_default/. An empty env reads
// config/_default/ only.
func LoadEnv(root, env string) (Site, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return Site{}, fmt.Errorf("hugoconfig: %w", err)
	}
	cfg, files, err := loadMerged(abs, env)
	if err != nil {
		return Site{}, err
	}
	if len(files) == 0 {
		return Site{}, fmt.Errorf("hugoconfig: %s: %w", abs, ErrNoConfig)
	}
	themeFiles, themeDirs, err := mergeThemes(abs, env, cfg)
	if err != nil {
		return Site{}, fmt.Errorf("hugoconfig: %s: %w", abs, err)
	}
	files = append(files, themeFiles...)
	s, err := decodeSite(cfg)
	if err != nil {
		return Site{}, fmt.Errorf("hugoconfig: %s: %w", abs, err)
	}
	s.Root = abs
	s.Files = files
	s.ThemeDirs = themeDirs
	s.StaticDirs, s.AssetDirs = siteFileDirs(abs, cfg, themeDirs, s.languagesDefaultFirst())
	s.Math = passthrough(cfg)
	s.Permalinks = permalinks(cfg)
	if err := s.checkContentDirs(); err != nil {
		return Site{}, fmt.Errorf("hugoconfig: %s: %w", abs, err)
	}
	return s, nil
}

// loadMerged reads and merges every configuration file of the site at root
// in Hugo's order, returning the lower-cased merged map and the files read.
func loadMerged(root, env string) (map[string]any, []string, error) {
	cfg := map[string]any{}
	var files []string
	add := func(path string, keyPath []string) error {
		m, err := readConfigFile(path)
		if err != nil {
			return err
		}
		item := page.LowerKeys(nest(m, keyPath))
		renameMenu(item)
		page.Merge(cfg, item)
		files = append(files, path)
		return nil
	}

	rootFile, err := rootConfigFile(root)
	if err != nil {
		return nil, nil, err
	}
	if rootFile != "" {
		if err := add(rootFile, nil); err != nil {
			return nil, nil, err
		}
	}
	dirs := []string{filepath.Join(root, ConfigDirName, "_default")}
	if env != "" && env != "_default" {
		dirs = append(dirs, filepath.Join(root, ConfigDirName, env))
	}
	for _, dir := range dirs {
		dirFiles, err := configDirFiles(dir)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range dirFiles {
			if err := add(f, configDirKeyPath(f)); err != nil {
				return nil, nil, err
			}
		}
	}
	return cfg, files, nil
}

// Lang returns the language with the given code, compared
// case-insensitively ("zh-CN" finds "zh-cn").
func (s Site) Lang(code string) (Language, bool) {
	l, ok := s.Languages[strings.ToLower(code)]
	return l, ok
}

// DefaultLanguage returns the default content language.
func (s Site) DefaultLanguage() Language {
	return s.Languages[s.DefaultContentLanguage]
}

// IsMultilingual reports whether the site has more than one enabled
// language.
func (s Site) IsMultilingual() bool {
	return len(s.Languages) > 1
}

// LanguageCodes returns the language codes in Hugo's order: by weight,
// languages without a weight last, ties broken by code.
func (s Site) LanguageCodes() []string {
	codes := make([]string, 0, len(s.Languages))
	for c := range s.Languages {
		codes = append(codes, c)
	}
	sortLanguages(codes, func(c string) int { return s.Languages[c].Weight })
	return codes
}

// languagesDefaultFirst is LanguageCodes with the default language
// first.
func (s Site) languagesDefaultFirst() []string {
	codes := s.LanguageCodes()
	if i := slices.Index(codes, s.DefaultContentLanguage); i > 0 {
		codes = slices.Insert(slices.Delete(codes, i, i+1), 0, s.DefaultContentLanguage)
	}
	return codes
}

// sortLanguages sorts codes as Hugo sorts languages (langs/config.go):
// non-zero weights first in increasing order, then by code.
func sortLanguages(codes []string, weight func(string) int) {
	sort.SliceStable(codes, func(i, j int) bool {
		wi, wj := weight(codes[i]), weight(codes[j])
		switch {
		case wi == wj:
			return codes[i] < codes[j]
		case wj == 0:
			return true
		case wi == 0:
			return false
		}
		return wi < wj
	})
}

// ContentPath returns the absolute content folder of the language code
// ("" for the default language). Unknown codes get the root contentDir.
func (s Site) ContentPath(code string) string {
	dir := s.ContentDir
	if code == "" {
		code = s.DefaultContentLanguage
	}
	if l, ok := s.Lang(code); ok && l.ContentDir != "" {
		dir = l.ContentDir
	}
	return s.absDir(dir)
}

// absDir returns a content folder as an absolute path: the default when
// empty, relative to the site root unless absolute.
func (s Site) absDir(dir string) string {
	if dir == "" {
		dir = defaultContentDir
	}
	if filepath.IsAbs(dir) {
		return filepath.Clean(dir)
	}
	return filepath.Join(s.Root, dir)
}

// Param looks a parameter of the default language up by a dotted,
// case-insensitive path, as .Site.Params does in templates:
// Param("sidebar.subtitle"). It returns nil when the path is not set.
func (s Site) Param(path string) any {
	return lookup(s.Params, path)
}

// Param looks a parameter of the language up like Site.Param.
func (l Language) Param(path string) any {
	return lookup(l.Params, path)
}

func lookup(m map[string]any, path string) any {
	if path == "" {
		return nil
	}
	var cur any = m
	for _, part := range strings.Split(strings.ToLower(path), ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		if cur, ok = mm[part]; !ok {
			return nil
		}
	}
	return cur
}
