package main

import (
	"math"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		name               string
		in                 []time.Duration
		min, p50, p90, max time.Duration
	}{
		{"one", ms(7), 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond, 7 * time.Millisecond},
		{"ten unsorted", ms(10, 1, 9, 2, 8, 3, 7, 4, 6, 5), time.Millisecond, 5 * time.Millisecond, 9 * time.Millisecond, 10 * time.Millisecond},
		{"eleven", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), time.Millisecond, 6 * time.Millisecond, 10 * time.Millisecond, 11 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := summarize(tt.in)
			if s.n != len(tt.in) || s.min != tt.min || s.p50 != tt.p50 || s.p90 != tt.p90 || s.max != tt.max {
				t.Errorf("summarize = %+v, want min=%v p50=%v p90=%v max=%v", s, tt.min, tt.p50, tt.p90, tt.max)
			}
		})
	}
	if s := summarize(nil); s.n != 0 {
		t.Errorf("summarize(nil).n = %d", s.n)
	}
}

func TestMedianMeanFloat(t *testing.T) {
	tests := []struct {
		in           []float64
		median, mean float64
	}{
		{nil, 0, 0},
		{[]float64{3}, 3, 3},
		{[]float64{5, 1, 3}, 3, 3},
		{[]float64{4, 1, 3, 2}, 2.5, 2.5},
		{[]float64{1, 1, 10}, 1, 4},
	}
	for _, tt := range tests {
		if got := medianFloat(tt.in); got != tt.median {
			t.Errorf("medianFloat(%v) = %v, want %v", tt.in, got, tt.median)
		}
		if got := meanFloat(tt.in); got != tt.mean {
			t.Errorf("meanFloat(%v) = %v, want %v", tt.in, got, tt.mean)
		}
	}
}

func TestSlope(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"flat", []float64{0, 1, 2, 3}, []float64{5, 5, 5, 5}, 0},
		{"line", []float64{0, 1, 2, 3}, []float64{1, 3, 5, 7}, 2},
		{"falling", []float64{10, 20, 30}, []float64{30, 20, 10}, -1},
		{"noisy flat", []float64{0, 1, 2, 3}, []float64{4, 6, 4, 6}, 0.4},
		{"one point", []float64{1}, []float64{9}, 0},
		{"x constant", []float64{2, 2, 2}, []float64{1, 2, 3}, 0},
	}
	for _, tt := range tests {
		if got := slope(tt.x, tt.y); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: slope = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSummarizeP95(t *testing.T) {
	var in []time.Duration
	for i := 1; i <= 100; i++ {
		in = append(in, time.Duration(i)*time.Millisecond)
	}
	if s := summarize(in); s.p95 != 95*time.Millisecond || s.p50 != 50*time.Millisecond {
		t.Errorf("1..100 ms: p50 %v p95 %v", s.p50, s.p95)
	}
}
