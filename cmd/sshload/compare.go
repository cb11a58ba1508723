package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// target is one server taking part in a comparison.
type target struct {
	name  string
	opts  sessionOpts
	pid   int
	debug string // address of its --debug-listen, if any
}

func cmdCompare(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	shared := termFlags(fs)
	app := target{name: "app"}
	floor := target{name: "floor"}
	fs.StringVar(&app.opts.addr, "app", "127.0.0.1:2222", "address of the app server")
	fs.IntVar(&app.pid, "app-pid", 0, "process id of the app server (required for --idle)")
	fs.StringVar(&app.opts.expect, "app-expect", "", "visible text that shows the app UI is drawn")
	fs.StringVar(&floor.opts.addr, "floor", "127.0.0.1:2223", "address of the floor server (cmd/sshfloor)")
	fs.IntVar(&floor.pid, "floor-pid", 0, "process id of the floor server (required for --idle)")
	fs.StringVar(&floor.opts.expect, "floor-expect", "floor", "visible text that shows the floor UI is drawn")
	n := fs.Int("n", 50, "sequential connections per server")
	block := fs.Int("block", 10, "connections per server before switching to the other one")
	idle := fs.Int("idle", 200, "idle sessions held per server (0 skips the memory run)")
	hold := fs.Duration("hold", 5*time.Second, "how long to hold the idle sessions before reading RSS")
	parallel := fs.Int("parallel", 4, "idle sessions being opened at the same time")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, t := range []*target{&app, &floor} {
		t.opts.width, t.opts.height, t.opts.timeout = shared.width, shared.height, shared.timeout
		if err := checkOpts(&t.opts); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if *idle > 0 && t.pid <= 0 {
			return fmt.Errorf("--%s-pid is required unless --idle 0", t.name)
		}
	}
	if err := checkN("n", *n); err != nil {
		return err
	}
	if *idle != 0 {
		if err := checkN("idle", *idle); err != nil {
			return err
		}
	}
	if *block < 1 {
		return errors.New("--block must be at least 1")
	}
	if *parallel < 1 || *parallel > 64 {
		return errors.New("--parallel must be between 1 and 64")
	}

	// Memory per idle session first, one server after the other, while the
	// servers are fresh: a Go server keeps freed memory for a while, so
	// garbage left by earlier runs would skew the "before" reading.
	measure := func(t target) (*idleResult, error) {
		res, err := runIdle(t.opts, t.pid, *idle, *parallel, *hold)
		printErrors(stderr, t.opts.addr, res.errs)
		if err != nil {
			return nil, fmt.Errorf("idle %s %s: %w", t.name, t.opts.addr, err)
		}
		fmt.Fprintln(stderr, res.line(t.opts.addr, t.pid))
		return &res, nil
	}
	var appIdle, floorIdle *idleResult
	if *idle > 0 {
		var err error
		if appIdle, err = measure(app); err != nil {
			return err
		}
		if floorIdle, err = measure(floor); err != nil {
			return err
		}
	}

	// Connect latency, interleaved in blocks so both servers see the same
	// background noise on the machine.
	var appConn, floorConn connectResult
	for done := 0; done < *n; done += *block {
		k := min(*block, *n-done)
		appConn.run(app.opts, k)
		floorConn.run(floor.opts, k)
	}
	fmt.Fprintln(stderr, appConn.line(app.opts.addr))
	fmt.Fprintln(stderr, floorConn.line(floor.opts.addr))
	printErrors(stderr, app.opts.addr, appConn.errs)
	printErrors(stderr, floor.opts.addr, floorConn.errs)

	writeTable(stdout, *n, *idle, &appConn, &floorConn, appIdle, floorIdle)
	if fails := len(appConn.errs) + len(floorConn.errs); fails > 0 {
		return fmt.Errorf("%d connections failed", fails)
	}
	return nil
}

// writeTable prints the comparison as a markdown table.
func writeTable(w io.Writer, n, idle int, appConn, floorConn *connectResult, appIdle, floorIdle *idleResult) {
	fmt.Fprintln(w, "| metric | app | floor | ratio |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	a, f := summarize(appConn.samples), summarize(floorConn.samples)
	if a.n > 0 && f.n > 0 {
		row(w, fmt.Sprintf("connect median (ms, n=%d)", n), msf(a.p50), msf(f.p50))
		row(w, fmt.Sprintf("connect p90 (ms, n=%d)", n), msf(a.p90), msf(f.p90))
	}
	if appIdle != nil && floorIdle != nil {
		row(w, fmt.Sprintf("RSS per idle session (KiB, %d sessions)", idle),
			appIdle.perSession(), floorIdle.perSession())
		row(w, "server RSS before idle run (KiB)", float64(appIdle.before), float64(floorIdle.before))
		row(w, fmt.Sprintf("server CPU with %d idle sessions (ms per s)", idle), appIdle.cpuRate(), floorIdle.cpuRate())
	}
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func row(w io.Writer, metric string, app, floor float64) {
	ratio := "n/a"
	if floor > 0 {
		ratio = strconv.FormatFloat(app/floor, 'f', 2, 64)
	}
	fmt.Fprintf(w, "| %s | %.1f | %.1f | %s |\n", metric, app, floor, ratio)
}
