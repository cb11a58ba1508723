package server

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// gatedWriter is a client that reads only when the test opens the gate:
// each Write blocks until then, like an SSH channel with no window left.
type gatedWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	open   chan struct{}
	writes chan struct{} // one value per Write started
}

func newGatedWriter() *gatedWriter {
	return &gatedWriter{open: make(chan struct{}), writes: make(chan struct{}, 1000)}
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	g.writes <- struct{}{}
	<-g.open
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.buf.Write(p)
}

func (g *gatedWriter) String() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.buf.String()
}

// A stalled client holds at most a few frames: the rest are dropped, never
// queued; when the client catches up one repaint is asked for, and the
// screen's modes are sent again before it.
func TestFrameWriterDropsFramesForAStalledClient(t *testing.T) {
	client := newGatedWriter()
	w := newFrameWriter(client)
	repaints := make(chan struct{}, 10)
	w.repaint = func() { repaints <- struct{}{} }

	w.Write([]byte("frame0"))
	<-client.writes // frame0 is being written; the client reads nothing
	for i := 1; i <= 1000; i++ {
		if n, err := w.Write([]byte(fmt.Sprintf("frame%d", i))); err != nil || n == 0 {
			t.Fatalf("write of frame %d: %d, %v: a frameWriter must not fail or block", i, n, err)
		}
		w.mu.Lock()
		queued := len(w.queue)
		w.mu.Unlock()
		if queued > maxQueuedFrames {
			t.Fatalf("%d frames queued for a stalled client, want at most %d", queued, maxQueuedFrames)
		}
	}
	if w.Dropped() < 1000-maxQueuedFrames {
		t.Errorf("%d frames dropped of 1000 written to a stalled client", w.Dropped())
	}
	select {
	case <-repaints:
		t.Fatal("repaint asked for while the client still holds a frame")
	case <-time.After(50 * time.Millisecond):
	}

	close(client.open) // the client reads again
	select {
	case <-repaints:
	case <-time.After(5 * time.Second):
		t.Fatal("no repaint asked for after the client caught up")
	}
	w.Write([]byte("diff-after-drop")) // still against the dropped frames
	w.resume()                         // the program starts the repaint
	w.Write([]byte("full-frame"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := client.String()
	if got != "frame0"+screenModes+"full-frame" {
		t.Errorf("client received %q; want the frame in flight, the screen modes, then the repaint", got)
	}
	select {
	case <-repaints:
		t.Error("more than one repaint asked for")
	default:
	}
}

// A slow client that keeps up gets every frame, in order.
func TestFrameWriterKeepsEveryFrameForAClientThatKeepsUp(t *testing.T) {
	client := newGatedWriter()
	close(client.open)
	w := newFrameWriter(client)
	w.repaint = func() { t.Error("repaint asked for a client that keeps up") }
	var want strings.Builder
	for i := range 200 {
		f := fmt.Sprintf("f%d;", i)
		want.WriteString(f)
		w.Write([]byte(f))
		for {
			w.mu.Lock()
			idle := len(w.queue) == 0
			w.mu.Unlock()
			if idle {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	w.Close()
	if client.String() != want.String() {
		t.Errorf("client received %q, want %q", client.String(), want.String())
	}
}

// A session that ends while frames are being dropped leaves the client's
// terminal as it found it: the program's own farewell was dropped.
func TestFrameWriterResetsTheScreenWhenClosedWhileDropping(t *testing.T) {
	client := newGatedWriter()
	w := newFrameWriter(client)
	w.repaint = func() {}
	w.Write([]byte("frame0"))
	<-client.writes
	for range 10 {
		w.Write([]byte("frame"))
	}
	close(client.open)
	w.Write([]byte("farewell")) // dropped: may come before the repaint
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := client.String(); !strings.HasSuffix(got, screenReset) {
		t.Errorf("client received %q; want it to end with the screen reset", got)
	}
	if _, err := w.Write([]byte("late")); err == nil {
		t.Error("write after Close succeeded")
	}
}
