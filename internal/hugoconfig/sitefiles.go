package hugoconfig

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/sshblog/sshblog/internal/page"
)

// Hugo's defaults for the folders of a site's own files.
const (
	defaultStaticDir = "static"
	defaultAssetDir  = "assets"
)

// siteFileDirs returns the folders a path from the site's root
// ("/images/a.png") is looked up in, the first holding it winning, as
// Hugo publishes them: the static folders (staticDir, a name or a list:
// in Hugo's union of them the right-most wins, so they come last first),
// then the themes' static folders, then the asset folders (assetDir and
// the themes' assets/), whose files Hugo's figure shortcode and image
// render hook publish at the same paths (resources.Get). A folder that is
// not there is listed when its path lies inside the site root (one made
// later is read; see missingInside). Folders outside the site root,
// symbolic links resolved, are left out: whoever writes
// the configuration could otherwise open "/" to the readers; themes is
// the themes' folders that links may lead into (see linkable); langs are
// the site's language codes, the default first (see staticNames).
func siteFileDirs(root string, cfg map[string]any, themes, langs []string) (static, assets []string) {
	real := func(p string) string {
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			return ""
		}
		return r
	}
	site := real(root)
	inside := func(dir string) bool {
		r := real(dir)
		return site != "" && r != "" && below(r, site)
	}
	add := func(list []string, dir string) []string {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
		if (isDir(dir) && inside(dir) || missingInside(dir, root)) && !slices.Contains(list, dir) {
			list = append(list, dir)
		}
		return list
	}
	for _, n := range staticNames(cfg, langs) {
		static = add(static, n)
	}
	for _, t := range themes {
		static = add(static, filepath.Join(t, defaultStaticDir))
	}
	asset := defaultAssetDir
	if v, _ := page.ToString(cfg["assetdir"]); strings.TrimSpace(v) != "" {
		asset = strings.TrimSpace(v)
	}
	assets = add(assets, asset)
	for _, t := range themes {
		assets = add(assets, filepath.Join(t, defaultAssetDir))
	}
	return static, assets
}

// missingInside reports whether the folder dir is not there (yet) and
// its path lies inside the site root: it is listed all the same, in its
// place, for a folder made later (the store reads it once it is there
// and still leads inside the site; see store.Options.SiteRoot).
func missingInside(dir, root string) bool {
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	return below(dir, root) // root itself exists
}

// staticNames are the static folders of the site as configured, the
// right-most of each language first: staticDir then staticDir0 to
// staticDir10, as Hugo appends them (allconfig.RootConfig.staticDirs),
// from each language's effective configuration (its own keys over the
// root's), the default language first. Outside multihost mode Hugo
// publishes every language's static files at the site's root; in
// multihost mode (a baseURL per language) it publishes each language's
// apart, which one list of folders cannot tell: there a post may show a
// picture its own language's site would not have.
func staticNames(cfg map[string]any, langs []string) []string {
	// Each language's own settings, nil for the root alone: a key is
	// looked up in them first, then in the root, as languageConfig
	// merges them, without copying the whole configuration per language.
	owns := []map[string]any{nil}
	if ls, ok := cfg["languages"].(map[string]any); ok && len(langs) > 0 {
		owns = owns[:0]
		for _, code := range langs {
			lm, _ := ls[code].(map[string]any)
			owns = append(owns, lm)
		}
	}
	var out []string
	for _, own := range owns {
		var names []string
		set := false
		for i := -1; i <= 10; i++ {
			key := "staticdir"
			if i >= 0 {
				key += strconv.Itoa(i)
			}
			v, ok := own[key]
			if !ok {
				v, ok = cfg[key]
			}
			if !ok {
				continue
			}
			set = true
			for _, n := range page.ToStrings(v) {
				if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		if !set {
			names = []string{defaultStaticDir}
		}
		slices.Reverse(names)
		for _, n := range names {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}
