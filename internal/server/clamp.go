package server

import (
	"charm.land/ssh"

	"github.com/sshblog/sshblog/internal/tui"
)

// Window sizes from clients are relayed and clamped here, for three
// reasons.
//
// The SSH library hands each window change to the session on a channel
// with room for one, sending from the goroutine that handles all of the
// session's requests. A change nobody reads stalls that goroutine for
// good: a client that resizes before asking for a shell, or a command
// session with a terminal, would leak it. So every PTY request starts a
// relay that reads the library's channel until the library closes it and
// keeps only the newest size for whoever wants it.
//
// The library also stores each new size in the session's Pty without a
// lock, from that same goroutine, while the session handler runs in
// another: calling the library's Session.Pty from a handler is a data race
// (the race detector reports it as soon as a client resizes). The relay
// keeps the PTY request as the library handed it to the PTY handler, on
// the library's goroutine, and handlers read that copy instead.
//
// And bubbletea allocates a cell buffer of width×height: a hostile
// "100000x100000" window must not become a 10^10-cell allocation.

// clampWindow bounds a client-reported size.
func clampWindow(w ssh.Window) ssh.Window {
	w.Width, w.Height = tui.ClampSize(w.Width, w.Height)
	return w
}

// relay carries one session's PTY request and its clamped window sizes.
// The windows channel holds at most the newest size and is closed when
// the client closes the session (the library closes its own channel
// then), which is the only sign of it when the connection stays open.
type relay struct {
	pty     ssh.Pty
	windows chan ssh.Window
}

// relayWindows wraps the library's PTY handler so that every PTY request
// starts a relay for its window changes. The library calls it on the
// goroutine that writes the session's Pty, so reading it here is safe.
func (s *Server) relayWindows(next ssh.PtyHandler) ssh.PtyHandler {
	return func(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
		closer, err := next(ctx, sess, pty)
		if err != nil {
			return closer, err
		}
		_, in, _ := sess.Pty()
		pty.Window = clampWindow(pty.Window)
		r := &relay{pty: pty, windows: make(chan ssh.Window, 1)}
		s.relays.Store(sess, r)
		go func() {
			defer s.relays.Delete(sess)
			forward(in, r.windows)
		}()
		return closer, nil
	}
}

// forward passes window sizes from in to out (a channel with room for
// one) clamped, keeping only the newest, and closes out when in is closed
// (by the library, when the session ends).
func forward(in <-chan ssh.Window, out chan ssh.Window) {
	defer close(out)
	for w := range in {
		select { // keep only the newest size
		case <-out:
		default:
		}
		out <- clampWindow(w) // the only sender, and the slot is free
	}
}

// attachPty gives every later handler the relayed PTY: it must see the
// session exactly as the library passed it, so it runs before any
// middleware that wraps the session.
func (s *Server) attachPty(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := ptySession{Session: sess}
		if r, ok := s.relays.Load(sess); ok {
			c.relay = r.(*relay)
		}
		next(c)
	}
}

// ptySession answers Pty from its relay, never from the library.
type ptySession struct {
	ssh.Session
	relay *relay // nil without a PTY request
}

// Pty returns the clamped PTY request and a channel of clamped sizes,
// closed when the client closes the session.
func (c ptySession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	if c.relay == nil {
		return ssh.Pty{}, nil, false
	}
	return c.relay.pty, c.relay.windows, true
}
