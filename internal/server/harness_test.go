package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/store"
)

// testServer is a real server on a loopback port, run in this process so
// tests can look at its goroutines and heap.
type testServer struct {
	*Server
	addr   string
	logs   *lockedWriter
	cancel context.CancelFunc // starts the drain
	done   chan error         // Serve's result
}

// drainAndWait starts the drain and waits for Serve to return.
func (s *testServer) drainAndWait(t *testing.T, limit time.Duration) error {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(limit):
		t.Fatalf("server did not stop within %v of the drain", limit)
		return nil
	}
}

// serve starts a server for one test; it is shut down when the test ends.
// Its log is kept for the test to read.
func serve(t testing.TB, mod func(*config.Config)) *testServer {
	t.Helper()
	return serveHooked(t, mod, nil, &lockedWriter{w: &bytes.Buffer{}}, nil)
}

// serveLogs is serve logging to logs (tests that measure the heap keep no
// log in memory), on a listener wrapped by wrap if not nil.
func serveLogs(t testing.TB, mod func(*config.Config), logs *lockedWriter, wrap func(net.Listener) net.Listener) *testServer {
	t.Helper()
	return serveHooked(t, mod, nil, logs, wrap)
}

// serveHooked is serveLogs with a hook that may change the server before
// it serves.
func serveHooked(t testing.TB, mod func(*config.Config), hook func(*Server), logs *lockedWriter, wrap func(net.Listener) net.Listener) *testServer {
	t.Helper()
	cfg := config.Default()
	cfg.HostKeyDir = t.TempDir()
	cfg.ContentDir = "../../content"
	cfg.DrainTimeout = 2 * time.Second
	if mod != nil {
		mod(&cfg)
	}
	store, err := store.New(store.Options{Dir: cfg.ContentDir})
	if err != nil {
		t.Fatal(err)
	}
	pool := render.NewPool(render.NewCache(8<<20), 1, render.Options{MaxPostSize: cfg.MaxPostSize})
	t.Cleanup(pool.Close)
	srv, err := New(cfg, store, pool, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if hook != nil {
		hook(srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		ln = wrap(ln)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(cfg.DrainTimeout + 10*time.Second):
			t.Error("server did not shut down")
		}
	})
	return &testServer{Server: srv, addr: ln.Addr().String(), logs: logs, cancel: cancel, done: done}
}

// longPostSite writes a content folder with one post long enough to
// scroll for a while; its title is "Long".
func longPostSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("---\ntitle: Long\ndate: 2024-01-02\n---\n")
	for i := range 300 {
		fmt.Fprintf(&b, "Paragraph %d. The quick brown fox jumps over the lazy dog, again and again, to fill the screen.\n\n", i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "posts", "long.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// manyPostsSite writes a content folder of n posts with long titles, so
// that the list fills a big window: every repaint is large.
func manyPostsSite(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "posts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		body := fmt.Sprintf("---\ntitle: Post number %d, with a title long enough to fill a wide terminal from one side to the other\ndate: 2024-01-%02dT10:%02d:00Z\n---\nText of post %d.\n", i, i%28+1, i%60, i)
		if err := os.WriteFile(filepath.Join(dir, "posts", fmt.Sprintf("p%03d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// smallSendBuffers gives every accepted connection a fixed 64 KB socket
// send buffer. On loopback (64 KB segments) Linux grows a send buffer to
// megabytes within a second, where on a real network (1.5 KB segments) a
// connection to a peer that reads nothing stays near 100 KB: without this
// a test waits for megabytes of frames before the server's write blocks.
func smallSendBuffers(ln net.Listener) net.Listener { return sndbufListener{ln} }

type sndbufListener struct{ net.Listener }

func (l sndbufListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(64 << 10)
	}
	return c, err
}
