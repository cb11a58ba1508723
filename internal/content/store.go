package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Options configures a Store.
type Options struct {
	// Dir is the content folder.
	Dir string
	// Mounts, when set, replace Dir: one folder per language that keeps
	// its content apart (see Mount).
	Mounts []Mount
	// Site is the site metadata from configuration; an empty title or
	// description is taken from the root _index.md.
	Site Site
	// Parse controls how each file is read.
	Parse ParseOptions
	// Logger receives problems and reload notices.
	Logger *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Store owns the current Snapshot and rebuilds it when files change.
// Snapshot and Changed are safe for concurrent use; reloads are
// serialised internally.
type Store struct {
	opt     Options
	root    string  // absolute: Dir, or the common parent of the mounts
	mounts  []mount // deepest first
	snap    atomic.Pointer[Snapshot]
	changed atomic.Pointer[chan struct{}]

	mu       sync.Mutex            // guards the fields below
	files    map[string]*fileState // content files by relative path
	others   map[string]bool       // other files (bundle resources)
	oldSlugs map[string]string     // renamed slug -> path serving it now
}

type fileState struct {
	size    int64
	modTime time.Time
	ino     uint64
	good    *Post    // last version that parsed
	problem *Problem // current error, if the file on disk does not parse
}

// NewStore loads the folder once and returns a store serving it. A folder
// that cannot be read at all is an error; files that fail to parse are not.
func NewStore(opt Options) (*Store, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	mounts := opt.Mounts
	if len(mounts) == 0 {
		mounts = []Mount{{Dir: opt.Dir}}
	}
	// Watcher events carry absolute paths; a relative folder ("content",
	// the default) would never match them.
	root, placed, err := placeMounts(mounts)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("content folder: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("content folder %s: not a directory", root)
	}
	// Language names are shown to readers: no escapes, one line.
	names := make(map[string]string, len(opt.Site.LanguageNames))
	for code, name := range opt.Site.LanguageNames {
		names[code] = clean(name)
	}
	opt.Site.LanguageNames = names
	s := &Store{opt: opt, root: root, mounts: placed, files: map[string]*fileState{}, others: map[string]bool{}, oldSlugs: map[string]string{}}
	ch := make(chan struct{})
	s.changed.Store(&ch)
	if err := s.Reload(context.Background()); err != nil {
		return nil, err
	}
	return s, nil
}

// Snapshot returns the current snapshot. It never returns nil.
func (s *Store) Snapshot() *Snapshot { return s.snap.Load() }

// Changed returns a channel that is closed when the next snapshot is
// published. Take the channel before reading Snapshot to miss nothing.
func (s *Store) Changed() <-chan struct{} { return *s.changed.Load() }

// Reload rescans the whole folder, re-parses files whose size, time or
// inode changed, and publishes a new snapshot. A file that no longer parses
// keeps its last good version and is listed in Problems. If the folder
// cannot be read, the current snapshot stays and the error is returned.
func (s *Store) Reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	seenFiles, seenOthers := map[string]bool{}, map[string]bool{}
	for _, dir := range s.mountDirs() {
		if dir != s.root {
			if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
				continue // a language folder not created yet
			}
		}
		if _, err := s.walk(ctx, dir, seenFiles, seenOthers); err != nil {
			return err
		}
	}
	for rel := range s.files {
		if !seenFiles[rel] {
			delete(s.files, rel)
		}
	}
	s.others = seenOthers
	s.publish()
	return nil
}

// apply re-reads only the given paths (files or folders, absolute) and
// publishes a new snapshot: the incremental path behind the watcher.
func (s *Store) apply(ctx context.Context, paths []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	changed := false
	for _, abs := range paths {
		if !within(abs, s.root) {
			continue // not inside the content folder
		}
		rel, _ := filepath.Rel(s.root, abs)
		rel = filepath.ToSlash(rel)
		if hidden(rel) || !s.relevantDir(rel) {
			continue // outside every mount: a sibling of a language folder
		}
		fi, err := os.Stat(abs)
		if err != nil {
			changed = s.forget(rel) || changed
			continue
		}
		if !fi.IsDir() {
			if isContentExt(filepath.Base(abs)) {
				changed = s.refresh(abs, rel) || changed
			} else if !s.others[rel] {
				s.others[rel], changed = true, true
			}
			continue
		}
		seenFiles, seenOthers := map[string]bool{}, map[string]bool{}
		walked, err := s.walk(ctx, abs, seenFiles, seenOthers)
		if err != nil {
			return err
		}
		// Files under this folder that were not seen are gone.
		changed = s.dropUnder(rel+"/", seenFiles, seenOthers) || walked || changed
		for f := range seenOthers {
			if !s.others[f] {
				s.others[f], changed = true, true
			}
		}
	}
	// Nothing a reader can see changed (an editor's swap file, a touched
	// folder): no new snapshot, no "updated" notice for every reader.
	if changed {
		s.publish()
	}
	return nil
}

// forget drops a path that no longer exists, and everything under it. It
// reports whether anything was dropped.
func (s *Store) forget(rel string) bool {
	_, isFile := s.files[rel]
	dropped := isFile || s.others[rel]
	delete(s.files, rel)
	delete(s.others, rel)
	return s.dropUnder(rel+"/", nil, nil) || dropped
}

// dropUnder drops the files and other files below prefix that are not in
// keepFiles and keepOthers. It reports whether anything was dropped.
func (s *Store) dropUnder(prefix string, keepFiles, keepOthers map[string]bool) bool {
	dropped := false
	for f := range s.files {
		if strings.HasPrefix(f, prefix) && !keepFiles[f] {
			delete(s.files, f)
			dropped = true
		}
	}
	for f := range s.others {
		if strings.HasPrefix(f, prefix) && !keepOthers[f] {
			delete(s.others, f)
			dropped = true
		}
	}
	return dropped
}

// walk refreshes every content file below root and records other files.
func (s *Store) walk(ctx context.Context, root string, seenFiles, seenOthers map[string]bool) (bool, error) {
	var todo [][2]string // absolute and relative paths of content files
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
			if p != root && (strings.HasPrefix(d.Name(), ".") || !s.relevantDir(rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		if _, _, ok := s.mountOf(rel); !ok || hidden(rel) {
			return nil
		}
		if !isContentExt(d.Name()) {
			seenOthers[rel] = true
			return nil
		}
		seenFiles[rel] = true
		todo = append(todo, [2]string{p, rel})
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("scan %s: %w", root, err)
	}
	return s.refreshAll(todo), nil
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
func (s *Store) refresh(abs, rel string) bool { return s.refreshAll([][2]string{{abs, rel}}) }

// refreshAll re-parses the files (absolute, relative path pairs) whose
// size, modification time or inode changed since the last scan. Paths may
// be symbolic links (Kubernetes ConfigMap volumes): os.Stat follows them.
// Parsing runs on all cores: it is most of the time of a cold load. It
// reports whether anything changed.
func (s *Store) refreshAll(files [][2]string) bool {
	type job struct {
		abs, rel string
		st       *fileState
		post     *Post
		err      error
	}
	var jobs []*job
	gone := false
	for _, f := range files {
		abs, rel := f[0], f[1]
		fi, err := os.Stat(abs)
		if err != nil {
			if _, had := s.files[rel]; had {
				delete(s.files, rel)
				gone = true
			}
			continue
		}
		var ino uint64
		if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
			ino = sys.Ino
		}
		st := s.files[rel]
		if st != nil && st.size == fi.Size() && st.modTime.Equal(fi.ModTime()) && st.ino == ino {
			continue
		}
		if st == nil {
			st = &fileState{}
			s.files[rel] = st
		}
		st.size, st.modTime, st.ino = fi.Size(), fi.ModTime(), ino
		jobs = append(jobs, &job{abs: abs, rel: rel, st: st})
	}
	var wg sync.WaitGroup
	next := make(chan *job)
	for range min(len(jobs), runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				var src []byte
				if src, j.err = os.ReadFile(j.abs); j.err == nil {
					j.post, j.err = s.parse(j.rel, src)
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	for _, j := range jobs {
		s.record(j.st, j.rel, j.post, j.err)
	}
	return gone || len(jobs) > 0
}

// parse reads one file of a mount: the mount's language is the language
// of unsuffixed files, and the layout rules (sections, bundles, slugs,
// translations) apply to the path inside the mount.
func (s *Store) parse(rel string, src []byte) (*Post, error) {
	m, inner, _ := s.mountOf(rel)
	opt := s.opt.Parse
	if m.lang != "" {
		opt.DefaultLanguage = m.lang
	}
	return ParseIn(rel, inner, src, opt)
}

// record stores a parse result: the new good version, or the problem
// while the last good version stays.
func (s *Store) record(st *fileState, rel string, p *Post, err error) {
	if err == nil {
		st.good, st.problem = p, nil
		return
	}
	prob := Problem{Path: rel, Err: err.Error()}
	var pe *ParseError
	if errors.As(err, &pe) {
		prob.Line, prob.Err = pe.Line, pe.Err.Error()
		var se *SyntaxError
		if errors.As(pe.Err, &se) {
			prob.Err = fmt.Sprintf("%s front matter: %s", se.Format, se.Msg)
		}
	}
	st.problem = &prob
	s.opt.Logger.Warn("content file not loaded", "path", rel, "line", prob.Line, "err", prob.Err, "serving_last_good", st.good != nil)
}

// publish builds a snapshot from the current file states and swaps it in.
func (s *Store) publish() {
	in := Input{Site: s.opt.Site, Now: s.opt.Now(), OldSlugs: s.oldSlugs}
	for _, st := range s.files {
		if st.problem != nil {
			in.Problems = append(in.Problems, *st.problem)
		}
		if st.good != nil {
			in.Files = append(in.Files, st.good)
		}
	}
	for o := range s.others {
		in.Others = append(in.Others, o)
	}
	if prev := s.snap.Load(); prev != nil {
		s.trackRenames(prev, in.Files)
	}
	s.snap.Store(NewSnapshot(in))
	ch := make(chan struct{})
	close(*s.changed.Swap(&ch))
}

// republish rebuilds the snapshot without reading files, for scheduled
// publication and expiry.
func (s *Store) republish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publish()
}

// trackRenames remembers the slugs of posts that were renamed or moved so
// that links and scripts using the old slug keep working. A post counts as
// the same when it keeps its path (a new front matter slug) or its
// content (a moved file). It runs on every publish, so it avoids building
// anything for the common case of edits in place.
func (s *Store) trackRenames(prev *Snapshot, files []*Post) {
	var byHash map[uint64]*Post // built only if a published path vanished
	for path, old := range prev.byPath {
		if old.Lang != prev.Site.Language {
			continue // translations are reached as LANG/slug
		}
		var now *Post
		if st, ok := s.files[path]; ok {
			now = st.good
		} else {
			if byHash == nil {
				byHash = make(map[uint64]*Post, len(files))
				for _, p := range files {
					byHash[p.Hash] = p
				}
			}
			now = byHash[old.Hash]
		}
		if now != nil && now.Slug != old.Slug && !strings.Contains(old.Slug, "/") {
			s.oldSlugs[old.Slug] = now.Path
		}
	}
	for slug, target := range s.oldSlugs {
		if _, ok := s.files[target]; !ok {
			delete(s.oldSlugs, slug)
		}
	}
}
