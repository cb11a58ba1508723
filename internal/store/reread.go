package store

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sshblog/sshblog/internal/page"
)

// rereader reads the files of a large blog's pages again (page.Files):
// they keep no source (page.Options.Files), which was 150 of the 286 MB
// a 50,000-post blog of varied text kept live.
//
// A page checks that the bytes read are the ones it was made from (their
// size, then page.Hash, whose seed is the process's own), so a read needs
// none of a scan's checks beyond os.Root: what matches was checked when
// the store first read it (not a host key, not out of the blog). A file
// of another size than the page's is not read at all: grown to 10 MB, it
// costs one fstat.
//
// It keeps the Root of each folder it read from until the next scan
// (reset): a search for a Chinese phrase may read thousands of files,
// and opening the folder again for each was a third of the system
// calls. After a git-sync swap of the content folder's link, a Root
// kept reads the old worktree until the reload that follows within a
// second, or, once it is removed, opens the new one: either way only
// bytes that hash to a page's are served, and an unchanged post's file
// has the same bytes in both.
type rereader struct {
	s     *Store
	mu    sync.Mutex
	roots map[string]*os.Root // by mount prefix and folder in it
}

// reset forgets the Roots kept: the next read opens the folders again
// (a Root that a read uses meanwhile is closed when it is collected).
func (r *rereader) reset() {
	r.mu.Lock()
	r.roots = nil
	r.mu.Unlock()
}

// ReadFile reads the file at rel (relative to the store's root) into buf
// if it still has size bytes.
func (r *rereader) ReadFile(rel string, size int, buf []byte) ([]byte, error) {
	f, err := r.open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A named pipe or a device has no size to compare: not read (a pipe
	// would block the reader).
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("stat %s: %w", rel, err)
	case !fi.Mode().IsRegular() || fi.Size() != int64(size):
		return nil, page.ErrChanged
	}
	// Read with size as the limit: a file that grows meanwhile is
	// refused, not read on.
	b, err := readFile(f, rel, int64(size), int64(size), buf)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", page.ErrChanged, err)
	}
	return b, nil
}

// open opens rel through the Root of its mount, or, for a link that
// leads out of it (into another folder the blog may read), with a scan's
// checks.
func (r *rereader) open(rel string) (*os.File, error) {
	s := r.s
	m, inner, ok := s.mountOf(rel)
	if !ok {
		return nil, &refusal{reason: reasonOutside}
	}
	dir, name := path.Split(inner)
	for fresh := range 2 {
		root, err := r.root(m.prefix, dir, fresh == 1)
		if err != nil {
			break
		}
		f, err := root.OpenFile(name, openFlags, 0)
		if err == nil {
			return f, nil
		}
	}
	g := s.newGuard()
	defer g.close()
	return g.open(s, filepath.Join(s.root, filepath.FromSlash(rel)), rel)
}

// rootsKept bounds the folders a rereader keeps open.
const rootsKept = 64

// root returns the Root of the folder dir (ending in a slash, or "") in
// the mount at prefix, kept or, with fresh or when none is kept, opened
// now through the mount's.
func (r *rereader) root(prefix, dir string, fresh bool) (*os.Root, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := prefix + "\x00" + dir
	if root := r.roots[key]; root != nil && !fresh {
		return root, nil
	}
	root, err := os.OpenRoot(filepath.Join(r.s.root, filepath.FromSlash(prefix)))
	if err != nil {
		return nil, err
	}
	if dir != "" {
		in, err := root.OpenRoot(strings.TrimSuffix(dir, "/"))
		root.Close()
		if err != nil {
			return nil, err
		}
		root = in
	}
	if r.roots == nil {
		r.roots = map[string]*os.Root{}
	}
	// A Root replaced or not kept is closed when it is collected (os.Root
	// has a finalizer): a read may still be using it.
	if len(r.roots) < rootsKept || r.roots[key] != nil {
		r.roots[key] = root
	}
	return root, nil
}
