// Package debughttp serves Go's profiler and a few live runtime figures on
// an HTTP listener that an operator turns on explicitly (--debug-listen), for
// load tests and leak hunts.
//
// It must never face the internet: anyone who reaches it can ask for CPU
// profiles (each costs the server work), force garbage collections and read
// the command line. Bind it to a loopback address.
package debughttp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"time"

	"github.com/sshblog/sshblog/internal/procstat"
)

// StatsPath is where the JSON runtime figures are served.
const StatsPath = "/debug/stats"

// Stats is what StatsPath reports. The heap figures are read right after a
// garbage collection, so they count live memory, not garbage waiting to be
// collected: the figure a leak shows up in.
type Stats struct {
	Goroutines int    `json:"goroutines"`
	HeapAlloc  uint64 `json:"heap_alloc_bytes"`
	HeapInuse  uint64 `json:"heap_inuse_bytes"`
	// RSSKiB is the resident set size; 0 where /proc is missing.
	RSSKiB int64 `json:"rss_kib"`
}

// ReadStats collects Stats for this process after a garbage collection.
func ReadStats() Stats {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, _ := procstat.RSS(os.Getpid()) // 0 without /proc: documented
	return Stats{
		Goroutines: runtime.NumGoroutine(),
		HeapAlloc:  ms.HeapAlloc,
		HeapInuse:  ms.HeapInuse,
		RSSKiB:     rss,
	}
}

// Handler serves the pprof endpoints under /debug/pprof/ and Stats as JSON
// at StatsPath. It uses its own mux: importing net/http/pprof also
// registers on http.DefaultServeMux, which nothing here serves.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("GET "+StatsPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(ReadStats())
	})
	return mux
}

// Serve listens on addr and serves Handler until ctx ends. It returns the
// address bound (useful with port 0) once the listener is open.
func Serve(ctx context.Context, addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("debug listener: %w", err)
	}
	srv := &http.Server{
		Handler:           Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		// No WriteTimeout: a CPU profile or trace streams for as long
		// as its seconds parameter says.
	}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			// The listener failed after it opened: nothing to do but
			// stop; the server it describes goes on.
			_ = ln.Close()
		}
	}()
	return ln.Addr(), nil
}

// IsLoopback reports whether addr (host:port as bound) only accepts
// connections from this machine.
func IsLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
