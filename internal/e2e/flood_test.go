package e2e

import (
	"context"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// During a flood of 1,100 connections from 127.0.0.1 that never speak, a
// reader at another address (127.0.0.2, OpenSSH's -b) still gets the post
// list: the flood holds only its own address's share of handshakes, and
// its refusals take a few log lines, not 1,100.
//
// Not parallel: the flood's 1,100 connections take as many ephemeral
// ports, and one of them could be the port another test has just picked
// for its server (freePort) and not yet bound.
func TestHandshakeFloodFromOneAddress(t *testing.T) {
	needTool(t, "ssh")
	srv := startServer(t, t.TempDir())
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 1100 {
		c, err := net.DialTimeout("tcp", srv.addr(), 5*time.Second)
		if err != nil {
			t.Fatalf("flood connection %d: %v", len(conns), err)
		}
		conns = append(conns, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	args := append([]string{"-b", "127.0.0.2", "-o", "ConnectTimeout=15"}, sshArgs(srv.Port)...)
	cmd := exec.CommandContext(ctx, "ssh", append(args, "ls")...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "reading-in-the-terminal") {
		t.Fatalf("ssh -b 127.0.0.2 ls during the flood: %v, stderr %q, stdout %q", err, stderr.String(), out)
	}
	if n := strings.Count(srv.log.String(), "connection refused"); n < 1 || n > 3 {
		t.Errorf("%d log lines of refused connections for a flood of 1,100, want 1 to 3", n)
	}
}

// A 100 KB command line gets one line of error and exit status 1 at once,
// and the server serves on.
func TestLongCommandRefused(t *testing.T) {
	needTool(t, "ssh")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	res := runSSH(t, srv.Port, "cat", strings.Repeat("a", 100_000))
	if res.Code != 1 || !strings.HasPrefix(res.Stderr, "sshblog: command line too long") || strings.Count(res.Stderr, "\n") != 1 || res.Stdout != "" {
		t.Errorf("100 KB command: exit %d, stderr %q, stdout %q; want 1, one line saying it is too long, nothing", res.Code, res.Stderr, res.Stdout)
	}
	if posts := lsPosts(t, srv.Port); len(posts) == 0 {
		t.Error("no posts after a long command")
	}
}
