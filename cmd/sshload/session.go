package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// sessionOpts describes one benchmark SSH session.
type sessionOpts struct {
	addr    string        // host:port of the server
	expect  string        // visible text that proves the UI is drawn
	width   int           // PTY columns
	height  int           // PTY rows
	timeout time.Duration // bound on dial through expect (and through expectPost)

	// keys, if set, are typed once expect is seen (e.g. "\r" to open the
	// post under the list's cursor), and the session is open when
	// expectPost appears after them.
	keys       string
	expectPost string
}

// liveSession is an SSH session whose UI has drawn the expected text.
type liveSession struct {
	conn    net.Conn // the TCP connection under client, for an abrupt cut
	client  *ssh.Client
	sess    *ssh.Session
	stdin   io.Writer
	elapsed time.Duration // TCP dial until expect was seen
	// postElapsed is keys sent until expectPost was seen (0 without keys).
	postElapsed time.Duration
	done        chan struct{} // closed when the server's output ends
	received    atomic.Int64  // output bytes after the session opened
	closing     atomic.Bool   // the tool ended the session, not the server

	// keyAt is when the oldest key not yet followed by output was typed
	// (UnixNano), 0 when output came after every key; lat, if set,
	// collects the delays from such a key to the next output.
	keyAt atomic.Int64
	lat   atomic.Pointer[latencies]
}

// Stages of opening a session, for counting failures by kind.
const (
	stageDial      = "dial"
	stageHandshake = "handshake"
	stageSession   = "session"
	stageScreen    = "screen" // expect did not appear
	stagePost      = "post"   // expectPost did not appear after keys
)

// openError is a failed open, with the stage it failed at.
type openError struct {
	stage string
	err   error
	// timedOut is set when the open ran past its deadline: the failure is
	// the server's slowness whatever the message says (the deadline on
	// the connection surfaces as EOF or an i/o timeout at any stage).
	timedOut bool
}

func (e *openError) Error() string {
	if e.timedOut && !strings.Contains(e.err.Error(), "timed out") {
		return e.err.Error() + " (deadline passed)"
	}
	return e.err.Error()
}
func (e *openError) Unwrap() error { return e.err }

// timedOut reports whether an openSession error ran out of time.
func timedOut(err error) bool {
	var oe *openError
	return errors.As(err, &oe) && oe.timedOut
}

// stageOf returns the stage an openSession error failed at, or "".
func stageOf(err error) string {
	var oe *openError
	if errors.As(err, &oe) {
		return oe.stage
	}
	return ""
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
// expected text appears (then types o.keys and waits for o.expectPost, if
// set). The timer starts before the TCP dial and stops when the text is
// seen. On success the connection's deadline is cleared and the output
// keeps being drained, so the session can be held open.
func openSession(o sessionOpts) (*liveSession, error) {
	start := time.Now()
	deadline := start.Add(o.timeout)
	ls, err := dialUI(o, start, deadline)
	var oe *openError
	if errors.As(err, &oe) && !time.Now().Before(deadline) {
		oe.timedOut = true
	}
	return ls, err
}

// dialUI is openSession up to its deadline.
func dialUI(o sessionOpts, start, deadline time.Time) (*liveSession, error) {
	d := net.Dialer{Deadline: deadline}
	conn, err := d.Dial("tcp", o.addr)
	if err != nil {
		return nil, &openError{stage: stageDial, err: fmt.Errorf("dial: %w", err)}
	}
	// One deadline covers the handshake and every read until expect.
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return nil, &openError{stage: stageDial, err: fmt.Errorf("set deadline: %w", err)}
	}

	c, chans, reqs, err := ssh.NewClientConn(conn, o.addr, clientConfig(o.timeout))
	if err != nil {
		conn.Close()
		return nil, &openError{stage: stageHandshake, err: fmt.Errorf("ssh handshake with %s: %w", o.addr, err)}
	}
	client := ssh.NewClient(c, chans, reqs)
	ls, err := startUI(client, o, start, deadline)
	if err != nil {
		client.Close()
		return nil, err
	}
	ls.conn = conn
	if err := conn.SetDeadline(time.Time{}); err != nil {
		ls.Close()
		return nil, &openError{stage: stageSession, err: fmt.Errorf("clear deadline: %w", err)}
	}
	return ls, nil
}

// startUI opens a session on client, requests a PTY and a shell, and waits
// for the expected text (and the post, if o.keys are set).
func startUI(client *ssh.Client, o sessionOpts, start, deadline time.Time) (*liveSession, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, &openError{stage: stageSession, err: fmt.Errorf("open session: %w", err)}
	}
	fail := func(stage string, err error) (*liveSession, error) {
		sess.Close()
		return nil, &openError{stage: stage, err: err}
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return fail(stageSession, fmt.Errorf("stdout pipe: %w", err))
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		return fail(stageSession, fmt.Errorf("stdin pipe: %w", err))
	}
	modes := ssh.TerminalModes{
		ssh.ECHO:          0,
		ssh.TTY_OP_ISPEED: 38400,
		ssh.TTY_OP_OSPEED: 38400,
	}
	if err := sess.RequestPty("xterm-256color", o.height, o.width, modes); err != nil {
		return fail(stageSession, fmt.Errorf("request pty: %w", err))
	}
	if err := sess.Shell(); err != nil {
		return fail(stageSession, fmt.Errorf("start shell: %w", err))
	}

	wait := func(want string) error {
		m := newMatcher(want)
		if err := readUntil(stdout, m); err != nil {
			if !time.Now().Before(deadline) {
				// The conn deadline surfaces as EOF on the channel.
				err = fmt.Errorf("timed out after %v", o.timeout)
			}
			return fmt.Errorf("waiting for %q: %w (last visible text %q)", want, err, m.Tail())
		}
		return nil
	}
	if err := wait(o.expect); err != nil {
		return fail(stageScreen, err)
	}
	ls := &liveSession{client: client, sess: sess, stdin: stdin, elapsed: time.Since(start), done: make(chan struct{})}
	if o.keys != "" {
		typed := time.Now()
		if _, err := io.WriteString(stdin, o.keys); err != nil {
			return fail(stagePost, fmt.Errorf("type %q: %w", o.keys, err))
		}
		if err := wait(o.expectPost); err != nil {
			return fail(stagePost, err)
		}
		ls.postElapsed = time.Since(typed)
	}
	// Keep draining so the server never blocks on a full channel window;
	// the end of the output is the end of the session.
	go func() {
		_, _ = io.Copy(outputSink{ls}, stdout)
		close(ls.done)
	}()
	return ls, nil
}

// outputSink counts and discards a session's output, and times the first
// output after a key (see liveSession.typed).
type outputSink struct{ ls *liveSession }

func (w outputSink) Write(p []byte) (int, error) {
	w.ls.received.Add(int64(len(p)))
	if t := w.ls.keyAt.Swap(0); t != 0 {
		if lat := w.ls.lat.Load(); lat != nil {
			lat.add(time.Duration(time.Now().UnixNano() - t))
		}
	}
	return len(p), nil
}

// typed notes that a key is about to be sent, for the key-to-output delay.
// A key typed while an earlier one still waits for output leaves the
// earlier time: frames coalesce keys, and the delay of the first key
// typed is the one a reader feels.
func (l *liveSession) typed() {
	l.keyAt.CompareAndSwap(0, time.Now().UnixNano())
}

// latencies collects key-to-output delays from many sessions.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// reset forgets the delays collected so far.
func (l *latencies) reset() {
	l.mu.Lock()
	l.d = nil
	l.mu.Unlock()
}

// samples returns a copy of the delays collected so far.
func (l *latencies) samples() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.d)
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

// dropped reports whether the server ended the session before the tool did.
func (l *liveSession) dropped() bool {
	select {
	case <-l.done:
		return !l.closing.Load()
	default:
		return false
	}
}

// cut drops the TCP connection without closing the SSH session first, as a
// killed client or a network cut would: with SO_LINGER 0 the kernel sends
// a reset and discards whatever is still queued.
func (l *liveSession) cut() {
	l.closing.Store(true)
	if tcp, ok := l.conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = l.conn.Close()
	_ = l.client.Close()
}

// Close ends the session and the connection.
func (l *liveSession) Close() error {
	l.closing.Store(true)
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
