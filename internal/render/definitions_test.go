//go:build !race

// Allocations under the race detector say little (see
// hostile_html_test.go): this test runs without it.

package render

import (
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestNestedDefinitionsAllocate: 16 KB of definitions nested in
// definitions ("a\n: b\n  : c\n" repeated, laid out: 5,465 lines) costs a
// bounded multiple of prose's memory. Every line was padded to the window
// with styled spaces by the inner list and each term's paragraph, then
// copied by the lists and the document around them: 140 times prose
// (38 MB). It is still over the 2x of issue 6 (about 22x: goldmark's
// eight nodes per 12 bytes, and a block per line; see BENCHMARKS.md): the
// bound keeps what was gained. Memory, not time: the allocations of a
// render do not depend on the machine's load.
func TestNestedDefinitionsAllocate(t *testing.T) {
	const size, bound = 16 << 10, 30.0
	prose := allocated(t, markdown.Hostile("prose", size))
	got := allocated(t, markdown.Hostile("definition-nesting", size))
	ratio := float64(got) / float64(prose)
	t.Logf("%d KB: %.1f MB, prose %.2f MB: %.1fx", size>>10, float64(got)/1e6, float64(prose)/1e6, ratio)
	if ratio > bound {
		t.Errorf("definition-nesting: %d KB of it allocated %.1f MB to render, prose of the same size %.2f MB (%.1fx, at most %.0fx)",
			size>>10, float64(got)/1e6, float64(prose)/1e6, ratio, bound)
	}
}
