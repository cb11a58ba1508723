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
)

// missingPoll is how often a vanished content folder is looked for.
const missingPoll = time.Second

// Watch follows changes to the content folder until ctx is done: edits,
// new and deleted files and folders, folders replaced whole (rsync, git,
// a Kubernetes ConfigMap's ..data swap) and the folder itself vanishing
// and coming back. It also republishes when a scheduled post falls due.
func (s *Store) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	root := s.root
	// The parent is watched too, to see the content folder itself being
	// replaced or removed.
	if err := w.Add(filepath.Dir(root)); err != nil {
		s.opt.Logger.Warn("watch parent folder", "path", filepath.Dir(root), "err", err)
	}
	missing := !s.watchAll(w)
	s.readyOne.Do(func() {
		s.opt.Logger.Info("content watch ready", "path", root)
		close(s.ready)
	})

	pending := map[string]bool{}
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
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			switch {
			case ev.Name == root:
				full = true // the folder itself was created, removed or replaced
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
			}
			debounce = time.After(Debounce)
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
			s.flush(ctx, w, pending, &full, &missing)
			s.noteFlushed()
			pending = map[string]bool{}
			debounce, deadline = nil, nil
			schedule()
			if missing && poll == nil {
				poll = time.After(missingPoll)
			}
		case <-deadline:
			debounce = time.After(0)
			deadline = nil
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
				s.flush(ctx, w, pending, &full, &missing)
				s.noteFlushed()
				schedule()
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
// the folder was replaced.
func (s *Store) flush(ctx context.Context, w *fsnotify.Watcher, pending map[string]bool, full, missing *bool) {
	root := s.root
	start := time.Now()
	if *full || *missing {
		*full = false
		if _, err := os.Stat(root); err != nil {
			if !*missing {
				s.opt.Logger.Error("content folder missing; still serving the last snapshot", "path", root, "err", err)
			}
			*missing = true
			return
		}
		*missing = !s.watchAll(w)
		if err := s.Reload(ctx); err != nil {
			s.opt.Logger.Error("content reload", "err", err)
			return
		}
	} else {
		paths := make([]string, 0, len(pending))
		for p := range pending {
			paths = append(paths, p)
			// New (or renamed) folders are watched now, after the
			// debounce: the watcher keys watches by path, and a folder
			// renamed from a watched one shares its watch until the old
			// name's events have been handled.
			// Not a linked folder (it may lead anywhere), unless it is
			// a language folder.
			rel, _ := filepath.Rel(s.root, p)
			if fi, err := s.lstat(p, filepath.ToSlash(rel)); err == nil && fi.IsDir() {
				s.watchTree(w, p)
			}
		}
		if err := s.apply(ctx, paths); err != nil {
			s.opt.Logger.Error("content reload", "err", err)
			return
		}
	}
	snap := s.Snapshot()
	s.opt.Logger.Info("content reloaded", "changed", len(pending), "posts", len(snap.Posts), "problems", len(snap.Problems), "took", time.Since(start).Round(time.Microsecond).String())
	if s.opt.OnReload != nil {
		s.opt.OnReload(time.Since(start))
	}
}

// watchAll watches the root and every content folder below it, also
// language folders that are symbolic links (a walk of the root does not
// enter those). It reports whether the root could be watched.
func (s *Store) watchAll(w *fsnotify.Watcher) bool {
	ok := s.watchTree(w, s.root)
	for _, dir := range s.mountDirs() {
		if dir != s.root {
			s.watchTree(w, dir)
		}
	}
	return ok
}

// watchTree adds a watch on dir and every folder below it. It reports
// whether dir itself could be watched.
func (s *Store) watchTree(w *fsnotify.Watcher, dir string) bool {
	ok := true
	var keys fs.FileInfo // the host key folder is not content
	if s.hostKeys != "" {
		keys, _ = os.Stat(s.hostKeys)
	}
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
	return ok && err == nil
}
