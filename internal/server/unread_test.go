package server

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
)

// countingReader is endless typing: n bytes of scroll keys, then EOF.
type countingReader struct {
	mu   sync.Mutex
	left int
}

func (r *countingReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.left)
	for i := range n {
		p[i] = 'j'
	}
	r.left -= n
	return n, nil
}

func (r *countingReader) remaining() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.left
}

// A program that stops taking messages (busy, or ended) must not stop
// the input from being read: what a client sends and nobody reads waits
// in the SSH channel's buffer, up to its 2 MB window per session. Keys the
// program cannot take are dropped instead.
func TestInputIsReadWhenTheProgramIsBehind(t *testing.T) {
	in := &countingReader{left: 4 << 20}
	stuck := make(chan struct{})
	release := sync.OnceFunc(func() { close(stuck) })
	defer release()
	var sent sync.WaitGroup
	sent.Add(1)
	var once sync.Once
	send := func(tea.Msg) {
		once.Do(sent.Done)
		<-stuck // the program never takes another message
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // the session's end: the pump stops
	done := make(chan struct{})
	go func() {
		defer close(done)
		readInput(ctx, in, "xterm-256color", send)
	}()
	sent.Wait()
	deadline := time.Now().Add(30 * time.Second)
	for in.remaining() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if left := in.remaining(); left > 0 {
		t.Fatalf("the input stopped being read with %d of %d bytes unread while the program was behind", left, 4<<20)
	}
	release() // the program ends: Send returns at once from now on
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("readInput did not return at the end of the input")
	}
}

// A command never reads its input, so what the client sends would wait
// in the channel's buffer (2 MB a session, 10 sessions a connection)
// for as long as the command runs: a stalled `cat` runs until the write
// timeout. The server reads and drops it.
func TestCommandInputIsNotKept(t *testing.T) {
	// A post bigger than the client's channel window: its `cat` stalls.
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	big := "---\ntitle: Big\ndate: 2024-01-02\n---\n" + strings.Repeat("All work and no play makes a big post.\n", 80_000)
	if err := os.WriteFile(filepath.Join(dir, "posts", "big.md"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, func(c *config.Config) { c.ContentDir = dir; c.WriteTimeout = time.Minute })
	client, err := gossh.Dial("tcp", srv.addr, &gossh.ClientConfig{User: "t", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	const sessions, perSession = MaxSessionsPerConn, 2 << 20
	var wg sync.WaitGroup
	var stdins []io.Writer
	for range sessions {
		sess, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		stdin, err := sess.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		// stdout is never read: the command stalls once the window is
		// full, and its input keeps arriving.
		if _, err := sess.StdoutPipe(); err != nil {
			t.Fatal(err)
		}
		if err := sess.Start("cat big"); err != nil {
			t.Fatal(err)
		}
		stdins = append(stdins, stdin)
	}
	// The client (in this process too) holds the output it does not
	// read, a window's worth a session: measure once that is there.
	time.Sleep(time.Second)
	before := liveHeap()
	for _, stdin := range stdins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = stdin.Write(make([]byte, perSession))
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(30 * time.Second):
		t.Log("the client could not send all its input within 30 s")
	}
	time.Sleep(500 * time.Millisecond) // what is in flight arrives
	grown := liveHeap() - before
	if grown > 4<<20 {
		t.Fatalf("the server keeps %d MB of input nobody reads (%d sessions x %d MB sent)", grown>>20, sessions, perSession>>20)
	}
}

// Input that no handler reads is read and dropped too: a client's
// extended data ("stderr", which a session has no use for) and the input
// of a session that never asks for a shell or a command, which is closed
// after the unused timeout. The SSH library keeps every packet it has
// not handed to a reader whole, so 1 MB sent in 256-byte packets holds
// about 1.3 MB, and in 1-byte packets about 50 MB.
func TestUnreadInputIsDropped(t *testing.T) {
	const unused, perChannel = 500 * time.Millisecond, 1 << 20
	srv := serveHooked(t, nil, func(s *Server) { s.unusedTimeout = unused }, &lockedWriter{w: &bytes.Buffer{}}, nil)
	client := dial(t, srv.addr)
	// A reader (which lives on), sending its "stderr".
	tui, reqs, err := client.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(reqs)
	pty := gossh.Marshal(struct {
		Term                         string
		Columns, Rows, Width, Height uint32
		Modes                        string
	}{"xterm-256color", 80, 24, 0, 0, ""})
	if ok, err := tui.SendRequest("pty-req", true, pty); !ok || err != nil {
		t.Fatalf("pty-req: %v %v", ok, err)
	}
	if ok, err := tui.SendRequest("shell", true, nil); !ok || err != nil {
		t.Fatalf("shell: %v %v", ok, err)
	}
	screen := watchScreen(tui)
	if err := screen.waitFor("sshblog", 20*time.Second); err != nil {
		t.Fatal(err)
	}
	writers := []io.Writer{tui.Stderr()}
	// Sessions that never start.
	var unstarted []gossh.Channel
	for range MaxSessionsPerConn - 1 {
		ch, reqs, err := client.OpenChannel("session", nil)
		if err != nil {
			t.Fatal(err)
		}
		go gossh.DiscardRequests(reqs)
		unstarted = append(unstarted, ch)
		writers = append(writers, ch)
	}
	before := liveHeap()
	var wg sync.WaitGroup
	for _, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := make([]byte, 256)
			for range perChannel / len(p) {
				if _, err := w.Write(p); err != nil {
					return // the server closed the session
				}
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(20 * time.Second):
		t.Log("the client could not send all its input within 20 s")
	}
	// The unused timeout passes and what is in flight arrives.
	grown := liveHeap() - before
	for deadline := time.Now().Add(10 * time.Second); grown > 4<<20 && time.Now().Before(deadline); grown = liveHeap() - before {
		time.Sleep(100 * time.Millisecond)
	}
	if grown > 4<<20 {
		t.Errorf("the server keeps %d MB of input nobody reads (%d sessions x %d MB sent)", grown>>20, len(writers), perChannel>>20)
	}
	for i, ch := range unstarted {
		if _, err := ch.SendRequest("shell", true, nil); err == nil {
			t.Errorf("session %d, which asked for nothing within the unused timeout, is still open", i)
			break
		}
	}
	if !strings.Contains(srv.logs.String(), "session closed: no shell or command") {
		t.Errorf("the unstarted sessions' closing was not logged:\n%s", srv.logs.String())
	}
	tui.Write([]byte("j"))
	if _, err := tui.SendRequest("window-change", true, gossh.Marshal(struct{ W, H, PW, PH uint32 }{100, 30, 0, 0})); err != nil {
		t.Errorf("the reader's session was closed: %v", err)
	}
}

// lateInput is a session's input after the client's end of input (or
// after the server's close, which the client has not acknowledged): reads
// return at once, with what has arrived since or io.EOF, as the SSH
// library's channel buffer does.
type lateInput struct {
	mu   sync.Mutex
	left int
}

func (r *lateInput) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.left)
	r.left -= n
	return n, nil
}

func (r *lateInput) add(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.left += n
}

func (r *lateInput) unread() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.left
}

// lateChannel is a session channel whose input is a lateInput.
type lateChannel struct {
	fakeChannel
	in *lateInput
}

func (c *lateChannel) Read(p []byte) (int, error) { return c.in.Read(p) }

// Once the server has closed a session, its input is read and dropped until
// the client closes it too, including what arrives after the client's end
// of input (the library accepts it, and a read no longer waits for it).
func TestClosedSessionInputIsDropped(t *testing.T) {
	in := &lateInput{left: 1 << 20}
	nc := &trackedNewChannel{st: &connState{}, gone: make(chan struct{})}
	ch := trackedChannel{Channel: &lateChannel{in: in}, nc: nc}
	ch.Close()
	ch.Close() // the library closes again: one drain
	waitUnread := func(what string) {
		t.Helper()
		deadline := time.Now().Add(10 * drainPoll)
		for in.unread() > 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := in.unread(); n > 0 {
			t.Fatalf("%s: %d bytes left unread", what, n)
		}
	}
	waitUnread("input waiting when the server closed the session")
	in.add(1 << 20)
	waitUnread("input sent after the end of input")
	finished := make(chan struct{})
	go func() { drain(in, nc.gone); close(finished) }()
	close(nc.gone) // the client closed the channel: the drains end
	select {
	case <-finished:
	case <-time.After(10 * drainPoll):
		t.Fatal("drain went on after the channel was gone")
	}
}

// A reader's input after the client's end of input is read and dropped
// too, until the session ends: the library keeps what arrives after the
// EOF, for as long as the session lasts.
func TestInputAfterTheEndIsDropped(t *testing.T) {
	in := &lateInput{}
	ctx, cancel := context.WithCancel(context.Background())
	chunks := make(chan []byte)
	pumped := make(chan struct{})
	go func() { pump(ctx, in, chunks); close(pumped) }()
	if _, open := <-chunks; open {
		t.Fatal("the pump delivered input that was never sent")
	}
	in.add(1 << 20)
	deadline := time.Now().Add(10 * drainPoll)
	for in.unread() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := in.unread(); n > 0 {
		t.Errorf("%d bytes sent after the end of input are kept", n)
	}
	cancel()
	select {
	case <-pumped:
	case <-time.After(10 * drainPoll):
		t.Fatal("the pump went on after the session ended")
	}
}
