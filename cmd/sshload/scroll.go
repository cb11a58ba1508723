package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sshblog/sshblog/internal/procstat"
)

// scrollRun is one measured phase of cmdScroll against one server.
type scrollRun struct {
	opened   int
	errs     []error
	keys     int64
	dropped  int
	idleCPU  time.Duration // used by the open sessions over the idle window
	idleFor  time.Duration
	busyCPU  time.Duration // used from the first key until settle after the last
	busyFor  time.Duration
	received int64           // output bytes over the scrolling phase
	toolCPU  time.Duration   // this process's CPU over the scrolling phase
	delays   []time.Duration // key to the next output, see liveSession.typed
}

// delay is the q-th percentile of the key-to-output delays, in ms.
func (r scrollRun) delay(q int) float64 {
	if len(r.delays) == 0 {
		return 0
	}
	s := slices.Clone(r.delays)
	slices.Sort(s)
	return msf(nearestRank(s, q))
}

// perKey is the server CPU per key typed, in µs.
func (r scrollRun) perKey() float64 {
	if r.keys == 0 {
		return 0
	}
	return float64(r.busyCPU.Microseconds()) / float64(r.keys)
}

// perKeyNet is perKey less the CPU the same sessions use sitting idle
// (bubbletea's frame ticker, timers), scaled to the scrolling phase.
func (r scrollRun) perKeyNet() float64 {
	if r.keys == 0 || r.idleFor == 0 {
		return 0
	}
	idle := float64(r.idleCPU) * float64(r.busyFor) / float64(r.idleFor)
	return (float64(r.busyCPU) - idle) / float64(time.Microsecond) / float64(r.keys)
}

// idleRate is the CPU of the open sessions sitting idle, in ms per second.
func (r scrollRun) idleRate() float64 {
	if r.idleFor == 0 {
		return 0
	}
	return float64(r.idleCPU) / float64(time.Millisecond) / r.idleFor.Seconds()
}

func (r scrollRun) line(t *target, round int) string {
	return fmt.Sprintf("%s round %d: opened=%d failed=%d (%s) dropped=%d keys=%d busy_cpu=%v over %v idle_cpu=%v over %v per_key=%.1f µs net=%.1f µs bytes_per_key=%.0f key_to_output_ms p50=%.1f p95=%.1f (n=%d) load_tool_cpu=%v",
		t.name, round, r.opened, len(r.errs), failures(r.errs), r.dropped, r.keys,
		r.busyCPU, r.busyFor.Round(time.Millisecond), r.idleCPU, r.idleFor.Round(time.Millisecond),
		r.perKey(), r.perKeyNet(), float64(r.received)/float64(max(1, r.keys)),
		r.delay(50), r.delay(95), len(r.delays), r.toolCPU)
}

// scrollParams are the knobs of cmdScroll.
type scrollParams struct {
	n, parallel, span int
	rate              float64
	idle, dur, settle time.Duration
	// profiles, if set, is a folder where the CPU profiles of each
	// server's idle and scrolling windows are written (from its
	// --debug-listen), named SERVER-rROUND-idle.pprof and -scroll.pprof.
	profiles string
	// typed, if set, is typed in a loop instead of scroll keys: with
	// --app-keys / it measures search as you type.
	typed string
}

// runScroll opens p.n sessions on the post, measures the server's CPU while
// they sit idle, then while they scroll, and closes them.
func runScroll(t *target, p scrollParams, round int) (scrollRun, error) {
	var res scrollRun
	var c crowd
	c.open(t.opts, p.n, p.parallel, nil)
	defer c.closeAll()
	res.opened, res.errs = c.opened(), c.errs
	if res.opened == 0 {
		return res, errors.New("no session could be opened")
	}
	// Let the first frames, renders and handshakes finish.
	time.Sleep(p.settle)

	c0, t0, err := cpuNow(t.pid)
	if err != nil {
		return res, err
	}
	prof := profile(t, p, round, "idle", p.idle)
	time.Sleep(p.idle)
	if err := prof(); err != nil {
		return res, err
	}
	c1, t1, err := cpuNow(t.pid)
	if err != nil {
		return res, err
	}
	res.idleCPU, res.idleFor = c1-c0, t1.Sub(t0)

	rx0 := c.received()
	tool0, _ := procstat.CPU(os.Getpid())
	ctx, cancel := context.WithTimeout(context.Background(), p.dur)
	var sent atomic.Int64
	var wg sync.WaitGroup
	var lat latencies
	prof = profile(t, p, round, "scroll", p.dur)
	c.mu.Lock()
	for _, ls := range c.sessions {
		ls.lat.Store(&lat)
		keys := scrollKeys(p.span)
		if p.typed != "" {
			keys = typedKeys(p.typed)
		}
		wg.Go(func() { scroll(ctx, ls, p.rate, keys, &sent) })
	}
	c.mu.Unlock()
	wg.Wait()
	cancel()
	// Frames for the last keys are still being drawn and sent.
	time.Sleep(p.settle)
	if err := prof(); err != nil {
		return res, err
	}
	res.delays = lat.samples()
	c2, t2, err := cpuNow(t.pid)
	if err != nil {
		return res, err
	}
	res.busyCPU, res.busyFor = c2-c1, t2.Sub(t1)
	tool1, _ := procstat.CPU(os.Getpid())
	res.toolCPU = tool1 - tool0
	res.keys = sent.Load()
	res.received = c.received() - rx0
	res.dropped = c.dropped()
	return res, nil
}

func cmdScroll(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scroll", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pr := pairFlags(fs)
	var p scrollParams
	fs.IntVar(&p.n, "n", 20, "sessions scrolling at once, per server")
	fs.Float64Var(&p.rate, "rate", 10, "scroll keys per second per session")
	fs.DurationVar(&p.dur, "duration", 10*time.Second, "how long the sessions scroll in each round")
	fs.DurationVar(&p.idle, "idle", 3*time.Second, "how long the open sessions sit idle first, to measure their CPU without keys")
	fs.DurationVar(&p.settle, "settle", 2*time.Second, "wait after opening and after the last key, before reading CPU time")
	fs.IntVar(&p.span, "span", 40, "keys down (j) before as many up (k): keep it below the post's length in lines minus a screen")
	fs.IntVar(&p.parallel, "parallel", 8, "sessions being opened at the same time")
	rounds := fs.Int("rounds", 3, "rounds per server, alternating between the two (app, floor, floor, app, ...)")
	fs.StringVar(&p.profiles, "profiles", "", "folder for CPU profiles of each idle and scrolling window (needs --app-debug and --floor-debug; profiling costs the servers a little CPU)")
	fs.StringVar(&pr.app.debug, "app-debug", "", "the app's --debug-listen address, for --profiles")
	fs.StringVar(&pr.floor.debug, "floor-debug", "", "the floor's --debug-listen address, for --profiles")
	typed := fs.String("type", "", "text typed in a loop, a character a key, instead of scroll keys, Go escapes (\\x7f is backspace): with --app-keys / each key is a search as you type")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *typed != "" {
		t, err := parseKeys(*typed)
		if err != nil {
			return fmt.Errorf("--type: %w", err)
		}
		p.typed = t
	}
	if p.profiles != "" && (pr.app.debug == "" || pr.floor.debug == "") {
		return errors.New("--profiles needs --app-debug and --floor-debug")
	}
	if err := pr.finish(true); err != nil {
		return err
	}
	switch {
	case checkN("n", p.n) != nil:
		return checkN("n", p.n)
	case p.rate <= 0 || p.rate > 1000:
		return errors.New("--rate must be in (0, 1000]")
	case p.dur <= 0 || p.idle <= 0 || p.settle < 0:
		return errors.New("--duration and --idle must be positive, --settle not negative")
	case p.parallel < 1 || p.parallel > 64:
		return errors.New("--parallel must be between 1 and 64")
	case *rounds < 1 || *rounds > 100:
		return errors.New("--rounds must be between 1 and 100")
	}
	fmt.Fprintf(stderr, "scroll: %d sessions per server, %.0f keys/s each for %v, %d rounds, PTY %dx%d\n",
		p.n, p.rate, p.dur, *rounds, pr.shared.width, pr.shared.height)

	results := map[string][]scrollRun{}
	for r := range *rounds {
		// ABBA order: the server measured first in a round alternates,
		// so a machine getting busier or quieter favours neither.
		order := pr.targets()
		if r%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for _, t := range order {
			res, err := runScroll(t, p, r+1)
			printErrors(stderr, t.opts.addr, res.errs)
			if err != nil {
				return fmt.Errorf("scroll %s %s: %w", t.name, t.opts.addr, err)
			}
			fmt.Fprintln(stderr, res.line(t, r+1))
			results[t.name] = append(results[t.name], res)
		}
	}
	writeScrollTable(stdout, p, *rounds, results["app"], results["floor"])
	var failed int
	for _, runs := range results {
		for _, r := range runs {
			failed += len(r.errs) + r.dropped
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d sessions failed to open or were dropped", failed)
	}
	return nil
}

// writeScrollTable prints medians over the rounds as a markdown table.
func writeScrollTable(w io.Writer, p scrollParams, rounds int, app, floor []scrollRun) {
	med := func(runs []scrollRun, f func(scrollRun) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		return medianFloat(v)
	}
	both := func(f func(scrollRun) float64) (float64, float64) { return med(app, f), med(floor, f) }
	fmt.Fprintln(w, "| metric | app | floor | ratio |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	a, f := both(scrollRun.perKey)
	row(w, fmt.Sprintf("server CPU per scroll key (µs, median of %d rounds)", rounds), a, f)
	a, f = both(scrollRun.perKeyNet)
	row(w, "same, less the open sessions' idle CPU (µs)", a, f)
	a, f = both(scrollRun.idleRate)
	row(w, fmt.Sprintf("idle CPU of %d open sessions (ms per s)", p.n), a, f)
	a, f = both(func(r scrollRun) float64 { return float64(r.received) / float64(max(1, r.keys)) })
	row(w, "output per key (bytes)", a, f)
	a, f = both(func(r scrollRun) float64 { return r.delay(50) })
	row(w, "key to the next output, median (ms)", a, f)
	a, f = both(func(r scrollRun) float64 { return r.delay(95) })
	row(w, "key to the next output, p95 (ms)", a, f)
	a, f = both(func(r scrollRun) float64 { return float64(r.keys) })
	row(w, fmt.Sprintf("keys per round (%d sessions x %.0f/s x %v)", p.n, p.rate, p.dur), a, f)
}

// profile starts fetching a CPU profile of t's next d, if p.profiles is
// set, and returns a function that waits for it and writes it out.
func profile(t *target, p scrollParams, round int, phase string, d time.Duration) func() error {
	if p.profiles == "" {
		return func() error { return nil }
	}
	secs := max(1, int(d/time.Second))
	path := filepath.Join(p.profiles, fmt.Sprintf("%s-r%d-%s.pprof", t.name, round, phase))
	done := make(chan error, 1)
	go func() { done <- fetchProfile(t.debug, secs, path) }()
	return func() error { return <-done }
}

// fetchProfile writes the CPU profile of the next secs seconds of the server
// at debug (its --debug-listen address) to path.
func fetchProfile(debug string, secs int, path string) error {
	client := http.Client{Timeout: time.Duration(secs+30) * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", debug, secs))
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("cpu profile from %s: %s", debug, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("cpu profile to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cpu profile to %s: %w", path, err)
	}
	return nil
}

// cpuNow reads the CPU time process pid has used, and when.
func cpuNow(pid int) (time.Duration, time.Time, error) {
	d, err := procstat.CPU(pid)
	return d, time.Now(), err
}
