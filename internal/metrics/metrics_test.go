package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape fetches /metrics from h and parses it with Prometheus' own text
// parser, as a scraper would.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value is the value of the family's series with the given labels.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	f := fams[name]
	if f == nil {
		t.Fatalf("no %s in the scrape", name)
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	t.Fatalf("no %s%v in the scrape", name, labels)
	return 0
}

func TestMetricsCount(t *testing.T) {
	m := New()
	m.WatchCache(func() CacheStats { return CacheStats{Hits: 5, Misses: 2, Bytes: 4096} })
	m.WatchContent(func() ContentStats { return ContentStats{Posts: 8, Pages: 1, Problems: 3} })
	end := m.SessionStarted(KindPty)
	m.SessionStarted(KindCommand)(EndDone)
	m.SessionStarted(KindCommand)(EndDone)
	m.SessionRefused(KindCommand, EndBusy)
	m.Dropped(DropRate)
	m.HandshakeFailed("timeout")
	m.BytesSent(100)
	m.BytesSent(23)
	m.Rendered(3 * time.Millisecond)
	m.Published()
	m.Reloaded(time.Unix(1700000000, 0), 250*time.Millisecond)
	h := Handler(m, &Health{})
	fams := scrape(t, h)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"sshblog_sessions_open", []string{"kind", "pty"}, 1},
		{"sshblog_sessions_open", []string{"kind", "command"}, 0},
		{"sshblog_sessions_total", []string{"kind", "command", "end", "done"}, 2},
		{"sshblog_sessions_total", []string{"kind", "command", "end", "busy"}, 1},
		{"sshblog_sessions_total", []string{"kind", "pty", "end", "drained"}, 0},
		{"sshblog_connections_dropped_total", []string{"reason", "rate"}, 1},
		{"sshblog_connections_dropped_total", []string{"reason", "flood"}, 0},
		{"sshblog_handshake_failures_total", []string{"reason", "timeout"}, 1},
		{"sshblog_bytes_sent_total", nil, 123},
		{"sshblog_render_seconds", nil, 1},
		{"sshblog_render_cache_hits_total", nil, 5},
		{"sshblog_render_cache_misses_total", nil, 2},
		{"sshblog_render_cache_bytes", nil, 4096},
		{"sshblog_snapshot_generation", nil, 1},
		{"sshblog_posts", nil, 8},
		{"sshblog_problems", nil, 3},
		{"sshblog_last_reload_timestamp_seconds", nil, 1700000000},
		{"sshblog_last_reload_duration_seconds", nil, 0.25},
	} {
		if got := value(t, fams, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "process_resident_memory_bytes"} {
		if fams[name] == nil {
			t.Errorf("no %s: the Go and process collectors are missing", name)
		}
	}
	end(EndDrained)
	end(EndDone) // a second end counts nothing
	fams = scrape(t, h)
	if got := value(t, fams, "sshblog_sessions_open", "kind", "pty"); got != 0 {
		t.Errorf("open pty sessions after the end: %v", got)
	}
	if got := value(t, fams, "sshblog_sessions_total", "kind", "pty", "end", "drained"); got != 1 {
		t.Errorf("drained pty sessions: %v, want 1", got)
	}
	if got := value(t, fams, "sshblog_sessions_total", "kind", "pty", "end", "done"); got != 0 {
		t.Errorf("a session ended twice was counted twice")
	}
}

// Two Metrics never share a series: no global registry.
func TestMetricsIndependent(t *testing.T) {
	a, b := New(), New()
	a.BytesSent(7)
	if got := value(t, scrape(t, Handler(b, &Health{})), "sshblog_bytes_sent_total"); got != 0 {
		t.Errorf("bytes counted in one Metrics show in another: %v", got)
	}
	var none *Metrics
	none.BytesSent(1) // nil: counting is off, nothing panics
	none.SessionStarted(KindPty)(EndDone)
}

func TestHealth(t *testing.T) {
	h := &Health{}
	srv := Handler(New(), h)
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Body)
		return rec.Code, strings.TrimSpace(string(b))
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz while loading: %d, want 200 (the process is up)", code)
	}
	if code, body := get("/readyz"); code != 503 || body != "loading content" {
		t.Errorf("/readyz while loading: %d %q, want 503", code, body)
	}
	h.Loaded()
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("/readyz once loaded: %d, want 200", code)
	}
	h.Draining()
	if code, body := get("/readyz"); code != 503 || body != "draining" {
		t.Errorf("/readyz while draining: %d %q, want 503 draining", code, body)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz while draining: %d, want 200 (not to be restarted)", code)
	}
}
