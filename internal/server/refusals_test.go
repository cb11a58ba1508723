package server

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
)

// A flood of refusals takes one line at once and one summary line with
// its count, not a line each.
func TestRefusalsAreSummarised(t *testing.T) {
	logs := &lockedWriter{w: &bytes.Buffer{}}
	r := newRefusals(slog.New(slog.NewTextHandler(logs, nil)), time.Hour)
	for i := range 1000 {
		r.note("connection refused: test", "remote", fmt.Sprintf("192.0.2.%d:22", i%250))
	}
	r.note("session refused: other kind", "remote", "192.0.2.1:1")
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "remote=192.0.2.0:22") {
		t.Fatalf("1000 refusals of one kind and 1 of another: want 2 lines, the first refusal's details first:\n%s", logs.String())
	}
	r.flushAll()
	lines = strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], "repeated=999") || !strings.Contains(lines[2], "remote=192.0.2.249:22") {
		t.Fatalf("summary: want one line with the count (999) and the last refusal's details:\n%s", logs.String())
	}
	r.flushAll() // nothing pending: nothing written
	if n := strings.Count(logs.String(), "\n"); n != 3 {
		t.Errorf("flush without refusals wrote lines: %d lines", n)
	}
}

// The summary comes by itself when the interval ends.
func TestRefusalSummaryByTimer(t *testing.T) {
	logs := &lockedWriter{w: &bytes.Buffer{}}
	r := newRefusals(slog.New(slog.NewTextHandler(logs, nil)), 50*time.Millisecond)
	for range 5 {
		r.note("command refused: too long", "bytes", 5000)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "repeated=4") {
		if time.Now().After(deadline) {
			t.Fatalf("no summary line after the interval:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// What a client chooses never makes a log line long: its user name (up to
// the SSH packet size, 256 KB) is cut like its command line.
func TestSessionLogLinesAreBounded(t *testing.T) {
	addr, logs := startServer(t, nil)
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: strings.Repeat("u", 100_000), HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Output("ls " + strings.Repeat("x", MaxCommandBytes-10)); err == nil {
		t.Fatal("ls with an argument: want an error")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "session end") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if len(line) > 1024 {
			t.Errorf("a log line of %d bytes: %.200s...", len(line), line)
		}
	}
}

// Sessions refused because the server is full are logged as refusals are,
// once and then summarised: a client opening and closing sessions as fast
// as it can cannot turn each into log lines.
func TestBusyRefusalsAreSummarised(t *testing.T) {
	addr, logs := startServer(t, func(c *config.Config) { c.MaxSessions = 1 })
	holder := dial(t, addr)
	held, err := holder.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	// A reader holds the only slot, once it is drawn: Shell returns when
	// the request is answered, before the session is counted, and on a
	// busy machine the first commands could take the slot meanwhile.
	stdout, err := held.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := held.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	if err := held.Shell(); err != nil {
		t.Fatal(err)
	}
	if screen := readUntil(t, stdout, "sshblog"); !strings.Contains(screen, "sshblog") {
		t.Fatalf("the reader holding the slot was not drawn: %q", screen)
	}
	go io.Copy(io.Discard, stdout)
	c := dial(t, addr)
	refused := 0
	for range 200 {
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.Run("ls"); err != nil {
			refused++
		}
	}
	if refused < 190 {
		t.Fatalf("%d of 200 sessions refused while the server was full", refused)
	}
	if n := strings.Count(logs.String(), "\n"); n > 20 {
		t.Errorf("%d log lines for %d busy refusals, want one and a summary:\n%.2000s", n, refused, logs.String())
	}
}
