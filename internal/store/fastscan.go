//go:build linux

package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sshblog/sshblog/internal/page"
)

// A git-sync swap brings a worktree whose every file has a new inode and
// time, nearly all with the bytes the store has parsed: at 50,000 posts
// the rescan that follows is 50,000 opens and reads, one watch per folder
// (16,700), and little else. The fast rescan (scanFast) makes as few
// system calls per file as it can and reads while it walks:
//
//   - folders are opened one below the other from the mount's Root with
//     O_NOFOLLOW, each listed once with the entries' types (no stat), and
//     its regular files opened from it with O_NOFOLLOW: a single name
//     relative to a folder that was itself reached without following a
//     link stays inside the mount, as os.Root would keep it; all of one
//     scan is also read from the one tree the Root was opened on, even if
//     the link above it is swapped again meanwhile;
//   - a file is opened, fstat'ed, read in one read into the worker's
//     buffer and closed with raw system calls (no *os.File, no epoll
//     registration, no second read to see the end), while the walk goes
//     on listing folders;
//   - its bytes only decide whether the page the store has is kept (they
//     hash to its Hash): the file's size, time and inode are then
//     recorded, and nothing else happens.
//
// Anything else goes to the usual scan (refreshAll, collect) after the
// walk, with all its checks: new files, changed bytes, files that are
// links, refused files and problems, files too large, links to folders,
// and any error of the fast path. The fast path only ever concludes
// "these are the bytes of the page we have".

// scanFast is walk for a reload of a store that already has files (a swap,
// a full rescan): see above. root is a mount's folder. It falls back to
// walk when the mount's Root cannot be opened.
func (s *Store) scanFast(ctx context.Context, g *guard, root string, seenFiles map[string]bool, seenOthers map[string]string) (bool, error) {
	rootRel, err := filepath.Rel(s.root, root)
	if err != nil {
		return s.walk(ctx, g, root, seenFiles, seenOthers)
	}
	rootRel = filepath.ToSlash(rootRel)
	if rootRel == "." {
		rootRel = ""
	}
	m, _, ok := s.mountOf(rootRel)
	mr := g.byPrefix[m.prefix].root
	if !ok || m.prefix != rootRel || mr == nil || hidden(rootRel) {
		return s.walk(ctx, g, root, seenFiles, seenOthers)
	}
	top, err := mr.Open(".")
	if err != nil {
		return s.walk(ctx, g, root, seenFiles, seenOthers)
	}
	sc := &fastScan{s: s, g: g, ctx: ctx}
	sc.more.L = &sc.mu
	d := &scanDir{fd: int(top.Fd()), top: top, abs: root, rel: rootRel, root: true}
	d.refs.Store(1)
	sc.push(fastJob{dir: d, isDir: true, root: true})
	workers := runtime.GOMAXPROCS(0)
	results := make([]fastResult, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { sc.work(&results[i]) })
	}
	wg.Wait()
	if sc.rootErr != nil {
		return false, fmt.Errorf("scan %s: %w", root, sc.rootErr)
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("scan %s: %w", root, err)
	}
	var todo [][2]string
	var links []string
	for _, r := range results {
		for _, rel := range r.seen {
			seenFiles[rel] = true // new files (known ones are marked)
		}
		for rel, why := range r.others {
			seenOthers[rel] = why
		}
		todo = append(todo, r.slow...)
		links = append(links, r.links...)
	}
	for _, link := range links {
		// As collect does: a linked folder swapped or removed
		// meanwhile is not an error of the whole scan.
		if err := s.collect(ctx, g, link, seenFiles, seenOthers, &todo); err != nil {
			if ctx.Err() != nil {
				return false, err
			}
			s.opt.Logger.Warn("content walk", "path", link, "err", err)
		}
	}
	return s.refreshAll(g, todo), nil
}

// fastScan is one fast rescan of a mount (see scanFast): a stack of
// folders to list and files to read, shared by one worker per core. Last
// in, first out: a bundle's file is read right after its folder is
// listed, which closes the folder, so the folders open at once stay few.
type fastScan struct {
	s   *Store
	g   *guard
	ctx context.Context

	mu      sync.Mutex
	more    sync.Cond // signalled when a job is pushed or the last one done
	stack   []fastJob
	pending int   // jobs pushed and not done
	rootErr error // the root could not be listed
	guardMu sync.Mutex
}

// fastResult is what one worker found.
type fastResult struct {
	seen   []string          // content files the store did not have, relative
	others map[string]string // other files -> why refused
	slow   [][2]string       // files for refreshAll
	links  []string          // folder links to walk as collect does
	buf    []byte            // the worker's read buffer
	dents  []byte            // the worker's buffer for folder entries
}

// scanDir is an open folder of the walk, closed when the jobs that need
// it (its listing, its files, its folders) are done.
type scanDir struct {
	fd       int
	top      *os.File // the mount's folder, opened through its Root (fd is its)
	abs, rel string
	root     bool // the mount's folder
	refs     atomic.Int32
}

func (d *scanDir) hold() { d.refs.Add(1) }

func (d *scanDir) release() {
	if d.refs.Add(-1) != 0 {
		return
	}
	if d.top != nil {
		d.top.Close()
		return
	}
	unix.Close(d.fd)
}

// fastJob is a folder to list (isDir; name is in dir, or dir itself for
// the root), or a file of dir whose bytes may be those of the page st.
type fastJob struct {
	dir   *scanDir
	name  string
	rel   string
	st    *fileState
	isDir bool
	root  bool
}

func (sc *fastScan) push(j fastJob) {
	sc.mu.Lock()
	sc.stack = append(sc.stack, j)
	sc.pending++
	sc.mu.Unlock()
	sc.more.Signal()
}

// work runs jobs until none is left.
func (sc *fastScan) work(r *fastResult) {
	for {
		sc.mu.Lock()
		for len(sc.stack) == 0 && sc.pending > 0 {
			sc.more.Wait()
		}
		if len(sc.stack) == 0 {
			sc.mu.Unlock()
			sc.more.Broadcast()
			return
		}
		j := sc.stack[len(sc.stack)-1]
		sc.stack = sc.stack[:len(sc.stack)-1]
		sc.mu.Unlock()
		switch {
		case j.root:
			if err := sc.list(j.dir, r); err != nil {
				sc.mu.Lock()
				sc.rootErr = err
				sc.mu.Unlock()
			}
		case j.isDir:
			sc.enter(j, r)
		default:
			if !sc.keep(j, &r.buf) {
				r.slow = append(r.slow, [2]string{j.dir.abs + string(filepath.Separator) + j.name, j.rel})
			}
			j.dir.release()
		}
		sc.mu.Lock()
		sc.pending--
		last := sc.pending == 0
		sc.mu.Unlock()
		if last {
			sc.more.Broadcast()
		}
	}
}

// enter opens the folder of j and lists it.
func (sc *fastScan) enter(j fastJob, r *fastResult) {
	abs := j.dir.abs + string(filepath.Separator) + j.name
	sub, err := sc.open(j.dir, j.name, abs, j.rel)
	j.dir.release()
	if err != nil {
		// Gone, or swapped for a link meanwhile: the next scan sees
		// what it became.
		sc.s.opt.Logger.Warn("content walk", "path", abs, "err", err)
		return
	}
	if sub != nil { // nil: the host key folder
		sc.list(sub, r)
	}
}

// list watches the folder d (before it lists it, as collect does), lists
// it and pushes its files and folders. It releases d. The error is the
// listing's, logged unless d is the root.
func (sc *fastScan) list(d *scanDir, r *fastResult) error {
	defer d.release()
	s, g := sc.s, sc.g
	if sc.ctx.Err() != nil {
		return nil // scanFast returns the context's error
	}
	s.addWatch(g, d.abs)
	if r.dents == nil {
		r.dents = make([]byte, direntsBuf)
	}
	err := readDirents(d.fd, r.dents, func(name []byte, typ fs.FileMode, known bool) {
		rel := string(name)
		if d.rel != "" {
			rel = d.rel + "/" + string(name)
		}
		base := rel[len(rel)-len(name):] // one string for both
		if !known {
			var st unix.Stat_t
			if unix.Fstatat(d.fd, base, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
				return // gone meanwhile
			}
			typ = modeType(st.Mode)
		}
		sc.entry(d, base, rel, typ, r)
	})
	if err != nil && !d.root {
		s.opt.Logger.Warn("content walk", "path", d.abs, "err", err)
	}
	return err
}

// entry is collect's judgement of one entry of the folder d.
func (sc *fastScan) entry(d *scanDir, name, rel string, typ fs.FileMode, r *fastResult) {
	s, g := sc.s, sc.g
	if typ.IsDir() {
		if !strings.HasPrefix(name, ".") && s.relevantDir(rel) {
			d.hold()
			sc.push(fastJob{dir: d, name: name, rel: rel, isDir: true})
		}
		return
	}
	if _, _, ok := s.mountOf(rel); !ok || strings.HasPrefix(name, ".") {
		return
	}
	abs := d.abs + string(filepath.Separator) + name
	if typ&fs.ModeSymlink != 0 && sc.enterLink(abs) {
		r.links = append(r.links, abs)
		return
	}
	if !page.IsContentExt(name) {
		sc.guardMu.Lock()
		why, ok := g.other(s, abs, rel, dirent{name: name, typ: typ, abs: abs})
		sc.guardMu.Unlock()
		if ok {
			if r.others == nil {
				r.others = map[string]string{}
			}
			r.others[rel] = why
		}
		return
	}
	st := s.files[rel]
	if st == nil {
		r.seen = append(r.seen, rel)
		r.slow = append(r.slow, [2]string{abs, rel})
		return
	}
	st.seen = s.scans
	if !typ.IsRegular() || st.refused {
		r.slow = append(r.slow, [2]string{abs, rel})
		return
	}
	d.hold()
	sc.push(fastJob{dir: d, name: name, rel: rel, st: st})
}

// enterLink is g.enter for the workers of the scan.
func (sc *fastScan) enterLink(abs string) bool {
	sc.guardMu.Lock()
	defer sc.guardMu.Unlock()
	return sc.g.enter(abs)
}

// open opens the folder name of d without following a link, or returns
// nil if it is the host key folder.
func (sc *fastScan) open(d *scanDir, name, abs, rel string) (*scanDir, error) {
	fd, err := openat(d.fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", rel, err)
	}
	if len(sc.g.keyIDs) > 0 {
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil || sc.g.keyIDs[fileID{uint64(st.Dev), st.Ino}] {
			unix.Close(fd)
			if err != nil {
				return nil, fmt.Errorf("stat %s: %w", rel, err)
			}
			return nil, nil
		}
	}
	sub := &scanDir{fd: fd, abs: abs, rel: rel}
	sub.refs.Store(1)
	return sub, nil
}

// keep reports whether the file of j is known unchanged: the same size,
// time and inode as at the last scan, or bytes that hash to the page the
// store has (recorded then with the file's new size, time and inode).
// Anything else, an error included, is for refreshAll. buf is the
// worker's buffer.
func (sc *fastScan) keep(j fastJob, buf *[]byte) bool {
	fd, err := openat(j.dir.fd, j.name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	var fi unix.Stat_t
	if err := unix.Fstat(fd, &fi); err != nil || fi.Mode&unix.S_IFMT != unix.S_IFREG || sc.g.keyIDs[fileID{uint64(fi.Dev), fi.Ino}] {
		return false
	}
	st := j.st
	mtime := time.Unix(fi.Mtim.Unix())
	if st.unchanged(fi.Size, mtime, fi.Ino) {
		return true
	}
	if !st.mayKeep() || fi.Size > sc.s.opt.MaxFileSize || fi.Size != st.size {
		// Another size than the bytes last read: not the page's.
		return false
	}
	b, ok := readFd(fd, fi.Size, *buf)
	if !ok {
		return false
	}
	*buf = b
	if looksLikePrivateKey(b) || !st.sameBytes(b) {
		return false
	}
	st.size, st.modTime, st.ino = fi.Size, mtime, fi.Ino
	return true
}

// readFd reads the size bytes of the open file fd into buf (grown if it
// has no room), in one read when the file still has that size: a short
// read of a regular file is its end, so no second read is needed to see
// it. It reports false if the file does not have size bytes any more.
func readFd(fd int, size int64, buf []byte) ([]byte, bool) {
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+1)
	}
	buf = buf[:size+1]
	n := 0
	for int64(n) <= size {
		m, err := unix.Read(fd, buf[n:])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || m == 0 {
			break
		}
		n += m
		if int64(n) == size {
			// Most likely the end; a file that grew meanwhile has
			// other bytes than the page's anyway.
			break
		}
	}
	return buf[:n], int64(n) == size
}

// openat is unix.Openat, retried when interrupted.
func openat(dir int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dir, name, flags, 0)
		if !errors.Is(err, unix.EINTR) {
			return fd, err
		}
	}
}
