package main

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// summary holds order statistics of a set of latency samples.
type summary struct {
	n                       int
	min, p50, p90, p95, max time.Duration
}

// summarize computes min, median, p90, p95 and max using the nearest-rank method.
// It returns a zero summary for no samples.
func summarize(samples []time.Duration) summary {
	if len(samples) == 0 {
		return summary{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	return summary{
		n:   len(s),
		min: s[0],
		p50: nearestRank(s, 50),
		p90: nearestRank(s, 90),
		p95: nearestRank(s, 95),
		max: s[len(s)-1],
	}
}

// nearestRank returns the p-th percentile of sorted, non-empty s.
func nearestRank(s []time.Duration, p int) time.Duration {
	i := (p*len(s)+99)/100 - 1 // ceil(p/100 * n) - 1
	return s[max(0, min(i, len(s)-1))]
}

// ms formats d as milliseconds with two decimals.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64)
}

// String renders the summary on one line, in milliseconds.
func (s summary) String() string {
	return fmt.Sprintf("min=%s median=%s p90=%s max=%s ms", ms(s.min), ms(s.p50), ms(s.p90), ms(s.max))
}

// meanFloat returns the arithmetic mean of v, or 0 for none.
func meanFloat(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

// medianFloat returns the median of v (the mean of the middle two for an
// even count), or 0 for none.
func medianFloat(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// slope fits y = a + b*x by least squares and returns b; 0 when x does not
// vary (fewer than two distinct points).
func slope(x, y []float64) float64 {
	n := min(len(x), len(y))
	if n < 2 {
		return 0
	}
	mx, my := meanFloat(x[:n]), meanFloat(y[:n])
	var sxy, sxx float64
	for i := range n {
		dx := x[i] - mx
		sxy += dx * (y[i] - my)
		sxx += dx * dx
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}
