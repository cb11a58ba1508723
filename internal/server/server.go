// Package server is the SSH front door: it accepts anonymous readers,
// applies limits, and hands each session either the reader TUI or a plain
// text command.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/store"
)

// ShutdownGrace is how long Run waits for readers to leave on shutdown
// before closing their connections.
const ShutdownGrace = 5 * time.Second

// Server serves one content store over SSH.
type Server struct {
	cfg   config.Config
	store *store.Store
	cache *render.Cache
	log   *slog.Logger
	ssh   *ssh.Server

	gate     *limits.Gate // admission of new connections (admission.go)
	refusals *refusals    // log lines for what is refused (refusals.go)
	sessions atomic.Int64 // running sessions
	relays   sync.Map     // library session -> its PTY relay (see clamp.go)

	// unusedTimeout is UnusedConnTimeout, shorter in tests.
	unusedTimeout time.Duration
}

// New prepares a server; it creates the host key on first start.
func New(cfg config.Config, store *store.Store, cache *render.Cache, log *slog.Logger) (*Server, error) {
	keyPath, err := EnsureHostKey(cfg.HostKeyDir)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, store: store, cache: cache, log: log,
		gate: newGate(cfg), refusals: newRefusals(log, RefusalLogInterval), unusedTimeout: UnusedConnTimeout}
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(keyPath),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		// No auth handlers: serverConfig offers "none" authentication,
		// so readers are never asked for a password or key. Port, agent
		// and X11 forwarding and subsystems have no handlers and are
		// refused.
		//
		// Middlewares run last to first: recover wraps everything, then
		// the relayed PTY replaces the library's, then logging, then the
		// session limit, then the session itself.
		wish.WithMiddleware(
			s.handleSession,
			s.limit,
			s.logSession,
			s.attachPty,
			s.recover,
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	// Admission (admission.go): each new TCP connection passes the gate
	// before a byte of SSH is read (per-source rate, handshakes per source
	// and overall, open connections); it has --login-grace-time to
	// authenticate, and authenticating frees its handshake slot.
	srv.ConnCallback = s.admit
	srv.HandshakeTimeout = cfg.LoginGraceTime
	srv.ServerConfigCallback = s.serverConfig
	// Sessions (channels.go, requests.go): at most MaxSessionsPerConn per
	// connection, their requests filtered and bounded before the library
	// sees them. Other channel types have no handler and are refused.
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	// Sessions get an emulated PTY (no kernel pty per reader), with the
	// window changes relayed so none can stall the session.
	emulated := &ssh.Server{}
	if err := ssh.EmulatePty()(emulated); err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	srv.PtyHandler = s.relayWindows(emulated.PtyHandler)
	s.ssh = srv
	return s, nil
}

// Run listens on the configured address and serves until ctx is done,
// then shuts down: readers get ShutdownGrace to leave before their
// connections are closed.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w", s.cfg.Listen, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on an existing listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.log.Info("listening", "addr", ln.Addr().String(), "content", s.cfg.ContentDir, "posts", len(s.store.Snapshot().Posts))
	errc := make(chan error, 1)
	go func() { errc <- s.ssh.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "sessions", s.sessions.Load())
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	// Shutdown waits for every session to end; readers may sit in the
	// pager for hours, so after the grace period the rest are closed.
	if err := s.ssh.Shutdown(sctx); errors.Is(err, context.DeadlineExceeded) {
		s.ssh.Close()
	}
	<-errc
	s.refusals.flushAll()
	return nil
}
