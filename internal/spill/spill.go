// Package spill keeps texts out of memory in a private temporary file:
// the sources of a large blog's posts, which are read rarely (a post
// opened and not in the render cache, cat, a search's check of a Chinese
// phrase) and were most of its memory (150 of 286 MiB live at 50,000
// posts of varied text, compressed).
//
// The file is the process's own, not the content files: a post's text
// is there whatever happens to its file afterwards (edited into a broken
// version, edited and not reloaded yet, deleted), so a snapshot serves
// the text it was made from, and a read costs no path lookup in the
// content folder. It is unlinked as soon as it is created (on Linux and
// other Unix systems): nothing is left on disk when the process ends,
// however it ends; where an open file cannot be unlinked, Close removes
// it.
//
// Texts are only ever appended: a region once written never changes, so
// a Ref stays valid for as long as it is held (a reader on an old
// snapshot) and its File is not closed: a File stays open while a Ref
// to it is reachable (os.File closes its descriptor when it is
// collected), unless its owner closes it (the store at exit).
package spill

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
	"sync/atomic"
)

// File is a spill file. Put and reads are safe for concurrent use.
type File struct {
	f *os.File
	// name is the file's path when it could not be unlinked at once
	// (a platform that refuses to remove an open file): Close removes
	// it.
	name string
	// end is where the next text is written; max, the size the file
	// may not grow past (Put fails beyond it).
	end atomic.Int64
	max int64
	// failed is the first write error: every later Put fails with it,
	// and the caller keeps its texts in memory.
	failed atomic.Pointer[error]
	// bufs are the buffers a compaction copies texts through.
	bufs sync.Pool
}

// Create makes a spill file in dir (os.TempDir() when empty), which may
// grow to max bytes (no limit when max <= 0).
func Create(dir string, max int64) (*File, error) {
	f, err := os.CreateTemp(dir, "sshblog-spill-*")
	if err != nil {
		return nil, fmt.Errorf("spill file: %w", err)
	}
	sf := &File{f: f, max: max}
	if max <= 0 {
		sf.max = math.MaxInt64
	}
	if err := os.Remove(f.Name()); err != nil {
		sf.name = f.Name() // removed at Close
	}
	return sf, nil
}

// Close closes the file (and removes it, if it could not be unlinked at
// creation). Refs to it fail to read afterwards.
func (f *File) Close() error {
	err := f.f.Close()
	if f.name != "" {
		if rerr := os.Remove(f.name); rerr != nil && err == nil {
			err = rerr
		}
	}
	return err
}

// Size is how many bytes were appended so far.
func (f *File) Size() int64 { return min(f.end.Load(), f.max) }

// Ref is where a text lies in a File. The zero Ref is no text.
type Ref struct {
	f   *File
	off int64
	n   uint32 // the text's length
}

// IsZero reports whether r is no text.
func (r Ref) IsZero() bool { return r.f == nil }

// Len is the text's length.
func (r Ref) Len() int { return int(r.n) }

// In reports whether r lies in f.
func (r Ref) In(f *File) bool { return r.f == f }

// ErrFull is what Put fails with once a text would have made the file
// grow past its maximum size: every later Put fails too.
var ErrFull = errors.New("spill file: full")

// Put appends a text, as it is (sources are stored uncompressed: a
// search's check of a Chinese phrase reads them without decoding). A text
// over 4 GiB is refused. Put fails once a write has failed (a full disk):
// the caller keeps the text.
func (f *File) Put(data []byte) (Ref, error) {
	if perr := f.failed.Load(); perr != nil {
		return Ref{}, *perr
	}
	if uint64(len(data)) > math.MaxUint32 {
		return Ref{}, fmt.Errorf("spill file: a text of %d bytes", len(data))
	}
	size := int64(len(data))
	off := f.end.Add(size) - size
	if off+size > f.max {
		err := ErrFull
		f.failed.CompareAndSwap(nil, &err)
		return Ref{}, err
	}
	// Each Put writes its own region, reserved above: no lock.
	if _, err := f.f.WriteAt(data, off); err != nil {
		err = fmt.Errorf("spill file: write: %w", err)
		f.failed.CompareAndSwap(nil, &err)
		return Ref{}, err
	}
	return Ref{f: f, off: off, n: uint32(size)}, nil
}

// AppendTo appends the text to dst.
func (r Ref) AppendTo(dst []byte) ([]byte, error) {
	if r.f == nil {
		return dst, nil
	}
	start := len(dst)
	dst = slices.Grow(dst, int(r.n))[:start+int(r.n)]
	if _, err := r.f.f.ReadAt(dst[start:], r.off); err != nil {
		return dst[:start], fmt.Errorf("spill file: read: %w", err)
	}
	return dst, nil
}

// CopyTo appends r's text to f: what a compaction copies of the texts
// still in use, through a buffer it reuses (a compaction at 50,000 posts
// moves 279 MiB).
func (r Ref) CopyTo(f *File) (Ref, error) {
	if r.f == nil {
		return Ref{}, nil
	}
	bp, _ := r.f.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer r.f.bufs.Put(bp)
	buf, err := r.AppendTo((*bp)[:0])
	*bp = buf
	if err != nil {
		return Ref{}, err
	}
	return f.Put(buf)
}

// Err is why Put fails now (a write failed, the file is full), nil while
// it takes texts.
func (f *File) Err() error {
	if perr := f.failed.Load(); perr != nil {
		return *perr
	}
	return nil
}

// Named reports whether the file could not be unlinked when it was made
// (a platform that refuses to remove an open file): it is on disk until
// Close.
func (f *File) Named() bool { return f.name != "" }

// Text is a text kept in a spill file, which a compaction may move to
// another: whoever reads it gets the same bytes from either. A Text is
// safe for concurrent use.
type Text struct {
	ref atomic.Pointer[Ref]
}

// NewText is the text at r.
func NewText(r Ref) *Text {
	t := new(Text)
	t.ref.Store(&r)
	return t
}

// Ref is where the text lies now.
func (t *Text) Ref() Ref { return *t.ref.Load() }

// AppendTo appends the text to dst.
func (t *Text) AppendTo(dst []byte) ([]byte, error) { return t.Ref().AppendTo(dst) }

// MoveTo copies the text to f and reads it from there from now on. The
// file it leaves is not changed: a reader that is reading it finishes.
func (t *Text) MoveTo(f *File) error {
	r, err := t.Ref().CopyTo(f)
	if err != nil {
		return err
	}
	t.ref.Store(&r)
	return nil
}

// Moved makes t read from *to, which holds the same bytes as from (a
// copy made with CopyTo), if t still lies at from: what a compaction
// that copied texts without holding anyone up commits. t keeps to (it
// must not change afterwards): a compaction allocates them while it
// copies, not while it commits. It reports whether t now reads *to.
func (t *Text) Moved(from Ref, to *Ref) bool {
	p := t.ref.Load()
	if *p != from || from.n != to.n {
		return false
	}
	return t.ref.CompareAndSwap(p, to)
}
