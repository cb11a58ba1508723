package server

import (
	"bytes"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/limits"
)

// heldReader is a TUI session as a test sees it: what it drew and what it
// wrote on stderr.
type heldReader struct {
	sess           *gossh.Session
	stdout, stderr *lockedWriter
}

// startReader asks c for a reader (a PTY and a shell) and waits until it
// is drawn or refused.
func startReader(t *testing.T, c *gossh.Client) *heldReader {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	r := &heldReader{sess: sess, stdout: &lockedWriter{w: &bytes.Buffer{}}, stderr: &lockedWriter{w: &bytes.Buffer{}}}
	sess.Stdout, sess.Stderr = r.stdout, r.stderr
	if err := sess.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(r.stdout.String(), "sshblog") && !strings.Contains(r.stderr.String(), "\n") {
		if time.Now().After(deadline) {
			t.Fatalf("reader neither drawn nor refused: stdout %q, stderr %q", r.stdout.String(), r.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return r
}

func (r *heldReader) refused() bool { return r.stderr.String() != "" }

// One address cannot take every session slot: past its share, its
// sessions are refused with one line, while another address is served.
// Sessions are what is counted, across connections: 2 connections with
// 10 sessions each (OpenSSH's ControlMaster) count as 20.
func TestSessionsPerSourceBounded(t *testing.T) {
	const perSource = 4
	addr, logs := startServer(t, func(c *config.Config) {
		c.MaxSessions = 40
		c.PerSourceMaxSessions = perSource
	})
	var held []*heldReader
	refused := 0
	for range 2 {
		c := dial(t, addr)
		for range 5 {
			r := startReader(t, c)
			if !r.refused() {
				held = append(held, r)
				continue
			}
			refused++
			if msg := r.stderr.String(); !strings.Contains(msg, "too many sessions from your address") || strings.Count(msg, "\n") != 1 {
				t.Errorf("refusal: %q, want one line saying there are too many sessions from this address", msg)
			}
			if err := r.sess.Wait(); err == nil {
				t.Error("refused session exited 0")
			}
		}
	}
	if len(held) != perSource || refused != 10-perSource {
		t.Fatalf("10 readers from 127.0.0.1 with --per-source-max-sessions %d: %d served, %d refused", perSource, len(held), refused)
	}
	if out, err := lsFrom("127.0.0.2", addr); err != nil || !strings.Contains(out, "reading-in-the-terminal") {
		t.Errorf("ls from 127.0.0.2 while 127.0.0.1 holds its share: %v %q", err, out)
	}
	if !strings.Contains(logs.String(), `msg="session refused: too many from this address"`) {
		t.Errorf("refusals not logged:\n%s", logs.String())
	}
	// A session that ends gives its slot back to its address.
	held[0].sess.Close()
	c := dial(t, addr)
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := startReader(t, c)
		if !r.refused() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("127.0.0.1 refused after one of its sessions ended")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Nor can one address take every connection slot with connections that
// never open a session (each lives for the unused timeout, 30 s, and an
// address may open 1,000 at once, then 50 a second): it may hold as many
// connections as it may run sessions, plus its unfinished handshakes.
func TestConnectionsPerSourceBounded(t *testing.T) {
	addr, logs := startServer(t, func(c *config.Config) {
		c.MaxSessions = 10
		c.MaxStartups = limits.Startups{Start: 5, Rate: 30, Full: 10} // 20 connections in all
		c.PerSourceMaxSessions = 4
		c.PerSourceMaxStartups = 3
	})
	held := 0
	for range 20 {
		c, err := dialFrom("127.0.0.1", addr)
		if err != nil {
			continue
		}
		t.Cleanup(func() { c.Close() })
		held++
	}
	if held != 4+3 {
		t.Errorf("127.0.0.1 holds %d idle connections, want 7 (4 sessions + 3 handshakes)", held)
	}
	if out, err := lsFrom("127.0.0.2", addr); err != nil || !strings.Contains(out, "reading-in-the-terminal") {
		t.Errorf("ls from 127.0.0.2 while 127.0.0.1 holds idle connections: %v %q", err, out)
	}
	if !strings.Contains(logs.String(), "too many connections from this address") {
		t.Errorf("refusals not logged:\n%s", logs.String())
	}
}
