package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/search"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/spill"
)

// walk refreshes every content file below root and records other files,
// with why each is refused ("" if it is not).
func (s *Store) walk(ctx context.Context, g *guard, root string, seenFiles map[string]bool, seenOthers map[string]string) (bool, error) {
	var todo [][2]string // absolute and relative paths of content files
	if err := s.collect(ctx, g, root, seenFiles, seenOthers, &todo); err != nil {
		return false, err
	}
	return s.refreshAll(g, todo), nil
}

// collect lists the content files below root into todo and records other
// files, entering folder links that stay inside (see followDir).
func (s *Store) collect(ctx context.Context, g *guard, root string, seenFiles map[string]bool, seenOthers map[string]string, todo *[][2]string) error {
	var links []string // folder links to enter after this folder
	// The trailing separator makes WalkDir enter a root that is a
	// symbolic link (a content folder linked from elsewhere).
	err := filepath.WalkDir(root+string(filepath.Separator), func(p string, d fs.DirEntry, err error) error {
		p = filepath.Clean(p)
		if err != nil {
			if p == root {
				return err
			}
			s.opt.Logger.Warn("content walk", "path", p, "err", err)
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || !s.relevantDir(rel) || g.skipDir(d)) {
				return filepath.SkipDir
			}
			s.addWatch(g, p) // before WalkDir lists it
			return nil
		}
		if _, _, ok := s.mountOf(rel); !ok || hidden(rel) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && g.enter(p) {
			links = append(links, p)
			return nil
		}
		if !page.IsContentExt(d.Name()) {
			if why, ok := g.other(s, p, rel, d); ok {
				seenOthers[rel] = why
			}
			return nil
		}
		seenFiles[rel] = true
		*todo = append(*todo, [2]string{p, rel})
		return nil
	})
	if err != nil {
		return fmt.Errorf("scan %s: %w", root, err)
	}
	for _, link := range links {
		// A linked folder swapped or removed meanwhile is not an error
		// of the whole scan: the next one sees what it became.
		if err := s.collect(ctx, g, link, seenFiles, seenOthers, todo); err != nil {
			if ctx.Err() != nil {
				return err
			}
			s.opt.Logger.Warn("content walk", "path", link, "err", err)
		}
	}
	return nil
}

// hidden reports paths Hugo ignores: names starting with a dot, and the
// Kubernetes ConfigMap machinery (..data, ..2024_...).
func hidden(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// refresh re-parses one file if it changed since the last scan.
func (s *Store) refresh(g *guard, abs, rel string) bool {
	return s.refreshAll(g, [][2]string{{abs, rel}})
}

// refreshAll re-parses the files (absolute, relative path pairs) whose
// size, modification time or inode changed since the last scan. Paths may
// be symbolic links (Kubernetes ConfigMap volumes): os.Stat follows them,
// and g decides whether where they lead may be read. Parsing runs on all
// cores: it is most of the time of a cold load. It reports whether
// anything changed.
func (s *Store) refreshAll(g *guard, files [][2]string) bool {
	type job struct {
		abs, rel string
		st       *fileState
		post     *page.Page
		err      error
		same     bool // the bytes of the page the store has: not parsed
	}
	var jobs []*job
	gone := false
	infos, errs := statAll(files)
	for i, f := range files {
		abs, rel := f[0], f[1]
		fi, err := infos[i], errs[i]
		if err != nil {
			if _, had := s.files[rel]; had {
				s.dropFile(rel)
				gone = true
				s.structural = true
			}
			continue
		}
		var ino uint64
		if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
			ino = sys.Ino
		}
		st := s.files[rel]
		if st != nil && st.unchanged(fi.Size(), fi.ModTime(), ino) {
			continue
		}
		if st == nil {
			st = &fileState{}
			s.files[rel] = st
		}
		st.size, st.modTime, st.ino = fi.Size(), fi.ModTime(), ino
		jobs = append(jobs, &job{abs: abs, rel: rel, st: st})
	}
	compress := false
	if limit := cmp.Or(s.opt.CompressAbove, DefaultCompressAbove); limit >= 0 && len(jobs) > 0 {
		var total int64
		for _, st := range s.files {
			total += st.size
		}
		compress = total > limit
	}
	var sp *spill.File
	if compress {
		sp = s.spillFile()
	}
	var wg sync.WaitGroup
	next := make(chan *job)
	workers := min(len(jobs), runtime.GOMAXPROCS(0))
	// A large load indexes the posts it will publish by quarters of the
	// load as they are parsed (search.Prepare): their tokens go at once
	// rather than after the whole load, where they were 40 MiB of the
	// live heap at 50,000 posts, and so of its peak. The last few are
	// indexed with the snapshot.
	var prep struct {
		sync.Mutex
		batch []*search.Entry
	}
	size := 0 // of a quarter
	if compress && len(jobs) >= prepareJobs {
		size = len(jobs) / 4
	}
	prepare := func(p *page.Page) {
		prep.Lock()
		prep.batch = append(prep.batch, p.SearchEntry())
		var full []*search.Entry
		if len(prep.batch) == size {
			full, prep.batch = prep.batch, nil
		}
		prep.Unlock()
		if full != nil {
			search.Prepare(full) // by this parser while the others go on
		}
	}
	now := s.opt.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Many files (a cold load, a swap) pack their sources: see
			// page.Arena. An edit's file gets memory of its own.
			var arena *page.Arena
			if len(jobs) >= arenaJobs {
				arena = new(page.Arena)
			}
			dirs := new(dirRoots)
			defer dirs.close()
			// One buffer per worker: the page copies what it keeps of
			// the bytes (page.ParseIn makes strings of them).
			var buf []byte
			for j := range next {
				var src []byte
				if src, j.err = g.readIn(s, j.abs, j.rel, dirs, buf); j.err != nil {
					continue
				}
				buf = src
				// A file with a new inode or time but the same bytes (a
				// git-sync worktree or a ConfigMap swapped in, a `touch`)
				// keeps its page: at 50,000 posts a swap that changed
				// one file parsed them all again, for 15 s of CPU.
				if j.st.sameBytes(src) {
					j.same = true
					continue
				}
				j.post, j.err = s.parse(j.rel, src, arena, compress, sp)
				if size > 0 && j.err == nil && j.post.SearchEntry() != nil && j.post.Published(now) {
					prepare(j.post)
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	changed := false
	for _, j := range jobs {
		if j.same {
			continue
		}
		changed = true
		j.st.reparse = false
		if errors.Is(j.err, fs.ErrNotExist) {
			s.dropFile(j.rel) // removed since it was seen
			s.structural = true
			continue
		}
		old, hadProblem := j.st.good, j.st.problem != nil
		s.record(j.st, j.rel, j.post, j.err)
		if j.err == nil && old != nil && !hadProblem {
			s.edits = append(s.edits, site.Edit{Old: old, New: j.post})
		} else {
			s.structural = true // a new file, a problem found or gone
		}
	}
	return gone || changed
}

// unchanged reports whether the file has the size, time and inode it had
// when it was last read, and was not refused then (a refused file is
// looked at again on every scan): it is not read again. The full scan
// and the fast one (scanFast) judge alike.
func (st *fileState) unchanged(size int64, modTime time.Time, ino uint64) bool {
	return !st.refused && st.size == size && st.modTime.Equal(modTime) && st.ino == ino
}

// mayKeep reports whether the page st serves is kept if the file's bytes
// are still its own (see sameBytes): the file parsed, with the options
// in force, and was not refused.
func (st *fileState) mayKeep() bool {
	return st.good != nil && st.problem == nil && !st.reparse && !st.refused
}

// sameBytes reports whether src are the bytes of the page st serves,
// which it then keeps: a file with a new inode or time but the same
// bytes (a git-sync worktree or a ConfigMap swapped in, a touch).
func (st *fileState) sameBytes(src []byte) bool {
	return st.mayKeep() && page.HashOf(src) == st.good.Hash
}

// parse reads one file of a mount: the mount's language is the language
// of unsuffixed files, and the layout rules (sections, bundles, slugs,
// translations) apply to the path inside the mount.
func (s *Store) parse(rel string, src []byte, arena *page.Arena, compress bool, sp *spill.File) (*page.Page, error) {
	m, inner, _ := s.mountOf(rel)
	opt := s.opt.Parse
	opt.Compress, opt.Terms = compress, s.terms
	opt.Dialect = s.opt.Site.Dialect // the site's, whatever opt.Parse says
	opt.Spill = sp
	if m.lang != "" {
		opt.DefaultLanguage = m.lang
	}
	return arena.ParseIn(rel, inner, src, opt)
}

// prepareJobs is the fewest files parsed at once, in a blog past
// CompressAbove, whose search entries are prepared as they are parsed.
const prepareJobs = 4096

// arenaJobs is the fewest files parsed at once whose sources are packed
// into a page.Arena.
const arenaJobs = 256

// record stores a parse result: the new good version, or the problem
// while the last good version stays.
func (s *Store) record(st *fileState, rel string, p *page.Page, err error) {
	var r *refusal
	st.refused = errors.As(err, &r)
	if err == nil {
		s.setGood(st, p)
		st.problem = nil
		return
	}
	prob := page.Problem{Path: rel, Err: err.Error()}
	if st.refused {
		s.setGood(st, nil) // not served, not even as it was
	}
	var pe *page.ParseError
	if errors.As(err, &pe) {
		prob.Line, prob.Err = pe.Line, pe.Err.Error()
		var se *page.SyntaxError
		if errors.As(pe.Err, &se) {
			prob.Err = fmt.Sprintf("%s front matter: %s", se.Format, se.Msg)
		}
	}
	if st.problem != nil && *st.problem == prob {
		return // a refused file looked at again
	}
	st.problem = &prob
	s.opt.Logger.Warn("content file not loaded", "path", rel, "line", prob.Line, "err", prob.Err, "serving_last_good", st.good != nil)
}

// lstat is os.Lstat, except that it follows a link to a folder that holds
// mounts (a language folder linked from elsewhere), as the full scan
// does. Other links are files: the scan never walks into a linked folder,
// which may lead anywhere.
func (s *Store) lstat(abs, rel string) (fs.FileInfo, error) {
	fi, err := os.Lstat(abs)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return fi, err
	}
	for _, m := range s.mounts {
		if m.prefix == rel || strings.HasPrefix(m.prefix, rel+"/") {
			return os.Stat(abs)
		}
	}
	return fi, nil
}

// inLinkedFolder reports whether a folder between rel's mount and rel is
// a symbolic link the scan does not follow (see followDir). Such paths
// reach the watcher when a watched folder is moved away and a link put in
// its place.
func (s *Store) inLinkedFolder(g *guard, rel string) bool {
	m, inner, ok := s.mountOf(rel)
	if !ok || !strings.Contains(inner, "/") {
		return false
	}
	dir := filepath.Join(s.root, filepath.FromSlash(m.prefix))
	parts := strings.Split(inner, "/")
	for _, part := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, part)
		if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if _, ok := g.followDir(dir); !ok {
				return true
			}
		}
	}
	return false
}

// underKeys reports whether abs lies in the host key folder (its folder
// is the host key folder, by identity, whatever the path to it).
func (s *Store) underKeys(g *guard, abs string) bool {
	if s.hostKeys == "" {
		return false
	}
	if within(abs, s.hostKeys) {
		return true
	}
	fi, err := os.Stat(filepath.Dir(abs))
	return err == nil && g.isKeyFile(fi)
}

// setOther records what a scan found of a non-page file: served (why is
// ""), refused (why says why) or not there (ok is false). It reports
// whether anything changed.
func (s *Store) setOther(rel, why string, ok bool) bool {
	old, had := s.others[rel]
	switch {
	case !ok:
		delete(s.others, rel)
		s.structural = s.structural || had
		return had
	case had && old == why:
		// Seen again, maybe written in place: pictures of it are keyed
		// by the files' version, which no page change would move.
		s.filesGen.Add(1)
		return false
	}
	s.structural = true
	s.noteOther(rel, why)
	s.others[rel] = why
	return true
}

// noteOther logs a non-page file refused for the first time.
func (s *Store) noteOther(rel, why string) {
	if old, had := s.others[rel]; why != "" && (!had || old != why) {
		s.opt.Logger.Warn("content file not served", "path", rel, "reason", why)
	}
}
