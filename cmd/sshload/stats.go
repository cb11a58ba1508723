package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// summary holds order statistics of a set of latency samples.
type summary struct {
	n                  int
	min, p50, p90, max time.Duration
}

// summarize computes min, median, p90 and max using the nearest-rank method.
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

// readRSS returns the resident set size of process pid in KiB, from the VmRSS
// line of /proc/PID/status.
func readRSS(pid int) (int64, error) {
	path := fmt.Sprintf("/proc/%d/status", pid)
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("read rss: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest) // e.g. ["12345", "kB"]
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("parse %s: unexpected VmRSS line %q", path, sc.Text())
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse %s: %w", path, err)
		}
		return kib, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	return 0, fmt.Errorf("no VmRSS in %s (kernel thread or zombie?)", path)
}
