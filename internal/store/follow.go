package store

import (
	"os"
	"path/filepath"
	"strings"
)

// Folder links inside the content folders are followed: a Kubernetes
// projected volume with nested paths mounts `posts -> ..data/posts`, and
// ..data is a link to a timestamped folder swapped on every update; a
// git-sync checkout may link one folder of the worktree to another. A link
// to a folder outside the content folders is not entered (its files are
// not even named), nor one that leads back to a folder holding it.
// Following it only decides what is walked and watched: every file is
// still opened through the guard, so a link swapped to lead outside
// after this check is refused when it is read.

// followDir reports whether the folder link abs may be entered, and where
// it leads.
func (g *guard) followDir(abs string) (string, bool) {
	if strings.HasPrefix(filepath.Base(abs), ".") {
		return "", false // hidden, as a folder of that name would be
	}
	fi, err := os.Stat(abs)
	if err != nil || !fi.IsDir() || g.isKeyFile(fi) {
		return "", false
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil || g.keys != "" && within(real, g.keys) {
		return "", false
	}
	inside := false
	for _, f := range g.byPrefix {
		if f.real != "" && within(real, f.real) {
			inside = true
			break
		}
	}
	if !inside {
		return "", false
	}
	if parent, err := filepath.EvalSymlinks(filepath.Dir(abs)); err != nil || within(parent, real) {
		return "", false // a loop: the target holds the link
	}
	return real, true
}

// enter reports whether a scan should walk the folder link abs: it may be
// followed and no other link of this scan led to the same folder (which
// also ends chains of links that lead round in a circle).
func (g *guard) enter(abs string) bool {
	real, ok := g.followDir(abs)
	if !ok || g.entered[real] {
		return false
	}
	g.entered[real] = true
	return true
}

// resolveRoots returns the content folders with their links resolved, one
// string: when a link on the way to them changes target (git-sync's
// `current`, a root that is itself a link), it changes.
func (s *Store) resolveRoots() string {
	var b strings.Builder
	for _, dir := range append([]string{s.root}, s.mountDirs()...) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			real = "?" + dir
		}
		b.WriteString(real)
		b.WriteByte(0)
	}
	return b.String()
}

// linksOnTheWay returns the symbolic links among the folders that lead to
// the folders dirs (/srv/git/current in /srv/git/current/content), each
// once: their parents are watched, so that a swap of one is seen at once.
func linksOnTheWay(dirs []string) []string {
	var links []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		p := string(filepath.Separator)
		for _, part := range strings.Split(dir, string(filepath.Separator)) {
			if part == "" {
				continue
			}
			p = filepath.Join(p, part)
			if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSymlink != 0 && !seen[p] {
				seen[p] = true
				links = append(links, p)
			}
		}
	}
	return links
}
