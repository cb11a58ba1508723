package main

import (
	"os"
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

func TestReadRSSSelf(t *testing.T) {
	kib, err := readRSS(os.Getpid())
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if kib <= 0 {
		t.Fatalf("readRSS = %d KiB", kib)
	}
}
