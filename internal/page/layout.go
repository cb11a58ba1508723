package page

import (
	"path"
	"strings"
)

// Kind is what a content file is in Hugo's model.
type Kind string

// The kinds of content files.
const (
	// KindPage is a regular page: posts/hello.md.
	KindPage Kind = "page"
	// KindLeaf is a leaf bundle's index: posts/hello/index.md. The other
	// files of its folder are its resources, not pages.
	KindLeaf Kind = "leaf"
	// KindBranch is a section's _index.md: it describes the section and
	// is not a post.
	KindBranch Kind = "branch"
)

// fileName is what a content path says about a file, Hugo style.
type fileName struct {
	dir  string // folder relative to the content root, "" or "posts/x"
	base string // file name without extension and language
	lang string // language suffix, "" when none
	ext  string // ".md", ".markdown", ".html"
	kind Kind
}

// parseName splits rel ("posts/hello/index.zh-cn.md") into its parts. A
// suffix counts as a language only if it is one of langs, as in Hugo.
func parseName(rel string, langs map[string]bool) fileName {
	dir, file := path.Split(rel)
	f := fileName{dir: strings.TrimSuffix(dir, "/"), ext: strings.ToLower(path.Ext(file))}
	f.base = strings.TrimSuffix(file, path.Ext(file))
	if i := strings.LastIndexByte(f.base, '.'); i > 0 {
		if l := strings.ToLower(f.base[i+1:]); langs[l] {
			f.lang, f.base = l, f.base[:i]
		}
	}
	switch f.base {
	case "index":
		f.kind = KindLeaf
	case "_index":
		f.kind = KindBranch
	default:
		f.kind = KindPage
	}
	return f
}

// translationKey groups the language versions of one page.
func (f fileName) translationKey() string {
	if f.kind == KindPage {
		return path.Join(f.dir, f.base)
	}
	return f.dir
}

// slugSource is the name a page's slug comes from: the bundle folder for
// bundles, the file name otherwise.
func (f fileName) slugSource() string {
	if f.kind == KindPage {
		return f.base
	}
	return path.Base(f.dir)
}

// section is the first folder of the path: Hugo's section of a page.
func (f fileName) section() string {
	if f.dir == "" {
		return ""
	}
	sec, _, _ := strings.Cut(f.dir, "/")
	return sec
}

// IsContentExt reports whether a file name has a content extension.
func IsContentExt(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".html", ".htm":
		return !strings.HasPrefix(name, ".")
	}
	return false
}

// InsideBundle reports whether one of the folders above rel is a leaf
// bundle.
func InsideBundle(rel string, leafDirs map[string]bool) bool {
	dir := path.Dir(rel)
	for dir != "." && dir != "/" && dir != "" {
		if leafDirs[dir] {
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}
