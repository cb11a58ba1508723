package server

import (
	"io"
	"sync/atomic"
	"testing"
	"time"
)

// outputCounter counts the bytes a session's screen receives.
type outputCounter struct{ n atomic.Int64 }

func (c *outputCounter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}

// waitQuiet waits until c has counted nothing new for quiet, at most 10 s.
func waitQuiet(c *outputCounter, quiet time.Duration) {
	deadline := time.Now().Add(10 * time.Second)
	last := c.n.Load()
	for time.Now().Before(deadline) {
		time.Sleep(quiet)
		n := c.n.Load()
		if n == last {
			return
		}
		last = n
	}
}

// A window change to the size the screen already has redraws nothing: a
// client repeating its size (or a hostile one sending thousands) costs no
// full-screen redraw each. A real resize still redraws.
func TestSameSizeWindowChangesDrawNothing(t *testing.T) {
	addr, _ := startServer(t, nil)
	sess, err := dial(t, addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	readUntil(t, stdout, "sshblog")
	var screen outputCounter
	go io.Copy(&screen, stdout)
	waitQuiet(&screen, 300*time.Millisecond)

	before := screen.n.Load()
	for range 5 {
		if err := sess.WindowChange(24, 80); err != nil {
			t.Fatal(err)
		}
	}
	// Bubbletea draws on its next frame tick (every 33 ms): a redraw
	// would have come long before this. (Under a very slow machine it
	// could come later and the test pass wrongly, never fail wrongly.)
	time.Sleep(time.Second)
	if n := screen.n.Load() - before; n > 0 {
		t.Errorf("5 window changes to the same size drew %d bytes; want none", n)
	}

	before = screen.n.Load()
	if err := sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for screen.n.Load() == before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if screen.n.Load() == before {
		t.Error("a real resize drew nothing: the test cannot see a redraw")
	}
}
