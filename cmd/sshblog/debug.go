package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/sshblog/sshblog/internal/debughttp"
)

// startDebug opens the --debug-listen listener (pprof and runtime stats for
// load tests), if one is configured, until ctx ends.
func startDebug(ctx context.Context, addr string, log *slog.Logger) error {
	if addr == "" {
		return nil
	}
	bound, err := debughttp.Serve(ctx, addr)
	if err != nil {
		return fmt.Errorf("--debug-listen %s: %w", addr, err)
	}
	log.Info("debug listener", "addr", bound.String(), "paths", "/debug/pprof/ "+debughttp.StatsPath)
	if !debughttp.IsLoopback(bound) {
		log.Warn("debug listener is reachable from other machines; it can profile and slow the server: bind it to 127.0.0.1", "addr", bound.String())
	}
	return nil
}
