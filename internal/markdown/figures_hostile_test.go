package markdown

import (
	"strings"
	"testing"
	"time"
)

// TestManyMediaOnOneLineParseInLinearTime: a line of images or <img> tags
// without a break is one figure candidate, and gathering its media went
// over all of them again for each new one: parsing was quadratic, 256 KB
// of "![a](b) x " took seconds. Eight times the text is to take about
// eight times as long; the bound is generous (24 times, plus 100 ms),
// the quadratic walk took 28 to 49 times as long (side by side, one run).
func TestManyMediaOnOneLineParseInLinearTime(t *testing.T) {
	p := NewParser(Glamour)
	parse := func(unit string, size int) time.Duration {
		src := []byte(strings.Repeat(unit, size/len(unit)) + "\n")
		// The best of three: a loaded machine slows single runs, not
		// every one (quadratic work would be 64x, the bound is 24x).
		best := time.Duration(1<<63 - 1)
		for range 3 {
			start := time.Now()
			Parse(p, src, nil)
			best = min(best, time.Since(start))
		}
		return best
	}
	for _, unit := range []string{"![a](b) x ", "<img src=a> x "} {
		small, large := parse(unit, hostileSize/8), parse(unit, hostileSize)
		t.Logf("%q: %d bytes in %v, %d bytes in %v", unit, hostileSize/8, small, hostileSize, large)
		if large > 24*small+100*time.Millisecond {
			t.Errorf("%q: %d bytes parsed in %v, %d bytes in %v", unit, hostileSize/8, small, hostileSize, large)
		}
	}
}
