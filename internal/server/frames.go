package server

import "charm.land/ssh"

// newSize reports whether w changes the size of a screen that is last: a
// window change of the same size would make bubbletea erase and redraw the
// whole screen (cursedRenderer.resize erases unconditionally), as costly
// as a real resize, for nothing: measured, about 1 ms of CPU and 1.9 KB
// sent per repeated size, 0.1 ms and nothing once dropped (BENCHMARKS.md).
// Some clients repeat their size; a hostile one can send thousands.
func newSize(last, w ssh.Window) bool {
	return w.Width != last.Width || w.Height != last.Height
}
