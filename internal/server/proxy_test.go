package server

import (
	"bytes"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	proxyproto "github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
)

// behindProxy is a server that trusts PROXY headers from 127.0.0.1 (the
// load balancer of these tests), with a short header timeout.
func behindProxy(t *testing.T, mod func(*config.Config)) *testServer {
	t.Helper()
	return serveHooked(t, func(c *config.Config) {
		c.ProxyProtocol = true
		c.ProxyTrusted = "127.0.0.1/32"
		if mod != nil {
			mod(c)
		}
	}, func(s *Server) { s.proxyHeaderTimeout = 500 * time.Millisecond }, &lockedWriter{w: &bytes.Buffer{}}, nil)
}

// proxied dials addr from the local address from and sends a PROXY header
// of version (1 or 2) naming client as the reader's address; client ""
// sends no header.
func proxied(t *testing.T, from, addr, client string, version byte) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if client == "" {
		return c
	}
	src, err := net.ResolveTCPAddr("tcp", client)
	if err != nil {
		t.Fatal(err)
	}
	h := proxyproto.HeaderProxyFromAddrs(version, src, c.RemoteAddr())
	if _, err := h.WriteTo(c); err != nil {
		t.Fatal(err)
	}
	return c
}

// lsOver runs `ls` over an open connection.
func lsOver(c net.Conn) (string, error) {
	c.SetDeadline(time.Now().Add(20 * time.Second))
	conn, chans, reqs, err := gossh.NewClientConn(c, "sshblog", &gossh.ClientConfig{User: "reader", HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		return "", err
	}
	client := gossh.NewClient(conn, chans, reqs)
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return "", err
	}
	out, err := sess.Output("ls")
	return string(out), err
}

// The reader's address comes from the trusted balancer's header, v1 or v2,
// and is the one logged.
func TestProxyHeaderGivesTheClientAddress(t *testing.T) {
	s := behindProxy(t, nil)
	for _, tt := range []struct {
		version byte
		client  string
	}{{2, "203.0.113.9:40000"}, {1, "198.51.100.7:41000"}, {2, "[2001:db8::5]:42000"}} {
		out, err := lsOver(proxied(t, "127.0.0.1", s.addr, tt.client, tt.version))
		if err != nil || !strings.Contains(out, "reading-in-the-terminal") {
			t.Fatalf("ls through a v%d header: %q, %v", tt.version, out, err)
		}
		if want := "remote=" + tt.client; !strings.Contains(s.logs.String(), want) {
			t.Errorf("log has no %s:\n%s", want, s.logs.String())
		}
	}
}

// The admission gate counts a connection under the header's address, not
// the balancer's: one client's unfinished handshakes do not lock out the
// others behind the same balancer.
func TestProxyHeaderAddressIsTheOneLimited(t *testing.T) {
	s := behindProxy(t, func(c *config.Config) { c.PerSourceMaxStartups = 1 })
	proxied(t, "127.0.0.1", s.addr, "203.0.113.9:40000", 2) // says nothing more: holds 203.0.113.9's handshake slot
	deadline := time.Now().Add(5 * time.Second)
	for s.gate.Stats().Startups == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := lsOver(proxied(t, "127.0.0.1", s.addr, "203.0.113.9:40001", 2)); err == nil {
		t.Error("a second handshake of 203.0.113.9 was admitted with --per-source-max-startups 1")
	}
	if out, err := lsOver(proxied(t, "127.0.0.1", s.addr, "203.0.113.10:40000", 2)); err != nil || out == "" {
		t.Errorf("another client behind the same balancer refused: %v", err)
	}
	if !strings.Contains(s.logs.String(), "too many handshakes from this address") || !strings.Contains(s.logs.String(), "remote=203.0.113.9") {
		t.Errorf("refusal not logged under the client's address:\n%s", s.logs.String())
	}
}

// A trusted balancer's connection without a header is refused: with the
// protocol required, a missing header is never taken as the balancer being
// the reader. A silent one is closed after the header timeout.
func TestProxyHeaderRequiredFromTrusted(t *testing.T) {
	s := behindProxy(t, nil)
	if _, err := lsOver(proxied(t, "127.0.0.1", s.addr, "", 0)); err == nil {
		t.Error("a connection from the trusted balancer without a header was served")
	}
	silent := proxied(t, "127.0.0.1", s.addr, "", 0)
	silent.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := silent.Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Errorf("a silent connection from the balancer was not closed after the header timeout: %v", err)
	}
	if !strings.Contains(s.logs.String(), "no valid PROXY header from a trusted load balancer") {
		t.Errorf("refusal not logged:\n%s", s.logs.String())
	}
	if st := s.gate.Stats(); st.Conns != 0 {
		t.Errorf("refused connections still counted by the gate: %+v", st)
	}
}

// A header from an address that is not a trusted balancer is refused,
// never believed; the same address without a header is a reader like any.
func TestProxyHeaderFromUntrustedRefused(t *testing.T) {
	s := behindProxy(t, func(c *config.Config) { c.ProxyTrusted = "192.0.2.0/24" })
	if _, err := lsOver(proxied(t, "127.0.0.1", s.addr, "203.0.113.9:40000", 2)); err == nil {
		t.Error("a PROXY header from an untrusted address was accepted")
	}
	// x/crypto/ssh closes the connection before the server's failure
	// callback logs the refusal: the client may see the end first.
	if !logShows(s.logs, "PROXY header from an untrusted address", 10*time.Second) {
		t.Errorf("refusal not logged:\n%s", s.logs.String())
	}
	if strings.Contains(s.logs.String(), "203.0.113.9") {
		t.Errorf("the untrusted header's address reached the log:\n%s", s.logs.String())
	}
	out, err := lsOver(proxied(t, "127.0.0.1", s.addr, "", 0))
	if err != nil || out == "" {
		t.Fatalf("a direct reader from an untrusted address: %q, %v", out, err)
	}
	if !strings.Contains(s.logs.String(), "remote=127.0.0.1:") {
		t.Errorf("direct reader not logged under its own address:\n%s", s.logs.String())
	}
}

// logShows waits up to d for the log to hold text.
func logShows(log *lockedWriter, text string, d time.Duration) bool {
	for end := time.Now().Add(d); ; time.Sleep(10 * time.Millisecond) {
		if strings.Contains(log.String(), text) {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// A direct client that waits for the server's banner before sending its
// own still gets it, once the header timeout has passed.
func TestDirectClientWaitingForTheBanner(t *testing.T) {
	s := behindProxy(t, func(c *config.Config) { c.ProxyTrusted = "192.0.2.0/24" })
	c := proxied(t, "127.0.0.1", s.addr, "", 0)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	b := make([]byte, 8)
	if _, err := io.ReadFull(c, b); err != nil || string(b) != "SSH-2.0-" {
		t.Errorf("banner %q, %v", b, err)
	}
}
