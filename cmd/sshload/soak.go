package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sshblog/sshblog/internal/procstat"
)

// soakParams are the knobs of cmdSoak (issue 6, item 7).
type soakParams struct {
	readers, parallel, span, runs       int
	rate                                float64
	dur, probeEvery, sampleEvery, every time.Duration
	contentFile                         string
	timeout                             time.Duration
}

// rssSample is the server's RSS at a time since the soak window opened
// (negative during the ramp).
type rssSample struct {
	at  time.Duration
	kib int64
}

// soakResult is what one server did under the soak.
type soakResult struct {
	ramp       time.Duration // opening every reader
	opened     int
	readerErrs []error
	dropped    int
	keys       int64
	probes     []time.Duration // connect until the first screen, fresh connections
	probeErrs  []error
	rss        []rssSample
	changes    int // content rewrites
	changeErr  error
	toolCPU    time.Duration   // this process's CPU over the window
	serverCPU  time.Duration   // the server's CPU over the window
	delays     []time.Duration // key to the next output, readers over the window
}

// rssWindow returns the mean RSS (KiB) of the window's first and last 10
// seconds and the least-squares slope after the first 10 (KiB per minute).
func (r soakResult) rssWindow(dur time.Duration) (first, last, perMin float64) {
	var f, l, xs, ys []float64
	for _, s := range r.rss {
		if s.at < 0 || s.at > dur {
			continue
		}
		k := float64(s.kib)
		if s.at < 10*time.Second {
			f = append(f, k)
		} else {
			xs, ys = append(xs, s.at.Minutes()), append(ys, k)
		}
		if s.at > dur-10*time.Second {
			l = append(l, k)
		}
	}
	return meanFloat(f), meanFloat(l), slope(xs, ys)
}

// runSoak holds p.readers scrolling readers on t for p.dur, probing fresh
// connections and sampling RSS, and rewriting p.contentFile if changes.
func runSoak(t *target, p soakParams, changes bool, stderr io.Writer) (soakResult, error) {
	var res soakResult
	if _, err := procstat.RSS(t.pid); err != nil {
		return res, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var bg sync.WaitGroup // everything started here, stopped by cancel
	defer bg.Wait()

	// RSS through ramp and window; times are set relative to the window.
	var mu sync.Mutex
	var sampled []time.Time
	var kibs []int64
	bg.Go(func() {
		tick := time.NewTicker(p.sampleEvery)
		defer tick.Stop()
		for {
			if kib, err := procstat.RSS(t.pid); err == nil {
				mu.Lock()
				sampled, kibs = append(sampled, time.Now()), append(kibs, kib)
				mu.Unlock()
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})

	// Readers scroll from the moment their post is open.
	var c crowd
	var sent atomic.Int64
	rampStart := time.Now()
	var lat latencies
	c.open(t.opts, p.readers, p.parallel, func(ls *liveSession) {
		ls.lat.Store(&lat)
		bg.Go(func() { scroll(ctx, ls, p.rate, scrollKeys(p.span), &sent) })
	})
	defer c.closeAll()
	res.ramp = time.Since(rampStart)
	res.opened, res.readerErrs = c.opened(), c.errs
	fmt.Fprintf(stderr, "%s: %d readers open in %v (%s failed)\n", t.name, res.opened, res.ramp.Round(time.Millisecond), failures(res.readerErrs))

	windowStart := time.Now()
	keys0 := sent.Load()
	tool0, _ := procstat.CPU(os.Getpid())
	server0, _ := procstat.CPU(t.pid)
	lat.reset() // the window's keys only
	if changes && p.contentFile != "" {
		bg.Go(func() { res.changes, res.changeErr = churn(ctx, p.contentFile, p.every) })
	}
	probeOpts := t.opts
	probeOpts.keys, probeOpts.expectPost = "", ""
	var probes sync.WaitGroup
	var pmu sync.Mutex
	bg.Go(func() {
		tick := time.NewTicker(p.probeEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			// Each probe in its own goroutine, so a slow one does not
			// delay the next: the prober sees the server as a newcomer
			// arriving every probeEvery would.
			probes.Go(func() {
				ls, err := openSession(probeOpts)
				pmu.Lock()
				defer pmu.Unlock()
				if err != nil {
					res.probeErrs = append(res.probeErrs, err)
					return
				}
				res.probes = append(res.probes, ls.elapsed)
				_ = ls.Close()
			})
		}
	})

	time.Sleep(p.dur)
	tool1, _ := procstat.CPU(os.Getpid())
	server1, _ := procstat.CPU(t.pid)
	res.toolCPU, res.serverCPU = tool1-tool0, server1-server0
	res.delays = lat.samples()
	res.keys = sent.Load() - keys0
	res.dropped = c.dropped()
	cancel()
	bg.Wait() // the prober has stopped starting probes
	probes.Wait()
	for i, at := range sampled {
		res.rss = append(res.rss, rssSample{at: at.Sub(windowStart), kib: kibs[i]})
	}
	return res, nil
}

// churn rewrites path every interval until ctx ends, as a writer saving a
// post over and over would, and returns how many times it wrote. A file it
// created is removed at the end. The post is dated 2001, so it sorts last
// in the list and the cursor stays on the newest post.
func churn(ctx context.Context, path string, every time.Duration) (int, error) {
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	if created {
		defer os.Remove(path)
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for n := 1; ; n++ {
		body := fmt.Sprintf("---\ntitle: \"Churn\"\ndate: 2001-01-01T00:00:00Z\n---\n\nRevision %d of a post rewritten by sshload soak.\n", n)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			return n - 1, fmt.Errorf("rewrite %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			return n, nil
		case <-tick.C:
		}
	}
}

func cmdSoak(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pr := pairFlags(fs)
	var p soakParams
	fs.IntVar(&p.readers, "readers", 200, "readers scrolling at once, per server")
	fs.Float64Var(&p.rate, "rate", 10, "scroll keys per second per reader")
	fs.DurationVar(&p.dur, "duration", 60*time.Second, "length of the measured window, after every reader is open")
	fs.IntVar(&p.parallel, "connect-parallel", 16, "readers handshaking at once during the ramp (rate limits must allow it)")
	fs.DurationVar(&p.probeEvery, "probe-every", 500*time.Millisecond, "a fresh connection is timed from dial to its first screen this often")
	fs.DurationVar(&p.sampleEvery, "sample-every", time.Second, "how often the server's RSS is read")
	fs.StringVar(&p.contentFile, "content-file", "", "a post file in the app's content folder to rewrite during the window (created and removed if missing; empty: no changes)")
	fs.DurationVar(&p.every, "content-every", 200*time.Millisecond, "how often --content-file is rewritten")
	fs.IntVar(&p.span, "span", 40, "keys down (j) before as many up (k)")
	fs.IntVar(&p.runs, "runs", 1, "soak each server this many times, alternating (app, floor, floor, app, ...); latencies are pooled over the runs and the open-latency p95 is also given run by run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := pr.finish(true); err != nil {
		return err
	}
	p.timeout = pr.shared.timeout
	switch {
	case checkN("readers", p.readers) != nil:
		return checkN("readers", p.readers)
	case p.rate <= 0 || p.rate > 1000:
		return errors.New("--rate must be in (0, 1000]")
	case p.dur < 20*time.Second:
		return errors.New("--duration must be at least 20s (RSS is compared between its first and last 10 s)")
	case p.parallel < 1 || p.parallel > 256:
		return errors.New("--connect-parallel must be between 1 and 256")
	case p.runs < 1 || p.runs > 20:
		return errors.New("--runs must be between 1 and 20")
	case p.probeEvery <= 0 || p.sampleEvery <= 0 || p.every <= 0:
		return errors.New("--probe-every, --sample-every and --content-every must be positive")
	}
	fmt.Fprintf(stderr, "soak: %d readers per server at %.0f keys/s for %v; connects: at most %d handshakes in flight during the ramp, plus 1 probe every %v (so up to %d+ at once from 127.0.0.1); content: %s\n",
		p.readers, p.rate, p.dur, p.parallel, p.probeEvery, p.parallel+1, contentNote(p))

	results := map[string][]soakResult{}
	for _, t := range soakOrder(pr.targets(), p.runs) {
		res, err := runSoak(t, p, t.name == "app", stderr)
		printErrors(stderr, t.opts.addr+" readers", res.readerErrs)
		printErrors(stderr, t.opts.addr+" probes", res.probeErrs)
		if err != nil {
			return fmt.Errorf("soak %s %s: %w", t.name, t.opts.addr, err)
		}
		if res.changeErr != nil {
			return res.changeErr
		}
		results[t.name] = append(results[t.name], res)
	}
	writeSoakTable(stdout, p, results["app"], results["floor"])
	var bad int
	for _, rs := range results {
		for _, r := range rs {
			bad += len(r.readerErrs) + len(r.probeErrs) + r.dropped
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d failures or drops (see the table)", bad)
	}
	return nil
}

// soakOrder is the order of runs-many soaks of each of targets: in turn,
// the order reversed every other round (A B B A A B ...), so that a
// machine whose load drifts over the minutes weighs on both alike.
func soakOrder[T any](targets []T, runs int) []T {
	var order []T
	for i := range runs {
		for j := range targets {
			if i%2 == 1 {
				j = len(targets) - 1 - j
			}
			order = append(order, targets[j])
		}
	}
	return order
}

// pooled is the runs of one server as one: their samples, counts and
// CPU together; ramp and opened are the worst run's.
func pooled(runs []soakResult) soakResult {
	var all soakResult
	for i, r := range runs {
		all.ramp = max(all.ramp, r.ramp)
		if i == 0 || r.opened < all.opened {
			all.opened = r.opened
		}
		all.readerErrs = append(all.readerErrs, r.readerErrs...)
		all.dropped += r.dropped
		all.keys += r.keys
		all.probes = append(all.probes, r.probes...)
		all.probeErrs = append(all.probeErrs, r.probeErrs...)
		all.changes += r.changes
		all.toolCPU += r.toolCPU
		all.serverCPU += r.serverCPU
		all.delays = append(all.delays, r.delays...)
	}
	return all
}

func contentNote(p soakParams) string {
	if p.contentFile == "" {
		return "unchanged (no --content-file)"
	}
	return fmt.Sprintf("app's %s rewritten every %v", p.contentFile, p.every)
}

// writeSoakTable prints the soak of both servers as a markdown table:
// the runs of each server pooled (counts and CPU are per run), then the
// open-latency p95 and RSS of each run, and the median of the runs'
// p95 ratios.
func writeSoakTable(w io.Writer, p soakParams, appRuns, floorRuns []soakResult) {
	app, floor := pooled(appRuns), pooled(floorRuns)
	n := float64(max(1, len(appRuns)))
	window := p.dur.Seconds() * n // seconds measured, all runs
	fmt.Fprintln(w, "| metric | app | floor | ratio |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	count := func(metric string, f func(soakResult) int) {
		fmt.Fprintf(w, "| %s | %d | %d | |\n", metric, f(app), f(floor))
	}
	if len(appRuns) > 1 {
		fmt.Fprintf(w, "| runs of each server (alternating; counts and samples below are of all runs) | %d | %d | |\n", len(appRuns), len(floorRuns))
	}
	count(fmt.Sprintf("readers open (of %d; the fewest of a run)", p.readers), func(r soakResult) int { return r.opened })
	all := func(r soakResult) []error { return append(append([]error{}, r.readerErrs...), r.probeErrs...) }
	count("failed opens: TCP connect or SSH handshake (readers and probes)", func(r soakResult) int {
		return countStage(all(r), stageHandshake) + countStage(all(r), stageDial)
	})
	count("failed opens: after the handshake (session, PTY, first screen, post)", func(r soakResult) int {
		return len(all(r)) - countStage(all(r), stageHandshake) - countStage(all(r), stageDial)
	})
	count(fmt.Sprintf("failed opens that ran past the %v --timeout (of the above)", p.timeout), func(r soakResult) int { return countTimedOut(all(r)) })
	count("readers dropped by the server", func(r soakResult) int { return r.dropped })
	row(w, fmt.Sprintf("ramp: all readers open (s, %d handshakes at a time; the slowest run)", p.parallel), app.ramp.Seconds(), floor.ramp.Seconds())
	row(w, "scroll keys per second, all readers", float64(app.keys)/window, float64(floor.keys)/window)
	row(w, "server CPU over the window (s per s; the machine has "+strconv.Itoa(runtime.NumCPU())+")", app.serverCPU.Seconds()/window, floor.serverCPU.Seconds()/window)
	count("probes (a fresh connection to the first screen)", func(r soakResult) int { return len(r.probes) })
	a, f := summarize(app.probes), summarize(floor.probes)
	row(w, "open latency p50 (ms)", msf(a.p50), msf(f.p50))
	row(w, "open latency p95 (ms)", msf(a.p95), msf(f.p95))
	row(w, "open latency max (ms)", msf(a.max), msf(f.max))
	if len(appRuns) > 1 && len(appRuns) == len(floorRuns) {
		var ratios []float64
		for i := range appRuns {
			ap, fp := summarize(appRuns[i].probes).p95, summarize(floorRuns[i].probes).p95
			row(w, fmt.Sprintf("open latency p95, run %d (ms)", i+1), msf(ap), msf(fp))
			if fp > 0 {
				ratios = append(ratios, float64(ap)/float64(fp))
			}
		}
		fmt.Fprintf(w, "| open latency p95, median of the runs' ratios | | | %.2f |\n", medianFloat(ratios))
	}
	a, f = summarize(app.delays), summarize(floor.delays)
	row(w, "readers' key to the next output, p50 (ms)", msf(a.p50), msf(f.p50))
	row(w, "readers' key to the next output, p95 (ms)", msf(a.p95), msf(f.p95))
	for i := range appRuns {
		label := ""
		if len(appRuns) > 1 {
			label = fmt.Sprintf(", run %d", i+1)
		}
		var fr soakResult
		if i < len(floorRuns) {
			fr = floorRuns[i]
		}
		a1, a2, as := appRuns[i].rssWindow(p.dur)
		f1, f2, fsl := fr.rssWindow(p.dur)
		row(w, "RSS, mean of the first 10 s (MiB"+label+")", a1/1024, f1/1024)
		row(w, "RSS, mean of the last 10 s (MiB"+label+")", a2/1024, f2/1024)
		fmt.Fprintf(w, "| RSS slope after the first 10 s (MiB/min%s) | %+.2f | %+.2f | |\n", label, as/1024, fsl/1024)
	}
	count(fmt.Sprintf("content rewrites (every %v)", p.every), func(r soakResult) int { return r.changes })
	fmt.Fprintf(w, "| load tool's own CPU over the window (s per s) | %.2f | %.2f | |\n", app.toolCPU.Seconds()/window, floor.toolCPU.Seconds()/window)
}
