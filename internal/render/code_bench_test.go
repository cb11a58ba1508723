package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// writtenCode is code as posts hold it, about size bytes of each shape:
// Go in blocks of 30 lines under a heading and a paragraph, with lines
// that fit an 80-column window ("go") and lines wider than it ("go-wide",
// which the render cuts), and shell sessions untagged ("untagged").
func writtenCode(shape string, size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "## Step %d\n\nThe next part of the program, and what it does.\n\n", i)
		switch shape {
		case "untagged":
			b.WriteString("```\n")
			for j := range 10 {
				fmt.Fprintf(&b, "$ ssh -p 2222 blog.example.com read post-%d-%d\nreading post %d of %d...\n", i, j, j, i)
			}
		default:
			b.WriteString("```go\n")
			for j := range 10 {
				if shape == "go-wide" {
					fmt.Fprintf(&b, "func step%d_%d(ctx context.Context, store *Store, name string, width int) (string, error) {\n", i, j)
					fmt.Fprintf(&b, "\tif page, err := store.Render(ctx, name, width, DefaultStyle, nil); err != nil { return \"\", fmt.Errorf(\"step %d: %%w\", err) }\n", j)
				} else {
					fmt.Fprintf(&b, "func step%d_%d(ctx context.Context, s *Store) error {\n", i, j)
					fmt.Fprintf(&b, "\treturn s.Render(ctx, %q, %d) // step %d\n", "name", j, j)
				}
				b.WriteString("}\n")
			}
		}
		b.WriteString("```\n\n")
	}
	return b.String()
}

// BenchmarkWrittenCode renders code as posts hold it (see writtenCode),
// 16 KB of each shape, at 80 columns, beside prose of the same size.
func BenchmarkWrittenCode(b *testing.B) {
	for _, shape := range []string{"go", "go-wide", "untagged"} {
		md := writtenCode(shape, 16<<10)
		b.Run(shape, func(b *testing.B) { benchmarkRender(b, md) })
		b.Run(shape+"-prose", func(b *testing.B) { benchmarkRender(b, markdown.Hostile("prose", len(md))) })
	}
}
