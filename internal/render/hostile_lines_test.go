//go:build !race

package render

import (
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestBlankCodeAllocatesAsProse: a code block of blank lines draws a
// line for each of its lines (48 times prose's lines), shown as plain
// text, and costs no more memory to render than twice ordinary prose of
// the same size (issue 6). Its lines were copied from a slice per piece
// into a slice doubled for the post (room for two million lines for a
// million): 2.5 times prose's memory at 64 KB and 1 MB. Memory, not
// time: the allocations of a render do not depend on the machine's load.
func TestBlankCodeAllocatesAsProse(t *testing.T) {
	for _, size := range []int{64 << 10, 1 << 20} {
		prose := allocated(t, markdown.Hostile("prose", size))
		got := allocated(t, markdown.Hostile("code-blank", size))
		t.Logf("%4d KB: code-blank %5.1f MB, prose %5.1f MB: %.2fx", size>>10, float64(got)/1e6, float64(prose)/1e6, float64(got)/float64(prose))
		if got > 2*prose {
			t.Errorf("%d KB of blank code lines allocated %.1f MB to render, prose of the same size %.1f MB (%.1fx, at most 2x)",
				size>>10, float64(got)/1e6, float64(prose)/1e6, float64(got)/float64(prose))
		}
	}
}
