package server

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
)

// stallConn is a client connection that stops reading when told to, with
// a small socket receive buffer: the server's writes then block once its
// socket's send buffer is full, where a client that only stops reading its
// SSH channel lets 2 MB (the channel's window) through first.
type stallConn struct {
	net.Conn
	stalled atomic.Bool
	gate    chan struct{}
}

func (c *stallConn) Read(p []byte) (int, error) {
	if c.stalled.Load() {
		<-c.gate
		return 0, net.ErrClosed
	}
	return c.Conn.Read(p)
}

// stalledReader opens the TUI with a big window on a long list and from
// then on reads no output, while it keeps sending keys and resizes: it
// stops reading its SSH channel, or with socket set its TCP connection.
// It returns whether the server closed the connection (before stop).
func stalledReader(t *testing.T, addr string, socket bool, stop <-chan struct{}) (closedByServer bool) {
	d := net.Dialer{Timeout: 10 * time.Second}
	if socket {
		d.Control = func(_, _ string, rc syscall.RawConn) error {
			return rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		}
	}
	raw, err := d.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return false
	}
	conn := &stallConn{Conn: raw, gate: make(chan struct{})}
	defer close(conn.gate)
	cc, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{User: "stalled", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Error(err)
		return false
	}
	c := gossh.NewClient(cc, chans, reqs)
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Error(err)
		return false
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe() // read only until the list is drawn
	if err := sess.RequestPty("xterm-256color", 100, 300, nil); err != nil {
		t.Error(err)
		return false
	}
	sess.Shell()
	screen := watchScreen(stdout)
	if err := screen.waitFor("posts", 20*time.Second); err != nil {
		t.Error(err)
		return false
	}
	screen.stop()
	conn.stalled.Store(socket)
	stalledAt := time.Now()
	defer func() { t.Logf("socket=%v: stalled for %v", socket, time.Since(stalledAt).Round(100*time.Millisecond)) }()
	gone := make(chan struct{})
	go func() { c.Wait(); close(gone) }() // a socket stall never sees this
	for i := 0; ; i++ {
		select {
		case <-gone:
			return true
		case <-stop:
			return false
		default:
		}
		// Every size differs from the one before: full repaints. A
		// failed write is the server's close (for a socket stall, the
		// only sign of it).
		if err := sess.WindowChange(60+i%40, 200+i%100); err != nil {
			return true
		}
		if _, err := stdin.Write([]byte("jjjk")); err != nil {
			return true
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// A reader whose client stops reading costs the server a bounded amount of
// memory (frames are dropped, not queued), and its connection is closed
// once no output has gone out for the write timeout.
func TestStalledReaderIsBoundedAndClosed(t *testing.T) {
	const timeout = 3 * time.Second
	site := manyPostsSite(t, 150)
	s := serveLogs(t, func(c *config.Config) {
		c.ContentDir = site
		c.WriteTimeout = timeout
	}, &lockedWriter{}, smallSendBuffers)
	before := liveHeap()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	results := make(chan bool, stalledReaders)
	start := time.Now()
	for i := range stalledReaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Under -race only socket stalls: the server renders too
			// slowly there to fill a 2 MB window in good time.
			results <- stalledReader(t, s.addr, raceBuild || i%2 == 1, stop)
		}()
	}
	// Sample the heap while the readers are stalled and hammering.
	var peak int64
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	// Filling a client's 2 MB window takes the server seconds of
	// rendering, more on a loaded CI machine.
	limit := time.After(timeout + 120*time.Second)
sample:
	for {
		select {
		case <-done:
			break sample
		case <-limit:
			close(stop)
			<-done
			break sample
		case <-time.After(500 * time.Millisecond):
			peak = max(peak, liveHeap())
		}
	}
	close(results)
	closed := 0
	for c := range results {
		if c {
			closed++
		}
	}
	growth := peak - before
	t.Logf("%d stalled readers (300x100), %d closed by the server after %v; live heap %d KB before, peak %d KB, %d KB per reader",
		stalledReaders, closed, time.Since(start).Round(100*time.Millisecond), before>>10, peak>>10, growth/stalledReaders>>10)
	if closed != stalledReaders {
		t.Fatalf("%d of %d stalled readers were closed by the server within %v of a %v write timeout", closed, stalledReaders, time.Since(start).Round(time.Second), timeout)
	}
	// A 300x100 reader holds two cell buffers (about 7 MB each) and a few
	// frames; a queue of frames would pass this in seconds.
	if per := growth / stalledReaders; per > 40<<20 {
		t.Errorf("stalled readers cost %d MB each, want a bounded few frames on top of the screen", per>>20)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.sessions.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if g := s.sessions.Load(); g != 0 {
		t.Errorf("%d sessions still running 10 s after their connections were closed", g)
	}
}

// A plain command whose client reads nothing is closed after the write
// timeout too.
func TestStalledCommandIsClosed(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "posts"), 0o755)
	big := "---\ntitle: Big\n---\n" + strings.Repeat("A line of a big post, to be printed by cat.\n", 100000) // 4.4 MB
	os.WriteFile(filepath.Join(dir, "posts", "big.md"), []byte(big), 0o644)
	s := serve(t, func(c *config.Config) {
		c.ContentDir = dir
		c.WriteTimeout = 2 * time.Second
	})
	c := dial(t, s.addr)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	sess.StdoutPipe() // never read: 2 MB of window, then the server waits
	if err := sess.Start("cat big"); err != nil {
		t.Fatal(err)
	}
	gone := make(chan struct{})
	go func() { c.Wait(); close(gone) }()
	select {
	case <-gone:
	case <-time.After(60 * time.Second):
		t.Fatal("a command whose client reads nothing was not closed")
	}
	if !strings.Contains(s.logs.String(), "took no output") {
		t.Errorf("the closing was not logged:\n%s", s.logs.String())
	}
}

// recordingWriter records the writes that reach the client, in one log
// shared by stdout and stderr.
type recordingWriter struct {
	mu     *sync.Mutex
	log    *[]string
	name   string
	writes int
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes++
	*r.log = append(*r.log, r.name+":"+string(p))
	return len(p), nil
}

// An ls of 50,000 posts is a few dozen large writes to the channel, not
// one per line; what goes to stderr comes after the stdout before it.
func TestCommandOutputIsBuffered(t *testing.T) {
	var files []*page.Page
	for i := range 50000 {
		files = append(files, &page.Page{Path: fmt.Sprintf("posts/p%d.md", i), Logical: fmt.Sprintf("posts/p%d.md", i), Section: "posts",
			Kind: page.KindPage, Slug: fmt.Sprintf("post-%d", i), Title: fmt.Sprintf("Post %d", i), Date: time.Date(2020, 1, 1, 0, 0, i, 0, time.UTC)})
	}
	snap := site.New(site.Input{Files: files, Now: time.Now()})
	if len(snap.Posts) != 50000 {
		t.Fatalf("snapshot has %d posts", len(snap.Posts))
	}
	var mu sync.Mutex
	var log []string
	stdout := &recordingWriter{mu: &mu, log: &log, name: "out"}
	out := newCommandOutput(stdout, &recordingWriter{mu: &mu, log: &log, name: "err"})
	pool := render.NewPool(render.NewCache(1<<20), 1, render.Options{})
	defer pool.Close()
	if code := RunCommand(context.Background(), []string{"ls"}, snap, pool, out, out.Stderr()); code != 0 {
		t.Fatalf("ls: status %d", code)
	}
	out.Flush()
	size := 0
	for _, l := range log {
		size += len(l) - len("out:")
	}
	if max := size/writeChunk + 2; stdout.writes > max {
		t.Errorf("ls of 50,000 posts (%d bytes) went out in %d writes, want at most %d", size, stdout.writes, max)
	}

	log = nil
	out = newCommandOutput(stdout, &recordingWriter{mu: &mu, log: &log, name: "err"})
	fmt.Fprint(out, "first")
	fmt.Fprint(out.Stderr(), "second")
	out.Flush()
	if strings.Join(log, ",") != "out:first,err:second" {
		t.Errorf("stdout and stderr reached the client as %q, want stdout first", log)
	}
}
