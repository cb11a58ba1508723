package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// The scan's reads (a cold load, an edit, and the files a swap's fast
// rescan hands on: see fastscan.go) make as few system calls as they can
// per file: an open through the Root of the file's own folder (through
// the mount's Root, each folder on the way is opened and closed again),
// one fstat, and one read when the file has the size fstat gave.

// dirRoots keeps the Roots of the folders a scan worker read several
// files from last, each opened through a kept Root of its parent folder
// or else through the mount's Root: confined as the mount's Root is, and more
// narrowly (a link in the folder to a sibling folder is refused by the
// folder's Root, and then opened through the mount's Root as before). A
// nil *dirRoots opens through the mount's Root only.
type dirRoots struct {
	keys  [dirRootsKept]string // mount prefix, NUL, folder inside the mount
	roots [dirRootsKept]*os.Root
	used  [dirRootsKept]uint64 // when each was last used: the least recent goes
	clock uint64
	// missed is the folder asked for last that had no Root kept: asked
	// for again, it gets one.
	missed string
}

// dirRootsKept is how many folder Roots one worker keeps open: the flat
// folder of posts stays open beside the bundle folders read one by one.
const dirRootsKept = 4

// open opens inner (a path inside the mount prefix, with slashes)
// through the Root of its folder, else through mount.
func (d *dirRoots) open(mount *os.Root, prefix, inner string) (*os.File, error) {
	dir, name := path.Split(inner)
	if d == nil || dir == "" {
		return mount.OpenFile(filepath.FromSlash(inner), openFlags, 0)
	}
	r, rest := d.lookup(mount, prefix, strings.TrimSuffix(dir, "/"))
	f, err := r.OpenFile(filepath.FromSlash(path.Join(rest, name)), openFlags, 0)
	if err == nil || r == mount {
		return f, err
	}
	return mount.OpenFile(filepath.FromSlash(inner), openFlags, 0)
}

// lookup returns a Root to open the files of dir (inside the mount
// prefix) through, and the path from it to dir: dir's own Root when it is
// kept, or when dir was asked for just before (a folder of several
// files: it is opened and kept); else its parent's kept Root (a bundle's
// folder, read once) or the mount's.
func (d *dirRoots) lookup(mount *os.Root, prefix, dir string) (*os.Root, string) {
	key := prefix + "\x00" + dir
	d.clock++
	if i := d.find(key); i >= 0 {
		return d.roots[i], ""
	}
	from, rel := mount, dir
	if parent, base := path.Split(dir); parent != "" {
		if i := d.find(prefix + "\x00" + strings.TrimSuffix(parent, "/")); i >= 0 {
			from, rel = d.roots[i], base
		}
	}
	if key != d.missed {
		d.missed = key
		return from, rel
	}
	r, err := from.OpenRoot(filepath.FromSlash(rel))
	if err != nil {
		return from, rel
	}
	oldest := 0
	for i := range d.used {
		if d.used[i] < d.used[oldest] {
			oldest = i
		}
	}
	if d.roots[oldest] != nil {
		d.roots[oldest].Close()
	}
	d.keys[oldest], d.roots[oldest], d.used[oldest] = key, r, d.clock
	return r, ""
}

// find returns the slot of the kept Root of key, marked used, or -1.
func (d *dirRoots) find(key string) int {
	for i, k := range d.keys {
		if k == key && d.roots[i] != nil {
			d.used[i] = d.clock
			return i
		}
	}
	return -1
}

// close closes the Roots kept.
func (d *dirRoots) close() {
	for i, r := range d.roots {
		if r != nil {
			r.Close()
			d.roots[i] = nil
		}
	}
}

// readFile reads f, of size bytes when it was opened, refusing more than
// limit bytes. A read that returns exactly size bytes into a buffer one
// byte larger has met the end of the file (a regular file's read is
// short only at its end), so the usual second read that returns io.EOF
// is not made; any other count reads on to the end. The size is checked
// as the file is read too: it may grow meanwhile. It reads into buf when
// buf has room.
func readFile(f *os.File, rel string, size, limit int64, buf []byte) ([]byte, error) {
	tooLarge := func(size int64) error {
		return fmt.Errorf("too large to read: %d MB (at most %d MB)", size>>20, limit>>20)
	}
	if size > limit {
		return nil, tooLarge(size)
	}
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+1)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow (append's amortised growth)
		}
		n, err := f.Read(buf[len(buf):min(int64(cap(buf)), limit+1)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, tooLarge(int64(len(buf)))
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", rel, err)
		}
		if n > 0 && int64(len(buf)) == size && len(buf) < cap(buf) {
			return buf, nil
		}
	}
}

// statAll stats the files (absolute, relative path pairs) on all cores:
// a swap stats every file of the blog before it reads the changed ones.
func statAll(files [][2]string) ([]os.FileInfo, []error) {
	infos, errs := make([]os.FileInfo, len(files)), make([]error, len(files))
	const chunk = 512
	if len(files) <= chunk { // an edit: no goroutine
		for i, f := range files {
			infos[i], errs[i] = os.Stat(f[0])
		}
		return infos, errs
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for lo := 0; lo < len(files); lo += chunk {
		hi := min(lo+chunk, len(files))
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			for i := lo; i < hi; i++ {
				infos[i], errs[i] = os.Stat(files[i][0])
			}
		})
	}
	wg.Wait()
	return infos, errs
}
