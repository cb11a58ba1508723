package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Health is what /healthz and /readyz answer. A replica is live as soon as
// the process serves HTTP, and ready once its content is loaded and until
// it starts to drain: a load balancer sends new readers only to ready
// replicas. Safe for concurrent use.
type Health struct {
	loaded, draining atomic.Bool
}

// Loaded marks the content as loaded: the replica can serve.
func (h *Health) Loaded() { h.loaded.Store(true) }

// Draining marks the replica as stopping: /readyz turns red for good.
func (h *Health) Draining() { h.draining.Store(true) }

// Ready reports whether the replica should get new readers, and why not.
func (h *Health) Ready() (bool, string) {
	switch {
	case h.draining.Load():
		return false, "draining"
	case !h.loaded.Load():
		return false, "loading content"
	}
	return true, "ready"
}

// Handler serves the metrics at /metrics (Prometheus text or protobuf
// format, as the scraper asks), /healthz (200 while the process runs) and
// /readyz (200 when ready, else 503 with the reason).
func Handler(m *Metrics, h *Health) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		// A scrape of a loaded replica must not pile up: at most a few
		// at once, the rest refused with 503.
		MaxRequestsInFlight: 4,
		Timeout:             10 * time.Second,
	}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		ok, why := h.Ready()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_, _ = fmt.Fprintln(w, why)
	})
	return mux
}

// Serve listens on addr and serves handler until ctx ends. It returns the
// address bound (useful with port 0) once the listener is open.
func Serve(ctx context.Context, addr string, handler http.Handler) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = ln.Close()
		}
	}()
	return ln.Addr(), nil
}
