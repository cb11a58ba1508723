package metrics

import "github.com/prometheus/client_golang/prometheus"

// CacheStats are the render cache's counters, read at each scrape.
type CacheStats struct {
	Hits, Misses, Bytes int64
}

// WatchCache reports the render cache's hits, misses and bytes held,
// reading them from stats at each scrape (the cache counts them itself).
func (m *Metrics) WatchCache(stats func() CacheStats) {
	if m == nil {
		return
	}
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "sshblog_render_cache_hits_total", Help: "Renders found in the shared render cache.",
		}, func() float64 { return float64(stats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "sshblog_render_cache_misses_total", Help: "Renders not found in the shared render cache.",
		}, func() float64 { return float64(stats().Misses) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "sshblog_render_cache_bytes", Help: "Bytes of renders held by the shared render cache.",
		}, func() float64 { return float64(stats().Bytes) }),
	)
}

// ContentStats are the current snapshot's figures, read at each scrape.
type ContentStats struct {
	Posts, Pages, Problems int
}

// WatchContent reports the posts, pages and problems of the snapshot
// being served, reading them from stats at each scrape.
func (m *Metrics) WatchContent(stats func() ContentStats) {
	if m == nil {
		return
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "sshblog_posts", Help: "Posts in the snapshot being served.",
		}, func() float64 { return float64(stats().Posts) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "sshblog_pages", Help: "Other pages (About, ...) in the snapshot being served.",
		}, func() float64 { return float64(stats().Pages) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "sshblog_problems", Help: "Files that failed to load or lay out (as `ssh HOST problems` lists them).",
		}, func() float64 { return float64(stats().Problems) }),
	)
}
