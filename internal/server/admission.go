package server

import (
	"net"
	"net/netip"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/metrics"
)

// maxSources bounds how many client sources the per-source rate limiter
// remembers (about 200 bytes each): past it, the least recently seen are
// forgotten.
const maxSources = 1 << 16

// newGate builds the admission policy from the configuration. Open
// connections are bounded by every session slot plus every handshake slot:
// readers beyond the session limit still get in far enough to be told the
// server is busy. One address's connections are bounded the same way, by
// its session slots plus its handshake slots, so that connections without
// sessions (each lives for UnusedConnTimeout, and an address may open its
// burst at once and then its rate) cannot hold every connection slot.
// Without a per-address session limit there is none on its connections.
func newGate(cfg config.Config) *limits.Gate {
	perSourceConns := 0
	if cfg.PerSourceMaxSessions > 0 {
		handshakes := cfg.PerSourceMaxStartups
		if handshakes == 0 {
			handshakes = cfg.MaxStartups.Full
		}
		perSourceConns = cfg.PerSourceMaxSessions + handshakes
	}
	return limits.NewGate(limits.Policy{
		MaxConns:          cfg.MaxSessions + cfg.MaxStartups.Full,
		Startups:          cfg.MaxStartups,
		PerSourceConns:    perSourceConns,
		PerSourceStartups: cfg.PerSourceMaxStartups,
		Rate:              cfg.PerSourceRate,
		Burst:             cfg.PerSourceBurst,
		MaxSources:        maxSources,
	})
}

// connStateKey finds a connection's connState in its ssh.Context.
type connStateKey struct{}

// connState is what the server tracks for one admitted connection: its
// admission ticket, and its sessions (see channels.go).
type connState struct {
	ticket *limits.Ticket
	sessions
}

func stateOf(ctx ssh.Context) *connState {
	st, _ := ctx.Value(connStateKey{}).(*connState)
	return st
}

// admit is the server's ConnCallback: it runs for every new TCP
// connection before a byte of SSH is read, and refuses it (closing it at
// once) when the gate says so. Admitted, the connection counts as a
// handshake until its client authenticates, and as open until it closes.
func (s *Server) admit(ctx ssh.Context, c net.Conn) net.Conn {
	addr, err := clientAddr(c)
	if err != nil {
		s.refusals.note("connection refused: "+err.Error(), "peer", rawPeer(c).String())
		s.metrics.HandshakeFailed(metrics.FailProxyHeader)
		return nil
	}
	t, why := s.gate.Admit(addr)
	if t == nil {
		s.refusals.note("connection refused: "+string(why), "remote", addr.String())
		s.metrics.Dropped(dropClass(why))
		return nil
	}
	st := &connState{ticket: t}
	st.sessions.init(s, c)
	ctx.SetValue(connStateKey{}, st)
	return &admittedConn{Conn: c, st: st}
}

// addrOf is the IP address of a connection's remote address (a session's
// RemoteAddr is its connection's).
func addrOf(a net.Addr) netip.Addr {
	if a, ok := a.(*net.TCPAddr); ok {
		return a.AddrPort().Addr()
	}
	ap, _ := netip.ParseAddrPort(a.String())
	return ap.Addr()
}

// serverConfig is the server's ServerConfigCallback, called once per
// connection before its handshake: readers authenticate with "none" (no
// password, no key), and that success ends the connection's handshake for
// the gate. The library keeps these fields and adds the host keys.
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	st := stateOf(ctx)
	return &gossh.ServerConfig{
		NoClientAuth: true,
		NoClientAuthCallback: func(gossh.ConnMetadata) (*gossh.Permissions, error) {
			if st != nil {
				st.ticket.Authenticated()
				st.sessions.authenticated()
			}
			return nil, nil
		},
	}
}

// admittedConn releases the connection's ticket when it closes, however
// that happens (handshake timeout, client gone, server shutdown).
type admittedConn struct {
	net.Conn
	st *connState
}

func (c *admittedConn) Close() error {
	err := c.Conn.Close()
	c.st.ticket.Close()
	c.st.sessions.connClosed()
	return err
}
