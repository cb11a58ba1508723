package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// writtenSections is a post as people write them: 300 sections of a
// heading and a short paragraph ("## Section N" and "Short text N.").
func writtenSections() string {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "## Section %d\n\nShort text %d.\n\n", i, i)
	}
	return b.String()
}

// BenchmarkWrittenSections renders writtenSections and prose of the same
// size, side by side (issue 6: a post of many short blocks costs no
// more than twice prose of its size).
func BenchmarkWrittenSections(b *testing.B) {
	md := writtenSections()
	b.Run("sections", func(b *testing.B) { benchmarkRender(b, md) })
	b.Run("prose", func(b *testing.B) { benchmarkRender(b, markdown.Hostile("prose", len(md))) })
}
