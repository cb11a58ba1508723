package server

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// The reader's keystrokes are read here, not by bubbletea, because of an
// upstream bug that leaks every session closed while keys are arriving.
//
// Bubbletea v2.1.1 (tty.go, readLoop) streams input with ultraviolet's
// TerminalReader.StreamEvents straight into the program's message channel.
// TerminalReader.sendEvents sends each event with a bare channel send, not
// selecting on the context, and StreamEvents also flushes what is left in
// its buffer that way when its context ends. Once the program's event loop
// has returned nobody receives on that channel, so the goroutine blocks
// forever, holding the whole program: model, renderer and cell buffers,
// about 0.5-1 MB a session. A reader whose connection drops mid-scroll
// (keys in flight) triggers it every time; goroutine dumps of a server
// after 100 such readers show 100 goroutines parked in sendEvents, called
// from bubbletea's readLoop.
//
// So the program runs without an input reader (tea.WithInput(nil)) and
// readInput runs ultraviolet's decoder into a channel of ours, drained
// until the decoder returns, forwarding each event with Program.Send,
// which gives up once the program has ended. The session's Read itself
// cannot be cancelled (an SSH channel read returns only when data, EOF or
// the connection's end arrives), so one small goroutine (pump) owns it and
// keeps no reference to the program.
//
// Without an input reader bubbletea also skips its terminal queries and
// keyboard enhancements; see newProgram for what is sent instead.

// readInput decodes the session's input and sends every event with send
// (the program's Send) until ctx ends or the input does. It returns when
// all of its goroutines but the pump have finished.
func readInput(ctx context.Context, in io.Reader, term string, send func(tea.Msg)) {
	chunks := make(chan []byte)
	go pump(ctx, in, chunks)
	events := make(chan uv.Event)
	dec := uv.NewTerminalReader(newPasteLimit(newSeqLimit(&chunkReader{ctx: ctx, chunks: chunks})), term)
	go func() {
		defer close(events)
		_ = dec.StreamEvents(ctx, events) // its errors are the input's end
	}()
	// Events wait for the program in a queue of their own, and what does
	// not fit is dropped: were the decoder to wait for a busy program,
	// the client's keys would pile up unread in the SSH channel's buffer
	// (up to its 2 MB window, per session) instead of here.
	queue := make(chan uv.Event, maxPendingInput)
	forwarded := make(chan struct{})
	go func() {
		defer close(forwarded)
		for ev := range queue {
			send(ev) // a no-op once the program has ended
		}
	}()
	for ev := range events { // drained to the end: the decoder never blocks
		select {
		case queue <- ev:
		default: // the program is this far behind: the key is lost
		}
	}
	close(queue)
	<-forwarded
}

// maxPendingInput is how many input events may wait for the program: far
// more than a held key's autorepeat queues between two frames.
const maxPendingInput = 256

// pump reads in and hands each chunk over until ctx ends or in fails. A
// Read in progress when ctx ends finishes when the channel or connection
// is closed; the pump then returns without delivering. After the end of
// the input it drops what still arrives until ctx ends: the SSH library
// keeps data a client sends after its EOF (see drain).
func pump(ctx context.Context, in io.Reader, chunks chan<- []byte) {
	for {
		buf := make([]byte, 4096) // handed over: a fresh one each time
		n, err := in.Read(buf)
		if n > 0 {
			select {
			case chunks <- buf[:n]:
			case <-ctx.Done():
				close(chunks)
				return
			}
		}
		if err != nil {
			close(chunks)
			drain(in, ctx.Done())
			return
		}
	}
}

// chunkReader is an io.Reader over the pump's chunks that returns io.EOF
// as soon as ctx ends, so the decoder can stop while the pump still waits.
type chunkReader struct {
	ctx    context.Context
	chunks <-chan []byte
	rest   []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.rest) == 0 {
		select {
		case c, ok := <-r.chunks:
			if !ok {
				return 0, io.EOF
			}
			r.rest = c
		case <-r.ctx.Done():
			return 0, io.EOF
		}
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}
