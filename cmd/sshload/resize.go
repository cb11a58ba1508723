package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// cmdResize measures what window changes cost a server: n sessions each
// send window-change requests at a rate, either repeating the size they
// have (--same) or alternating between it and one column less, and the
// server's CPU time and output per request are printed.
func cmdResize(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("resize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := targetFlags(fs)
	pid := fs.Int("pid", 0, "server process id, for its CPU time from /proc (required)")
	keys := fs.String("keys", "", "keys typed once --expect is seen (Go escapes: \\r opens the post under the app's cursor)")
	expectPost := fs.String("expect-post", "", "visible text that shows the keys took effect")
	n := fs.Int("n", 20, "sessions resizing at once")
	rate := fs.Float64("rate", 20, "window changes per second per session")
	dur := fs.Duration("duration", 10*time.Second, "how long the sessions resize")
	same := fs.Bool("same", false, "repeat the session's own size instead of alternating between two widths")
	parallel := fs.Int("parallel", 8, "sessions being opened at the same time")
	probe := fs.Duration("probe", 0, "if set, another reader (on its own connection) runs `ls` and opens the post (--keys, --expect-post) in turn this often during the storm, and their times are printed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	k, err := parseKeys(*keys)
	if err != nil {
		return err
	}
	o.keys, o.expectPost = k, *expectPost
	switch {
	case checkOpts(o) != nil:
		return checkOpts(o)
	case checkN("n", *n) != nil:
		return checkN("n", *n)
	case *pid <= 0:
		return errors.New("--pid is required")
	case *rate <= 0 || *rate > 1000:
		return errors.New("--rate must be in (0, 1000]")
	case *dur <= 0:
		return errors.New("--duration must be positive")
	case *parallel < 1 || *parallel > 64:
		return errors.New("--parallel must be between 1 and 64")
	case o.keys != "" && o.expectPost == "":
		return errors.New("--keys needs --expect-post")
	}

	var c crowd
	c.open(*o, *n, *parallel, nil)
	defer c.closeAll()
	printErrors(stderr, o.addr, c.errs)
	if c.opened() == 0 {
		return errors.New("no session could be opened")
	}
	time.Sleep(2 * time.Second) // first frames drawn and sent
	rx0 := c.received()
	c0, t0, err := cpuNow(*pid)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var (
		sent   atomic.Int64
		wg     sync.WaitGroup
		probed storeProbe
	)
	if *probe > 0 {
		client, err := dialProbe(o.addr, o.timeout)
		if err != nil {
			return err
		}
		defer client.Close()
		wg.Go(func() { probed = runProbe(ctx, client, *o, *probe) })
	}
	c.mu.Lock()
	for _, ls := range c.sessions {
		wg.Go(func() { resize(ctx, ls, o.width, o.height, *rate, *same, &sent) })
	}
	c.mu.Unlock()
	wg.Wait()
	time.Sleep(2 * time.Second) // the last redraws
	c1, t1, err := cpuNow(*pid)
	if err != nil {
		return err
	}
	reqs := max(1, sent.Load())
	fmt.Fprintf(stdout, "%s resize n=%d same=%v requests=%d server_cpu=%v over %v per_request=%.1f µs output_per_request=%.0f bytes dropped=%d\n",
		o.addr, c.opened(), *same, sent.Load(), c1-c0, t1.Sub(t0).Round(time.Millisecond),
		float64((c1-c0).Microseconds())/float64(reqs), float64(c.received()-rx0)/float64(reqs), c.dropped())
	if *probe > 0 {
		ls, open := summarize(probed.ls), summarize(probed.open)
		fmt.Fprintf(stdout, "%s during the storm: ls n=%d median=%s p95=%s max=%s ms; post open n=%d median=%s p95=%s max=%s ms; probe errors=%d\n",
			o.addr, ls.n, ms(ls.p50), ms(ls.p95), ms(ls.max), open.n, ms(open.p50), ms(open.p95), ms(open.max), len(probed.errs))
		for _, err := range probed.errs[:min(3, len(probed.errs))] {
			fmt.Fprintf(stderr, "probe: %v\n", err)
		}
	}
	return nil
}

// resize sends window changes on ls at rate per second until ctx ends:
// its own size again if same, else one column less and back in turn.
func resize(ctx context.Context, ls *liveSession, width, height int, rate float64, same bool, sent *atomic.Int64) {
	t := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer t.Stop()
	for i := 0; ; i++ {
		w := width
		if !same && i%2 == 0 {
			w = width - 1
		}
		if ls.sess.WindowChange(height, w) != nil {
			return
		}
		sent.Add(1)
		select {
		case <-ctx.Done():
			return
		case <-ls.done:
			return
		case <-t.C:
		}
	}
}
