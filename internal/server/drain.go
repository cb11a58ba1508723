package server

import (
	"context"
	"errors"
	"time"
)

// stopGrace is how long sessions told to stop at the end of a drain have
// to restore their readers' terminals before the connections are closed.
const stopGrace = time.Second

// drain stops the server gently: no new connections, a notice on every
// reader's screen (new sessions of connections already accepted get it
// too), the drain timeout for readers to leave and for plain commands in
// flight to finish, then the programs still running quit (restoring their
// terminals) and every connection left is closed. Close ends it early.
func (s *Server) drain() {
	timeout := time.Duration(s.drainTimeout.Load())
	s.log.Info("draining: readers are told the blog is restarting", "sessions", s.sessions.Load(), "timeout", timeout.String())
	close(s.draining)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	go func() {
		select {
		case <-s.closeNow:
			cancel()
		case <-ctx.Done():
		}
	}()
	// Shutdown closes the listener and waits for every connection to end.
	if err := s.ssh.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		s.log.Info("drained: every reader left")
		return
	}
	s.stopSessions()
	deadline := time.Now().Add(stopGrace)
	for s.sessions.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	s.log.Info("drain timeout: closing the remaining connections", "sessions", s.sessions.Load())
	_ = s.ssh.Close()
}

// stopSessions tells every running reader to quit.
func (s *Server) stopSessions() { s.stopOnce.Do(func() { close(s.stopping) }) }

// Close ends a drain in progress at once (a second SIGTERM): the programs
// quit and the connections are closed without waiting out the timeout.
func (s *Server) Close() { s.closeOnce.Do(func() { close(s.closeNow) }) }
