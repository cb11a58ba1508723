package store

import (
	"context"
	"errors"
	"os"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/spill"
)

// compactAbove is the garbage a spill file may hold (texts of versions
// no snapshot in use needs any more) before the store copies the texts
// still in use to a new file; it also waits until the garbage exceeds
// them, so the file stays under twice the live texts or this, whichever
// is more (plus what edits add while a compaction copies). An author
// who rewrites one post 10,000 times makes the store compact each time
// the old versions outweigh the live texts (279 MiB at 50,000 varied
// posts), not fill the disk.
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

// spilledIn is how many bytes of p's source lie in f (0 for no page,
// one keeping its source in memory, or in another file).
func spilledIn(p *page.Page, f *spill.File) int64 {
	if p == nil || f == nil {
		return 0
	}
	if r := p.Spilled(); r.In(f) {
		return int64(r.Len())
	}
	return 0
}

// setGood makes p the version st serves (nil: none), keeping the count
// of the live texts in the spill file (spillLive) as pages come and go:
// counting them at each publish cost a millisecond at 50,000 posts,
// on every edit while the file was full.
func (s *Store) setGood(st *fileState, p *page.Page) {
	s.spillLive += spilledIn(p, s.spill) - spilledIn(st.good, s.spill)
	st.good = p
	if s.compacting && p != nil {
		if s.compactNew == nil {
			s.compactNew = map[*fileState]bool{}
		}
		s.compactNew[st] = true // its version then moved too, see compact
	}
}

// dropFile forgets the content file rel (gone from the folder).
func (s *Store) dropFile(rel string) {
	if st, ok := s.files[rel]; ok {
		s.spillLive -= spilledIn(st.good, s.spill)
		delete(s.files, rel)
		delete(s.compactNew, st)
	}
}

// moved is a text a compaction copies: from where it lay when the
// compaction started, to where its copy lies in the new file.
type moved struct {
	text *spill.Text
	from spill.Ref
	to   *spill.Ref
}

// compactSpill starts moving the texts of the pages served now to a new
// spill file, once the current one holds more garbage than them and
// more than compactAt, unless a compaction already runs. The texts are
// copied in the background (compact): an edit meanwhile publishes its
// snapshot without waiting (a compaction at 50,000 varied posts copies
// 279 MiB, half a second), and its text goes to the current file.
//
// The old file is never changed: a snapshot still in use keeps reading
// it for the old versions only it serves, and its descriptor is closed
// when the garbage collector finds the last page that reads it
// unreachable (os.File's cleanup; readers move to each new snapshot,
// and Go collects at least every two minutes); unlinked, it then leaves
// nothing on disk. Where an open file cannot be unlinked it is kept
// until Close removes it.
func (s *Store) compactSpill() {
	old := s.spill
	if old == nil || s.compacting || s.closed {
		return
	}
	// A file that took no more text (spillFailed: a full disk, its size
	// limit) may not grow to twice the live texts: any garbage over
	// compactAt is worth freeing, and the new file takes texts again.
	live := s.spillLive
	garbage := old.Size() - live
	if garbage <= max(s.compactAt, s.compactGarbage) || !s.spillFailed && garbage <= live {
		return
	}
	s.compacting = true
	s.compactions.Add(1)
	go s.compact(old, s.spilledTexts(old))
}

// spilledTexts lists the texts of the pages served that lie in old.
func (s *Store) spilledTexts(old *spill.File) []moved {
	texts := make([]moved, 0, len(s.files))
	for _, st := range s.files {
		if st.good == nil {
			continue
		}
		if t := st.good.SpillText(); t != nil {
			if r := t.Ref(); r.In(old) {
				texts = append(texts, moved{text: t, from: r})
			}
		}
	}
	return texts
}

// compact copies texts from old to a new spill file without the store's
// lock, then, holding it, makes them read the copies, moves the texts
// put in old meanwhile (the versions of the edits published since) and
// makes the new file the store's. Store.Close cancels it.
func (s *Store) compact(old *spill.File, texts []moved) {
	defer s.compactions.Done()
	f, err := spill.Create(s.opt.SpillDir, s.opt.SpillMax)
	if err == nil {
		err = copyTexts(s.ctx, texts, f)
	}
	if err == nil && s.compactHook != nil {
		s.compactHook()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	news := s.compactNew
	s.compacting, s.compactNew = false, nil
	if err == nil {
		err = s.ctx.Err() // closed while copying
	}
	if err != nil {
		if f != nil {
			f.Close() // no text reads it yet
		}
		if !errors.Is(err, context.Canceled) {
			// The pages read old, which stays the store's; tried again
			// once compactAt more garbage came.
			s.compactGarbage = old.Size() - s.spillLive + s.compactAt
			s.opt.Logger.Warn("spill file not compacted", "err", err)
		}
		return
	}
	// Every text of a page served that lies in old moves: those listed
	// when the compaction started (some replaced since: copied anyway,
	// garbage in f, but not swapped: Moved leaves a text read elsewhere
	// alone) by a pointer swap, and the version that each file given one
	// since serves now, copied here: one per file edited meanwhile,
	// whatever the number of edits (a version replaced meanwhile is not
	// copied). A reload of the whole blog meanwhile copies the whole blog
	// here, under the lock: a reconfiguration, rare.
	for _, m := range texts {
		m.text.Moved(m.from, m.to)
	}
	live := s.spillLive // of the pages served, all now in f
	for st := range news {
		p := st.good
		if p == nil {
			continue
		}
		t := p.SpillText()
		if t == nil || !t.Ref().In(old) {
			continue
		}
		if err := t.MoveTo(f); err != nil {
			// It stays in old, valid: old is then kept until that
			// page is replaced. Counted anew, once.
			s.opt.Logger.Warn("spill file compaction: a text left in the old file", "path", p.Path, "err", err)
			live = -1
		}
	}
	if live < 0 {
		live = 0
		for _, st := range s.files {
			live += spilledIn(st.good, f)
		}
	}
	s.spill, s.spillLive, s.compactGarbage = f, live, 0
	if s.spillFailed {
		s.spillFailed = false
		s.opt.Logger.Info("sources of a large blog spilled again: the spill file was compacted")
	}
	if old.Named() {
		s.retired = append(s.retired, old)
	}
	s.opt.Logger.Info("spill file compacted", "live", live, "garbage", old.Size()-live)
}

// copyTexts copies texts to f, noting where each copy lies; it stops
// when ctx is done.
func copyTexts(ctx context.Context, texts []moved, f *spill.File) error {
	for i := range texts {
		if err := ctx.Err(); err != nil {
			return err
		}
		to, err := texts[i].from.CopyTo(f)
		if err != nil {
			return err
		}
		texts[i].to = &to
	}
	return nil
}

// waitCompaction waits until no compaction runs.
func (s *Store) waitCompaction() { s.compactions.Wait() }

// Close stops a compaction that runs and releases the store's spill
// files: a page of the store's snapshots that keeps no source cannot be
// read afterwards. Call it when the store is no longer used (at exit:
// an unlinked spill file leaves nothing on disk anyway; where unlinking
// an open file fails, Close removes it).
func (s *Store) Close() error {
	s.mu.Lock()
	s.closed = true // no compaction starts from now on
	s.mu.Unlock()
	s.cancel()
	s.compactions.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	for _, f := range append(s.retired, s.spill) {
		if f == nil {
			continue
		}
		if err := f.Close(); err != nil && first == nil && !os.IsNotExist(err) && !errors.Is(err, os.ErrClosed) {
			first = err
		}
	}
	s.spill, s.retired, s.spillLive = nil, nil, 0
	s.spillFailed = true // no new file after Close
	return first
}
