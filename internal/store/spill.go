package store

import (
	"os"

	"github.com/sshblog/sshblog/internal/spill"
)

// compactAbove is the garbage a spill file may hold (texts of versions
// no snapshot in use needs any more) before the store copies the texts
// still in use to a new file; it also waits until the garbage exceeds
// them, so the file stays under twice the live texts or this, whichever
// is more. An author who rewrites one post 10,000 times makes the store
// compact each time the old versions outweigh the live texts (279 MiB
// at 50,000 varied posts), not fill the disk.
const compactAbove = 64 << 20

// spillFile returns the store's spill file, made now in the spill folder
// (Options.SpillDir) if there is none yet; nil when it cannot be made:
// pages then keep their sources in memory, compressed, and the reason is
// logged once.
func (s *Store) spillFile() *spill.File {
	if s.spill == nil && !s.spillFailed {
		f, err := spill.Create(s.opt.SpillDir, s.opt.SpillMax)
		if err != nil {
			s.spillFailed = true
			s.opt.Logger.Warn("sources of a large blog kept in memory: no spill file", "err", err)
			return nil
		}
		s.spill = f
	}
	return s.spill
}

// checkSpill logs, once, that the spill file took no more text (a full
// disk, a write error, its size limit): the pages parsed since keep
// their sources in memory, compressed.
func (s *Store) checkSpill() {
	if s.spill == nil || s.spillFailed {
		return
	}
	if err := s.spill.Err(); err != nil {
		s.spillFailed = true
		s.opt.Logger.Warn("sources of a large blog kept in memory from now on: the spill file takes no more", "err", err)
	}
}

// compactSpill moves the texts of the pages served now to a new spill
// file once the current one holds more garbage than them and more than
// compactAbove (see page.Page.Respill: the pages stay, and read the new
// file). The old file is never changed: a snapshot still in use keeps
// reading it for the old versions only it serves, and its descriptor is
// closed when the garbage collector finds the last page that reads it
// unreachable (os.File's finalizer; readers move to each new snapshot,
// and Go collects at least every two minutes); unlinked, it then leaves
// nothing on disk. Where an open file cannot be unlinked it is kept
// until Close removes it.
func (s *Store) compactSpill() {
	old := s.spill
	// Also once the file took no more text (spillFailed: a full disk, its
	// size limit): then it may not grow to twice the live texts, and any
	// garbage over compactAt is worth freeing; the new file takes texts
	// again.
	full := s.spillFailed
	if old == nil || !full && old.Size() <= 2*max(s.spillLive, s.compactAt) {
		return
	}
	var live int64
	for _, st := range s.files {
		if st.good != nil && st.good.Spilled().In(old) {
			live += int64(st.good.Spilled().Len())
		}
	}
	s.spillLive = live
	if garbage := old.Size() - live; garbage <= s.compactAt || !full && garbage <= live {
		return
	}
	f, err := spill.Create(s.opt.SpillDir, s.opt.SpillMax)
	if err != nil {
		s.opt.Logger.Warn("spill file not compacted", "err", err)
		s.spillLive = old.Size() // tried again once it doubled
		return
	}
	if err := s.moveSpilled(old, f); err != nil {
		// The pages moved read f, the others old: both stay valid,
		// and new texts go on to old (f may be what failed), tried
		// again once it doubled.
		s.opt.Logger.Warn("spill file compaction stopped", "err", err)
		s.spillLive = old.Size()
		return
	}
	s.spill = f
	if s.spillFailed {
		s.spillFailed = false
		s.opt.Logger.Info("sources of a large blog spilled again: the spill file was compacted")
	}
	if old.Named() {
		s.retired = append(s.retired, old)
	}
	s.opt.Logger.Info("spill file compacted", "live", live, "garbage", old.Size()-live)
}

// moveSpilled moves the sources of the pages served now that lie in old
// to f.
func (s *Store) moveSpilled(old, f *spill.File) error {
	for _, st := range s.files {
		if st.good == nil || !st.good.Spilled().In(old) {
			continue
		}
		if err := st.good.Respill(f); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the store's spill files: a page of the store's
// snapshots that keeps no source cannot be read afterwards. Call it
// when the store is no longer used (at exit: an unlinked spill file
// leaves nothing on disk anyway; where unlinking an open file fails,
// Close removes it).
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	for _, f := range append(s.retired, s.spill) {
		if f == nil {
			continue
		}
		if err := f.Close(); err != nil && first == nil && !os.IsNotExist(err) {
			first = err
		}
	}
	s.spill, s.retired = nil, nil
	s.spillFailed = true // no new file after Close
	return first
}
