// Package metrics counts what an operator of a fleet of replicas watches
// (sessions, refusals, bytes, renders, content reloads) in a Prometheus
// registry of its own, and serves it with the health endpoints on a
// separate listener (--metrics-listen; see Handler).
//
// Nothing here is global: a Metrics holds its registry, so that tests and
// several servers in one process never share counters. Every method works
// on a nil *Metrics and does nothing, so code that counts need not care
// whether metrics are on.
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Session kinds (the label "kind").
const (
	KindPty     = "pty"     // the reader
	KindCommand = "command" // a plain-text command, or a shell without a terminal
)

// Session end reasons (the label "end").
const (
	EndDone    = "done"    // the client left or the command finished
	EndDrained = "drained" // closed at the end of a drain
	EndBusy    = "busy"    // refused: the server had --max-sessions
	EndSource  = "source"  // refused: the address had --per-source-max-sessions
)

// Drop reasons (the label "reason" of sshblog_connections_dropped_total).
const (
	DropFlood = "flood" // too many handshakes or connections from an address, or random early drop
	DropRate  = "rate"  // the address's connection rate
	DropBusy  = "busy"  // every connection slot is taken
)

// Handshake failure reasons (the label "reason" of
// sshblog_handshake_failures_total).
const (
	FailTimeout        = "timeout"                // no handshake within --login-grace-time
	FailClosed         = "closed"                 // the client went away
	FailProxyHeader    = "proxy_header"           // a trusted balancer sent no valid PROXY header in time
	FailUntrustedProxy = "untrusted_proxy_header" // a PROXY header from an address not in --proxy-trusted
	FailOther          = "other"                  // a protocol error
)

// Metrics is one server's set of metrics and the registry they live in.
type Metrics struct {
	reg *prometheus.Registry

	sessionsOpen      *prometheus.GaugeVec
	sessionsTotal     *prometheus.CounterVec
	handshakeFailures *prometheus.CounterVec
	drops             *prometheus.CounterVec
	bytesSent         prometheus.Counter
	renderSeconds     prometheus.Histogram
	generation        prometheus.Gauge
	lastReload        prometheus.Gauge
	reloadSeconds     prometheus.Gauge
}

// New returns metrics registered in a new registry, with the Go runtime's
// and the process's (CPU, memory, descriptors) collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		sessionsOpen: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sshblog_sessions_open", Help: "Sessions running now, by kind (pty: the reader; command: plain text).",
		}, []string{"kind"}),
		sessionsTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sshblog_sessions_total", Help: "Sessions ended, by kind and how they ended (done, drained, busy, source).",
		}, []string{"kind", "end"}),
		handshakeFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sshblog_handshake_failures_total", Help: "Connections admitted that never became SSH connections, by reason (timeout, closed, proxy_header, untrusted_proxy_header, other).",
		}, []string{"reason"}),
		drops: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sshblog_connections_dropped_total", Help: "New connections refused by admission before any SSH, by reason (flood, rate, busy).",
		}, []string{"reason"}),
		bytesSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sshblog_bytes_sent_total", Help: "Bytes written to sessions (screens and command output).",
		}),
		renderSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "sshblog_render_seconds",
			Help:    "Work time of each completed post render (CPU time of the render worker, as its budget counts it).",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 9), // 1 ms .. 65 s
		}),
		generation: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sshblog_snapshot_generation", Help: "Content snapshots published since start (1: the first load).",
		}),
		lastReload: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sshblog_last_reload_timestamp_seconds", Help: "When content was last loaded or reloaded (Unix time).",
		}),
		reloadSeconds: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "sshblog_last_reload_duration_seconds", Help: "How long the last content load or reload took.",
		}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.sessionsOpen, m.sessionsTotal, m.handshakeFailures, m.drops,
		m.bytesSent, m.renderSeconds, m.generation, m.lastReload, m.reloadSeconds,
	)
	// Every label value shows from the start, at 0: a rate() over a
	// series that appears with its first event misses that event.
	for _, k := range []string{KindPty, KindCommand} {
		m.sessionsOpen.WithLabelValues(k)
		for _, e := range []string{EndDone, EndDrained, EndBusy, EndSource} {
			m.sessionsTotal.WithLabelValues(k, e)
		}
	}
	for _, r := range []string{DropFlood, DropRate, DropBusy} {
		m.drops.WithLabelValues(r)
	}
	for _, r := range []string{FailTimeout, FailClosed, FailProxyHeader, FailUntrustedProxy, FailOther} {
		m.handshakeFailures.WithLabelValues(r)
	}
	return m
}

// Registry is where the metrics live, for Handler and tests.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// SessionStarted counts a session of kind as open; the function it
// returns ends it with a reason (once).
func (m *Metrics) SessionStarted(kind string) func(end string) {
	if m == nil {
		return func(string) {}
	}
	m.sessionsOpen.WithLabelValues(kind).Inc()
	done := false
	return func(end string) {
		if done {
			return
		}
		done = true
		m.sessionsOpen.WithLabelValues(kind).Dec()
		m.sessionsTotal.WithLabelValues(kind, end).Inc()
	}
}

// SessionRefused counts a session turned away before it ran.
func (m *Metrics) SessionRefused(kind, end string) {
	if m != nil {
		m.sessionsTotal.WithLabelValues(kind, end).Inc()
	}
}

// HandshakeFailed counts an admitted connection that did not complete its
// SSH handshake.
func (m *Metrics) HandshakeFailed(reason string) {
	if m != nil {
		m.handshakeFailures.WithLabelValues(reason).Inc()
	}
}

// Dropped counts a connection refused by admission.
func (m *Metrics) Dropped(reason string) {
	if m != nil {
		m.drops.WithLabelValues(reason).Inc()
	}
}

// BytesSent counts bytes written to a session.
func (m *Metrics) BytesSent(n int) {
	if m != nil && n > 0 {
		m.bytesSent.Add(float64(n))
	}
}

// Rendered records one completed render's work time.
func (m *Metrics) Rendered(work time.Duration) {
	if m != nil {
		m.renderSeconds.Observe(work.Seconds())
	}
}

// Published counts a content snapshot published.
func (m *Metrics) Published() {
	if m != nil {
		m.generation.Inc()
	}
}

// Reloaded records a content load or reload that ended at, and took.
func (m *Metrics) Reloaded(at time.Time, took time.Duration) {
	if m != nil {
		m.lastReload.Set(float64(at.UnixNano()) / 1e9)
		m.reloadSeconds.Set(took.Seconds())
	}
}
