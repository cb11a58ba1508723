// Command sshload measures an SSH TUI server from the outside, so the blog's
// performance figures can be rerun by anyone.
//
// Every session it opens is anonymous (user "bench", "none" auth), asks for a
// PTY, starts a shell and reads the output until a given piece of visible
// text appears, ANSI escape sequences stripped. That text proves the UI is
// really drawn, not just that the handshake finished.
//
// Subcommands:
//
//	sshload connect --addr 127.0.0.1:2222 --n 50 --expect TEXT
//	    N sequential connections; prints min/median/p90/max time from TCP
//	    dial until TEXT is on screen, sessions per second, and with --pids
//	    the CPU time per session of those processes (server, balancer).
//	sshload idle --addr 127.0.0.1:2222 --n 200 --pid PID --expect TEXT
//	    holds N concurrent sessions open and prints the server's VmRSS
//	    before and after, the growth per session in KiB, and the server's
//	    CPU while they sit idle (read over the hold: use --hold 20s or more
//	    for a CPU figure, /proc counts in 10 ms steps).
//	sshload compare --app 127.0.0.1:2222 --app-pid PID --app-expect TEXT \
//	    --floor 127.0.0.1:2223 --floor-pid PID --floor-expect floor
//	    runs both against the app and the floor server (cmd/sshfloor),
//	    interleaved, and prints a markdown table.
//	sshload site --dir /tmp/site
//	    writes a content folder with a long post, for the commands below;
//	    run the floor on the same post: sshfloor --post /tmp/site/posts/long-read.md
//	sshload scroll --app-pid PID --floor-pid PID [--n 20 --rate 10 --duration 10s]
//	    N sessions per server open the post and scroll; prints the server's
//	    CPU time (/proc/PID/stat) per scroll key and the time from a key to
//	    the next output, app against floor. With --profiles DIR (and
//	    --app-debug/--floor-debug) it also saves CPU profiles of each
//	    server's idle and scrolling windows.
//	sshload soak --app-pid PID --floor-pid PID --content-file /tmp/site/posts/churn.md
//	    200 readers scroll at 10 keys/s for 60 s while the app's content
//	    changes every 200 ms and a prober times a fresh connection every
//	    0.5 s; prints failures, drops, open latency and RSS over time.
//	sshload resize --addr 127.0.0.1:2222 --pid PID --expect "q quit" [--same]
//	    N sessions send window changes (alternating widths, or their own
//	    size again with --same); prints the server's CPU and output per
//	    window change.
//	sshload rounds --app-debug 127.0.0.1:6060 --floor-debug 127.0.0.1:6061
//	    rounds of 100 readers whose connections are cut mid-scroll; prints
//	    goroutines and live heap after each (both servers with --debug-listen).
//
// The app opens the post from its list by typing --app-keys (default Enter:
// the list's cursor starts on the newest post) and is open when
// --expect-post appears; the floor shows the post at once.
//
// Matching ignores whitespace, because renderers move the cursor over blank
// cells instead of printing spaces; prefer a short ASCII word for TEXT.
//
// Memory figures depend on the PTY size (bubbletea keeps cell buffers per
// session), so always report --width/--height with them, and measure idle
// against a freshly started server: a Go process keeps freed memory for a
// while, which inflates the "before" reading of a second run.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// maxN bounds --n and --idle so a typo cannot turn a benchmark into a flood.
const maxN = 5000

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "sshload:", err)
		os.Exit(1)
	}
}

const usage = `usage: sshload <command> [flags]

commands:
  connect   time N sequential connections until the UI shows --expect
  idle      server RSS growth per open, idle PTY session
  compare   connect + idle against an app and a floor server, as a table
  gen       write a synthetic content folder of N posts (for load benchmarks)
  site      write the content folder with the long post that scroll, soak and rounds read
  scroll    server CPU per scroll key, app against floor, interleaved rounds
  soak      many scrolling readers, content changing, a prober timing new connections, RSS
  rounds    rounds of readers cut mid-scroll; goroutines and live heap after each (--debug-listen)
  resize    server CPU and output per window change (a resize storm, or the same size repeated)

run "sshload <command> -h" for the flags of a command.
`

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "connect":
		return cmdConnect(args[1:], stdout, stderr)
	case "idle":
		return cmdIdle(args[1:], stdout, stderr)
	case "compare":
		return cmdCompare(args[1:], stdout, stderr)
	case "gen":
		return cmdGen(args[1:], stdout, stderr)
	case "site":
		return cmdSite(args[1:], stdout, stderr)
	case "scroll":
		return cmdScroll(args[1:], stdout, stderr)
	case "soak":
		return cmdSoak(args[1:], stdout, stderr)
	case "rounds":
		return cmdRounds(args[1:], stdout, stderr)
	case "resize":
		return cmdResize(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

// targetFlags registers termFlags plus the one server a command measures.
func targetFlags(fs *flag.FlagSet) *sessionOpts {
	o := termFlags(fs)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:2222", "server address")
	fs.StringVar(&o.expect, "expect", "", "visible text that shows the UI is drawn (empty: any output)")
	return o
}

// termFlags registers the flags shared by every command that opens sessions.
func termFlags(fs *flag.FlagSet) *sessionOpts {
	o := &sessionOpts{}
	fs.IntVar(&o.width, "width", 100, "PTY columns")
	fs.IntVar(&o.height, "height", 30, "PTY rows")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "per-connection bound from dial until the expected text")
	return o
}

func checkOpts(o *sessionOpts) error {
	if o.addr == "" {
		return errors.New("an address is required")
	}
	if len(o.expect) > maxExpect {
		return fmt.Errorf("expected text is longer than %d bytes", maxExpect)
	}
	if o.width < 1 || o.height < 1 || o.width > 1000 || o.height > 1000 {
		return fmt.Errorf("implausible PTY size %dx%d", o.width, o.height)
	}
	if o.timeout <= 0 {
		return errors.New("--timeout must be positive")
	}
	return nil
}

func checkN(name string, n int) error {
	if n < 1 || n > maxN {
		return fmt.Errorf("--%s must be between 1 and %d, got %d", name, maxN, n)
	}
	return nil
}

func cmdConnect(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("connect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := targetFlags(fs)
	n := fs.Int("n", 50, "number of sequential connections")
	warmup := fs.Int("warmup", 0, "connections made first and left out of the figures")
	verbose := fs.Bool("verbose", false, "also print every sample")
	var pids pidList
	fs.Var(&pids, "pids", "comma-separated process ids (the server, a load balancer) whose CPU time per session and the sessions per second are printed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkOpts(o); err != nil {
		return err
	}
	if err := checkN("n", *n); err != nil {
		return err
	}
	if *warmup < 0 || *warmup > maxN {
		return fmt.Errorf("--warmup must be between 0 and %d", maxN)
	}

	var warm connectResult
	warm.run(*o, *warmup)
	cpu, err := startCPU(pids)
	if err != nil {
		return err
	}
	var res connectResult
	res.run(*o, *n)
	rate, err := cpu.line(*n)
	if err != nil {
		return err
	}

	fmt.Fprintln(stdout, res.line(o.addr), rate)
	if *verbose {
		fmt.Fprintln(stdout, "samples (ms, in order):", res.sampleList())
	}
	printErrors(stderr, o.addr, res.errs)
	if len(res.errs) > 0 {
		return fmt.Errorf("%d of %d connections failed", len(res.errs), *n)
	}
	return nil
}

// connectResult accumulates the outcome of sequential connections.
type connectResult struct {
	samples []time.Duration
	errs    []error
}

// run makes n sequential connections with o and records each outcome.
func (r *connectResult) run(o sessionOpts, n int) {
	for range n {
		ls, err := openSession(o)
		if err != nil {
			r.errs = append(r.errs, err)
			continue
		}
		r.samples = append(r.samples, ls.elapsed)
		if err := ls.Close(); err != nil {
			r.errs = append(r.errs, err)
		}
	}
}

func (r *connectResult) line(addr string) string {
	n := len(r.samples) + len(r.errs)
	if len(r.samples) == 0 {
		return fmt.Sprintf("%s connect n=%d ok=0 errors=%d", addr, n, len(r.errs))
	}
	return fmt.Sprintf("%s connect n=%d ok=%d errors=%d %s",
		addr, n, len(r.samples), len(r.errs), summarize(r.samples))
}

func (r *connectResult) sampleList() string {
	parts := make([]string, len(r.samples))
	for i, d := range r.samples {
		parts[i] = ms(d)
	}
	return strings.Join(parts, " ")
}

// printErrors writes each distinct error message once, with its count.
func printErrors(w io.Writer, addr string, errs []error) {
	if len(errs) == 0 {
		return
	}
	counts := map[string]int{}
	var order []string
	for _, err := range errs {
		msg := err.Error()
		if counts[msg] == 0 {
			order = append(order, msg)
		}
		counts[msg]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return counts[b] - counts[a] })
	const maxShown = 5
	for i, msg := range order {
		if i == maxShown {
			fmt.Fprintf(w, "%s: ... %d more distinct errors\n", addr, len(order)-maxShown)
			break
		}
		fmt.Fprintf(w, "%s: %dx %s\n", addr, counts[msg], msg)
	}
}
