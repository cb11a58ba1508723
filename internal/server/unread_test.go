package server

import (
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
	done := make(chan struct{})
	go func() {
		defer close(done)
		readInput(context.Background(), in, "xterm-256color", send)
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
