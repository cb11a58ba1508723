package hugoconfig

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sshblog/sshblog/internal/page"
)

// defaultThemesDir is Hugo's themesDir default, relative to the site root.
const defaultThemesDir = "themes"

// themeNames lists the site's themes, the first winning: the theme key (a
// name, a comma-separated list of names, or a list), then the paths of
// module.imports (how Hugo Modules pull a theme in, e.g.
// github.com/CaiJimmy/hugo-theme-stack/v3).
func themeNames(cfg map[string]any) []string {
	var names []string
	switch v := cfg["theme"].(type) {
	case string:
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	default:
		names = append(names, page.ToStrings(v)...)
	}
	mod, _ := cfg["module"].(map[string]any)
	var imports []any
	switch v := mod["imports"].(type) {
	case []any:
		imports = v
	case []map[string]any: // TOML arrays of tables
		for _, im := range v {
			imports = append(imports, im)
		}
	}
	for _, im := range imports {
		switch im := im.(type) {
		case map[string]any:
			for k, v := range im { // keys in lists keep their case
				if p, ok := v.(string); ok && strings.EqualFold(k, "path") && p != "" {
					names = append(names, p)
				}
			}
		case string:
			names = append(names, im)
		}
	}
	return names
}

// themeFolder finds a theme on disk: in themesDir (default "themes") under
// its name or, for a module path, under its last element without a major
// version suffix (github.com/x/hugo-theme-stack/v3 -> hugo-theme-stack),
// then in _vendor/ where `hugo mod vendor` puts modules. Themes only in
// Hugo's module cache are not found: sshblog does not download modules.
func themeFolder(root string, cfg map[string]any, name string) (string, bool) {
	themesDir, _ := cfg["themesdir"].(string)
	if themesDir == "" {
		themesDir = defaultThemesDir
	}
	if !filepath.IsAbs(themesDir) {
		themesDir = filepath.Join(root, themesDir)
	}
	base := filepath.Base(name)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = filepath.Base(filepath.Dir(name))
	}
	for _, dir := range []string{
		filepath.Join(themesDir, filepath.FromSlash(name)),
		filepath.Join(themesDir, base),
		filepath.Join(root, "_vendor", filepath.FromSlash(name)),
	} {
		if isDir(dir) {
			return dir, true
		}
	}
	return "", false
}

// mergeThemes merges the themes' own configuration into cfg as defaults:
// like Hugo, a theme's params (and its languages' params) fill in what the
// site leaves unset, so that a theme's default mainSections (the Stack
// theme's "post") applies. Other keys of a theme's configuration are not
// read. It returns the theme configuration files read and the themes'
// folders.
func mergeThemes(root, env string, cfg map[string]any) (files, dirs []string, err error) {
	ownMain := setsMainSections(cfg)
	ownParams := map[string]bool{} // the site's own root params
	if p, ok := cfg["params"].(map[string]any); ok {
		for k := range p {
			ownParams[k] = true
		}
	}
	for _, name := range themeNames(cfg) {
		dir, ok := themeFolder(root, cfg, name)
		if !ok {
			continue
		}
		dirs = append(dirs, dir)
		tcfg, tfiles, err := loadMerged(dir, env)
		if err != nil {
			return nil, nil, fmt.Errorf("theme %s: %w", name, err)
		}
		files = append(files, tfiles...)
		if tp, ok := tcfg["params"].(map[string]any); ok {
			params, ok := cfg["params"].(map[string]any)
			if !ok {
				params = map[string]any{}
				cfg["params"] = params
			}
			if ownMain {
				// The site's own mainSections, wherever it is set, beats
				// a theme's params.mainSections (which decodeSite would
				// prefer over a root or language key).
				tp = cloneMap(tp)
				delete(tp, "mainsections")
			}
			mergeMissing(params, tp)
		}
		tlangs, _ := tcfg["languages"].(map[string]any)
		langs, _ := cfg["languages"].(map[string]any)
		for code, tl := range tlangs {
			tlm, _ := tl.(map[string]any)
			lm, ok := langs[code].(map[string]any)
			tp, ok2 := tlm["params"].(map[string]any)
			if !ok || !ok2 {
				continue // a theme does not add languages
			}
			params, ok := lm["params"].(map[string]any)
			if !ok {
				params = map[string]any{}
				lm["params"] = params
			}
			// The site's root params beat a theme's language params:
			// the project's own configuration always wins.
			tp = cloneMap(tp)
			for k := range ownParams {
				delete(tp, k)
			}
			if ownMain {
				delete(tp, "mainsections")
			}
			mergeMissing(params, tp)
		}
	}
	return files, dirs, nil
}

// setsMainSections reports whether the site configures mainSections
// itself: at the root, in params, or in any language.
func setsMainSections(cfg map[string]any) bool {
	has := func(m map[string]any) bool {
		if _, ok := m["mainsections"]; ok {
			return true
		}
		p, _ := m["params"].(map[string]any)
		_, ok := p["mainsections"]
		return ok
	}
	if has(cfg) {
		return true
	}
	langs, _ := cfg["languages"].(map[string]any)
	for _, l := range langs {
		if lm, ok := l.(map[string]any); ok && has(lm) {
			return true
		}
	}
	return false
}
