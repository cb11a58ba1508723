package hugoconfig

import (
	"path/filepath"
	"slices"
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
// render hook publish at the same paths (resources.Get). Folders outside
// the site root, symbolic links resolved, are left out: whoever writes
// the configuration could otherwise open "/" to the readers; themes is
// the themes' folders that links may lead into (see linkable).
func siteFileDirs(root string, cfg map[string]any, themes []string) (static, assets []string) {
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
	names := []string{defaultStaticDir}
	if v, ok := cfg["staticdir"]; ok {
		names = nil
		for _, n := range page.ToStrings(v) {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	slices.Reverse(names)
	add := func(list []string, dir string) []string {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
		if isDir(dir) && inside(dir) && !slices.Contains(list, dir) {
			list = append(list, dir)
		}
		return list
	}
	for _, n := range names {
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
