package server

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
)

// reader is an interactive session as a test sees it.
type reader struct {
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.Writer
	screen *screenWaiter
}

// openReader starts the TUI with the given LANG and waits for the list.
func openReader(t *testing.T, addr, lang string) *reader {
	t.Helper()
	c := dial(t, addr)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Setenv("LANG", lang); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.RequestPty("xterm-256color", 24, 100, nil); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	r := &reader{client: c, sess: sess, stdin: stdin, screen: watchScreen(stdout)}
	if err := r.screen.waitFor("sshblog", 20*time.Second); err != nil {
		t.Fatal(err)
	}
	return r
}

// ended waits until the session's output has ended.
func (r *reader) ended(timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		select {
		case _, open := <-r.screen.seen:
			if !open {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

func (r *reader) output() string {
	r.screen.mu.Lock()
	defer r.screen.mu.Unlock()
	return r.screen.buf.String()
}

// On SIGTERM (here: the end of Serve's context) the server stops
// accepting, tells every reader in their language that the blog is
// restarting, lets a command in flight finish, closes the readers after
// the drain timeout with their terminals restored, and returns; nothing is
// left running.
func TestDrainTellsReadersAndClosesThem(t *testing.T) {
	const drainTimeout = 4 * time.Second
	before := runtime.NumGoroutine()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "posts"), 0o755)
	os.WriteFile(filepath.Join(dir, "_index.md"), []byte("---\ntitle: sshblog\n---\n"), 0o644)
	big := "---\ntitle: Big\n---\n" + strings.Repeat("A line of a big post, to be printed by cat.\n", 100000) // 4.4 MB
	os.WriteFile(filepath.Join(dir, "posts", "big.md"), []byte(big), 0o644)
	s := serve(t, func(c *config.Config) {
		c.ContentDir = dir
		c.DrainTimeout = drainTimeout
	})
	en := openReader(t, s.addr, "en_US.UTF-8")
	zh := openReader(t, s.addr, "zh_CN.UTF-8")

	// A command in flight: more output than the SSH window, read slowly,
	// so the server is still writing it when the drain starts.
	cmdClient := dial(t, s.addr)
	cmd, _ := cmdClient.NewSession()
	cmdOut, _ := cmd.StdoutPipe()
	if err := cmd.Start("cat big"); err != nil {
		t.Fatal(err)
	}
	catDone := make(chan int, 1)
	go func() {
		n := 0
		b := make([]byte, 64<<10)
		for {
			m, err := cmdOut.Read(b)
			n += m
			if err != nil {
				catDone <- n
				return
			}
			time.Sleep(20 * time.Millisecond) // about 3 MB/s at most
		}
	}()
	time.Sleep(200 * time.Millisecond)

	start := time.Now()
	s.cancel() // SIGTERM
	if err := en.screen.waitFor("The blog is restarting: reconnect in a moment", 10*time.Second); err != nil {
		t.Error("English reader:", err)
	}
	if err := zh.screen.waitFor("博客正在重启，请稍后重新连接", 10*time.Second); err != nil {
		t.Error("Chinese reader:", err)
	}
	if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted while draining")
	}
	// Readers can go on reading until the end.
	en.stdin.Write([]byte("j"))

	if n := <-catDone; n != len(big) {
		t.Errorf("cat in flight during the drain printed %d bytes of %d", n, len(big))
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("cat in flight during the drain: %v, want exit status 0", err)
	}
	for _, r := range []*reader{en, zh} {
		if !r.ended(drainTimeout + 15*time.Second) {
			t.Fatal("a reader's session was not closed after the drain timeout")
		}
		if out := r.output(); !strings.Contains(out, "\x1b[?1049l") {
			t.Error("a reader's session was closed without leaving the alternate screen")
		}
	}
	if err := s.drainAndWait(t, drainTimeout+15*time.Second); err != nil {
		t.Errorf("Serve after a drain: %v, want nil", err)
	}
	if took := time.Since(start); took < drainTimeout-500*time.Millisecond {
		t.Errorf("readers were closed after %v, before the drain timeout of %v", took, drainTimeout)
	}
	for _, c := range []*gossh.Client{en.client, zh.client, cmdClient} {
		c.Close()
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after the drain, %d before the server started\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// A second signal ends the drain at once.
func TestCloseEndsTheDrain(t *testing.T) {
	s := serve(t, func(c *config.Config) { c.DrainTimeout = time.Hour })
	r := openReader(t, s.addr, "en_US.UTF-8")
	s.cancel()
	if err := r.screen.waitFor("restarting", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if !r.ended(15 * time.Second) {
		t.Fatal("the reader was not closed after Close")
	}
	if err := s.drainAndWait(t, 15*time.Second); err != nil {
		t.Errorf("Serve: %v", err)
	}
}
