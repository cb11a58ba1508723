package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/metrics"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/tui"
)

// handleSession decides what a session gets: the reader TUI when the
// client asked for a terminal and gave no command, otherwise one plain-text
// command (ls, cat, read, help).
func (s *Server) handleSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, _, hasPty := sess.Pty()
		if hasPty && runsReader(sess.Command()) {
			target, _ := deepLink(sess.Command())
			s.runTUI(sess, target)
			return
		}
		// Commands take no input, but a client may send some: read and
		// drop it, or it waits in the channel's buffer (up to a 2 MB
		// window a session) for as long as the command runs. The read
		// ends with the channel or the connection.
		go func() { _, _ = io.Copy(io.Discard, sess) }()
		out := s.commandOutput(sess)
		code := runCommand(sess.Context(), sess.Command(), s.store.Snapshot(), s.pool, s.parses, s.wholeFeeds, out, out.Stderr())
		if err := out.Flush(); err != nil {
			return // the client is gone: nobody to tell the status to
		}
		_ = sess.Exit(code)
	}
}

// runTUI runs the reader for one session until the reader quits, the
// connection ends or the server stops. It does what wish's bubbletea
// middleware does, minus its logging (that reports every closed connection
// as an error, through a logger of its own that ignores --log-format),
// and reads the input and bounds the output itself (input.go, output.go).
func (s *Server) runTUI(sess ssh.Session, target string) {
	// sess.Context() belongs to the connection, which may carry more
	// sessions (OpenSSH's ControlMaster): this session's goroutines and
	// program end with this context instead.
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	pty, windows, _ := sess.Pty() // relayed and clamped: see clamp.go
	changed := s.store.Changed()  // taken before the program reads the snapshot
	out := newFrameWriter(s.guard(sess, sess))
	// Deferred so that its goroutine ends even if this function panics;
	// it runs after the program has ended and the input has stopped: the
	// last frame and the terminal's restore reach the client before the
	// channel closes, and a client that takes nothing is cut by the stall
	// guard.
	defer func() { _ = out.Close() }()
	renders := s.pool.Client() // at most one render pending for this session
	defer renders.Cancel()
	prog := s.newProgram(ctx, sess, pty, out, renders, target)
	out.repaint = func() { prog.Send(repaintMsg{}) }
	// The queries bubbletea would send if it read the input: whether the
	// terminal has synchronized output and Unicode widths (mode reports
	// that bubbletea acts on when they arrive as messages).
	_, _ = out.Write([]byte(ansi.RequestModeSynchronizedOutput + ansi.RequestModeUnicodeCore))
	inputDone := make(chan struct{})
	go func() {
		defer close(inputDone)
		readInput(ctx, sess, pty.Term, prog.Send)
	}()
	// One goroutine per session feeds the program: window sizes, new
	// snapshots (paced: see updateGate), the server's drain notice, and
	// the end of the session.
	go func() {
		draining, stopping := s.draining, s.stopping
		var sizes sizeGate
		sizes.last = pty.Window
		var updates updateGate
		for {
			select {
			case <-sizes.due():
				if w, ok := sizes.flush(time.Now()); ok {
					prog.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
				}
			case <-ctx.Done():
				prog.Quit()
				return
			case <-stopping:
				prog.Quit() // a clean end: the terminal is restored
				return
			case <-draining:
				draining = nil
				prog.Send(tui.DrainMsg{})
			case w, open := <-windows:
				if !open { // the client closed this session
					prog.Kill()
					return
				}
				if w, ok := sizes.offer(w, time.Now()); ok {
					prog.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
				}
			case <-changed:
				changed = s.store.Changed()
				updates.offer(time.Now(), randomSpread())
			case <-updates.due():
				updates.flush(time.Now())
				prog.Send(tui.SnapshotMsg{Snap: s.store.Snapshot()})
			}
		}
	}()
	// Killed means the connection went away: not an error. A panic in the
	// reader is caught by bubbletea, ends only this session, and is logged.
	if _, err := prog.Run(); err != nil && (!errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrProgramPanic)) {
		s.log.Error("reader ended with an error", "remote", sess.RemoteAddr().String(), "err", err)
	}
	prog.Kill() // restores the terminal if the program crashed
	cancel()
	<-inputDone
}

// newProgram builds the bubbletea program for one TUI session: wish's
// options for an SSH session, then ours over them. Bubbletea reads no
// input (readInput does) and so sends no terminal queries and no keyboard
// enhancements: the reader's keys all have legacy encodings, the
// background colour is queried by the model (tui.Model.Init) and the
// other queries by runTUI. Its signal handler is off: SIGTERM drains the
// server (see drain.go) instead of quitting every session at once.
func (s *Server) newProgram(ctx context.Context, sess ssh.Session, pty ssh.Pty, out *frameWriter, renders *render.Client, target string) *tea.Program {
	m := tui.New(s.store.Snapshot(), renders, tui.Options{
		Environ:  sess.Environ(),
		Width:    pty.Window.Width,
		Height:   pty.Window.Height,
		Target:   target,
		Outlines: s.parses,
		Context:  ctx,
	})
	opts := append(bm.MakeOptions(sess),
		tea.WithContext(ctx),
		tea.WithInput(nil),
		tea.WithOutput(out),
		tea.WithFilter(sessionFilter(out)),
		tea.WithoutSignalHandler(),
	)
	return tea.NewProgram(m, opts...)
}

// limit turns sessions away once MaxSessions are running, or once their
// client's address (IPv6: its /64) has PerSourceMaxSessions running, so
// that one address cannot take every slot. The message goes through the
// stall guard, as every write to a client does.
func (s *Server) limit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer s.sessions.Add(-1)
		if n := s.sessions.Add(1); n > int64(s.cfg.MaxSessions) {
			s.refusals.note("session refused: busy", "remote", sess.RemoteAddr().String(), "sessions", n-1)
			if s.metrics != nil {
				s.metrics.SessionRefused(sessionKind(sess), metrics.EndBusy)
			}
			s.refuseSession(sess, "sshblog: busy, try again in a moment")
			return
		}
		done := s.perSource.Open(addrOf(sess.RemoteAddr()))
		if done == nil {
			s.refusals.note("session refused: too many from this address", "remote", sess.RemoteAddr().String(), "limit", s.cfg.PerSourceMaxSessions)
			if s.metrics != nil {
				s.metrics.SessionRefused(sessionKind(sess), metrics.EndSource)
			}
			s.refuseSession(sess, fmt.Sprintf("sshblog: too many sessions from your address (at most %d), close one and try again", s.cfg.PerSourceMaxSessions))
			return
		}
		defer done()
		next(sess)
	}
}

// refuseSession ends a session with one line on stderr and exit status 1.
func (s *Server) refuseSession(sess ssh.Session, msg string) {
	_, _ = io.WriteString(s.guard(sess, sess.Stderr()), msg+"\n\r")
	_ = sess.Exit(1)
}

// countingSession counts the bytes a session sends to the client, for its
// log line and for the metrics.
type countingSession struct {
	ssh.Session
	n *atomic.Int64
	m *metrics.Metrics
}

func (c countingSession) Write(p []byte) (int, error) {
	n, err := c.Session.Write(p)
	c.n.Add(int64(n))
	c.m.BytesSent(n)
	return n, err
}

// sessionKind is a session's kind for the metrics: the reader (a terminal
// and no command or a deep link, as handleSession decides) or a command.
func sessionKind(sess ssh.Session) string {
	if _, _, pty := sess.Pty(); pty && runsReader(sess.Command()) {
		return metrics.KindPty
	}
	return metrics.KindCommand
}

// runsReader reports whether a session with a terminal and this command
// line runs the reader: no command, or a deep link.
func runsReader(args []string) bool {
	_, isLink := deepLink(args)
	return len(args) == 0 || isLink
}

// logSession logs one line when a session starts and one when it ends.
func (s *Server) logSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		var sent atomic.Int64
		_, _, pty := sess.Pty()
		// The command as sent, cut short: splitting it into words is
		// the handler's business, and a log line is no place for 4 KB.
		// So is the user name, which may be 256 KB.
		attrs := []any{"remote", sess.RemoteAddr().String(), "user", truncate(sess.User(), loggedUserBytes), "pty", pty, "command", truncate(sess.RawCommand(), loggedCommandBytes)}
		s.log.Info("session start", attrs...)
		end := s.metrics.SessionStarted(sessionKind(sess))
		defer func() {
			s.log.Info("session end", append(attrs, "duration", time.Since(start).Round(time.Millisecond).String(), "bytes_sent", sent.Load())...)
			reason := metrics.EndDone
			select {
			case <-s.stopping:
				reason = metrics.EndDrained
			default:
			}
			end(reason)
		}()
		next(countingSession{Session: sess, n: &sent, m: s.metrics})
	}
}

// recover keeps a panic in one session from reaching the others: it is
// logged with its stack and the session is closed.
func (s *Server) recover(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session panic", "remote", sess.RemoteAddr().String(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				_ = sess.Exit(1)
			}
		}()
		next(sess)
	}
}
