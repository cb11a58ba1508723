package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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
// costs one fstat. The folder is opened by its path at each read, so a
// git-sync swap of the content folder's link reads the new worktree,
// where an unchanged post still has its bytes.
type rereader struct{ s *Store }

// ReadFile reads the file at rel (relative to the store's root) into buf
// if it still has size bytes.
func (r rereader) ReadFile(rel string, size int, buf []byte) ([]byte, error) {
	f, err := r.open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
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
func (r rereader) open(rel string) (*os.File, error) {
	s := r.s
	m, inner, ok := s.mountOf(rel)
	if !ok {
		return nil, &refusal{reason: reasonOutside}
	}
	root, err := os.OpenRoot(filepath.Join(s.root, filepath.FromSlash(m.prefix)))
	if err == nil {
		f, err := root.OpenFile(inner, openFlags, 0)
		root.Close()
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			return f, err
		}
	}
	g := s.newGuard()
	defer g.close()
	return g.open(s, filepath.Join(s.root, filepath.FromSlash(rel)), rel)
}
