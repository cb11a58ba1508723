package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Reasons a file is not served. They reach readers through `problems`, so
// they name no path outside the content folder (the log has those).
const (
	reasonOutside = "not served: a symbolic link to outside the content folder"
	reasonHostKey = "not served: it is in the host key folder"
	reasonKey     = "not served: it looks like a private key"
	reasonSpecial = "not served: not a regular file"
)

// refusal is the error of a file the store does not read.
type refusal struct {
	reason string
	dir    bool // a folder, reached through a link the scan does not follow
}

func (r *refusal) Error() string { return r.reason }

// guard decides, for one scan, which files the store may read. Only the
// blog is served: files in the content folders (every mount) and in the
// site's theme folders, reached directly or through symbolic links that
// stay inside them, and never anything of the host key folder.
//
// Confinement rests on os.Root: a file is opened through the Root of its
// folder, which follows symbolic links only while they stay below it and
// checks each step as it opens it, so what is read is what was checked
// (no window between resolving a path and opening it). Root refuses
// absolute links and links into another allowed folder; for those the
// link is resolved and the target opened through the Root of the folder
// that holds it, so a link swapped in between still cannot lead out.
// The host key folder may lie inside a content folder (the content
// folder is the repository root): files are compared by device and inode
// with the folder and its files, which also catches hard links, and text
// that starts like a private key is refused wherever it lies.
type guard struct {
	folders  []folder          // the mounts in the store's order, then the theme folders
	byPrefix map[string]folder // mounts by prefix
	keys     string            // the host key folder, links resolved; "" if none
	keyIDs   map[fileID]bool   // the host key folder and the files in it
	entered  map[string]bool   // folders this scan entered through links (see enter)
	// watch, if not nil, is given every folder the scan walks, before
	// the scan lists it (see Store.reload); rootUnwatched says the root
	// could not be watched.
	watch         *watcher
	rootUnwatched bool
}

// folder is one folder files may be read from.
type folder struct {
	real string   // the folder with symbolic links resolved when the guard was made
	root *os.Root // nil if the folder cannot be opened (not created yet)
}

// fileID identifies a file whatever the path to it.
type fileID struct{ dev, ino uint64 }

func idOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), st.Ino}, true
}

// openFlags opens without blocking: a named pipe would otherwise hold the
// reload until something writes to it.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// newGuard opens the allowed folders as they are now. A git-sync swap of
// the content folder's link after this is seen by the next scan's guard.
func (s *Store) newGuard() *guard {
	g := &guard{byPrefix: map[string]folder{}, keyIDs: map[fileID]bool{}, entered: map[string]bool{}}
	add := func(dir string) folder {
		var f folder
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			f.real = real
		}
		if r, err := os.OpenRoot(dir); err == nil {
			f.root = r
		}
		g.folders = append(g.folders, f)
		return f
	}
	for _, m := range s.mounts {
		g.byPrefix[m.prefix] = add(filepath.Join(s.root, filepath.FromSlash(m.prefix)))
	}
	for _, dir := range s.themes {
		add(dir)
	}
	if s.hostKeys != "" {
		g.keys = s.hostKeys
		if real, err := filepath.EvalSymlinks(s.hostKeys); err == nil {
			g.keys = real
		}
		g.addKeyID(s.hostKeys)
		entries, _ := os.ReadDir(s.hostKeys)
		for _, e := range entries {
			g.addKeyID(filepath.Join(s.hostKeys, e.Name()))
		}
	}
	return g
}

func (g *guard) addKeyID(path string) {
	if fi, err := os.Stat(path); err == nil {
		if id, ok := idOf(fi); ok {
			g.keyIDs[id] = true
		}
	}
}

func (g *guard) close() {
	for _, f := range g.folders {
		if f.root != nil {
			f.root.Close()
		}
	}
}

// isKeyFile reports whether fi is the host key folder or one of its files.
func (g *guard) isKeyFile(fi fs.FileInfo) bool {
	id, ok := idOf(fi)
	return ok && g.keyIDs[id]
}

// open opens the file at abs (rel from the store's root) if it may be
// read: a *refusal says why not. A file that does not exist (a dangling
// link, a file removed since the scan saw it) is fs.ErrNotExist.
func (g *guard) open(s *Store, abs, rel string) (*os.File, error) {
	f, _, err := g.openIn(s, abs, rel, nil)
	return f, err
}

// openIn is open, also returning the file's information; dirs, if not
// nil, keeps the Roots of the folders last read from (see dirRoots).
func (g *guard) openIn(s *Store, abs, rel string, dirs *dirRoots) (*os.File, fs.FileInfo, error) {
	m, inner, ok := s.mountOf(rel)
	if !ok {
		return nil, nil, &refusal{reason: reasonOutside}
	}
	var f *os.File
	err := fs.ErrNotExist
	if root := g.byPrefix[m.prefix].root; root != nil {
		f, err = dirs.open(root, m.prefix, inner)
	}
	if err != nil {
		// Root said the path escapes (a link out of the mount, or an
		// absolute link), or the mount is missing: find the folder the
		// link leads to, if it is one the blog may read.
		if f, err = g.openResolved(abs); err != nil {
			return nil, nil, err
		}
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, nil, fmt.Errorf("stat %s: %w", rel, err)
	case g.isKeyFile(fi):
		f.Close()
		return nil, nil, &refusal{reason: reasonHostKey}
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, nil, &refusal{reason: reasonSpecial, dir: fi.IsDir()}
	}
	return f, fi, nil
}

// openResolved follows the links of abs and opens the target through the
// Root of the allowed folder that holds it.
func (g *guard) openResolved(abs string) (*os.File, error) {
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// Keep absolute paths out of errors readers see.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("follow symbolic link: %w", err)
	}
	if g.keys != "" && within(real, g.keys) {
		return nil, &refusal{reason: reasonHostKey}
	}
	for _, f := range g.folders {
		if f.root == nil || f.real == "" || !within(real, f.real) {
			continue
		}
		rel, err := filepath.Rel(f.real, real)
		if err != nil {
			continue
		}
		return f.root.OpenFile(rel, openFlags, 0)
	}
	return nil, &refusal{reason: reasonOutside}
}

// readIn returns the contents of a content file that may be read, if it
// is no larger than the store reads (see Options.MaxFileSize), opened
// with the folder Roots of dirs (nil for none), into buf if it has room (a
// scan worker reuses one buffer: the bytes of most files a swap reads are
// only hashed).
func (g *guard) readIn(s *Store, abs, rel string, dirs *dirRoots, buf []byte) ([]byte, error) {
	f, fi, err := g.openIn(s, abs, rel, dirs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := readFile(f, rel, fi.Size(), s.opt.MaxFileSize, buf)
	if err != nil {
		return nil, err
	}
	if looksLikePrivateKey(b) {
		return nil, &refusal{reason: reasonKey}
	}
	return b, nil
}

// other decides whether a file that is not a page (a bundle's image, say)
// is listed: it returns the reason it is refused ("" if it is not) and
// false if it is not there at all (a dangling link). The walk never
// follows links, so a regular file is inside; a link is opened to see
// where it leads.
func (g *guard) other(s *Store, abs, rel string, d fs.DirEntry) (string, bool) {
	switch typ := d.Type(); {
	case typ.IsRegular():
		if len(g.keyIDs) > 0 { // a hard link to a host key
			if fi, err := d.Info(); err == nil && g.isKeyFile(fi) {
				return reasonHostKey, true
			}
		}
		return "", true
	case typ&fs.ModeSymlink != 0:
		f, err := g.open(s, abs, rel)
		if err != nil {
			var r *refusal
			if errors.As(err, &r) && !r.dir {
				return r.reason, true
			}
			// Not there, or a folder the blog may read: the scan does
			// not enter linked folders, as before.
			return "", false
		}
		f.Close()
		return "", true
	default:
		return reasonSpecial, true
	}
}

// skipDir reports whether the walk should not enter the folder d: the
// host key folder, however it is reached.
func (g *guard) skipDir(d fs.DirEntry) bool {
	if len(g.keyIDs) == 0 {
		return false
	}
	fi, err := d.Info()
	return err == nil && g.isKeyFile(fi)
}

// looksLikePrivateKey reports text that starts like a PEM, OpenSSH or
// PuTTY private key. No post does; a key that ended up in the content
// folder (copied, or its folder moved there) always does.
func looksLikePrivateKey(b []byte) bool {
	b = bytes.TrimLeft(b, "\ufeff \t\r\n")
	if bytes.HasPrefix(b, []byte("PuTTY-User-Key-File-")) {
		return true
	}
	if !bytes.HasPrefix(b, []byte("-----BEGIN ")) {
		return false
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return bytes.Contains(line, []byte("PRIVATE KEY-----"))
}

// openResource opens rel (from the store's root), a bundle's file, with
// the checks of a scan made now: what is opened is what is checked.
func (s *Store) openResource(rel string) (*os.File, error) {
	g := s.newGuard()
	defer g.close()
	f, err := g.open(s, filepath.Join(s.root, filepath.FromSlash(rel)), rel)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		f.Close()
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	if looksLikePrivateKey(head[:n]) {
		f.Close()
		return nil, &refusal{reason: reasonKey}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	return f, nil
}
