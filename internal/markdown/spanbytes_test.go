//go:build !race

package markdown

import (
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestFigureSpansAreSmall: an image plainImages reads and a plain <img>
// tag rawHTML reads cost a figure span each, the span its own text node
// (FigureSpan's spanText) and, for an image of nothing more than a
// destination and an alt text, without Media's four other strings: 224
// bytes (the span was 416 with its text node beside it, then 288 with
// Media whole). Lines of 1,000 and 2,000 "![a](b) <img src=c> x " (two
// spans and two goldmark text nodes of 176 bytes each, strings of one
// byte that share the tiny allocator's blocks) differ by at most 850
// bytes a repetition; the least of three parses, the collector off.
func TestFigureSpansAreSmall(t *testing.T) {
	p := NewParser(Glamour)
	bytesOf := func(n int) uint64 {
		src := []byte(strings.Repeat("![a](b) <img src=c> x ", n) + "\n")
		Parse(p, src, nil)
		runtime.GC()
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		least := uint64(math.MaxUint64)
		for range 3 {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			Parse(p, src, nil)
			runtime.ReadMemStats(&after)
			least = min(least, after.TotalAlloc-before.TotalAlloc)
		}
		return least
	}
	per := float64(bytesOf(2000)-bytesOf(1000)) / 1000
	t.Logf("%.0f bytes a repetition", per)
	if per > 850 {
		t.Errorf("%.0f bytes a repetition of an image, a tag and two texts (at most 850: two spans of 224 bytes, two text nodes of 176)", per)
	}
}
