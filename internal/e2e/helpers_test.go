// Package e2e holds the end-to-end acceptance tests: they build the real
// sshblog binary, start it on a loopback port and talk to it with the real
// OpenSSH client, and drive the interactive reader inside tmux.
//
//	go test ./internal/e2e/ -count=1 -v
//
// The tests need ssh and tmux on PATH. Without them they are skipped, or
// fail when the environment variable CI is set.
package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	// binPath is the sshblog binary built once by TestMain.
	binPath string
	// repoRoot is the module root, two levels above this package.
	repoRoot string
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	repoRoot = filepath.Clean(filepath.Join(wd, "..", ".."))
	if _, err := os.Stat(filepath.Join(repoRoot, "go.mod")); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %s does not look like the repository root: %v\n", repoRoot, err)
		return 1
	}
	dir, err := os.MkdirTemp("", "sshblog-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "sshblog")
	build := exec.Command("go", "build", "-o", binPath, "./cmd/sshblog")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/sshblog: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// trackSources stats every Go source of the repository once per run. The
// binary under test is built with `go build`, which the test cache cannot
// see: without this, `go test` would replay an old result after a change to
// the server. Files a test stats are part of its cache key.
var trackSources = sync.OnceFunc(func() {
	filepath.WalkDir(repoRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "hostkeys") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum" {
			os.Stat(p)
		}
		return nil
	})
})

// contentDir is the repository's sample content folder.
func contentDir() string { return filepath.Join(repoRoot, "content") }

// needTool skips the test when a program is missing, or fails it on CI,
// where a missing tool means a broken setup rather than a lean laptop.
func needTool(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required on CI: %v", name, err)
			}
			t.Skipf("%s not found, skipping: %v", name, err)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the writer goroutine of exec.Cmd
// and a reader in the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// server is one running sshblog process.
type server struct {
	Port    int
	cmd     *exec.Cmd
	log     *syncBuffer
	done    chan struct{} // closed when the process has exited
	err     error         // Wait's result, valid after done
	stopped bool
}

// startServer starts the binary on a free loopback port serving the
// repository's content, with hostkeys as its host key folder, and waits
// until the port accepts connections. The server is stopped (and its exit
// checked) when the test ends, unless stop was called earlier.
func startServer(t *testing.T, hostkeys string) *server {
	t.Helper()
	return startServerOn(t, hostkeys, contentDir())
}

// startServerOn is startServer serving the content folder content, for
// tests that change the files under a running server. Extra flags go
// after the usual ones.
func startServerOn(t *testing.T, hostkeys, content string, extra ...string) *server {
	t.Helper()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := tryStart(t, hostkeys, content, extra)
		if err == nil {
			t.Cleanup(func() { s.stop(t) })
			return s
		}
		lastErr = err
	}
	t.Fatalf("server did not start: %v", lastErr)
	return nil
}

func tryStart(t *testing.T, hostkeys, content string, extra []string) (*server, error) {
	t.Helper()
	trackSources()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{Port: port, log: &syncBuffer{}, done: make(chan struct{})}
	// A short drain: a test that leaves a reader connected does not wait
	// the default 10 s at its end.
	s.cmd = exec.Command(binPath, append([]string{
		"--listen", fmt.Sprintf("127.0.0.1:%d", port),
		"--content", content,
		"--hostkeys", hostkeys,
		"--log-format", "text",
		"--drain-timeout", "2s",
		"--drain-delay", "0s", // drain at once; fleet_test sets its own
	}, extra...)...)
	// Keep the operator's SSHBLOG_* variables out of the test.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SSHBLOG_") {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", binPath, err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return nil, fmt.Errorf("server exited before accepting connections (%v); log:\n%s", s.err, s.log.String())
		default:
		}
		// Our server's own word that it listens, not a connection to the
		// port: freePort's port is free only until someone binds it, and
		// a parallel test's server may take it first (and close it when
		// that test drains), making a dial succeed on the wrong server.
		// And edits a test makes from then on reach readers: the store
		// logs when its watcher is in place.
		if log := s.log.String(); strings.Contains(log, "msg=listening addr="+s.addr()+" ") && strings.Contains(log, "content watch ready") {
			return s, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = s.cmd.Process.Kill()
	<-s.done
	return nil, fmt.Errorf("port %d not accepting connections after 10s; log:\n%s", port, s.log.String())
}

func (s *server) addr() string { return fmt.Sprintf("127.0.0.1:%d", s.Port) }

// signal sends sig to the server process.
func (s *server) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v to the server: %v", sig, err)
	}
}

// exited waits up to timeout for the server to exit and reports whether
// it did; its status is then in s.err.
func (s *server) exited(timeout time.Duration) bool {
	select {
	case <-s.done:
		s.stopped = true
		return true
	case <-time.After(timeout):
		return false
	}
}

// stop sends SIGTERM and checks that the server exits cleanly, in time.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.stopped {
		return
	}
	s.stopped = true
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("SIGTERM to server: %v", err)
	}
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		t.Errorf("server did not exit within 15s of SIGTERM; log:\n%s", s.log.String())
		return
	}
	if s.err != nil {
		t.Errorf("server exited with %v after SIGTERM, want status 0; log:\n%s", s.err, s.log.String())
	}
	if t.Failed() {
		t.Logf("server log:\n%s", s.log.String())
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// sshArgs is the OpenSSH command line for the server, before any remote
// command. BatchMode proves no password or key prompt is needed; -F none
// keeps the user's and the system's ssh_config (SendEnv LANG, proxies,
// control masters) out of the test.
func sshArgs(port int) []string {
	return []string{
		"-F", "none",
		"-p", fmt.Sprint(port),
		"-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR",
		"-o", "BatchMode=yes",
		"anyuser@127.0.0.1",
	}
}

// sshResult is what one non-interactive ssh command produced.
type sshResult struct {
	Stdout, Stderr string
	Code           int
}

// runSSH runs `ssh ... args` without a terminal and returns its output and
// exit status. A failure to run ssh at all fails the test.
func runSSH(t *testing.T, port int, args ...string) sshResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ssh", append(sshArgs(port), args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := sshResult{Stdout: out.String(), Stderr: errb.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		res.Code = exit.ExitCode()
	default:
		t.Fatalf("ssh %s: %v (stderr: %s)", strings.Join(args, " "), err, res.Stderr)
	}
	if ctx.Err() != nil {
		t.Fatalf("ssh %s: timed out after 20s", strings.Join(args, " "))
	}
	return res
}

// lsPosts runs `ls` and returns its lines split into date, slug, title.
func lsPosts(t *testing.T, port int) [][3]string {
	t.Helper()
	res := runSSH(t, port, "ls")
	if res.Code != 0 {
		t.Fatalf("ls: exit status %d, stderr %q", res.Code, res.Stderr)
	}
	var posts [][3]string
	for _, line := range strings.Split(strings.TrimRight(res.Stdout, "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("ls line %q: want 3 tab-separated fields", line)
		}
		posts = append(posts, [3]string{f[0], f[1], f[2]})
	}
	return posts
}

// readRepoFile reads a file of the repository's content folder.
func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(contentDir(), rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
