package server

import (
	"fmt"
	"net"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// MaxSessionsPerConn is how many sessions one connection may have open at
// once, as OpenSSH's MaxSessions (default 10). More are refused before any
// handler runs: each open session holds goroutines and buffers.
const MaxSessionsPerConn = 10

// UnusedConnTimeout closes an authenticated connection that has had no
// session for this long by default (OpenSSH's UnusedConnectionTimeout). Without it a
// client could authenticate (anonymous here, so free) and hold connections
// without sessions, or with sessions the server has ended and the client
// never acknowledges, for as long as it sends keepalives.
const UnusedConnTimeout = 30 * time.Second

// sessions counts one connection's session channels. open counts those
// not yet closed by both sides (what MaxSessionsPerConn bounds); live
// counts those not closed by either side (while there is none, the unused
// timer runs).
type sessions struct {
	srv  *Server
	conn net.Conn // the TCP connection, closed when unused

	mu     sync.Mutex
	open   int
	live   int
	authed bool
	closed bool
	unused *time.Timer
}

func (ss *sessions) init(s *Server, c net.Conn) { ss.srv, ss.conn = s, c }

// authenticated starts the unused timer: the client has until it fires to
// open a session.
func (ss *sessions) authenticated() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.authed = true
	ss.armLocked()
}

// tryOpen counts a new session, or reports that the connection has its
// maximum.
func (ss *sessions) tryOpen() bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.open >= MaxSessionsPerConn {
		return false
	}
	ss.open++
	ss.live++
	if ss.unused != nil {
		ss.unused.Stop()
	}
	return true
}

// ended is called once per session, when either side closes it.
func (ss *sessions) ended() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.live--
	ss.armLocked()
}

// gone is called once per session, when both sides have closed it.
func (ss *sessions) gone() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.open--
}

// connClosed stops the unused timer for good.
func (ss *sessions) connClosed() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.closed = true
	if ss.unused != nil {
		ss.unused.Stop()
	}
}

func (ss *sessions) armLocked() {
	if !ss.authed || ss.closed || ss.live > 0 {
		return
	}
	if ss.unused == nil {
		ss.unused = time.AfterFunc(ss.srv.unusedTimeout, ss.expire)
		return
	}
	ss.unused.Reset(ss.srv.unusedTimeout)
}

// expire closes the connection if it is still unused (a session may have
// opened while the timer fired).
func (ss *sessions) expire() {
	ss.mu.Lock()
	unused := ss.live == 0 && !ss.closed
	ss.mu.Unlock()
	if unused {
		ss.srv.refusals.notice("connection closed: no session", "remote", ss.conn.RemoteAddr().String(), "after", ss.srv.unusedTimeout.String())
		ss.conn.Close()
	}
}

// sessionChannel is the server's handler for "session" channels: the
// library's, behind the per-connection limit and with its requests
// filtered (requests.go).
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	st := stateOf(ctx)
	if st == nil { // every connection passes admit: this cannot happen
		_ = nc.Reject(gossh.ConnectionFailed, "connection not admitted")
		return
	}
	if !st.sessions.tryOpen() {
		_ = nc.Reject(gossh.ResourceShortage, fmt.Sprintf("at most %d sessions per connection", MaxSessionsPerConn))
		s.refusals.note("session refused: too many on one connection", "remote", conn.RemoteAddr().String(), "limit", MaxSessionsPerConn)
		return
	}
	ch := &trackedNewChannel{NewChannel: nc, srv: s, st: st, remote: conn.RemoteAddr().String()}
	defer st.sessions.gone()
	defer ch.ended() // if the client closed it, or it was never accepted
	// DefaultSessionHandler accepts the channel and serves its requests
	// until both sides have closed it.
	ssh.DefaultSessionHandler(srv, conn, ch, ctx)
}

// trackedNewChannel is a session channel on its way to the library: its
// requests go through the filter, and closing it counts as its end.
type trackedNewChannel struct {
	gossh.NewChannel
	srv    *Server
	st     *connState
	remote string
	once   sync.Once
}

func (c *trackedNewChannel) ended() { c.once.Do(c.st.sessions.ended) }

// Accept accepts the channel and returns it with its requests filtered.
func (c *trackedNewChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	tc := trackedChannel{Channel: ch, ended: c.ended}
	out := make(chan *gossh.Request)
	go c.srv.filterRequests(tc, c.remote, in, out)
	return tc, out, nil
}

// trackedChannel reports the server's close of a session.
type trackedChannel struct {
	gossh.Channel
	ended func()
}

func (c trackedChannel) Close() error {
	c.ended()
	return c.Channel.Close()
}
