//go:build !race

// The race detector's sync.Pool drops what is put in it at random, so
// that allocations under it say little of a render's memory: these tests
// run without it.

package render

import (
	"runtime"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// allocated is the memory a render of md allocates, in bytes.
func allocated(t *testing.T, md string) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := Markdown(md, 80, Dark); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHostileHTMLAllocatesAsProse: a post of raw HTML, however its tags
// nest, interleave or stay open, costs no more memory to render than
// twice ordinary prose of the same size (issue 6). Before, every inline
// tag cost several HTML tokenizers (4 KB and a map each) and goldmark's
// tag regexp: 1 MB of "<kbd>" nested 95,000 deep took 3.5 GB, prose 94
// MB. Memory, not time: the allocations of a render do not depend on the
// machine's load.
func TestHostileHTMLAllocatesAsProse(t *testing.T) {
	const size = 128 << 10
	prose := allocated(t, markdown.Hostile("prose", size))
	for _, name := range markdown.HostileNames() {
		if !strings.HasPrefix(name, "html-") && name != "images" && name != "figure-line" {
			continue
		}
		got := allocated(t, markdown.Hostile(name, size))
		t.Logf("%-18s %6.1f MB, prose %5.1f MB: %.2fx", name, float64(got)/1e6, float64(prose)/1e6, float64(got)/float64(prose))
		if got > 2*prose {
			t.Errorf("%s: %d KB of it allocated %.1f MB to render, prose of the same size %.1f MB (%.1fx, at most 2x)",
				name, size>>10, float64(got)/1e6, float64(prose)/1e6, float64(got)/float64(prose))
		}
	}
}

// TestHTMLPairsCostLinear: pairs of tags nested deeper than they are
// drawn, around many nodes (markdown.Hostile("html-around")), cost in
// proportion to the post: four times the text, about four times the
// memory. Each pair read every node between its tags, so that the cost
// grew with the square of the text (1 MB: 3.8 GB and 5.4 s, prose 94 MB
// and 0.24 s).
func TestHTMLPairsCostLinear(t *testing.T) {
	const size = 32 << 10
	small := allocated(t, markdown.Hostile("html-around", size))
	large := allocated(t, markdown.Hostile("html-around", 4*size))
	t.Logf("%d KB: %.1f MB, %d KB: %.1f MB (%.1fx)", size>>10, float64(small)/1e6, 4*size>>10, float64(large)/1e6, float64(large)/float64(small))
	if large > 6*small {
		t.Errorf("html-around: %d KB allocated %.1f MB to render, %d KB %.1f MB (%.1fx for 4x the text)",
			size>>10, float64(small)/1e6, 4*size>>10, float64(large)/1e6, float64(large)/float64(small))
	}
}
