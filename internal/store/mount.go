package store

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// Mount is one folder of content files. A site whose languages keep their
// content in folders of their own (Hugo's translation by content
// directory: languages.zh.contentDir = "content/zh") has one mount per
// folder; every other site has one mount, the content folder.
type Mount struct {
	// Dir is the folder.
	Dir string
	// Lang is the language of the files in it that carry no language
	// suffix; empty means the site's default content language.
	Lang string
}

// mount is a Mount placed below the store's root.
type mount struct {
	prefix string // Dir relative to the root, with slashes; "" for the root itself
	lang   string
}

// placeMounts makes the mounts' folders absolute and returns their common
// parent (the folder the store reads and watches) and the mounts relative
// to it, deepest first so that a folder inside another mount belongs to
// the inner one.
func placeMounts(ms []Mount) (string, []mount, error) {
	abs := make([]string, len(ms))
	for i, m := range ms {
		a, err := filepath.Abs(m.Dir)
		if err != nil {
			return "", nil, fmt.Errorf("content folder %s: %w", m.Dir, err)
		}
		abs[i] = a
	}
	root := abs[0]
	for _, a := range abs[1:] {
		for !within(a, root) {
			root = filepath.Dir(root)
		}
	}
	out := make([]mount, 0, len(ms))
	seen := map[string]bool{}
	for i, a := range abs {
		rel, _ := filepath.Rel(root, a)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			rel = ""
		}
		if seen[rel] {
			continue // two languages sharing a folder: suffixes decide
		}
		seen[rel] = true
		out = append(out, mount{prefix: rel, lang: strings.ToLower(ms[i].Lang)})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].prefix) > len(out[j].prefix) })
	return root, out, nil
}

// within reports whether path p is dir or lies below it.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}

// mountOf returns the mount holding rel (a path relative to the store's
// root) and rel's path inside it.
func (s *Store) mountOf(rel string) (mount, string, bool) {
	for _, m := range s.mounts {
		switch {
		case m.prefix == "":
			return m, rel, true
		case rel == m.prefix:
			return m, "", true
		case strings.HasPrefix(rel, m.prefix+"/"):
			return m, rel[len(m.prefix)+1:], true
		}
	}
	return mount{}, "", false
}

// relevantDir reports whether the folder rel (relative to the root) holds
// content: it lies inside a mount or on the way to one. Other folders of
// a site root (themes, public, node_modules) are neither read nor watched.
func (s *Store) relevantDir(rel string) bool {
	if rel == "." || rel == "" {
		return true // the root
	}
	if _, _, ok := s.mountOf(rel); ok {
		return true
	}
	for _, m := range s.mounts {
		if strings.HasPrefix(m.prefix, rel+"/") {
			return true
		}
	}
	return false
}

// mountDirs returns the folders to read: the root when it is a mount,
// else every mount that is not inside another. Each is walked on its own
// so that a language folder that is a symbolic link is entered too.
func (s *Store) mountDirs() []string {
	var dirs []string
	for _, m := range s.mounts {
		if m.prefix == "" {
			return []string{s.root}
		}
		nested := false
		for _, o := range s.mounts {
			if o.prefix != m.prefix && strings.HasPrefix(m.prefix, o.prefix+"/") {
				nested = true
			}
		}
		if !nested {
			dirs = append(dirs, filepath.Join(s.root, filepath.FromSlash(m.prefix)))
		}
	}
	return dirs
}
