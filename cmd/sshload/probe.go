package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"time"

	"golang.org/x/crypto/ssh"
)

// storeProbe is another reader's view of a loaded server (issue 6 item 6):
// on one connection opened beforehand, it runs `ls` in a fresh session and
// opens the post from a fresh PTY session in turn, every interval, and
// times each from the session's request to its end (ls) or to the post on
// screen (open). The connection is opened before the load starts, so the
// figures are of the blog, not of key exchange.
type storeProbe struct {
	ls, open []time.Duration
	errs     []error
}

// runProbe probes until ctx ends. o is the UI session to open (its keys
// open the post, expectPost shows it).
func runProbe(ctx context.Context, client *ssh.Client, o sessionOpts, every time.Duration) storeProbe {
	var p storeProbe
	t := time.NewTicker(every)
	defer t.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return p
		case <-t.C:
		}
		if i%2 == 0 {
			d, err := timeCommand(client, "ls", o.timeout)
			if err != nil {
				p.errs = append(p.errs, err)
				continue
			}
			p.ls = append(p.ls, d)
			continue
		}
		start := time.Now()
		ls, err := startUI(client, o, start, start.Add(o.timeout))
		if err != nil {
			p.errs = append(p.errs, err)
			continue
		}
		p.open = append(p.open, ls.postElapsed)
		ls.closing.Store(true)
		_ = ls.sess.Close()
	}
}

// timeCommand runs cmd in a new session on client and returns the time
// from the session request to its exit.
func timeCommand(client *ssh.Client, cmd string, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	sess, err := client.NewSession()
	if err != nil {
		return 0, fmt.Errorf("%s: open session: %w", cmd, err)
	}
	defer sess.Close()
	var out bytes.Buffer
	sess.Stdout = &out
	done := make(chan error, 1)
	go func() { done <- sess.Run(cmd) }()
	select {
	case err := <-done:
		if err != nil {
			return 0, fmt.Errorf("%s: %w", cmd, err)
		}
	case <-time.After(timeout):
		return 0, fmt.Errorf("%s: no exit after %v", cmd, timeout)
	}
	if out.Len() == 0 {
		return 0, fmt.Errorf("%s: no output", cmd)
	}
	return time.Since(start), nil
}

// dialProbe opens the prober's connection.
func dialProbe(addr string, timeout time.Duration) (*ssh.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, fmt.Errorf("probe dial: %w", err)
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, clientConfig(timeout))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("probe handshake: %w", err)
	}
	return ssh.NewClient(c, chans, reqs), nil
}
