package server

import (
	"bufio"
	"io"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// A client that stops reading is found by its writes: an SSH channel write
// blocks while the client's window is exhausted, and returns only when the
// client reads or the connection ends. A stallGuard writes in pieces small
// enough that a client reading at all makes progress on every one, and
// closes the connection when one piece has waited for the write timeout:
// closing the connection is the only way to end that write.

// writeChunk is the most a stallGuard writes at once: one SSH packet.
const writeChunk = 32 << 10

// stallGuard writes to a session and calls stalled once when a piece of
// output waits longer than timeout.
type stallGuard struct {
	w       io.Writer
	timeout func() time.Duration
	once    sync.Once
	stalled func()
}

func (g *stallGuard) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		piece := p[:min(len(p), writeChunk)]
		t := time.AfterFunc(g.timeout(), func() { g.once.Do(g.stalled) })
		m, err := g.w.Write(piece)
		t.Stop()
		n += min(m, len(piece))
		if err != nil {
			return n, err
		}
		p = p[len(piece):]
	}
	return n, nil
}

// guard returns a writer to w (the session or its stderr) that closes the
// session's connection after the write timeout without progress.
func (s *Server) guard(sess ssh.Session, w io.Writer) *stallGuard {
	return &stallGuard{w: w, timeout: s.WriteTimeout, stalled: func() {
		s.log.Warn("closing connection: the client took no output", "remote", sess.RemoteAddr().String(), "for", s.WriteTimeout().String())
		if c, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
			_ = c.Close()
		}
	}}
}

// commandOutput is the output of a plain-text command: stdout buffered
// (an ls of 50,000 posts is a few dozen channel writes, not 50,000), both
// streams guarded against stalled clients, and stdout flushed before
// anything goes to stderr so the two keep their order on a terminal.
type commandOutput struct {
	*bufio.Writer
	stderr io.Writer
}

func newCommandOutput(stdout, stderr io.Writer) *commandOutput {
	return &commandOutput{Writer: bufio.NewWriterSize(stdout, writeChunk), stderr: stderr}
}

func (s *Server) commandOutput(sess ssh.Session) *commandOutput {
	return newCommandOutput(s.guard(sess, sess), s.guard(sess, sess.Stderr()))
}

// Stderr is the command's error stream.
func (o *commandOutput) Stderr() io.Writer { return stderrAfter{o} }

type stderrAfter struct{ o *commandOutput }

func (e stderrAfter) Write(p []byte) (int, error) {
	if err := e.o.Flush(); err != nil {
		return 0, err
	}
	return e.o.stderr.Write(p)
}
