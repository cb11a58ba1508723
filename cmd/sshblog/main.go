// Command sshblog serves a folder of markdown posts to readers over SSH.
//
//	go run ./cmd/sshblog            # serves ./content on :2222
//	ssh -p 2222 localhost           # read it
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/metrics"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/server"
	"github.com/sshblog/sshblog/internal/store"
)

func main() {
	args := os.Args[1:]
	cfg, err := config.Parse(args, os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sshblog:", err)
		os.Exit(2)
	}
	if err := run(cfg, args); err != nil {
		fmt.Fprintln(os.Stderr, "sshblog:", err)
		os.Exit(1)
	}
}

// run serves until a signal stops it. SIGTERM and SIGINT turn /readyz red
// at once and drain after --drain-delay (new connections are still taken
// meanwhile, while load balancers notice): readers are told the blog is
// restarting and closed after --drain-timeout, and run returns nil (a
// second signal closes them at once). SIGHUP rereads the configuration
// and the content without dropping anyone.
func run(cfg config.Config, args []string) error {
	// Subscribed first: a signal during a long content load is handled
	// once serving starts, never by its default action (SIGHUP's kills).
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	log := newLogger(os.Stderr, cfg.LogFormat)
	setMemoryLimit(log, memlimit.FromCgroup) // before the content is loaded
	// The debug listener stays up through a drain, until run returns.
	debugCtx, stopDebug := context.WithCancel(context.Background())
	defer stopDebug()
	if err := startDebug(debugCtx, cfg.DebugListen, log); err != nil {
		return err
	}
	// Metrics are counted whether or not they are served: the counting
	// costs nothing to speak of, and one code path is tested.
	m, health := metrics.New(), &metrics.Health{}
	if err := startMetrics(debugCtx, cfg.MetricsListen, m, health, log); err != nil {
		return err
	}
	if cfg.ConfigFile != "" {
		log.Info("config file", "path", cfg.ConfigFile)
	}
	opt, err := contentOptions(cfg, log)
	if err != nil {
		return err
	}
	opt.OnReload = func(took time.Duration) { m.Reloaded(time.Now(), took) }
	start := time.Now()
	st, err := store.New(opt)
	if err != nil {
		return err
	}
	defer st.Close()
	m.Reloaded(time.Now(), time.Since(start))
	snap := st.Snapshot()
	log.Info("content loaded", "dirs", strings.Join(contentDirs(opt), ","), "posts", len(snap.Posts), "pages", len(snap.Pages), "problems", len(snap.Problems), "took", time.Since(start).Round(time.Millisecond).String())
	cache := render.NewCache(int64(cfg.RenderCacheMB) << 20)
	pool := render.NewPool(cache, cfg.RenderWorkers, render.Options{
		MaxPostSize: cfg.MaxPostSize,
		OnFailure: func(p render.Problem) {
			log.Warn("post shown as plain text", "path", p.Path, "reason", p.Reason)
		},
		OnRendered: m.Rendered,
	})
	defer pool.Close()
	srv, err := server.New(cfg, st, pool, log)
	if err != nil {
		return err
	}
	srv.SetMetrics(m)
	ctx, drain := context.WithCancel(context.Background())
	defer drain()
	watchContent(ctx, m, st, cache)
	go func() {
		if err := st.Watch(ctx); err != nil {
			log.Error("content watch stopped; edits need a restart", "err", err)
		}
	}()
	served := make(chan error, 1)
	go func() { served <- srv.Run(ctx) }()
	health.Loaded()
	r := &reloader{args: args, getenv: os.Getenv, log: log, cfg: cfg, opt: opt, store: st, srv: srv, metrics: m}
	var delay <-chan time.Time // running from the first SIGTERM until the drain
	stopping := false
	for {
		select {
		case err := <-served:
			return err
		case <-delay:
			delay = nil
			log.Info("draining")
			drain()
		case sig := <-sigs:
			switch {
			case sig == syscall.SIGHUP:
				r.reload()
			case !stopping:
				// Readiness first: load balancers stop sending new
				// readers here while it still accepts them.
				stopping = true
				health.Draining()
				log.Info("signal: not ready; draining after the delay", "signal", sig.String(), "delay", r.cfg.DrainDelay.String())
				delay = time.After(r.cfg.DrainDelay) // as a SIGHUP may have set it
			default:
				log.Info("signal during the drain: closing every session now", "signal", sig.String())
				delay = nil
				drain()
				srv.Close()
			}
		}
	}
}

// contentDirs are the folders a store reads.
func contentDirs(opt store.Options) []string {
	if len(opt.Mounts) == 0 {
		return []string{opt.Dir}
	}
	var dirs []string
	for _, m := range opt.Mounts {
		dirs = append(dirs, m.Dir)
	}
	return dirs
}
