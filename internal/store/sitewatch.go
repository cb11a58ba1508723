package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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
// watches are in place when it returns.
func (s *Store) watchSiteFiles(ctx context.Context) (stop func()) {
	if len(s.siteDirs) == 0 {
		return func() {}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		s.opt.Logger.Warn("site files watch", "err", err)
		return func() {}
	}
	sites, parents := map[string]bool{}, map[string]bool{}
	for _, dir := range s.siteDirs {
		sites[dir.real] = true
		s.watchSiteTree(w, dir.real)
	}
	for _, dir := range s.siteDirs {
		parent := filepath.Dir(dir.real)
		if parent == dir.real || insideAny(parent, sites) {
			continue // already watched as part of a site folder
		}
		if err := w.Add(parent); err != nil {
			s.opt.Logger.Warn("watch site folder", "path", parent, "err", err)
			continue
		}
		parents[parent] = true
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { s.siteWatchLoop(ctx, w, sites, parents) })
	return func() {
		cancel()
		wg.Wait()
	}
}

// siteWatchLoop bumps the site files' version after each batch of
// changes: Debounce after the last event, at most MaxDelay after the
// first, as the content watcher does. Events in the folders holding the
// site folders (parents) count only for the site folders (sites).
func (s *Store) siteWatchLoop(ctx context.Context, w *fsnotify.Watcher, sites, parents map[string]bool) {
	defer w.Close()
	var debounce, deadline <-chan time.Time
	bump := func() {
		s.filesGen.Add(1)
		debounce, deadline = nil, nil
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if parents[filepath.Dir(ev.Name)] && !sites[ev.Name] {
				continue // beside the site folders
			}
			if ev.Has(fsnotify.Create) {
				// A new folder (or one renamed in): watch it and what
				// it holds. Links are not followed: the store opens
				// nothing through them that leads out of the folder.
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					s.watchSiteTree(w, ev.Name)
				}
			}
			debounce = time.After(Debounce)
			if deadline == nil {
				deadline = time.After(MaxDelay)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			s.opt.Logger.Warn("site files watch", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				debounce = time.After(Debounce) // changes were lost: assume any
			}
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
