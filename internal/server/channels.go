package server

import (
	"fmt"
	"io"
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
// never acknowledges, for as long as it sends keepalives. A session that
// has asked for neither a shell nor a command by then is closed too:
// nothing reads its input until it does (see drain).
const UnusedConnTimeout = 30 * time.Second

// drainPoll is how often drain looks for input that arrives after the
// client's end of input.
const drainPoll = time.Second

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
	ch := &trackedNewChannel{NewChannel: nc, srv: s, st: st, conn: conn, remote: conn.RemoteAddr().String(), gone: make(chan struct{})}
	defer st.sessions.gone()
	defer ch.ended() // if the client closed it, or it was never accepted
	defer close(ch.gone)
	// DefaultSessionHandler accepts the channel and serves its requests
	// until both sides have closed it.
	ssh.DefaultSessionHandler(srv, conn, ch, ctx)
}

// trackedNewChannel is a session channel on its way to the library: its
// requests go through the filter, closing it counts as its end, and input
// that no handler reads is dropped (see drain).
type trackedNewChannel struct {
	gossh.NewChannel
	srv     *Server
	st      *connState
	conn    gossh.Conn
	remote  string
	once    sync.Once     // ended
	drained sync.Once     // the input's drain after the server's close
	gone    chan struct{} // closed once both sides have closed the channel
	reading sync.Mutex    // one reader of the input at a time (see Read)
}

func (c *trackedNewChannel) ended() { c.once.Do(c.st.sessions.ended) }

// Accept accepts the channel and returns it with its requests filtered.
func (c *trackedNewChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	// A client's extended data (its "stderr") has no use in a session,
	// and nothing else reads it.
	go drain(ch.Stderr(), c.gone)
	tc := trackedChannel{Channel: ch, nc: c}
	out := make(chan *gossh.Request)
	go c.srv.filterRequests(tc, c.remote, func() { _ = c.conn.Close() }, in, out)
	return tc, out, nil
}

// trackedChannel reports the server's close of a session, and from then on
// drops the client's input, which no handler reads any more.
type trackedChannel struct {
	gossh.Channel
	nc *trackedNewChannel
}

func (c trackedChannel) Close() error {
	c.nc.ended()
	c.nc.drained.Do(func() { go drain(c, c.nc.gone) })
	return c.Channel.Close()
}

// Read reads the client's input. Readers (the handler's, then the drain)
// take turns: at the end of the input the SSH library's buffer wakes only
// one of the readers waiting in it (sync.Cond.Signal, not Broadcast), and
// another would wait there for good.
func (c trackedChannel) Read(p []byte) (int, error) {
	c.nc.reading.Lock()
	defer c.nc.reading.Unlock()
	return c.Channel.Read(p)
}

// drain reads r (a session's input or extended data) and drops what it
// reads until gone is closed. What a client sends and nobody reads waits
// in the SSH library's buffers for as long as the channel is open, up to
// its 2 MB window, and each packet is kept whole: sent in 1-byte packets,
// a window holds about 100 MB. The library also keeps data that arrives
// after the client's end of input (EOF), where a read returns at once
// instead of waiting, so from then on drain looks every drainPoll.
func drain(r io.Reader, gone <-chan struct{}) {
	buf := make([]byte, 512) // a small buffer: most sessions never get a byte here
	for {
		if _, err := r.Read(buf); err == nil {
			continue
		}
		select {
		case <-gone:
			return
		case <-time.After(drainPoll):
		}
	}
}
