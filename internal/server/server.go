// Package server is the SSH front door: it accepts anonymous readers,
// applies limits, and hands each session either the reader TUI or a plain
// text command.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/metrics"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/store"
)

// Server serves one content store over SSH.
type Server struct {
	cfg   config.Config
	store *store.Store
	pool  *render.Pool
	log   *slog.Logger
	ssh   *ssh.Server

	gate       *limits.Gate     // admission of new connections (admission.go)
	refusals   *refusals        // log lines for what is refused (refusals.go)
	sessions   atomic.Int64     // running sessions
	perSource  *limits.Sessions // running sessions by client address (see limit)
	relays     sync.Map         // library session -> its PTY relay (see clamp.go)
	parses     limits.Slots     // whole-post parses at once outside the render pool: outlines, feeds
	wholeFeeds limits.Slots     // `feed --all` at once (see runCommand)

	// unusedTimeout is UnusedConnTimeout, shorter in tests.
	unusedTimeout time.Duration

	// PROXY protocol (proxy.go): the load balancers whose headers are
	// believed, and how long they have to send one (shorter in tests).
	trusted            []netip.Prefix
	proxyHeaderTimeout time.Duration

	metrics *metrics.Metrics // nil: not counted (see SetMetrics)

	// Settings a reload may change (see SetTimeouts).
	writeTimeout atomic.Int64 // time.Duration
	drainTimeout atomic.Int64 // time.Duration

	// Closed when the server starts draining and when it stops the
	// sessions still open at the end of the drain (see drain.go).
	draining, stopping  chan struct{}
	stopOnce, closeOnce sync.Once
	closeNow            chan struct{} // Close: end the drain at once
}

// New prepares a server rendering posts with pool; it uses the host keys
// of the host key folder, creating one on first start (see HostKeys).
func New(cfg config.Config, store *store.Store, pool *render.Pool, log *slog.Logger) (*Server, error) {
	keys, err := HostKeys(cfg.HostKeyDir)
	if err != nil {
		return nil, err
	}
	trusted, err := cfg.TrustedProxies()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, store: store, pool: pool, log: log,
		gate: newGate(cfg), perSource: limits.NewSessions(cfg.PerSourceMaxSessions), refusals: newRefusals(log, RefusalLogInterval), unusedTimeout: UnusedConnTimeout,
		trusted: trusted, proxyHeaderTimeout: ProxyHeaderTimeout,
		draining: make(chan struct{}), stopping: make(chan struct{}), closeNow: make(chan struct{}),
		parses: limits.NewSlots(runtime.GOMAXPROCS(0)), wholeFeeds: limits.NewSlots(1)}
	s.SetTimeouts(cfg.WriteTimeout, cfg.DrainTimeout)
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Listen),
		func(srv *ssh.Server) error {
			for _, k := range keys {
				srv.AddHostKey(k)
			}
			return nil
		},
		wish.WithIdleTimeout(cfg.IdleTimeout),
		// No auth handlers: serverConfig offers "none" authentication,
		// so readers are never asked for a password or key. Port, agent
		// and X11 forwarding and subsystems have no handlers and are
		// refused.
		//
		// Middlewares run last to first: recover wraps everything, then
		// the relayed PTY replaces the library's, then the session limit
		// (its refusals are summarised, not logged one by one), then
		// logging, then the session itself.
		wish.WithMiddleware(
			s.handleSession,
			s.logSession,
			s.limit,
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
	srv.ConnectionFailedCallback = s.handshakeFailed
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

// SetMetrics makes the server count its sessions, refusals and bytes in m.
// Call it before Serve.
func (s *Server) SetMetrics(m *metrics.Metrics) { s.metrics = m }

// SetTimeouts sets the write and drain timeouts; a reload of the
// configuration calls it while sessions run.
func (s *Server) SetTimeouts(write, drain time.Duration) {
	s.writeTimeout.Store(int64(write))
	s.drainTimeout.Store(int64(drain))
}

// WriteTimeout is how long output may wait for a client that reads
// nothing before its connection is closed.
func (s *Server) WriteTimeout() time.Duration { return time.Duration(s.writeTimeout.Load()) }

// Run listens on the configured address and serves until ctx is done,
// then drains (see Serve).
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w", s.cfg.Listen, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on an existing listener. When ctx is done it stops
// accepting, shows every reader a notice, gives them the drain timeout to
// leave (plain commands in flight finish), closes the rest, and returns
// nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.log.Info("listening", "addr", ln.Addr().String(), "content", s.cfg.ContentDir, "posts", len(s.store.Snapshot().Posts), "proxy_protocol", s.cfg.ProxyProtocol)
	errc := make(chan error, 1)
	// startedListener stays the outermost wrapper: it must see the
	// library's first Accept (see below).
	started := &startedListener{Listener: s.proxyListener(ln), started: make(chan struct{})}
	go func() { errc <- s.ssh.Serve(started) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// The library's Serve registers its listener (a WaitGroup Add) before
	// its first Accept, and its Shutdown Waits on that group: the two must
	// not run at once (a data race in charm.land/ssh v0.4.3 when a drain
	// begins as serving starts). Waiting for the first Accept, or for
	// Serve to have failed, orders them.
	select {
	case <-started.started:
	case err := <-errc:
		errc <- err
	}
	// Closed here, not only by the drain's Shutdown, for the same start:
	// a Serve that registered its listener after a Shutdown would accept
	// for good.
	_ = ln.Close()
	s.drain()
	<-errc
	s.refusals.flushAll()
	return nil
}

// startedListener closes started when the first Accept begins: by then
// the library's Serve has registered the listener it accepts on.
type startedListener struct {
	net.Listener
	once    sync.Once
	started chan struct{}
}

// Accept signals the start, then accepts on the wrapped listener.
func (l *startedListener) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.started) })
	return l.Listener.Accept()
}
