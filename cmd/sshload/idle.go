package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/sshblog/sshblog/internal/procstat"
)

// idleResult is the server memory cost of holding sessions open.
type idleResult struct {
	n      int   // sessions attempted
	opened int   // sessions whose UI drew the expected text
	before int64 // server VmRSS in KiB before opening
	after  int64 // server VmRSS in KiB after holding them
	hold   time.Duration
	errs   []error
	// cpu is the server's CPU time over cpuFor, the end of the hold
	// (from 2 s after every session was open, when the hold is longer):
	// what the open sessions cost sitting idle.
	cpu, cpuFor time.Duration
}

// cpuRate is the server's CPU while the sessions sat idle, in ms per s.
func (r idleResult) cpuRate() float64 {
	if r.cpuFor <= 0 {
		return 0
	}
	return float64(r.cpu) / float64(time.Millisecond) / r.cpuFor.Seconds()
}

// perSession returns the RSS growth per opened session in KiB.
func (r idleResult) perSession() float64 {
	if r.opened == 0 {
		return 0
	}
	return float64(r.after-r.before) / float64(r.opened)
}

func (r idleResult) line(addr string, pid int) string {
	return fmt.Sprintf("%s idle pid=%d n=%d opened=%d errors=%d rss_before=%d KiB rss_after=%d KiB per_session=%.1f KiB (held %v) cpu=%.1f ms/s over %v",
		addr, pid, r.n, r.opened, len(r.errs), r.before, r.after, r.perSession(), r.hold, r.cpuRate(), r.cpuFor.Round(time.Millisecond))
}

// runIdle reads the server's RSS, opens n sessions concurrently (at most
// parallel at a time), holds them all for hold, reads the RSS again and
// closes every session.
func runIdle(o sessionOpts, pid, n, parallel int, hold time.Duration) (idleResult, error) {
	res := idleResult{n: n, hold: hold}
	before, err := procstat.RSS(pid)
	if err != nil {
		return res, fmt.Errorf("before opening sessions: %w", err)
	}
	res.before = before

	var (
		mu       sync.Mutex
		sessions []*liveSession
		wg       sync.WaitGroup
	)
	jobs := make(chan struct{})
	for range parallel {
		wg.Go(func() {
			for range jobs {
				ls, err := openSession(o)
				mu.Lock()
				if err != nil {
					res.errs = append(res.errs, err)
				} else {
					sessions = append(sessions, ls)
				}
				mu.Unlock()
			}
		})
	}
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	res.opened = len(sessions)

	defer func() {
		for _, ls := range sessions {
			_ = ls.Close()
		}
	}()
	if res.opened == 0 {
		return res, errors.New("no session could be opened")
	}

	// The first frames and handshakes' leftovers settle before the
	// idle CPU is read.
	settle := min(2*time.Second, hold/2)
	time.Sleep(settle)
	c0, t0, err := cpuNow(pid)
	if err != nil {
		return res, err
	}
	time.Sleep(hold - settle)
	c1, t1, err := cpuNow(pid)
	if err != nil {
		return res, err
	}
	res.cpu, res.cpuFor = c1-c0, t1.Sub(t0)
	after, err := procstat.RSS(pid)
	if err != nil {
		return res, fmt.Errorf("after holding sessions: %w", err)
	}
	res.after = after
	return res, nil
}

func cmdIdle(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("idle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := targetFlags(fs)
	n := fs.Int("n", 200, "number of sessions held open at once")
	pid := fs.Int("pid", 0, "server process id, for /proc/PID/status (required)")
	hold := fs.Duration("hold", 5*time.Second, "how long to hold the sessions before reading RSS")
	parallel := fs.Int("parallel", 4, "sessions being opened at the same time")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkOpts(o); err != nil {
		return err
	}
	if err := checkN("n", *n); err != nil {
		return err
	}
	if *pid <= 0 {
		return errors.New("--pid is required")
	}
	if *parallel < 1 || *parallel > 64 {
		return errors.New("--parallel must be between 1 and 64")
	}
	if *hold < 0 {
		return errors.New("--hold must not be negative")
	}

	res, err := runIdle(*o, *pid, *n, *parallel, *hold)
	printErrors(stderr, o.addr, res.errs)
	if err != nil {
		return fmt.Errorf("idle %s: %w", o.addr, err)
	}
	fmt.Fprintln(stdout, res.line(o.addr, *pid))
	if len(res.errs) > 0 {
		return fmt.Errorf("%d of %d sessions failed", len(res.errs), *n)
	}
	return nil
}
