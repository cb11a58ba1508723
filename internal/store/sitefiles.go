package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// openSiteFile opens name, a path from the site's root ("images/a.png"
// for "/images/a.png"), in the first of the site file folders
// (Options.SiteFileDirs) that holds it. Each folder is opened as an
// os.Root: a name that climbs out ("../../etc/passwd") or a symbolic
// link that leads out of the folder is refused by it, step by step as
// the file is opened; the host key folder and text that starts like a
// private key are refused as for every file the store reads.
func (s *Store) openSiteFile(name string) (*os.File, error) {
	name = path.Clean("/" + name)[1:] // "" for the root itself
	if name == "" || len(s.siteDirs) == 0 {
		return nil, fmt.Errorf("site file %q: %w", name, fs.ErrNotExist)
	}
	var keys *guard
	for _, dir := range s.siteDirs {
		// The folder as it was when the store was made (hugoconfig
		// checked then that it lies inside the site), or at the same
		// place in the site root's new target: one since replaced by a
		// symbolic link, or under one, leads elsewhere (see current).
		// (Swapped between this check and the open below, it would
		// still be read: that takes a race, not a rename.)
		real, ok := dir.current()
		if !ok {
			continue
		}
		f, err := openIn(real, filepath.FromSlash(name))
		if err != nil {
			continue // not in this folder (or leading out of it)
		}
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			f.Close()
			continue
		}
		if keys == nil {
			keys = s.newKeyGuard()
		}
		if keys.isKeyFile(fi) {
			f.Close()
			return nil, &refusal{reason: reasonHostKey}
		}
		if err := refuseKey(f, name); err != nil {
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("site file %q: %w", name, fs.ErrNotExist)
}

// openIn opens name inside dir through an os.Root of dir.
func openIn(dir, name string) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close() // the file stays open
	return root.OpenFile(name, openFlags, 0)
}

// newKeyGuard is a guard that knows only the host key folder's files.
func (s *Store) newKeyGuard() *guard {
	g := &guard{keyIDs: map[fileID]bool{}}
	if s.hostKeys != "" {
		g.addKeyID(s.hostKeys)
		entries, _ := os.ReadDir(s.hostKeys)
		for _, e := range entries {
			g.addKeyID(filepath.Join(s.hostKeys, e.Name()))
		}
	}
	return g
}

// refuseKey closes f and refuses it if it starts like a private key;
// otherwise it leaves f at its start.
func refuseKey(f *os.File, name string) error {
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return fmt.Errorf("read %s: %w", name, err)
	}
	if looksLikePrivateKey(head[:n]) {
		f.Close()
		return &refusal{reason: reasonKey}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// siteDir is a site file folder: its absolute path, and that path with
// symbolic links resolved when the store was made ("" if it was not
// there); with the site's root given, also that root and the folder's
// place in the root's target.
type siteDir struct{ path, real, root, rel string }

// siteFileDirs makes the site file folders absolute and notes where they
// lead. A folder that is not there is kept when the site's root is given
// and its path lies inside the root: once made, it is read where it leads
// then if that is its place in the root's target (see current); else it
// is left out.
func siteFileDirs(dirs []string, root string) []siteDir {
	var rootAbs, rootReal string
	if root != "" {
		if a, err := filepath.Abs(root); err == nil {
			if r, err := filepath.EvalSymlinks(a); err == nil {
				rootAbs, rootReal = a, r
			}
		}
	}
	var out []siteDir
	for _, d := range dirs {
		if strings.TrimSpace(d) == "" {
			continue
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			if rel, err := filepath.Rel(rootAbs, abs); rootReal != "" && err == nil && filepath.IsLocal(rel) {
				out = append(out, siteDir{path: abs, root: rootAbs, rel: rel}) // made later, maybe
			}
			continue
		}
		dir := siteDir{path: abs, real: real}
		if rel, err := filepath.Rel(rootReal, real); rootReal != "" && err == nil && filepath.IsLocal(rel) {
			dir.root, dir.rel = rootAbs, rel
		}
		out = append(out, dir)
	}
	return out
}

// current returns where the folder leads now, and whether it may be read:
// where it led when the store was made, or, the site's root being a link
// swapped since (git-sync), the same place in the root's new target, no
// other link on the way. A folder replaced by a symbolic link, or put
// under one, leads elsewhere and is not read.
func (d siteDir) current() (string, bool) {
	real, err := filepath.EvalSymlinks(d.path)
	if err != nil {
		return "", false
	}
	if real == d.real {
		return real, true
	}
	if d.root == "" {
		return "", false
	}
	rootReal, err := filepath.EvalSymlinks(d.root)
	if err != nil || real != filepath.Join(rootReal, d.rel) {
		return "", false
	}
	return real, true
}
