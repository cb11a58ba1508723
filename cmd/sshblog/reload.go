package main

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/metrics"
	"github.com/sshblog/sshblog/internal/server"
	"github.com/sshblog/sshblog/internal/store"
)

// reloadable are the settings a SIGHUP applies to the running server
// (named as config.Diff names them; "config" is the file that was read,
// which may appear after the start). The others (listen address, host
// keys, content folder, log format, idle timeout, session limit, cache
// size, render limits and workers) are held by the listener, the SSH
// server, the cache or the render pool from the start: a change is logged as needing a restart and ignored.
var reloadable = map[string]bool{"config": true, "title": true, "site": true, "write-timeout": true, "drain-timeout": true, "drain-delay": true}

// reloader rereads the configuration (file, environment and flags, as at
// start) and the content on SIGHUP.
type reloader struct {
	args    []string
	getenv  func(string) string
	log     *slog.Logger
	cfg     config.Config // as running
	opt     store.Options // as running
	store   *store.Store
	srv     *server.Server
	metrics *metrics.Metrics
}

// reload applies what it can and logs the rest; a configuration that does
// not parse changes nothing. Sessions stay open throughout: they see the
// new content as they see any edit.
func (r *reloader) reload() {
	start := time.Now()
	cfg, err := config.Parse(r.args, r.getenv, io.Discard)
	if err != nil {
		r.log.Error("reload: configuration not changed", "err", err)
		return
	}
	var restart []string
	for _, name := range config.Diff(r.cfg, cfg) {
		if !reloadable[name] {
			restart = append(restart, name)
		}
	}
	if len(restart) > 0 {
		r.log.Warn("reload: these settings need a restart and keep their running values", "settings", strings.Join(restart, ","))
	}
	before := r.cfg
	r.cfg.ConfigFile = cfg.ConfigFile
	r.cfg.WriteTimeout, r.cfg.DrainTimeout, r.cfg.DrainDelay = cfg.WriteTimeout, cfg.DrainTimeout, cfg.DrainDelay
	r.srv.SetTimeouts(cfg.WriteTimeout, cfg.DrainTimeout)
	// The title and [site] reach readers through the content settings,
	// read again with the Hugo configuration (title, languages,
	// sections); the folder stays the running one. When those cannot be
	// read, the running ones stay, title and [site] included.
	want := cfg
	want.ContentDir = r.cfg.ContentDir
	opt, err := contentOptions(want, r.log)
	switch {
	case err != nil:
		r.log.Error("reload: content settings not changed", "err", err)
		opt, want = r.opt, r.cfg
	case opt.Dir != r.opt.Dir || !slices.Equal(opt.Mounts, r.opt.Mounts):
		r.log.Warn("reload: the content folders changed and need a restart; content settings keep their running values", "dirs", strings.Join(contentDirs(opt), ","))
		opt, want = r.opt, r.cfg
	}
	// The store takes the settings even when rereading the content
	// fails (they apply at its next reload): they are the running ones.
	err = r.store.Reconfigure(context.Background(), opt.Site, opt.Parse)
	r.opt, r.cfg.Title, r.cfg.Site = opt, want.Title, want.Site
	if err != nil {
		r.log.Error("reload: content not reread; still serving the last snapshot", "err", err)
		return
	}
	r.metrics.Reloaded(time.Now(), time.Since(start))
	snap := r.store.Snapshot()
	r.log.Info("reloaded configuration and content", "changed", strings.Join(config.Diff(before, r.cfg), ","), "posts", len(snap.Posts), "problems", len(snap.Problems), "took", time.Since(start).Round(time.Millisecond).String())
}
