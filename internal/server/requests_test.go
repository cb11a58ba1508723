package server

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func envPayload(name, value string) []byte {
	return gossh.Marshal(struct{ Name, Value string }{name, value})
}

func TestAllowedEnv(t *testing.T) {
	for _, name := range []string{"LANG", "LC_ALL", "LC_MESSAGES", "TERM", "COLORTERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"} {
		if !allowedEnv(envPayload(name, "zh_CN.UTF-8")) {
			t.Errorf("%s refused", name)
		}
	}
	for _, name := range []string{"PATH", "HOME", "LD_PRELOAD", "UV_DEBUG", "TEA_DEBUG", "LC_", "LC_all", "lang", "LC_" + strings.Repeat("A", 70), "TERMINFO"} {
		if allowedEnv(envPayload(name, "x")) {
			t.Errorf("%q accepted", name)
		}
	}
	for _, value := range []string{strings.Repeat("x", maxEnvValue+1), "en\x1b[2J", "a\nb", "\u009b31m"} {
		if allowedEnv(envPayload("LANG", value)) {
			t.Errorf("LANG=%.20q accepted", value)
		}
	}
	if !allowedEnv(envPayload("LANG", strings.Repeat("x", maxEnvValue))) || !allowedEnv(envPayload("LANG", "中文")) {
		t.Error("a plausible value at the limit refused")
	}
	if allowedEnv([]byte{0, 0, 0, 9, 'L'}) {
		t.Error("a malformed payload accepted")
	}
}

// Requests the blog has no use for are refused; the library would accept
// agent forwarding and queue signals.
func TestUnusedSessionRequestsRefused(t *testing.T) {
	addr, _ := startServer(t, nil)
	sess, err := dial(t, addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"auth-agent-req@openssh.com", "x11-req", "break", "signal", "subsystem", "keepalive@openssh.com"} {
		if ok, err := sess.SendRequest(typ, true, nil); ok || err != nil {
			t.Errorf("%s: ok %v, err %v; want refused", typ, ok, err)
		}
	}
	if out, err := sess.Output("ls"); err != nil || len(out) == 0 {
		t.Errorf("session unusable after refused requests: %v", err)
	}
}

// fakeChannel is a session channel that records what the server sends.
type fakeChannel struct {
	stderr bytes.Buffer
	closed bool
	exit   []byte
}

func (c *fakeChannel) Read([]byte) (int, error)    { return 0, io.EOF }
func (c *fakeChannel) Write(p []byte) (int, error) { return len(p), nil }
func (c *fakeChannel) Close() error                { c.closed = true; return nil }
func (c *fakeChannel) CloseWrite() error           { return nil }
func (c *fakeChannel) Stderr() io.ReadWriter       { return &c.stderr }
func (c *fakeChannel) SendRequest(name string, _ bool, p []byte) (bool, error) {
	if name == "exit-status" {
		c.exit = p
	}
	return true, nil
}

// BenchmarkRefuseLongCommand is the server's side of a 100 KB exec
// request: from the filter receiving it to the refusal sent.
//
//	go test -run xxx -bench RefuseLongCommand ./internal/server/
func BenchmarkRefuseLongCommand(b *testing.B) {
	s := &Server{refusals: newRefusals(slog.New(slog.NewTextHandler(io.Discard, nil)), RefusalLogInterval), unusedTimeout: UnusedConnTimeout}
	payload := gossh.Marshal(struct{ Command string }{"cat " + strings.Repeat("a", 100_000)})
	for b.Loop() {
		ch := &fakeChannel{}
		in := make(chan *gossh.Request, 1)
		out := make(chan *gossh.Request)
		in <- &gossh.Request{Type: "exec", Payload: payload}
		close(in)
		s.filterRequests(ch, "192.0.2.1:22", func() {}, in, out)
		if _, passed := <-out; passed || !ch.closed || !strings.Contains(ch.stderr.String(), "too long") {
			b.Fatalf("not refused: passed %v, closed %v, stderr %q", passed, ch.closed, ch.stderr.String())
		}
	}
}
