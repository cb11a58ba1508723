package hugoconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
)

// checkContentDirs returns an error unless every content folder the
// configuration names (contentDir, languages.<code>.contentDir) lies
// inside the site root, symbolic links resolved. Hugo allows any folder,
// but whoever writes the configuration (a pull request, say) must not be
// able to widen what the server reads and serves: contentDir = "/" or
// "../.." would serve every markdown file of the machine, and a content
// folder that is a link out of the site as much. The root itself is not
// inside it (its .git, themes and configuration would be content), as
// for theme folders (see linkable). An operator who keeps the content
// elsewhere points --content at it.
func (s Site) checkContentDirs() error {
	root, err := resolve(s.Root)
	if err != nil {
		return err
	}
	check := func(key, dir string) error {
		real, err := resolve(s.absDir(dir))
		if err != nil {
			return err
		}
		if !below(real, root) {
			return fmt.Errorf("%s = %q: %s is not inside the site root %s (links resolved); to serve a folder outside the site, point --content at it", key, dir, real, root)
		}
		return nil
	}
	if err := check("contentDir", s.ContentDir); err != nil {
		return err
	}
	for _, code := range s.LanguageCodes() {
		if dir := s.Languages[code].ContentDir; dir != "" && dir != s.ContentDir {
			if err := check("languages."+code+".contentDir", dir); err != nil {
				return err
			}
		}
	}
	return nil
}

// resolve returns p with its symbolic links resolved. A path that does
// not exist (yet) resolves as its nearest existing ancestor does, so a
// missing folder below a link out of the site is caught too.
func resolve(p string) (string, error) {
	var rest []string
	for {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		parent := filepath.Dir(p)
		if !errors.Is(err, fs.ErrNotExist) || parent == p {
			return "", fmt.Errorf("resolve %s: %w", p, err)
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}
