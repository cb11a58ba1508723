// Package store is the disk side of the blog: it reads the content folders
// (confined to them with os.Root), parses what changed with package page,
// builds a site.Snapshot and swaps it in atomically, and watches the
// folders for edits, renames, swaps and scheduled posts.
package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/search"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/spill"
)

// Options configures a Store.
type Options struct {
	// Dir is the content folder.
	Dir string
	// Mounts, when set, replace Dir: one folder per language that keeps
	// its content apart (see Mount).
	Mounts []Mount
	// ThemeDirs are the site's theme folders: symbolic links in the
	// content folders may lead into them (and into any mount), nowhere
	// else.
	ThemeDirs []string
	// SiteFileDirs are the folders of the files a Hugo site publishes at
	// its root (static/, assets/, see hugoconfig.Site.StaticDirs), the
	// first holding a path winning: pictures of "/images/a.png" are read
	// from them (Snapshot.OpenSiteFile), confined to each.
	SiteFileDirs []string
	// SiteRoot, when set, is the site's root folder, the SiteFileDirs
	// lying inside it: it may be a symbolic link swapped to a new target
	// (git-sync's "current"), and the folders are then read in the new
	// target at the same place, with no other link on the way.
	SiteRoot string
	// HostKeyDir is the server's host key folder: nothing in it is ever
	// served, whatever the layout (it may lie inside the content folder).
	HostKeyDir string
	// Site is the site metadata from configuration; an empty title or
	// description is taken from the root _index.md.
	Site site.Config
	// Parse controls how each file is read; its Dialect is the site's
	// (Site.Dialect), whatever it is set to here.
	Parse page.Options
	// MaxFileSize is the largest content file read, in bytes; 0 means
	// DefaultMaxFileSize. A larger one is a problem and is not served
	// (its last good version is).
	MaxFileSize int64
	// CompressAbove is the total size of the content files, in bytes,
	// above which pages are parsed keeping no source in memory: each
	// page's source is appended to the store's spill file
	// and read from there when its text is needed (page.Options.Spill;
	// a body that is not the end of the source stays in memory,
	// compressed). 0 means DefaultCompressAbove, a negative size never.
	// Pages parsed before the blog grew past it stay as they are until
	// their file changes.
	CompressAbove int64
	// SpillDir is the folder the spill file is made in (os.TempDir()
	// when empty). The file is unlinked at once: nothing is left there,
	// even after a crash, but it takes the folder's disk (about the size
	// of the posts' text, the garbage of edits bounded, see
	// compactAbove).
	// When it cannot be made or written (a read-only folder, a full
	// disk), sources are kept in memory, compressed, and that is logged.
	SpillDir string
	// SpillMax is the size the spill file may not grow past, in bytes;
	// 0 means no limit. Past it, sources are kept in memory.
	SpillMax int64
	// Logger receives problems and reload notices.
	Logger *slog.Logger
	// OnReload, if set, is told how long each reload the watcher made
	// took (for metrics).
	OnReload func(took time.Duration)
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// DefaultMaxFileSize is the largest content file read by default. Posts
// over --max-post-size are served as plain text, but all of a file is
// read, copied and indexed at each load: a gigabyte one ran the process
// out of memory, at every start.
const DefaultMaxFileSize = 64 << 20

// DefaultCompressAbove is where a blog stops keeping its sources in
// memory: under it a blog keeps them as they are (no file read when a
// post is opened or a Chinese phrase searched), and the memory they take
// is small beside what a replica has; above it they would be most of the
// memory (257 of 346 MiB at 50,000 posts, 680 MB of RSS; compressed, 150
// of 286 MiB for varied text, 573-615 MB of RSS).
const DefaultCompressAbove = 64 << 20

// Store owns the current site.Snapshot and rebuilds it when files change.
// Snapshot and Changed are safe for concurrent use; reloads are
// serialised internally.
type Store struct {
	opt      Options
	root     string    // absolute: Dir, or the common parent of the mounts
	mounts   []mount   // deepest first
	themes   []string  // absolute theme folders
	siteDirs []siteDir // the site file folders (Options.SiteFileDirs)
	hostKeys string    // absolute host key folder, "" if none

	// filesGen is the version of the files pictures are read from: the
	// bundles' files and the site file folders' (see filesVersion).
	filesGen atomic.Uint64

	// terms number the search terms of every page the store parses
	// (page.Options.Terms), whatever the options of Reconfigure.
	terms    *search.Terms
	snap     atomic.Pointer[site.Snapshot]
	changed  atomic.Pointer[chan struct{}]
	ready    chan struct{}                 // closed when Watch has its watches in place
	readyOne sync.Once                     //
	flushed  atomic.Pointer[chan struct{}] // closed when the watcher has handled a batch of changes

	mu       sync.Mutex            // guards the fields below
	files    map[string]*fileState // content files by relative path
	others   map[string]string     // other files (bundle resources) -> why refused, "" if served
	oldSlugs map[string]string     // renamed slug -> path serving it now
	// edits are the pages changed in place since the last publish, and
	// structural says whether anything else changed (see noteChange):
	// when nothing did, the snapshot is updated, not rebuilt.
	edits      []site.Edit
	structural bool
	// scans counts full scans: a file a fast scan saw is marked with
	// it (fileState.seen) rather than put in a map.
	scans uint64

	// spill is the file the sources of a large blog's pages are kept in
	// (see Options.CompressAbove), made when first needed; spillFailed
	// says it could not be made or takes no more (logged once);
	// spillLive, the size of the texts of the pages served that lie in
	// it (kept by setGood and dropFile); compactAt, the garbage it may
	// hold (compactAbove; tests lower it; see compactSpill), and
	// compactGarbage, more when a compaction failed; retired, the files
	// compacted away that could not be unlinked (removed by Close).
	spill          *spill.File
	spillFailed    bool
	spillLive      int64
	compactAt      int64
	compactGarbage int64
	retired        []*spill.File
	// compacting says a compaction runs (one at a time, see compact),
	// counted by compactions; compactNew, the files given a version
	// while it runs (the version each serves when it commits is moved,
	// not the ones replaced meanwhile); ctx is cancelled, and closed
	// set, by Close. compactHook, when set (tests), is called by a
	// compaction once it copied its texts, before it takes the lock to
	// commit.
	compacting  bool
	compactNew  map[*fileState]bool
	compactions sync.WaitGroup
	closed      bool
	ctx         context.Context
	cancel      context.CancelFunc
	compactHook func()
	// siteBumped, when set (tests), is called by the site files'
	// watcher each time it moves their version after a batch of changes
	// (see siteWatchLoop).
	siteBumped func()
}

type fileState struct {
	size    int64
	modTime time.Time
	ino     uint64
	good    *page.Page    // last version that parsed
	problem *page.Problem // current error, if the file on disk does not parse
	// refused files are looked at again on every scan, changed or not:
	// a folder they lead to may have appeared since (a language folder,
	// a git-sync worktree swapped in while the scan ran).
	refused bool
	// reparse is set when the parse options changed: the file is parsed
	// again even if its bytes are the same.
	reparse bool
	// seen is the full scan (Store.scans) that last saw the file, when
	// a fast scan did (see scanFast).
	seen uint64
}

// NewStore loads the folder once and returns a store serving it. A folder
// that cannot be read at all is an error; files that fail to parse are not.
func New(opt Options) (*Store, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxFileSize <= 0 {
		opt.MaxFileSize = DefaultMaxFileSize
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
		names[code] = page.Clean(name)
	}
	opt.Site.LanguageNames = names
	s := &Store{opt: opt, root: root, mounts: placed, files: map[string]*fileState{}, others: map[string]string{}, oldSlugs: map[string]string{}, terms: search.NewTerms(), compactAt: compactAbove}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	for _, dir := range opt.ThemeDirs {
		if abs, err := filepath.Abs(dir); err == nil {
			s.themes = append(s.themes, abs)
		}
	}
	s.siteDirs = siteFileDirs(opt.SiteFileDirs, opt.SiteRoot)
	if opt.HostKeyDir != "" {
		if s.hostKeys, err = filepath.Abs(opt.HostKeyDir); err != nil {
			return nil, fmt.Errorf("host key folder: %w", err)
		}
	}
	ch, fl := make(chan struct{}), make(chan struct{})
	s.changed.Store(&ch)
	s.flushed.Store(&fl)
	s.ready = make(chan struct{})
	if err := s.Reload(context.Background()); err != nil {
		return nil, err
	}
	return s, nil
}

// Snapshot returns the current snapshot. It never returns nil.
func (s *Store) Snapshot() *site.Snapshot { return s.snap.Load() }

// Changed returns a channel that is closed when the next snapshot is
// published. Take the channel before reading Snapshot to miss nothing.
func (s *Store) Changed() <-chan struct{} { return *s.changed.Load() }

// Ready returns a channel that is closed once Watch watches the content
// folders: a change made after that is seen. Tests wait for it instead of
// sleeping.
func (s *Store) Ready() <-chan struct{} { return s.ready }

// Reload rescans the whole folder, re-parses files whose size, time or
// inode changed, and publishes a new snapshot. A file that no longer parses
// keeps its last good version and is listed in Problems. If the folder
// cannot be read, the current snapshot stays and the error is returned.
func (s *Store) Reload(ctx context.Context) error {
	_, err := s.reload(ctx, nil)
	return err
}

// reload is Reload; with a watcher w, it also watches every content
// folder it walks, before listing it, and reports whether the root could
// be watched (see watchAll, which it replaces). If the scan fails, the
// folders are watched anyway.
func (s *Store) reload(ctx context.Context, w *watcher) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// A swap (a reload of the watcher's, with w) usually brings the
	// same files with a few changed: it judges, as an edit does,
	// whether the snapshot can be updated instead of rebuilt (see
	// publish). Reload (a start, new options) rebuilds.
	s.structural = s.structural || w == nil
	g := s.newGuard()
	defer g.close()
	if w != nil {
		g.watch = w
		s.watchWay(g)
	}
	seenFiles, seenOthers := map[string]bool{}, map[string]string{}
	s.scans++
	for _, dir := range s.mountDirs() {
		if dir != s.root {
			if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
				continue // a language folder not created yet
			}
		}
		walk := s.walk
		if len(s.files) > 0 {
			walk = s.scanFast // a swap: most files keep their page
		}
		if _, err := walk(ctx, g, dir, seenFiles, seenOthers); err != nil {
			s.structural = true
			if w != nil {
				return s.watchAll(w), err
			}
			return false, err
		}
	}
	for rel, st := range s.files {
		if st.seen != s.scans && !seenFiles[rel] {
			s.dropFile(rel)
			s.structural = true
		}
	}
	for rel, why := range seenOthers {
		s.noteOther(rel, why)
	}
	if !maps.Equal(s.others, seenOthers) || len(s.edits) > maxApplyEdits {
		s.structural = true
	}
	s.others = seenOthers
	s.publish()
	return !g.rootUnwatched, nil
}

// maxApplyEdits is the most pages changed in place by one reload that
// update the snapshot (site.Apply) rather than rebuild it: Apply's work
// grows with the edits times the pages.
const maxApplyEdits = 64

// apply re-reads only the given paths (files or folders, absolute) and
// publishes a new snapshot: the incremental path behind the watcher.
func (s *Store) apply(ctx context.Context, paths []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.newGuard()
	defer g.close()
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
		if s.inLinkedFolder(g, rel) {
			continue // the scan does not enter such linked folders either
		}
		fi, err := s.lstat(abs, rel)
		if err != nil {
			changed = s.forget(rel) || changed
			continue
		}
		if s.underKeys(g, abs) || fi.IsDir() && g.isKeyFile(fi) {
			continue // the host key folder: not content
		}
		linkedDir := fi.Mode()&fs.ModeSymlink != 0 && g.enter(abs)
		if !fi.IsDir() && !linkedDir {
			if page.IsContentExt(filepath.Base(abs)) {
				changed = s.refresh(g, abs, rel) || changed
				continue
			}
			why, ok := g.other(s, abs, rel, fs.FileInfoToDirEntry(fi))
			changed = s.setOther(rel, why, ok) || changed
			continue
		}
		seenFiles, seenOthers := map[string]bool{}, map[string]string{}
		walked, err := s.walk(ctx, g, abs, seenFiles, seenOthers)
		if err != nil {
			return err
		}
		// Files under this folder that were not seen are gone.
		changed = s.dropUnder(rel+"/", seenFiles, seenOthers) || walked || changed
		for f, why := range seenOthers {
			changed = s.setOther(f, why, true) || changed
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
	_, isOther := s.others[rel]
	dropped := isFile || isOther
	s.dropFile(rel)
	delete(s.others, rel)
	dropped = s.dropUnder(rel+"/", nil, nil) || dropped
	s.structural = s.structural || dropped
	return dropped
}

// dropUnder drops the files and other files below prefix that are not in
// keepFiles and keepOthers. It reports whether anything was dropped.
func (s *Store) dropUnder(prefix string, keepFiles map[string]bool, keepOthers map[string]string) bool {
	dropped := false
	for f := range s.files {
		if strings.HasPrefix(f, prefix) && !keepFiles[f] {
			s.dropFile(f)
			dropped = true
		}
	}
	for f := range s.others {
		if _, keep := keepOthers[f]; strings.HasPrefix(f, prefix) && !keep {
			delete(s.others, f)
			dropped = true
		}
	}
	s.structural = s.structural || dropped
	return dropped
}

// publish builds a snapshot from the current file states and swaps it in.
// When only files changed in place (the edit of a post), the previous
// snapshot is updated (site.Apply): nothing is done per page of the blog.
func (s *Store) publish() {
	s.checkSpill()
	// Once the snapshot is out: the copy in the background competes for
	// the cores with whatever comes next, not with this publish.
	defer s.compactSpill()
	edits, structural := s.edits, s.structural
	s.edits, s.structural = nil, false
	prev := s.snap.Load()
	if prev != nil && !structural {
		if snap, ok := site.Apply(prev, edits, s.opt.Now(), s.oldSlugs); ok {
			s.swap(snap)
			return
		}
	}
	in := site.Input{Site: s.opt.Site, Now: s.opt.Now(), OldSlugs: s.oldSlugs}
	for _, st := range s.files {
		if st.problem != nil {
			in.Problems = append(in.Problems, *st.problem)
		}
		if st.good != nil {
			in.Files = append(in.Files, st.good)
		}
	}
	for o, why := range s.others {
		if why != "" {
			in.Problems = append(in.Problems, page.Problem{Path: o, Err: why})
			continue
		}
		in.Others = append(in.Others, o)
	}
	in.Open = s.openResource
	if len(s.siteDirs) > 0 {
		in.OpenSite = s.openSiteFile
	}
	in.FilesVersion = s.filesVersion
	if prev != nil {
		s.trackRenames(prev, in.Files)
		in.Prev = prev
	}
	s.swap(site.New(in))
}

// swap publishes snap and tells whoever waits for a change.
func (s *Store) swap(snap *site.Snapshot) {
	s.snap.Store(snap)
	ch := make(chan struct{})
	close(*s.changed.Swap(&ch))
}

// republish rebuilds the snapshot without reading files, for scheduled
// publication and expiry.
func (s *Store) republish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.structural = true // publication judged anew
	s.publish()
}

// trackRenames remembers the slugs of posts that were renamed or moved so
// that links and scripts using the old slug keep working. A post counts as
// the same when it keeps its path (a new front matter slug) or its
// content (a moved file). It runs on every publish, so it avoids building
// anything for the common case of edits in place.
func (s *Store) trackRenames(prev *site.Snapshot, files []*page.Page) {
	var byHash map[uint64]*page.Page // built only if a published path vanished
	for path, old := range prev.All() {
		if old.Lang != prev.Site.Language {
			continue // translations are reached as LANG/slug
		}
		var now *page.Page
		if st, ok := s.files[path]; ok {
			now = st.good
		} else {
			if byHash == nil {
				byHash = make(map[uint64]*page.Page, len(files))
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
