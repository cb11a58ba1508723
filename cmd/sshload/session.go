package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"golang.org/x/crypto/ssh"
)

// sessionOpts describes one benchmark SSH session.
type sessionOpts struct {
	addr    string        // host:port of the server
	expect  string        // visible text that proves the UI is drawn
	width   int           // PTY columns
	height  int           // PTY rows
	timeout time.Duration // bound on dial through expect
}

// liveSession is an SSH session whose UI has drawn the expected text.
type liveSession struct {
	client  *ssh.Client
	sess    *ssh.Session
	elapsed time.Duration // TCP dial until expect was seen
}

// clientConfig is the anonymous client: the server under test accepts the
// "none" auth method, which x/crypto/ssh always tries first.
func clientConfig(timeout time.Duration) *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User: "bench",
		// Benchmarks run against local throwaway servers whose host keys
		// are generated per run, so there is nothing to verify against.
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         timeout,
	}
}

// openSession dials o.addr, starts a PTY shell and reads its output until the
// expected text appears. The timer starts before the TCP dial and stops when
// the text is seen. On success the connection's deadline is cleared and the
// output keeps being drained, so the session can be held open.
func openSession(o sessionOpts) (*liveSession, error) {
	start := time.Now()
	deadline := start.Add(o.timeout)

	d := net.Dialer{Deadline: deadline}
	conn, err := d.Dial("tcp", o.addr)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	// One deadline covers the handshake and every read until expect.
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return nil, fmt.Errorf("set deadline: %w", err)
	}

	c, chans, reqs, err := ssh.NewClientConn(conn, o.addr, clientConfig(o.timeout))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("ssh handshake with %s: %w", o.addr, err)
	}
	client := ssh.NewClient(c, chans, reqs)
	ls, err := startUI(client, o, deadline)
	if err != nil {
		client.Close()
		return nil, err
	}
	ls.elapsed = time.Since(start)

	if err := conn.SetDeadline(time.Time{}); err != nil {
		ls.Close()
		return nil, fmt.Errorf("clear deadline: %w", err)
	}
	return ls, nil
}

// startUI opens a session on client, requests a PTY and a shell, and waits
// for the expected text.
func startUI(client *ssh.Client, o sessionOpts, deadline time.Time) (*liveSession, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		sess.Close()
		return nil, fmt.Errorf("stdout pipe: %w", err)
	}
	modes := ssh.TerminalModes{
		ssh.ECHO:          0,
		ssh.TTY_OP_ISPEED: 38400,
		ssh.TTY_OP_OSPEED: 38400,
	}
	if err := sess.RequestPty("xterm-256color", o.height, o.width, modes); err != nil {
		sess.Close()
		return nil, fmt.Errorf("request pty: %w", err)
	}
	if err := sess.Shell(); err != nil {
		sess.Close()
		return nil, fmt.Errorf("start shell: %w", err)
	}

	m := newMatcher(o.expect)
	if err := readUntil(stdout, m); err != nil {
		sess.Close()
		if !time.Now().Before(deadline) {
			// The conn deadline surfaces as EOF on the channel.
			err = fmt.Errorf("timed out after %v", o.timeout)
		}
		return nil, fmt.Errorf("waiting for %q: %w (last visible text %q)", o.expect, err, m.Tail())
	}
	// Keep draining so the server never blocks on a full channel window.
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return &liveSession{client: client, sess: sess}, nil
}

// readUntil feeds r into m until m has found its text or r fails.
func readUntil(r io.Reader, m *matcher) error {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			_, _ = m.Write(buf[:n])
			if m.Found() {
				return nil
			}
		}
		if errors.Is(err, io.EOF) {
			return errors.New("server closed the session")
		}
		if err != nil {
			return fmt.Errorf("read output: %w", err)
		}
	}
}

// Close ends the session and the connection.
func (l *liveSession) Close() error {
	serr := l.sess.Close()
	cerr := l.client.Close()
	if serr != nil && !errors.Is(serr, io.EOF) {
		return fmt.Errorf("close session: %w", serr)
	}
	if cerr != nil && !errors.Is(cerr, net.ErrClosed) {
		return fmt.Errorf("close connection: %w", cerr)
	}
	return nil
}
