package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/sshblog/sshblog/internal/debughttp"
)

// roundsParams are the knobs of cmdRounds (issue 6, item 3).
type roundsParams struct {
	rounds, n, parallel, span, burst int
	rate                             float64
	scroll, wait                     time.Duration
}

// roundResult is a server's state after one round (round 0: before any).
type roundResult struct {
	stats   debughttp.Stats
	opened  int
	errs    []error
	dropped int
	keys    int64
}

// readStats fetches the runtime figures of a server's --debug-listen.
func readStats(addr string) (debughttp.Stats, error) {
	var s debughttp.Stats
	client := http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get("http://" + addr + debughttp.StatsPath)
	if err != nil {
		return s, fmt.Errorf("debug stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("debug stats from %s: %s", addr, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return s, fmt.Errorf("debug stats from %s: %w", addr, err)
	}
	return s, nil
}

// runRound opens p.n readers on t, lets them scroll for p.scroll, cuts
// every connection while keys are still being typed, waits p.wait and
// reads the server's goroutines and live heap.
func runRound(t *target, p roundsParams) (roundResult, error) {
	var res roundResult
	var c crowd
	var sent atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Open every reader first and only then scroll, so that a server
	// slowed by scrolling readers does not fail the later opens: each
	// round should leave the same number of readers behind.
	c.open(t.opts, p.n, p.parallel, nil)
	res.opened, res.errs = c.opened(), c.errs
	c.mu.Lock()
	for _, ls := range c.sessions {
		go scroll(ctx, ls, p.rate, scrollKeys(p.span), &sent)
	}
	c.mu.Unlock()
	time.Sleep(p.scroll)
	res.dropped = c.dropped()
	// Cut while the scrollers still type, right after a burst (a held
	// key), so that keys are still on their way through the server's
	// input reader when the connection dies under them.
	c.each(func(ls *liveSession) {
		if p.burst > 0 {
			burst := make([]byte, p.burst)
			for i := range burst {
				burst[i] = scrollKey(i, p.span)
			}
			if _, err := ls.stdin.Write(burst); err == nil {
				sent.Add(int64(p.burst))
			}
		}
		ls.cut()
	})
	cancel()
	res.keys = sent.Load()
	time.Sleep(p.wait)
	s, err := readStats(t.debug)
	res.stats = s
	return res, err
}

func cmdRounds(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rounds", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pr := pairFlags(fs)
	fs.StringVar(&pr.app.debug, "app-debug", "127.0.0.1:6060", "the app's --debug-listen address")
	fs.StringVar(&pr.floor.debug, "floor-debug", "127.0.0.1:6061", "the floor's --debug-listen address")
	var p roundsParams
	fs.IntVar(&p.rounds, "rounds", 3, "rounds per server")
	fs.IntVar(&p.n, "n", 100, "readers per round")
	fs.Float64Var(&p.rate, "rate", 20, "scroll keys per second per reader (key repeat is about 30)")
	fs.DurationVar(&p.scroll, "scroll", 3*time.Second, "how long readers scroll, once all are open, before their connections are cut")
	fs.DurationVar(&p.wait, "wait", 5*time.Second, "wait after the cut before reading goroutines and heap")
	fs.IntVar(&p.parallel, "parallel", 16, "readers handshaking at once")
	fs.IntVar(&p.span, "span", 40, "keys down (j) before as many up (k)")
	fs.IntVar(&p.burst, "burst", 32, "keys each reader types at once right before its connection is cut")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := pr.finish(false); err != nil {
		return err
	}
	switch {
	case p.rounds < 1 || p.rounds > 100:
		return errors.New("--rounds must be between 1 and 100")
	case checkN("n", p.n) != nil:
		return checkN("n", p.n)
	case p.rate <= 0 || p.rate > 1000:
		return errors.New("--rate must be in (0, 1000]")
	case p.scroll <= 0 || p.wait < 0:
		return errors.New("--scroll must be positive and --wait not negative")
	case p.parallel < 1 || p.parallel > 256:
		return errors.New("--parallel must be between 1 and 256")
	case p.burst < 0 || p.burst > 4096:
		return errors.New("--burst must be between 0 and 4096")
	}
	fmt.Fprintf(stderr, "rounds: %d rounds of %d readers per server, scrolling at %.0f keys/s for %v, then %d keys at once and cut (TCP reset); stats %v later\n",
		p.rounds, p.n, p.rate, p.scroll, p.burst, p.wait)

	results := map[string][]roundResult{}
	for _, t := range pr.targets() {
		s, err := readStats(t.debug)
		if err != nil {
			return fmt.Errorf("%s: %w (is it running with --debug-listen %s?)", t.name, err, t.debug)
		}
		results[t.name] = []roundResult{{stats: s}}
		fmt.Fprintf(stderr, "%s before: %s\n", t.name, statsLine(s))
	}
	for r := 1; r <= p.rounds; r++ {
		order := pr.targets()
		if r%2 == 0 {
			order[0], order[1] = order[1], order[0]
		}
		for _, t := range order {
			res, err := runRound(t, p)
			printErrors(stderr, t.opts.addr, res.errs)
			if err != nil {
				return fmt.Errorf("%s round %d: %w", t.name, r, err)
			}
			fmt.Fprintf(stderr, "%s round %d: opened=%d failed=%d (%s) dropped=%d keys=%d %s\n",
				t.name, r, res.opened, len(res.errs), failures(res.errs), res.dropped, res.keys, statsLine(res.stats))
			results[t.name] = append(results[t.name], res)
		}
	}
	writeRoundsTable(stdout, p, results["app"], results["floor"])
	var bad int
	for _, rs := range results {
		for _, r := range rs {
			bad += len(r.errs) + r.dropped
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d readers failed to open or were dropped early", bad)
	}
	return nil
}

func statsLine(s debughttp.Stats) string {
	return fmt.Sprintf("goroutines=%d heap_alloc=%.1f MiB heap_inuse=%.1f MiB rss=%.1f MiB",
		s.Goroutines, mib(s.HeapAlloc), mib(s.HeapInuse), float64(s.RSSKiB)/1024)
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// change is the relative change from a to b in percent.
func change(a, b float64) float64 {
	if a == 0 {
		return 0
	}
	return (b - a) / a * 100
}

// writeRoundsTable prints goroutines and live heap after each round, and
// the last round against the first, as a markdown table.
func writeRoundsTable(w io.Writer, p roundsParams, app, floor []roundResult) {
	fmt.Fprintln(w, "| after round | app goroutines | app live heap (MiB) | app RSS (MiB) | floor goroutines | floor live heap (MiB) | floor RSS (MiB) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for i := range min(len(app), len(floor)) {
		name := fmt.Sprint(i)
		if i == 0 {
			name = "none (started)"
		}
		a, f := app[i].stats, floor[i].stats
		fmt.Fprintf(w, "| %s | %d | %.1f | %.1f | %d | %.1f | %.1f |\n", name,
			a.Goroutines, mib(a.HeapAlloc), float64(a.RSSKiB)/1024, f.Goroutines, mib(f.HeapAlloc), float64(f.RSSKiB)/1024)
	}
	if len(app) > 2 && len(floor) > 2 {
		a1, an := app[1].stats, app[len(app)-1].stats
		f1, fn := floor[1].stats, floor[len(floor)-1].stats
		fmt.Fprintf(w, "| round %d vs round 1 | %+.1f%% | %+.1f%% | %+.1f%% | %+.1f%% | %+.1f%% | %+.1f%% |\n", len(app)-1,
			change(float64(a1.Goroutines), float64(an.Goroutines)), change(mib(a1.HeapAlloc), mib(an.HeapAlloc)), change(float64(a1.RSSKiB), float64(an.RSSKiB)),
			change(float64(f1.Goroutines), float64(fn.Goroutines)), change(mib(f1.HeapAlloc), mib(fn.HeapAlloc)), change(float64(f1.RSSKiB), float64(fn.RSSKiB)))
	}
	fmt.Fprintf(w, "\n%d readers a round, %.0f keys/s each for %v, then %d keys at once and the connection reset; figures read %v after the cut, after a GC.\n",
		p.n, p.rate, p.scroll, p.burst, p.wait)
}
