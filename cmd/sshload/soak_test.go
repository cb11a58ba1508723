package main

import (
	"math"
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
