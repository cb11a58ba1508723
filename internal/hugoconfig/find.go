package hugoconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// maxContentDepth is how many folders above a path Find looks for a site
// whose configured content folder is that path (e.g. content/en of a
// multilingual site is two levels below the root).
const maxContentDepth = 3

// Find locates the site root for a path an operator passed: either a Hugo
// site root (holding a config) or its content folder (config in the
// parent). It returns the site's configuration (site.Root is the root),
// read once, and the content folder to read, and found=false when no Hugo
// config exists at either (then site is empty but for Root, and contentDir
// is the given path).
//
// For a site root, the content folder is the default content language's
// contentDir (the root contentDir unless languages.<default>.contentDir is
// set; default "content"), and it must exist. A path whose parent is a
// site root is taken as the content folder as given. A deeper path is
// recognised too when an ancestor up to three levels up is a site root
// that configures exactly that folder as a content folder (root or
// language contentDir). Paths are returned absolute and cleaned. An error
// is returned for a missing path, a malformed configuration, or a missing
// content folder.
func Find(path string) (site Site, contentDir string, found bool, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Site{}, "", false, fmt.Errorf("hugoconfig: %w", err)
	}
	if err := checkDir(abs); err != nil {
		return Site{}, "", false, err
	}

	ok, err := hasConfig(abs)
	if err != nil {
		return Site{}, "", false, err
	}
	if ok {
		site, err := Load(abs)
		if err != nil {
			return Site{Root: abs}, "", true, err
		}
		content := site.ContentPath("")
		if err := checkDir(content); err != nil {
			return site, content, true, fmt.Errorf("hugoconfig: content folder of site %s: %w", abs, err)
		}
		return site, content, true, nil
	}

	dir := abs
	for depth := 1; depth <= maxContentDepth; depth++ {
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
		ok, err := hasConfig(dir)
		if err != nil {
			return Site{}, "", false, err
		}
		if !ok {
			continue
		}
		site, err := Load(dir)
		if err != nil {
			return Site{Root: dir}, abs, true, err
		}
		if depth == 1 || site.isContentPath(abs) {
			return site, abs, true, nil
		}
		break // the nearest site root does not own this folder
	}
	return Site{Root: abs}, abs, false, nil
}

// isContentPath reports whether p is the content folder of the site or of
// one of its languages.
func (s Site) isContentPath(p string) bool {
	for code := range s.Languages { // the default language is one of them
		if s.ContentPath(code) == p {
			return true
		}
	}
	return s.absDir(s.ContentDir) == p
}

// checkDir returns an error unless p is an existing directory.
func checkDir(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("hugoconfig: %s does not exist: %w", p, fs.ErrNotExist)
		}
		return fmt.Errorf("hugoconfig: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("hugoconfig: %s is not a directory", p)
	}
	return nil
}
