package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// filesVersion is the version of the files pictures are read from
// (Snapshot.FilesVersion): it moves when a bundle's file is seen changed
// (setOther) and after changes in the site file folders
// (watchSiteFiles), neither of which makes a new snapshot.
func (s *Store) filesVersion() uint64 { return s.filesGen.Load() }

// watchSiteFiles watches the site file folders (static/, assets/) until
// ctx is done or the returned stop is called, and bumps the version of
// their files (Snapshot.FilesVersion) after a batch of changes, as
// the content watcher publishes after one: pictures of them are keyed by
// that version, so a file replaced or edited in place is drawn again when
// a reader next opens the post. Nothing is read or published: a change
// costs a counter, not a rescan or a snapshot, whatever the folders
// hold. Each folder costs one inotify watch (files cost none); a folder
// that cannot be watched is logged and its files stay as first drawn
// until the next content change. The folder holding each of them is
// watched too (one watch more), for the folder itself only: one replaced
// whole (a fresh static/ renamed into place) is watched again. The
// folders are watched where they lead now (siteDir.current): when that
// changes (git-sync swapped the site's root to a new worktree, a folder
// configured but missing was made), they are watched anew there and
// their files' version moves (see newSiteWatch). The watches are in place
// when it returns.
func (s *Store) watchSiteFiles(ctx context.Context) (stop func()) {
	if len(s.siteDirs) == 0 {
		return func() {}
	}
	w, err := s.newSiteWatch()
	if err != nil {
		s.opt.Logger.Warn("site files watch", "err", err)
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { s.siteWatchLoop(ctx, w) })
	return func() {
		cancel()
		wg.Wait()
	}
}

// siteWatch is one fsnotify watcher of the site file folders where they
// led when it was made (resolved): after a swap the old watches follow
// the folders that were swapped out, and report nothing of the new ones
// (see watcher), so a change of where they lead makes a new one.
type siteWatch struct {
	*fsnotify.Watcher
	sites    map[string]bool // the folders, resolved
	links    map[string]bool // links on the way to them (see linksOnTheWay)
	resolved string          // where the folders led (resolveSiteDirs)
}

// newSiteWatch watches the site file folders where they lead now, the
// folders holding them, and the folders holding the links on the way to
// them (a swap of one is seen at once; a change further along a chain, or
// a missing folder made, at the next poll).
func (s *Store) newSiteWatch() (*siteWatch, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &siteWatch{Watcher: fw, sites: map[string]bool{}, links: map[string]bool{}}
	parents := map[string]bool{}
	w.resolved = s.resolveSiteDirs(func(real string) { w.sites[real] = true })
	for real := range w.sites {
		s.watchSiteTree(fw, real)
	}
	for real := range w.sites {
		parent := filepath.Dir(real)
		if parent == real || insideAny(parent, w.sites) || parents[parent] {
			continue // already watched as part of a site folder
		}
		if err := fw.Add(parent); err != nil {
			s.opt.Logger.Warn("watch site folder", "path", parent, "err", err)
			continue
		}
		parents[parent] = true
	}
	paths := make([]string, 0, len(s.siteDirs))
	for _, dir := range s.siteDirs {
		paths = append(paths, dir.path)
	}
	for _, link := range linksOnTheWay(paths) {
		w.links[link] = true
		if err := fw.Add(filepath.Dir(link)); err != nil {
			s.opt.Logger.Warn("watch folder of a link", "path", filepath.Dir(link), "err", err)
		}
	}
	return w, nil
}

// resolveSiteDirs returns where the site file folders lead now, one
// string (see siteDir.current; a folder that may not be read, or is not
// there, counts as such), calling each, if set, with each folder that
// may be read.
func (s *Store) resolveSiteDirs(each func(real string)) string {
	var b strings.Builder
	for _, dir := range s.siteDirs {
		if real, ok := dir.current(); ok {
			b.WriteString(real)
			if each != nil {
				each(real)
			}
		}
		b.WriteByte(0)
	}
	return b.String()
}

// siteWatchLoop bumps the site files' version after each batch of
// changes: Debounce after the last event, at most MaxDelay after the
// first, as the content watcher does. Events in the folders holding the
// site folders count only for the site folders; events of the links on
// the way to them and a poll every resolvePoll make it look where the
// folders lead: elsewhere, they are watched there (a new siteWatch) and
// counted as changed.
func (s *Store) siteWatchLoop(ctx context.Context, w *siteWatch) {
	defer func() { w.Close() }()
	var debounce, deadline <-chan time.Time
	changed := func() {
		debounce = time.After(Debounce)
		if deadline == nil {
			deadline = time.After(MaxDelay)
		}
	}
	bump := func() {
		s.filesGen.Add(1)
		debounce, deadline = nil, nil
		if s.siteBumped != nil {
			s.siteBumped()
		}
	}
	resolve := time.NewTicker(resolvePoll)
	defer resolve.Stop()
	failing := false // the last try to watch the new place failed, and was logged
	again := func() {
		if s.resolveSiteDirs(nil) == w.resolved {
			return
		}
		nw, err := s.newSiteWatch()
		if err != nil {
			// Tried again at the next poll; said once, not twice a
			// second while inotify's limits last.
			if !failing {
				s.opt.Logger.Warn("site files watch: the folders moved and cannot be watched where they lead now; trying again", "err", err)
			}
			failing = true
			return
		}
		if failing {
			s.opt.Logger.Info("site files watch: watching the folders where they lead now")
		}
		failing = false
		w.Close()
		w = nw
		changed()
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if w.links[ev.Name] {
				again()
				continue
			}
			if !insideAny(ev.Name, w.sites) {
				continue // beside the site folders, or a link's
			}
			if ev.Has(fsnotify.Rename) {
				// A folder renamed away (static/ replaced whole, a
				// subfolder renamed): its watches and those below
				// would follow it, reporting its changes under the
				// old names, until it is deleted.
				unwatchMoved(w.Watcher, map[string]bool{ev.Name: true})
			}
			if ev.Has(fsnotify.Create) {
				// A new folder (or one renamed in): watch it and what
				// it holds. Links are not followed: the store opens
				// nothing through them that leads out of the folder.
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					s.watchSiteTree(w.Watcher, ev.Name)
				}
			}
			changed()
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			s.opt.Logger.Warn("site files watch", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				debounce = time.After(Debounce) // changes were lost: assume any
			}
		case <-resolve.C:
			again()
		case <-debounce:
			bump()
		case <-deadline:
			bump()
		}
	}
}

// watchSiteTree watches dir and every folder below it, without following
// links; the host key folder is left out.
func (s *Store) watchSiteTree(w *fsnotify.Watcher, dir string) {
	var keys fs.FileInfo
	if s.hostKeys != "" {
		keys, _ = os.Stat(s.hostKeys)
	}
	logged := false // one warning a walk: a full inotify table fails every folder
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if keys != nil {
			if fi, err := d.Info(); err == nil && os.SameFile(fi, keys) {
				return filepath.SkipDir
			}
		}
		if err := w.Add(p); err != nil && !logged {
			logged = true
			s.opt.Logger.Warn("watch site folder", "path", p, "err", err)
		}
		return nil
	})
}

// insideAny reports whether p is one of dirs or lies below one of them.
func insideAny(p string, dirs map[string]bool) bool {
	for d := range dirs {
		if within(p, d) {
			return true
		}
	}
	return false
}
