package main

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestRSSWindow(t *testing.T) {
	var r soakResult
	// Ramp samples (negative times) are ignored; 60 s window with RSS
	// 100 MiB for the first 10 s, then growing 1 MiB per 10 s.
	r.rss = append(r.rss, rssSample{-2 * time.Second, 1}, rssSample{-time.Second, 1})
	for s := 0; s <= 60; s++ {
		kib := int64(100 * 1024)
		if s >= 10 {
			kib += int64((s - 10) * 1024 / 10)
		}
		r.rss = append(r.rss, rssSample{time.Duration(s) * time.Second, kib})
	}
	first, last, perMin := r.rssWindow(60 * time.Second)
	if first != 100*1024 {
		t.Errorf("first 10 s mean = %v KiB, want %v", first, 100*1024)
	}
	// Samples at 51..60 s: growth 4.1..5 MiB, mean 4.55 MiB.
	if want := 100*1024 + 4.55*1024; math.Abs(last-want) > 1 {
		t.Errorf("last 10 s mean = %v KiB, want %v", last, want)
	}
	if want := 6.0 * 1024; math.Abs(perMin-want) > 1 {
		t.Errorf("slope = %v KiB/min, want %v", perMin, want)
	}
}

// TestSoakOrderAlternates: with several runs, each server goes first in
// every other round, so that a drifting load weighs on both alike.
func TestSoakOrderAlternates(t *testing.T) {
	got := soakOrder([]string{"app", "floor"}, 3)
	want := []string{"app", "floor", "floor", "app", "app", "floor"}
	if len(got) != len(want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}

// TestSoakTablePoolsRuns: the table's latencies are of every run's
// samples together, each run's p95 is shown, and the median of the runs'
// ratios is the middle one, not a pooled figure.
func TestSoakTablePoolsRuns(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	app := []soakResult{{opened: 200, probes: ms(10, 10, 10, 100)}, {opened: 199, probes: ms(20, 20, 20, 20)}, {opened: 200, probes: ms(30, 30, 30, 30)}}
	floor := []soakResult{{opened: 200, probes: ms(10, 10, 10, 10)}, {opened: 200, probes: ms(40, 40, 40, 40)}, {opened: 200, probes: ms(10, 10, 10, 10)}}
	var b strings.Builder
	writeSoakTable(&b, soakParams{readers: 200, dur: 20 * time.Second, every: time.Second}, app, floor)
	out := b.String()
	for _, want := range []string{
		"| probes (a fresh connection to the first screen) | 12 | 12 | |",
		"| readers open (of 200; the fewest of a run) | 199 | 200 | |",
		"| open latency p95, run 1 (ms) | 100.0 | 10.0 | 10.00 |",
		"| open latency p95, run 2 (ms) | 20.0 | 40.0 | 0.50 |",
		// ratios 10, 0.5, 3: the median is 3.
		"| open latency p95, median of the runs' ratios | | | 3.00 |",
		"| open latency max (ms) | 100.0 | 40.0 | 2.50 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
