package server

import (
	"errors"
	"io"
	"net"
	"net/netip"
	"syscall"
	"time"

	proxyproto "github.com/pires/go-proxyproto"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/metrics"
)

// ProxyHeaderTimeout is how long a connection from a trusted load balancer
// has to deliver its PROXY header. Until it has, the connection is not yet
// counted by the admission gate (its client's address is not known), so a
// silent one must not hold its goroutine and descriptor for long; a load
// balancer sends the header with its first packet.
const ProxyHeaderTimeout = 5 * time.Second

// proxyListener wraps ln in the PROXY protocol (v1 and v2, by
// pires/go-proxyproto) when --proxy-protocol is set: a connection from a
// trusted address must begin with a header (REQUIRE: without one it is
// refused) and its client's address is the header's; a connection from
// anyone else is taken as a direct client, and a header it sends is refused
// (REJECT), never believed. This is our own wrapper rather than the SSH
// library's EnableProxyProtocol switch, which believes a header from any
// address.
func (s *Server) proxyListener(ln net.Listener) net.Listener {
	if !s.cfg.ProxyProtocol {
		return ln
	}
	return &proxyproto.Listener{
		Listener:          ln,
		ConnPolicy:        s.proxyPolicy,
		ReadHeaderTimeout: s.proxyHeaderTimeout,
	}
}

// proxyPolicy decides, from the TCP peer alone, how a new connection's
// PROXY header is treated. It reads nothing.
func (s *Server) proxyPolicy(o proxyproto.ConnPolicyOptions) (proxyproto.Policy, error) {
	if s.trustedProxy(addrOf(o.Upstream)) {
		return proxyproto.REQUIRE, nil
	}
	return proxyproto.REJECT, nil
}

// trustedProxy reports whether a is one of --proxy-trusted.
func (s *Server) trustedProxy(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// errProxyHeader is why a connection from a trusted load balancer is
// refused: its PROXY header did not come in time or did not parse.
var errProxyHeader = errors.New("no valid PROXY header from a trusted load balancer")

// clientAddr is the address a connection is counted, limited, logged and
// measured under: the TCP peer, or the client named by the PROXY header a
// trusted load balancer sent. For a trusted peer it reads the header (at
// most ProxyHeaderTimeout), which is why it runs in the connection's own
// goroutine (the ConnCallback), never in the accept loop. For any other
// peer it reads nothing: the gate counts the connection at once under its
// own address, so silent direct connections are bounded as before, and a
// header the peer sends fails its first read (ErrSuperfluousProxyHeader).
// (To tell, the library waits for the peer's first byte before the server
// sends its banner: OpenSSH and every common client send theirs at once; a
// client that waits for the server's is served after ProxyHeaderTimeout.)
func clientAddr(c net.Conn) (netip.Addr, error) {
	pc, ok := c.(*proxyproto.Conn)
	if !ok {
		return addrOf(c.RemoteAddr()), nil
	}
	peer := addrOf(pc.Raw().RemoteAddr())
	if pc.ProxyHeaderPolicy != proxyproto.REQUIRE {
		return peer, nil
	}
	h := pc.ProxyHeader()
	if h == nil {
		return peer, errProxyHeader
	}
	// A LOCAL header (the balancer's own health check) or an unknown
	// family names no client: the balancer's address stands.
	return addrOf(pc.RemoteAddr()).Unmap(), nil
}

// rawPeer is the TCP peer of a connection, under any PROXY header.
func rawPeer(c net.Conn) net.Addr {
	if pc, ok := c.(*proxyproto.Conn); ok {
		return pc.Raw().RemoteAddr()
	}
	return c.RemoteAddr()
}

// handshakeFailed is the server's ConnectionFailedCallback: an admitted
// connection ended before its SSH handshake completed. A PROXY header
// from an address not trusted to send one is logged as a refusal; every
// failure is counted by reason.
func (s *Server) handshakeFailed(c net.Conn, err error) {
	var ne net.Error
	switch {
	case errors.Is(err, proxyproto.ErrSuperfluousProxyHeader):
		s.refusals.note("connection refused: PROXY header from an untrusted address", "peer", rawPeer(c).String())
		s.metrics.HandshakeFailed(metrics.FailUntrustedProxy)
	case errors.Is(err, proxyproto.ErrNoProxyProtocol):
		s.metrics.HandshakeFailed(metrics.FailProxyHeader)
	case errors.As(err, &ne) && ne.Timeout():
		s.metrics.HandshakeFailed(metrics.FailTimeout)
	case errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET):
		s.metrics.HandshakeFailed(metrics.FailClosed)
	default:
		s.metrics.HandshakeFailed(metrics.FailOther)
	}
}

// dropClass is the metrics' reason for an admission refusal.
func dropClass(why limits.Reason) string {
	switch why {
	case limits.TooManyConns:
		return metrics.DropBusy
	case limits.SourceRate:
		return metrics.DropRate
	}
	return metrics.DropFlood
}
