package server

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// A flood of silent connections from one address does not keep a reader
// at another address out: the flood only takes its own address's share of
// the handshake slots.
func TestSilentFloodLeavesRoomForOthers(t *testing.T) {
	addr, _ := startServer(t, nil)
	silentFlood(t, addr, floodSize)
	out, err := lsFrom("127.0.0.2", addr)
	if err != nil || !strings.Contains(out, "reading-in-the-terminal") {
		t.Fatalf("ls from 127.0.0.2 during a flood of %d silent connections from 127.0.0.1: %v %q", floodSize, err, out)
	}
}

// A command line over the limit is refused with a clear message before
// anything parses it, and the server goes on serving.
func TestLongCommandRefused(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	sess.Stderr = &stderr
	// One 100 KB word: the library's shell-word splitter is quadratic in
	// the length of a word.
	err = sess.Run("cat " + strings.Repeat("a", 100_000))
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 || !strings.Contains(stderr.String(), "too long") {
		t.Errorf("100 KB command: err %v, stderr %q; want exit status 1 and a 'too long' message", err, stderr.String())
	}
	if strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("refusal is not one line: %q", stderr.String())
	}
	other, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := other.Output("ls"); err != nil || len(out) == 0 {
		t.Errorf("server unhealthy after a long command: %v", err)
	}
}

// env requests are accepted only for locale and terminal names, with
// bounded values, and at most 32 per session: a flood is refused, not
// stored.
func TestEnvRequestsBounded(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"LANG", "zh_CN.UTF-8"}, {"LC_ALL", "C"}, {"TERM", "xterm-256color"}, {"COLORTERM", "truecolor"}, {"NO_COLOR", "1"}} {
		if err := sess.Setenv(kv[0], kv[1]); err != nil {
			t.Errorf("env %s=%s refused: %v", kv[0], kv[1], err)
		}
	}
	for _, kv := range [][2]string{{"PATH", "/tmp"}, {"LD_PRELOAD", "x.so"}, {"UV_DEBUG", "/tmp/log"}, {"LANG", strings.Repeat("x", 10_000)}, {"LC_\x1b[2J", "C"}, {"LANG", "en\x1b[2J"}} {
		if err := sess.Setenv(kv[0], kv[1]); err == nil {
			t.Errorf("env %q=%.20q accepted", kv[0], kv[1])
		}
	}
	accepted := 5
	for i := range 10_000 {
		if err := sess.Setenv("LC_MESSAGES", "en_US.UTF-8"); err == nil {
			accepted++
		} else if accepted < 32 {
			t.Fatalf("env request %d refused after %d accepted: %v", i, accepted, err)
		}
	}
	if accepted != 32 {
		t.Errorf("%d env requests accepted on one session, want 32", accepted)
	}
	if out, err := sess.Output("ls"); err != nil || len(out) == 0 {
		t.Errorf("session unusable after an env flood: %v", err)
	}
}

// At most 10 sessions may be open on one connection (OpenSSH's
// MaxSessions); closing one makes room for another.
func TestSessionsPerConnectionBounded(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	var open []gossh.Channel
	refused := 0
	for range 200 {
		ch, reqs, err := c.OpenChannel("session", nil)
		var oce *gossh.OpenChannelError
		switch {
		case err == nil:
			go gossh.DiscardRequests(reqs)
			open = append(open, ch)
		case errors.As(err, &oce) && oce.Reason == gossh.ResourceShortage:
			refused++
		default:
			t.Fatalf("session open: %v", err)
		}
	}
	if len(open) != 10 || refused != 190 {
		t.Fatalf("200 session opens on one connection: %d accepted, %d refused; want 10 and 190", len(open), refused)
	}
	open[0].Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sess, err := c.NewSession()
		if err == nil {
			if out, err := sess.Output("ls"); err != nil || len(out) == 0 {
				t.Errorf("ls in a freed slot: %v", err)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session after closing one of 10: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// An authenticated connection without a session is closed after the
// unused timeout; one with a session open is not.
func TestUnusedConnectionClosed(t *testing.T) {
	const unused = 300 * time.Millisecond
	addr, logs := startServerHooked(t, nil, func(s *Server) { s.unusedTimeout = unused })
	idle := dial(t, addr)
	closed := make(chan error, 1)
	go func() { closed <- idle.Wait() }()

	busy := dial(t, addr)
	held, reqs, err := busy.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(reqs)
	defer held.Close()

	select {
	case <-closed:
	case <-time.After(30 * unused):
		t.Fatalf("connection without a session still open after %v (timeout %v)", 30*unused, unused)
	}
	if !strings.Contains(logs.String(), `level=INFO msg="connection closed: no session"`) {
		t.Errorf("unused connection closed without an Info line:\n%s", logs.String())
	}
	sess, err := busy.NewSession()
	if err != nil {
		t.Fatalf("connection with a session open was closed: %v", err)
	}
	if out, err := sess.Output("ls"); err != nil || len(out) == 0 {
		t.Errorf("ls on the busy connection: %v", err)
	}
}
