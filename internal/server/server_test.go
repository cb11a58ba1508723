package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/tui"
)

// startServer runs a real server on a loopback port for one test.
func startServer(t testing.TB, mod func(*config.Config)) (addr string, logs *lockedWriter) {
	t.Helper()
	return startServerHooked(t, mod, nil)
}

// startServerHooked is startServer with a hook that may change the server
// before it serves.
func startServerHooked(t testing.TB, mod func(*config.Config), hook func(*Server)) (addr string, logs *lockedWriter) {
	t.Helper()
	s := serveHooked(t, mod, hook, &lockedWriter{w: &bytes.Buffer{}}, nil)
	return s.addr, s.logs
}

// lockedWriter lets the test read logs the server writes concurrently;
// with a nil buffer it discards them.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w == nil {
		return len(p), nil
	}
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.w == nil {
		return ""
	}
	return l.w.String()
}

func dial(t testing.TB, addr string) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "reader",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
	if err != nil {
		t.Fatalf("anonymous dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// readUntil reads r until it contains want or the deadline passes.
func readUntil(t *testing.T, r io.Reader, want string) string {
	t.Helper()
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 4096)
		for !strings.Contains(buf.String(), want) {
			n, err := r.Read(b)
			buf.Write(b[:n])
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
	return buf.String()
}

func TestAnonymousCommand(t *testing.T) {
	addr, logs := startServer(t, nil)
	sess, err := dial(t, addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.Output("ls")
	if err != nil || !strings.Contains(string(out), "reading-in-the-terminal") {
		t.Fatalf("ls over ssh: %v %q", err, out)
	}
	time.Sleep(100 * time.Millisecond)
	if l := logs.String(); !strings.Contains(l, "session start") || !strings.Contains(l, "bytes_sent=") || !strings.Contains(l, "user=reader") {
		t.Errorf("session log lines missing:\n%s", l)
	}
}

func TestBusyWhenFull(t *testing.T) {
	addr, _ := startServer(t, func(c *config.Config) { c.MaxSessions = 1 })
	first, _ := dial(t, addr).NewSession()
	stdout, _ := first.StdoutPipe()
	first.RequestPty("xterm-256color", 24, 80, nil)
	if err := first.Shell(); err != nil {
		t.Fatal(err)
	}
	readUntil(t, stdout, "sshblog")

	second, _ := dial(t, addr).NewSession()
	var errb bytes.Buffer
	second.Stderr = &errb
	err := second.Run("ls")
	if ee, ok := err.(*gossh.ExitError); !ok || ee.ExitStatus() != 1 || !strings.Contains(errb.String(), "busy, try again") {
		t.Errorf("second session: err %v, stderr %q; want exit 1 and a busy message", err, errb.String())
	}
}

func TestRefusesForwardingAndSubsystems(t *testing.T) {
	addr, _ := startServer(t, nil)
	c := dial(t, addr)
	if conn, err := c.Dial("tcp", addr); err == nil {
		conn.Close()
		t.Error("local port forwarding was allowed")
	}
	if _, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("remote port forwarding was allowed")
	}
	sess, _ := c.NewSession()
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("sftp subsystem was allowed")
	}
}

func TestHugeWindowIsClamped(t *testing.T) {
	addr, _ := startServer(t, nil)
	sess, _ := dial(t, addr).NewSession()
	stdout, _ := sess.StdoutPipe()
	stdin, _ := sess.StdinPipe()
	if err := sess.RequestPty("xterm", 4000000, 4000000, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	if out := readUntil(t, stdout, "sshblog"); !strings.Contains(out, "sshblog") {
		t.Fatalf("no list drawn for a huge window: %q", out)
	}
	sess.WindowChange(100000, 100000)
	stdin.Write([]byte("j"))
	// The server still serves others.
	other, _ := dial(t, addr).NewSession()
	if out, err := other.Output("ls"); err != nil || len(out) == 0 {
		t.Errorf("server unhealthy after a huge window: %v", err)
	}
}

func TestIdleSessionsClosed(t *testing.T) {
	addr, _ := startServer(t, func(c *config.Config) { c.IdleTimeout = 500 * time.Millisecond })
	sess, _ := dial(t, addr).NewSession()
	stdout, _ := sess.StdoutPipe()
	sess.RequestPty("xterm", 24, 80, nil)
	sess.Shell()
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, stdout); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Error("idle session was not closed")
	}
}

// panicky is a session whose handler panics; only what recover uses is
// implemented.
type panicky struct {
	ssh.Session
	exit int
}

func (p *panicky) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9} }
func (p *panicky) Exit(code int) error  { p.exit = code; return nil }

func TestRecoverKeepsServerUp(t *testing.T) {
	logs := &lockedWriter{w: &bytes.Buffer{}}
	s := &Server{log: slog.New(slog.NewTextHandler(logs, nil))}
	sess := &panicky{}
	s.recover(func(ssh.Session) { panic("boom") })(sess)
	if sess.exit != 1 || !strings.Contains(logs.String(), "session panic") || !strings.Contains(logs.String(), "boom") {
		t.Errorf("panic not recovered and logged: exit %d, logs %q", sess.exit, logs.String())
	}
}

// tuiPanicky is a reader's session whose handler panics once runTUI has
// started its output (newProgram reads the environment); only what
// runTUI uses before that is implemented.
type tuiPanicky struct{ panicky }

func (p *tuiPanicky) Context() ssh.Context { return bareContext{ctx: context.Background()} }
func (p *tuiPanicky) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return ssh.Pty{Term: "xterm-256color", Window: ssh.Window{Width: 80, Height: 24}}, nil, true
}
func (p *tuiPanicky) Environ() []string { panic("boom") }

// bareContext is an ssh.Context that is only a context.
type bareContext struct {
	ssh.Context
	ctx context.Context
}

func (c bareContext) Deadline() (time.Time, bool) { return c.ctx.Deadline() }
func (c bareContext) Done() <-chan struct{}       { return c.ctx.Done() }
func (c bareContext) Err() error                  { return c.ctx.Err() }
func (c bareContext) Value(k any) any             { return c.ctx.Value(k) }

// A panic in a reader's session (caught by the recover middleware) leaves
// none of its goroutines behind: its output writer's is stopped too.
func TestPanickingReaderLeavesNoGoroutine(t *testing.T) {
	s := serve(t, nil)
	s.recover(func(sess ssh.Session) { s.runTUI(sess, "") })(&tuiPanicky{})
	if !strings.Contains(s.logs.String(), "session panic") {
		t.Fatalf("no panic logged:\n%s", s.logs.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		var left []string
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, "(*frameWriter).run") {
				left = append(left, g)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the frame writer's goroutine outlived the session's panic:\n%s", strings.Join(left, "\n\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Silent connections from one address beyond its share of handshakes
// are closed at once instead of holding descriptors, the refusals take a
// line or two of log, not one each, and once the flood is gone the address
// is served again.
func TestConnectionFloodIsBounded(t *testing.T) {
	addr, logs := startServer(t, nil)
	var conns []net.Conn
	for range floodSize {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	closed := 0
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		b := make([]byte, 256)
		// The server sends its version line first; a refused connection
		// is closed without it.
		if _, err := c.Read(b); err != nil {
			closed++
		}
	}
	if want := floodSize - config.DefaultPerSourceMaxStartups; closed < want {
		t.Errorf("%d of %d silent connections were refused, want at least %d", closed, floodSize, want)
	}
	if n := strings.Count(logs.String(), "connection refused"); n < 1 || n > 3 {
		t.Errorf("%d log lines for %d refusals, want 1 to 3:\n%s", n, closed, logs.String())
	}
	for _, c := range conns {
		c.Close()
	}
	// Once they are gone, readers get in again.
	time.Sleep(200 * time.Millisecond)
	sess, err := dial(t, addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := sess.Output("ls"); err != nil || len(out) == 0 {
		t.Errorf("server does not serve after a flood: %v", err)
	}
}

func TestWindowChangesDoNotLeakGoroutines(t *testing.T) {
	addr, _ := startServer(t, nil)
	client := dial(t, addr)
	run := func(cmd string) {
		sess, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		sess.RequestPty("xterm", 24, 80, nil)
		stdout, _ := sess.StdoutPipe()
		// Resizes before the shell request: nothing reads them yet.
		sess.WindowChange(25, 90)
		sess.WindowChange(26, 91)
		if cmd == "" {
			sess.Shell()
			readUntil(t, stdout, "sshblog")
		} else {
			sess.Start(cmd)
		}
		for i := range 4 {
			sess.WindowChange(30+i, 100+i)
		}
		if cmd != "" {
			io.Copy(io.Discard, stdout)
			sess.Wait()
		}
	}
	run("ls") // warm up
	time.Sleep(300 * time.Millisecond)
	before := runtime.NumGoroutine()
	for range 10 {
		run("ls")
		run("")
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+5 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+5 {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines after 20 sessions with window changes, %d before: sessions leak\n%s", n, before, buf)
	}
}

// The relay hands the TUI clamped sizes, only the newest of those not yet
// read, and tells it when the session ends.
func TestWindowRelayClampsAndKeepsNewest(t *testing.T) {
	in, out := make(chan ssh.Window), make(chan ssh.Window, 1)
	go forward(in, out)
	in <- ssh.Window{Width: 100000, Height: 100000}
	w := <-out
	if w.Width > tui.MaxSize || w.Height > tui.MaxSize || w.Width*w.Height > tui.MaxCells {
		t.Errorf("100000x100000 relayed as %dx%d", w.Width, w.Height)
	}
	for i := range 3 {
		in <- ssh.Window{Width: 80 + i, Height: 24}
	}
	close(in)
	var got []int
	for w := range out { // ends only if the relay closes it
		got = append(got, w.Width)
	}
	if len(got) == 0 || len(got) > 2 || got[len(got)-1] != 82 {
		t.Errorf("relayed widths %v after 80, 81, 82 unread: want the newest, 82, last, and no backlog", got)
	}
}
