package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// writtenLists are list shapes real posts are made of, where
// markdown.Hostile's lists are one long list: an outline of short nested
// items, a reading list of links, a list of sentences that wrap.
func writtenLists() map[string]string {
	var outline, reading, long strings.Builder
	for i := range 100 {
		fmt.Fprintf(&outline, "- Topic %d\n  - Point %d\n    - detail %d\n", i, i, i)
	}
	reading.WriteString("# Reading list\n\n")
	for i := range 200 {
		fmt.Fprintf(&reading, "- [Article number %d](https://example.com/p/%d)\n", i, i)
	}
	for i := range 40 {
		fmt.Fprintf(&long, "- Item %d has **bold text**, `code` and a [link](https://example.com/%d) in a sentence that wraps at eighty columns, and *more* words after it.\n", i, i)
	}
	return map[string]string{"outline": outline.String(), "reading": reading.String(), "long": long.String()}
}

// BenchmarkWrittenLists renders each written list shape and, beside it,
// ordinary prose of the same size (issue 6: a post costs no more than
// prose of its size, within 2x): compare a shape's cpu-ms/op and B/op
// with its "prose" sibling's.
func BenchmarkWrittenLists(b *testing.B) {
	for _, name := range []string{"outline", "reading", "long"} {
		md := writtenLists()[name]
		b.Run(name, func(b *testing.B) {
			b.Run("list", func(b *testing.B) { benchmarkRender(b, md) })
			b.Run("prose", func(b *testing.B) { benchmarkRender(b, markdown.Hostile("prose", len(md))) })
		})
	}
}
