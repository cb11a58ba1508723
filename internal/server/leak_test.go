package server

import (
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/config"
)

// screenWaiter reads a session's output and tells when a piece of visible
// text has appeared (escape sequences stripped).
type screenWaiter struct {
	mu      sync.Mutex
	buf     strings.Builder
	seen    chan struct{} // signalled after every read
	stopped bool          // stop reading: the client stalls
}

func watchScreen(r io.Reader) *screenWaiter {
	w := &screenWaiter{seen: make(chan struct{}, 1)}
	go func() {
		b := make([]byte, 32<<10)
		for {
			n, err := r.Read(b)
			w.mu.Lock()
			if w.buf.Len() < 1<<20 {
				w.buf.Write(b[:n])
			}
			stopped := w.stopped
			w.mu.Unlock()
			if stopped {
				return
			}
			select {
			case w.seen <- struct{}{}:
			default:
			}
			if err != nil {
				close(w.seen)
				return
			}
		}
	}()
	return w
}

// stop makes the client read nothing more (after the read in progress).
func (w *screenWaiter) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
}

func (w *screenWaiter) waitFor(text string, timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		ok := strings.Contains(ansi.Strip(w.buf.String()), text)
		w.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case _, open := <-w.seen:
			if !open {
				return fmt.Errorf("session ended before %q was on screen", text)
			}
		case <-deadline:
			return fmt.Errorf("%q not on screen after %v", text, timeout)
		}
	}
}

// How a reader's session ends, in the leak tests.
type ending int

const (
	cutMidScroll ending = iota // TCP reset while keys are being sent
	quitCleanly                // ctrl+c: the program quits
	closeSession               // the client closes the session, keeps the connection
	goIdle                     // silence until the idle timeout
)

// scrollAndCut is one reader who opens the first post, scrolls, and whose
// network goes away mid-scroll: keys are still being sent when the TCP
// connection is reset.
func scrollAndCut(addr string) error { return scrollAndEnd(addr, cutMidScroll, func() {}) }

// scrollAndEnd is one reader who opens the first post, scrolls, and ends
// the session as told; it returns once the session has ended for the
// client. It calls quiet once it costs the server nothing more: when it
// waits for the server to finish a closed session, or goes idle.
func scrollAndEnd(addr string, how ending, quiet func()) error {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: "reader", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err != nil {
		return err
	}
	client := gossh.NewClient(c, chans, reqs)
	sess, err := client.NewSession()
	if err != nil {
		return err
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.RequestPty("xterm-256color", 24, 80, nil); err != nil {
		return err
	}
	if err := sess.Shell(); err != nil {
		return err
	}
	screen := watchScreen(stdout)
	if err := screen.waitFor("Long", 20*time.Second); err != nil {
		return err
	}
	stdin.Write([]byte("\r"))
	if err := screen.waitFor("Paragraph", 20*time.Second); err != nil {
		return err
	}
	for range 20 {
		if _, err := stdin.Write([]byte("jjjj")); err != nil {
			return err
		}
		time.Sleep(2 * time.Millisecond)
	}
	switch how {
	case cutMidScroll:
		// Mid-scroll: a burst of keys, then the network goes away without
		// a goodbye (RST, no SSH disconnect, no channel close).
		stdin.Write([]byte(strings.Repeat("j", 200)))
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		return conn.Close()
	case quitCleanly:
		stdin.Write([]byte("\x03"))
		return sess.Wait() // the server's exit status: 0
	case closeSession:
		stdin.Write([]byte(strings.Repeat("j", 50)))
		sess.Close()
		quiet()
		// The connection stays until the session is gone on the server.
		for range 200 {
			if _, _, err := client.SendRequest("keepalive@openssh.com", true, nil); err != nil {
				return err
			}
			time.Sleep(5 * time.Millisecond)
		}
		return client.Close()
	default: // goIdle
		quiet()
		return client.Wait() // the server closes the connection
	}
}

// settle waits until the server has no session left and the goroutine
// count has stopped falling, then returns it and the live heap after GC.
func settle(t *testing.T, s *testServer) (goroutines int, heap uint64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s.sessions.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := s.sessions.Load(); n > 0 {
		t.Fatalf("%d sessions still running 30 s after their clients went away", n)
	}
	prev := -1
	for time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		n := runtime.NumGoroutine()
		if n == prev {
			break
		}
		prev = n
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return runtime.NumGoroutine(), ms.HeapAlloc
}

// Readers whose connection is cut mid-scroll leave nothing behind: after
// each round the server's goroutines and live heap are back to where the
// first round left them.
func TestDisconnectedReadersLeaveNothing(t *testing.T) {
	site := longPostSite(t)
	s := serveLogs(t, func(c *config.Config) { c.ContentDir = site }, &lockedWriter{}, nil)
	var base leakBase
	for round := 1; round <= leakRounds; round++ {
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, leakReaders)
		sem := make(chan struct{}, 25)
		for range leakReaders {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				if err := scrollAndCut(s.addr); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: reader: %v", round, err)
		}
		base.after(t, s, round, start, fmt.Sprintf("of %d readers cut mid-scroll", leakReaders))
	}
}

// Sessions that end any other way free everything too: a clean quit, a
// client that closes its session but keeps the connection, and the idle
// timeout.
func TestEndedSessionsLeaveNothing(t *testing.T) {
	site := longPostSite(t)
	s := serveLogs(t, func(c *config.Config) {
		c.ContentDir = site
		c.IdleTimeout = 3 * time.Second
	}, &lockedWriter{}, nil)
	var base leakBase
	for round := 1; round <= leakRounds; round++ {
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, 3*endingReaders)
		// Scrolling costs: at most 10 readers at a time are active, so
		// that none waits for the server as long as the idle timeout.
		sem := make(chan struct{}, 10)
		for i := range 3 * endingReaders {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				release := sync.OnceFunc(func() { <-sem })
				defer release()
				how := []ending{quitCleanly, closeSession, goIdle}[i%3]
				if err := scrollAndEnd(s.addr, how, release); err != nil && how != goIdle {
					errs <- fmt.Errorf("ending %d: %w", how, err)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: reader: %v", round, err)
		}
		base.after(t, s, round, start, "of readers ending in other ways")
	}
}

// leakBase is what a server holds after the first round of a leak test:
// later rounds must stay within 5% of it.
type leakBase struct {
	goroutines int
	heap       uint64
}

// after reads s once round has settled, takes round 1 as the base, and
// fails when a later round holds more than 5% above it (what names the
// rounds' readers in the failure).
func (b *leakBase) after(t *testing.T, s *testServer, round int, start time.Time, what string) {
	t.Helper()
	g, h := settle(t, s)
	t.Logf("round %d (%v): %d goroutines, %d KB live heap", round, time.Since(start).Round(time.Millisecond), g, h>>10)
	if round == 1 {
		b.goroutines, b.heap = g, h
		return
	}
	if float64(g) > float64(b.goroutines)*1.05 || float64(h) > float64(b.heap)*1.05+heapNoise {
		buf := make([]byte, 1<<20)
		t.Fatalf("after round %d %s: %d goroutines and %.1f MB live heap, after round 1: %d and %.1f MB (want within 5%%)\n%s",
			round, what, g, float64(h)/(1<<20), b.goroutines, float64(b.heap)/(1<<20), buf[:runtime.Stack(buf, true)])
	}
}
