package server

import (
	"time"

	"charm.land/ssh"
)

// newSize reports whether w changes the size of a screen that is last: a
// window change of the same size would make bubbletea erase and redraw the
// whole screen (cursedRenderer.resize erases unconditionally), as costly
// as a real resize, for nothing: measured, about 1 ms of CPU and 1.9 KB
// sent per repeated size, 0.1 ms and nothing once dropped (BENCHMARKS.md).
// Some clients repeat their size; a hostile one can send thousands.
func newSize(last, w ssh.Window) bool {
	return w.Width != last.Width || w.Height != last.Height
}

// resizeEvery is the shortest time between two window sizes passed to a
// reader's program. Each size makes bubbletea erase and redraw the whole
// screen (about 0.5 ms of CPU and a full frame sent); a client may send
// thousands a second (a resize storm of 20 clients at 70/s cost 0.7 of a
// core, BENCHMARKS.md). Sizes in between are dropped, the latest kept and
// passed when the interval ends, so a window being dragged is redrawn at
// 20 frames a second and ends at its final size.
const resizeEvery = 50 * time.Millisecond

// sizeGate passes a session's window changes on at most every
// resizeEvery, dropping repeated sizes and keeping only the latest of
// those that come faster. Used by one goroutine.
type sizeGate struct {
	last    ssh.Window // the size the program has
	sent    time.Time  // when it was passed
	pending *ssh.Window
	timer   *time.Timer
}

// offer takes a window change arriving at now and returns the size to
// pass to the program now, if any.
func (g *sizeGate) offer(w ssh.Window, now time.Time) (ssh.Window, bool) {
	if g.pending == nil && !newSize(g.last, w) {
		return w, false
	}
	if now.Sub(g.sent) >= resizeEvery && g.pending == nil {
		return g.pass(w, now)
	}
	g.pending = &w
	if g.timer == nil {
		g.timer = time.NewTimer(resizeEvery - now.Sub(g.sent))
	}
	return w, false
}

// due is the channel that fires when a held size may be passed; nil when
// none is held.
func (g *sizeGate) due() <-chan time.Time {
	if g.timer == nil {
		return nil
	}
	return g.timer.C
}

// flush returns the held size, if it differs from the program's, once due
// has fired.
func (g *sizeGate) flush(now time.Time) (ssh.Window, bool) {
	g.timer = nil
	w := g.pending
	g.pending = nil
	if w == nil || !newSize(g.last, *w) {
		return ssh.Window{}, false
	}
	return g.pass(*w, now)
}

func (g *sizeGate) pass(w ssh.Window, now time.Time) (ssh.Window, bool) {
	g.last, g.sent = w, now
	return w, true
}
