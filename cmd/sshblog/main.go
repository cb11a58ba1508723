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
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/server"
	"github.com/sshblog/sshblog/internal/store"
)

func main() {
	cfg, err := config.Parse(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sshblog:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "sshblog:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config.Config) error {
	log := newLogger(cfg.LogFormat)
	if cfg.ConfigFile != "" {
		log.Info("config file", "path", cfg.ConfigFile)
	}
	opt, err := contentOptions(cfg, log)
	if err != nil {
		return err
	}
	start := time.Now()
	store, err := store.New(opt)
	if err != nil {
		return err
	}
	snap := store.Snapshot()
	dirs := []string{opt.Dir}
	if len(opt.Mounts) > 0 {
		dirs = dirs[:0]
		for _, m := range opt.Mounts {
			dirs = append(dirs, m.Dir)
		}
	}
	log.Info("content loaded", "dirs", strings.Join(dirs, ","), "posts", len(snap.Posts), "pages", len(snap.Pages), "problems", len(snap.Problems), "took", time.Since(start).Round(time.Millisecond).String())
	cache := render.NewCache(int64(cfg.RenderCacheMB) << 20)
	srv, err := server.New(cfg, store, cache, log)
	if err != nil {
		return err
	}
	go func() {
		if err := store.Watch(ctx); err != nil {
			log.Error("content watch stopped; edits need a restart", "err", err)
		}
	}()
	return srv.Run(ctx)
}

func newLogger(format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
