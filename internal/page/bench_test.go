package page

import (
	"fmt"
	"strings"
	"testing"
)

// hostileFiles are content files built to make loading slow or large:
// bodies of 1 MB, and front matter just under the most that is read
// (MaxDocumentSize), with ordinary prose to compare them with (MB/s).
// Each is what one of the loader's bounds is for.
func hostileFiles() []struct{ name, src string } {
	const size = 1 << 20
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	fm := MaxDocumentSize - 1<<10
	var yamlKeys, tomlDeep strings.Builder
	yamlKeys.WriteString("---\n")
	for i := 0; yamlKeys.Len() < fm; i++ {
		fmt.Fprintf(&yamlKeys, "k%d: 1\n", i)
	}
	yamlKeys.WriteString("---\nbody\n")
	tomlDeep.WriteString("+++\n")
	for i := 0; tomlDeep.Len() < fm; i++ {
		fmt.Fprintf(&tomlDeep, "k%d = %s1%s\n", i, strings.Repeat("{a=", 15), strings.Repeat("}", 15))
	}
	tomlDeep.WriteString("+++\nbody\n")
	n := size / 31 // nested notices: 15 bytes in, 16 out
	return []struct{ name, src string }{
		{"prose", fill("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n")},
		{"nested notices", strings.Repeat("{{< notice >}}\n", n) + "x\n" + strings.Repeat("{{< /notice >}}\n", n)},
		{"unclosed parameters", fill("{{< a ") + "="},
		{"unclosed escaped tags", fill("{{</* ")},
		{"a parameter repeated", "---\nbig: " + strings.Repeat("x", 10<<10) + "\n---\n" + fill("{{< param big >}}")},
		{"yaml keys", yamlKeys.String()},
		{"yaml key repeated", "---\n" + strings.Repeat("a: 1\n", fm/5) + "---\nbody\n"},
		{"toml keys 16 deep", tomlDeep.String()},
		{"toml dotted key", "+++\n" + strings.Repeat("a.", fm/2) + "a = 1\n+++\nbody\n"},
		{"front matter over 256 KB", "+++\n" + fill("k = 1\n") + "+++\nbody\n"},
	}
}

// BenchmarkParseHostile loads each hostile file; compare with prose.
func BenchmarkParseHostile(b *testing.B) {
	for _, f := range hostileFiles() {
		b.Run(f.name, func(b *testing.B) {
			src := []byte(f.src)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				Parse("posts/x.md", src, Options{})
			}
		})
	}
}
