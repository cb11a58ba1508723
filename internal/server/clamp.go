package server

import (
	"charm.land/ssh"

	"github.com/sshblog/sshblog/internal/tui"
)

// Window sizes from clients are relayed and clamped here, for two reasons.
//
// The SSH library hands each window change to the session on a channel
// with room for one, sending from the goroutine that handles all of the
// session's requests. A change nobody reads stalls that goroutine for
// good: a client that resizes before asking for a shell, or a command
// session with a terminal, would leak it. So every PTY request starts a
// relay that reads the library's channel until the library closes it and
// keeps only the newest size for whoever wants it.
//
// And bubbletea allocates a cell buffer of width×height: a hostile
// "100000x100000" window must not become a 10^10-cell allocation.

// clampWindow bounds a client-reported size.
func clampWindow(w ssh.Window) ssh.Window {
	w.Width, w.Height = tui.ClampSize(w.Width, w.Height)
	return w
}

// relayWindows wraps the library's PTY handler so that every PTY request
// starts a relay for its window changes.
func (s *Server) relayWindows(next ssh.PtyHandler) ssh.PtyHandler {
	return func(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
		closer, err := next(ctx, sess, pty)
		if err != nil {
			return closer, err
		}
		_, in, _ := sess.Pty()
		r := &relay{windows: make(chan ssh.Window, 1), closed: make(chan struct{})}
		s.windows.Store(in, r)
		go func() {
			defer s.windows.Delete(in)
			defer close(r.closed)
			for w := range in { // closed by the library when the session ends
				select { // keep only the newest size
				case <-r.windows:
				default:
				}
				r.windows <- clampWindow(w) // the only sender, and the slot is free
			}
		}()
		return closer, nil
	}
}

// relay carries one session's clamped window sizes; closed is closed when
// the client closes the session (the library closes the window channel
// then), which is the only sign of it when the connection stays open.
type relay struct {
	windows chan ssh.Window
	closed  chan struct{}
}

// clampedSession gives the TUI the relayed, clamped window sizes.
type clampedSession struct {
	ssh.Session
	pty   ssh.Pty
	relay *relay
	ok    bool
}

// newClampedSession wraps sess with its relay's window channel.
func (s *Server) newClampedSession(sess ssh.Session) *clampedSession {
	pty, in, ok := sess.Pty()
	c := &clampedSession{Session: sess, ok: ok}
	if !ok {
		return c
	}
	pty.Window = clampWindow(pty.Window)
	c.pty = pty
	if r, found := s.windows.Load(in); found {
		c.relay = r.(*relay)
	} else { // no PTY handler ran: nothing will ever arrive
		c.relay = &relay{windows: make(chan ssh.Window), closed: make(chan struct{})}
	}
	return c
}

// Pty returns the clamped PTY request and a channel of clamped sizes.
func (c *clampedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return c.pty, c.relay.windows, c.ok
}
