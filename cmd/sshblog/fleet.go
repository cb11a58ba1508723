package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/sshblog/sshblog/internal/debughttp"
	"github.com/sshblog/sshblog/internal/metrics"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/store"
)

// startMetrics opens the --metrics-listen listener (Prometheus metrics,
// /healthz, /readyz), if one is configured, until ctx ends. It starts
// before the content loads: /healthz answers and /readyz stays red while
// a big blog loads.
func startMetrics(ctx context.Context, addr string, m *metrics.Metrics, h *metrics.Health, log *slog.Logger) error {
	if addr == "" {
		return nil
	}
	bound, err := metrics.Serve(ctx, addr, metrics.Handler(m, h))
	if err != nil {
		return fmt.Errorf("--metrics-listen %s: %w", addr, err)
	}
	log.Info("metrics listener", "addr", bound.String(), "paths", "/metrics /healthz /readyz")
	if !debughttp.IsLoopback(bound) {
		log.Info("metrics listener is reachable from other machines: keep its port off the load balancer's public side", "addr", bound.String())
	}
	return nil
}

// watchContent makes m report the cache's and the store's figures, and
// counts every snapshot the store publishes until ctx ends.
func watchContent(ctx context.Context, m *metrics.Metrics, st *store.Store, cache *render.Cache) {
	m.WatchCache(func() metrics.CacheStats {
		s := cache.Stats()
		return metrics.CacheStats{Hits: s.Hits, Misses: s.Misses, Bytes: s.Bytes}
	})
	m.WatchContent(func() metrics.ContentStats {
		snap := st.Snapshot()
		return metrics.ContentStats{Posts: len(snap.Posts), Pages: len(snap.Pages), Problems: len(snap.Problems)}
	})
	changed := st.Changed() // taken before counting the snapshot there is
	m.Published()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-changed:
				changed = st.Changed()
				m.Published()
			}
		}
	}()
}
