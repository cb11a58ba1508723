package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Debounce is how long the watcher waits after the last change before it
// publishes, so that a `git pull` or an editor's save-by-rename becomes one
// snapshot. MaxDelay bounds the wait under a continuous stream of changes.
const (
	Debounce = 100 * time.Millisecond
	MaxDelay = 500 * time.Millisecond
	// SwapDebounce replaces Debounce after a link on the way to the
	// content was swapped for a new one (git-sync's `current`): the
	// swap is the last step of an update, so the wait only gathers its
	// own events.
	SwapDebounce = 10 * time.Millisecond
)

// missingPoll is how often a vanished content folder is looked for.
const missingPoll = time.Second

// resolvePoll is how often the links on the way to the content folders
// are resolved again. Their parents are watched, so a swap is normally
// seen at once; this catches what no watch reports: a link further along
// a chain (current -> a, a -> .worktrees/x), or one in a folder that
// could not be watched.
const resolvePoll = 500 * time.Millisecond

// watcher is one fsnotify watcher with what it watches. A full reload
// makes a new one: after a swap the old watches follow the folders that
// were swapped out, whose removal would otherwise be reported as changes.
//
// What inotify reports of a git-sync swap (checked with fsnotify 1.10.1):
// the folder holding the link sees CREATE current.tmp, RENAME
// current.tmp, CREATE current (the rename over the old link); the watches
// added through the link (on current, current/posts) keep following the
// old worktree and report nothing, not even later writes to the new one.
// Hence the watch on each link's folder, and a new watcher after a swap.
type watcher struct {
	*fsnotify.Watcher
	links map[string]bool // links on the way to the content folders (see linksOnTheWay)
}

// newWatcher watches the content folders, the folder holding the root
// (to see the root itself replaced or removed) and the folders holding
// links on the way to them. It reports whether the root could be watched.
func (s *Store) newWatcher() (*watcher, bool, error) {
	w, err := s.newOuterWatcher()
	if err != nil {
		return nil, false, err
	}
	return w, s.watchAll(w), nil
}

// newOuterWatcher is newWatcher without the watches on the content
// folders: the folder holding the root and those holding links on the
// way to it.
func (s *Store) newOuterWatcher() (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{Watcher: fw, links: map[string]bool{}}
	root := s.root
	if err := w.Add(filepath.Dir(root)); err != nil {
		s.opt.Logger.Warn("watch parent folder", "path", filepath.Dir(root), "err", err)
	}
	for _, link := range linksOnTheWay(append([]string{s.root}, s.mountDirs()...)) {
		w.links[link] = true
		if err := w.Add(filepath.Dir(link)); err != nil {
			s.opt.Logger.Warn("watch folder of a link", "path", filepath.Dir(link), "err", err)
		}
	}
	return w, nil
}

// Watch follows changes to the content folder until ctx is done: edits,
// new and deleted files and folders, folders replaced whole (rsync, git,
// a Kubernetes ConfigMap's ..data swap), links on the way to the folder
// swapped (git-sync), and the folder itself vanishing and coming back.
// It also republishes when a scheduled post falls due.
func (s *Store) Watch(ctx context.Context) error {
	w, ok, err := s.newWatcher()
	if err != nil {
		return err
	}
	defer func() { w.Close() }()
	defer s.watchSiteFiles(ctx)() // static/ and assets/, apart: see sitewatch.go
	root := s.root
	missing := !ok
	resolved := s.resolveRoots()
	s.readyOne.Do(func() {
		s.opt.Logger.Info("content watch ready", "path", root)
		close(s.ready)
	})

	pending, moved := map[string]bool{}, map[string]bool{}
	full := false
	var debounce, deadline, due, poll <-chan time.Time
	schedule := func() {
		due = nil
		if next := s.Snapshot().NextChange; !next.IsZero() {
			// Wake at most hourly: a date centuries away overflows a
			// Duration, and a clock change should not strand a post.
			due = time.After(min(max(0, time.Until(next)), time.Hour) + 10*time.Millisecond)
		}
	}
	schedule()
	if missing {
		poll = time.After(missingPoll)
	}
	resolve := time.NewTicker(resolvePoll)
	defer resolve.Stop()
	// flush handles a batch; a full reload comes with a new watcher.
	flush := func() {
		wasFull := full || missing
		if !full && !missing {
			// A full reload comes with a new watcher: no stale watch.
			unwatchMoved(w.Watcher, moved)
		}
		if nw := s.flush(ctx, w, pending, &full, &missing); nw != nil {
			w.Close()
			w = nw
		}
		if wasFull {
			resolved = s.resolveRoots()
		}
		s.noteFlushed()
		pending, moved = map[string]bool{}, map[string]bool{}
		debounce, deadline = nil, nil
		schedule()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			wait := Debounce
			switch {
			case ev.Name == root || w.links[ev.Name]:
				full = true // the folder, or a link on the way to it, was created, removed or replaced
				if fi, err := os.Lstat(ev.Name); err == nil && fi.Mode()&fs.ModeSymlink != 0 && ev.Has(fsnotify.Create) {
					// A link renamed over the old one (git-sync): what
					// it leads to was complete before the swap, no
					// more events of it are to come.
					wait = SwapDebounce
				}
			case !within(ev.Name, root):
				continue // a sibling in the parent folder
			default:
				if strings.HasPrefix(filepath.Base(ev.Name), "..") {
					full = true // Kubernetes ConfigMap symlink swap
				}
				if hidden(filepath.Base(ev.Name)) && !full {
					continue // editor swap files, rsync temporaries, .git
				}
				pending[ev.Name] = true
				if ev.Has(fsnotify.Rename) {
					moved[ev.Name] = true
				}
			}
			debounce = time.After(wait)
			if deadline == nil {
				deadline = time.After(MaxDelay)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			s.opt.Logger.Warn("content watch", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				full = true
				debounce = time.After(Debounce)
			}
		case <-debounce:
			flush()
			if missing && poll == nil {
				poll = time.After(missingPoll)
			}
		case <-deadline:
			debounce = time.After(0)
			deadline = nil
		case <-resolve.C:
			if r := s.resolveRoots(); r != resolved && !full {
				s.opt.Logger.Info("content folder now leads elsewhere", "path", root)
				resolved = r
				full = true
				debounce = time.After(0)
			}
		case <-due:
			if next := s.Snapshot().NextChange; !next.IsZero() && !s.opt.Now().Before(next) {
				s.republish()
			}
			schedule()
		case <-poll:
			poll = nil
			if _, err := os.Stat(root); err == nil {
				s.opt.Logger.Info("content folder is back", "path", root)
				full = true
				flush()
			}
			if missing {
				poll = time.After(missingPoll)
			}
		}
	}
}

// noteFlushed tells the tests waiting in afterFlush that a batch of
// changes was handled, whether it published a snapshot or not.
func (s *Store) noteFlushed() {
	ch := make(chan struct{})
	close(*s.flushed.Swap(&ch))
}

// afterFlush returns a channel closed when the watcher has next handled a
// batch of changes: what tests wait for where nothing visible changes.
func (s *Store) afterFlush() <-chan struct{} { return *s.flushed.Load() }

// flush publishes what changed: only the changed paths, or everything when
// the folder was replaced. A full reload watches the folders afresh: it
// returns the new watcher, which replaces w.
func (s *Store) flush(ctx context.Context, w *watcher, pending map[string]bool, full, missing *bool) *watcher {
	root := s.root
	start := time.Now()
	var nw *watcher
	if *full || *missing {
		*full = false
		if _, err := os.Stat(root); err != nil {
			if !*missing {
				s.opt.Logger.Error("content folder missing; still serving the last snapshot", "path", root, "err", err)
			}
			*missing = true
			return nil
		}
		// Watches first, then the scan: a change made meanwhile is
		// either read by the scan or reported by the new watches. The
		// scan watches each folder before it lists it: one walk of
		// the folders, not one to watch them and one to read them
		// (at 50,000 posts, 16,700 folders).
		var err error
		if nw, err = s.newOuterWatcher(); err != nil {
			s.opt.Logger.Error("content watch", "err", err)
			*missing = !s.watchAll(w)
			err = s.Reload(ctx)
		} else {
			var ok bool
			ok, err = s.reload(ctx, nw)
			*missing = !ok
		}
		if err != nil {
			s.opt.Logger.Error("content reload", "err", err)
			return nw
		}
	} else {
		paths := make([]string, 0, len(pending))
		g := s.newGuard()
		for p := range pending {
			paths = append(paths, p)
			// New (or renamed) folders are watched now, after the
			// debounce: the watcher keys watches by path, and a folder
			// renamed from a watched one shares its watch until the old
			// name's events have been handled.
			// Not a linked folder that may lead anywhere; one that stays
			// inside is entered by the scan, and watched.
			rel, _ := filepath.Rel(s.root, p)
			if fi, err := s.lstat(p, filepath.ToSlash(rel)); err == nil && (fi.IsDir() || fi.Mode()&fs.ModeSymlink != 0 && s.followable(g, p)) {
				s.watchTree(w, p)
			}
		}
		g.close()
		if err := s.apply(ctx, paths); err != nil {
			s.opt.Logger.Error("content reload", "err", err)
			return nil
		}
	}
	snap := s.Snapshot()
	s.opt.Logger.Info("content reloaded", "changed", len(pending), "posts", len(snap.Posts), "problems", len(snap.Problems), "took", time.Since(start).Round(time.Microsecond).String())
	if s.opt.OnReload != nil {
		s.opt.OnReload(time.Since(start))
	}
	return nw
}

// unwatchMoved drops the watches of the folders that were at the paths
// moved (renamed away: a Rename event) and of the folders below them.
// An inotify watch follows its folder, not its path, and fsnotify drops
// the watch of a folder moved itself but not those below it: a folder
// renamed out of the tree kept the watches of its subfolders until it
// was deleted, and one renamed within it kept them under their old
// names, so edits in its subfolders were reported there and lost. A
// folder at such a path now is watched afterwards, as any new folder
// (its Create event is in the same batch).
func unwatchMoved(fw *fsnotify.Watcher, moved map[string]bool) {
	if len(moved) == 0 {
		return
	}
	// The watched paths are clean and absolute: their folders are
	// prefixes (no allocation per path: 16,700 watches at 50,000 posts).
	for _, watched := range fw.WatchList() {
		for p := watched; ; {
			if moved[p] {
				// Gone already (inotify dropped it): nothing to do.
				_ = fw.Remove(watched)
				break
			}
			i := strings.LastIndexByte(p, filepath.Separator)
			if i <= 0 {
				break
			}
			p = p[:i]
		}
	}
}

// followable reports whether the folder link abs is one a scan enters.
func (s *Store) followable(g *guard, abs string) bool {
	_, ok := g.followDir(abs)
	return ok
}

// watchAll watches the root and every content folder below it, also
// language folders that are symbolic links (a walk of the root does not
// enter those). It reports whether the root could be watched.
func (s *Store) watchAll(w *watcher) bool {
	ok := s.watchTree(w, s.root)
	for _, dir := range s.mountDirs() {
		if dir != s.root {
			s.watchTree(w, dir)
		}
	}
	return ok
}

// watchTree adds a watch on dir and every folder below it, entering the
// folder links a scan enters. It reports whether dir itself could be
// watched.
func (s *Store) watchTree(w *watcher, dir string) bool {
	g := s.newGuard()
	defer g.close()
	return s.watchTreeWith(w, g, dir)
}

func (s *Store) watchTreeWith(w *watcher, g *guard, dir string) bool {
	ok := true
	var keys fs.FileInfo // the host key folder is not content
	if s.hostKeys != "" {
		keys, _ = os.Stat(s.hostKeys)
	}
	var links []string
	// The trailing separator makes WalkDir enter a folder given as a
	// symbolic link.
	err := filepath.WalkDir(dir+string(filepath.Separator), func(p string, d fs.DirEntry, err error) error {
		p = filepath.Clean(p)
		if err != nil {
			if p == dir {
				ok = false
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if g.enter(p) {
				links = append(links, p)
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if keys != nil {
			if fi, err := d.Info(); err == nil && os.SameFile(fi, keys) {
				return filepath.SkipDir
			}
		}
		if rel, err := filepath.Rel(s.root, p); err == nil && !s.relevantDir(filepath.ToSlash(rel)) {
			return filepath.SkipDir // e.g. themes/ beside two language folders
		}
		if err := w.Add(p); err != nil {
			if p == dir {
				ok = false
			}
			s.opt.Logger.Warn("watch folder", "path", p, "err", err)
		}
		return nil
	})
	for _, link := range links {
		s.watchTreeWith(w, g, link)
	}
	return ok && err == nil
}

// addWatch watches the folder p for the scan of g, if it watches.
func (s *Store) addWatch(g *guard, p string) {
	if g.watch == nil {
		return
	}
	if err := g.watch.Add(p); err != nil {
		if p == s.root {
			g.rootUnwatched = true
		}
		s.opt.Logger.Warn("watch folder", "path", p, "err", err)
	}
}

// watchWay watches, for the scan of g, the root and the folders between
// it and the mounts, which the scan does not walk (it walks the mounts):
// a language folder created or swapped in them is seen.
func (s *Store) watchWay(g *guard) {
	s.addWatch(g, s.root)
	for _, m := range s.mounts {
		parts := strings.Split(m.prefix, "/")
		for i := 1; i < len(parts); i++ {
			dir := filepath.Join(s.root, filepath.FromSlash(strings.Join(parts[:i], "/")))
			if _, err := os.Stat(dir); err == nil {
				s.addWatch(g, dir)
			}
		}
	}
}
