package server

import (
	"charm.land/ssh"

	"github.com/sshblog/sshblog/internal/tui"
)

// clampedSession bounds the window sizes a client reports before they reach
// bubbletea, whose renderer allocates a cell buffer of width×height: a
// hostile "100000x100000" window must not become a 10^10-cell allocation.
type clampedSession struct {
	ssh.Session
	pty     ssh.Pty
	windows <-chan ssh.Window
	ok      bool
}

func clampWindow(w ssh.Window) ssh.Window {
	w.Width, w.Height = tui.ClampSize(w.Width, w.Height)
	return w
}

// newClampedSession wraps sess; the goroutine it starts ends when the
// client's window channel closes or the session's context is done. The
// output channel is never closed: wish's reader of it does not check for
// a closed channel and would spin.
func newClampedSession(sess ssh.Session) *clampedSession {
	pty, in, ok := sess.Pty()
	c := &clampedSession{Session: sess, ok: ok}
	if !ok {
		return c
	}
	pty.Window = clampWindow(pty.Window)
	c.pty = pty
	out := make(chan ssh.Window, 1)
	c.windows = out
	go func() {
		for {
			select {
			case <-sess.Context().Done():
				return
			case w, open := <-in:
				if !open {
					return
				}
				select {
				case out <- clampWindow(w):
				case <-sess.Context().Done():
					return
				}
			}
		}
	}()
	return c
}

// Pty returns the clamped PTY request and a channel of clamped sizes.
func (c *clampedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return c.pty, c.windows, c.ok
}
