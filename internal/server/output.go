package server

import (
	"bytes"
	"errors"
	"io"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Output for a reader's terminal goes through a frameWriter, because an
// SSH channel write blocks for as long as the client does not read: its
// window is exhausted and only the client can open it again. Bubbletea
// writes frames from its renderer goroutine while holding the renderer's
// lock, so one blocked write stops the whole program, and until the
// connection ends everything the program holds stays.
//
// A frameWriter never blocks bubbletea: it keeps at most maxQueuedFrames
// frames for a slow client. When a client falls further behind, the
// queued frames and every later one are dropped (a frame is a diff
// against the one before: a newer one cannot be sent without them), and
// once the frame being written has gone out, the program is asked for a
// full repaint. The modes our screen always has (alternate screen, mouse
// cell motion, bracketed paste, hidden cursor) are emitted again before
// it, in case the frame that set them was dropped.

// maxQueuedFrames is how many frames wait for a slow client besides the
// one being written; maxQueuedBytes bounds them in bytes.
const (
	maxQueuedFrames = 2
	maxQueuedBytes  = 1 << 20
)

// screenModes are the modes of the reader's screen (see tui.Model.View),
// emitted again before a repaint after dropped frames.
const screenModes = ansi.ResetStyle +
	ansi.SetModeAltScreenSaveCursor +
	ansi.ResetModeTextCursorEnable +
	ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr +
	ansi.SetModeBracketedPaste

// screenReset undoes screenModes; written when a session ends while its
// frames were being dropped, since the program's own farewell was dropped
// with them.
const screenReset = ansi.ResetStyle +
	ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr +
	ansi.ResetModeBracketedPaste +
	ansi.SetModeTextCursorEnable +
	ansi.ResetModeAltScreenSaveCursor

// errOutputClosed is returned for writes after the session's end.
var errOutputClosed = errors.New("session output closed")

// repaintMsg asks the program for a full repaint after dropped frames; the
// program's filter (see sessionFilter) turns it into tea.ClearScreen.
type repaintMsg struct{}

// frameWriter sits between bubbletea and the session: Write queues, one
// goroutine writes. See the comment above.
type frameWriter struct {
	out     io.Writer // the session, through a stall guard
	repaint func()    // asks the program for a full repaint; may block

	mu       sync.Mutex
	queue    [][]byte
	queued   int  // bytes in queue
	dropping bool // frames were dropped: discard until the repaint
	asked    bool // the repaint was asked for
	closed   bool
	err      error // the session's write error: the client is gone
	dropped  int   // frames dropped, for tests and logs
	wake     chan struct{}
	done     chan struct{}
}

func newFrameWriter(out io.Writer) *frameWriter {
	w := &frameWriter{out: out, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go w.run()
	return w
}

// Write queues one frame (bubbletea writes each frame in one call) and
// never blocks.
func (w *frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.err != nil:
		return 0, w.err
	case w.closed:
		return 0, errOutputClosed
	case w.dropping:
		w.dropped++
		return len(p), nil
	case len(w.queue) >= maxQueuedFrames || w.queued+len(p) > maxQueuedBytes:
		w.dropped += len(w.queue) + 1
		clear(w.queue)
		w.queue, w.queued = w.queue[:0], 0
		w.dropping, w.asked = true, false
		w.signal()
		return len(p), nil
	}
	w.queue = append(w.queue, bytes.Clone(p))
	w.queued += len(p)
	w.signal()
	return len(p), nil
}

func (w *frameWriter) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// run writes queued frames in order, and asks for a repaint when frames
// were dropped and the client has taken everything before them.
func (w *frameWriter) run() {
	defer close(w.done)
	for {
		w.mu.Lock()
		switch {
		case len(w.queue) > 0:
			f := w.queue[0]
			w.queue[0] = nil
			w.queue = w.queue[1:]
			w.queued -= len(f)
			w.mu.Unlock()
			if _, err := w.out.Write(f); err != nil {
				w.fail(err)
				return
			}
			continue
		case w.dropping && !w.asked:
			w.asked = true
			w.mu.Unlock()
			w.repaint()
			continue
		case w.closed:
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		<-w.wake
	}
}

func (w *frameWriter) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.err = err
	clear(w.queue)
	w.queue, w.queued = nil, 0
}

// resume ends dropping: the program is about to draw a full frame. It is
// called from the program's event loop, just before the repaint.
func (w *frameWriter) resume() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.dropping || w.closed || w.err != nil {
		return
	}
	w.dropping, w.asked = false, false
	w.queue = append(w.queue, []byte(screenModes))
	w.queued += len(screenModes)
	w.signal()
}

// Close writes what is queued (and, if frames were being dropped, the
// reset of the screen's modes) and waits until it is written or the
// session has failed. Call it after the program has ended.
func (w *frameWriter) Close() error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		if w.dropping && w.err == nil {
			w.dropping, w.asked = false, true
			w.queue = append(w.queue, []byte(screenReset))
		}
		w.signal()
	}
	w.mu.Unlock()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Dropped reports how many frames were dropped so far.
func (w *frameWriter) Dropped() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dropped
}

// sessionFilter is the program's message filter: suspending is refused
// (ctrl+z must not stop the server; wish's filter does the same), and a
// repaint after dropped frames ends the dropping and clears the screen.
func sessionFilter(out *frameWriter) func(tea.Model, tea.Msg) tea.Msg {
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg.(type) {
		case tea.SuspendMsg:
			return tea.ResumeMsg{}
		case repaintMsg:
			out.resume()
			return tea.ClearScreen()
		}
		return msg
	}
}
