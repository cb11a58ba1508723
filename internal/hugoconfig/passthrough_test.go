package hugoconfig

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestPassthroughDelimiters: the delimiters of Hugo's passthrough
// extension are read when it is enabled (TOML and YAML alike), block
// pairs as displayed math; malformed pairs are skipped; a disabled
// extension gives none.
func TestPassthroughDelimiters(t *testing.T) {
	want := []markdown.MathDelimiter{
		{Open: `\[`, Close: `\]`, Display: true},
		{Open: "$$", Close: "$$", Display: true},
		{Open: `\(`, Close: `\)`},
		{Open: "@(", Close: ")@"},
	}
	for name, cfg := range map[string]string{
		"hugo.toml": `[markup.goldmark.extensions.passthrough]
enable = true
[markup.goldmark.extensions.passthrough.delimiters]
block = [['\[', '\]'], ['$$', '$$'], ['only-one']]
inline = [['\(', '\)'], ['@(', ')@']]
`,
		"hugo.yaml": `markup:
  goldmark:
    extensions:
      passthrough:
        enable: true
        delimiters:
          block: [['\[', '\]'], ['$$', '$$'], 'not a pair']
          inline: [['\(', '\)'], ['@(', ')@']]
`,
	} {
		s, err := Load(writeSite(t, map[string]string{name: cfg}))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(s.Math, want) {
			t.Errorf("%s: Math = %+v, want %+v", name, s.Math, want)
		}
	}
	s, err := Load(writeSite(t, map[string]string{"hugo.toml": "[markup.goldmark.extensions.passthrough]\nenable = false\n[markup.goldmark.extensions.passthrough.delimiters]\ninline = [['@(', ')@']]\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Math != nil {
		t.Errorf("disabled passthrough: Math = %+v", s.Math)
	}
}

// TestPassthroughDelimitersBounded: a configuration of 5,000 pairs (as
// many as its 256 KB hold), or of a delimiter 64 KB long, gives the few
// the parser reads (markdown.MaxMathDelimiters, each at most
// MaxMathDelimiterLen bytes), in their order: every render request's
// cache key spells the site's delimiters out, and was 150 KB long.
func TestPassthroughDelimitersBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("[markup.goldmark.extensions.passthrough]\nenable = true\n[markup.goldmark.extensions.passthrough.delimiters]\ninline = [")
	fmt.Fprintf(&b, "['%s', ')@'], ['', ')'], ['(', '']", strings.Repeat("@", 64<<10))
	for i := range 5000 {
		fmt.Fprintf(&b, ", ['@%d(', ')@']", i)
	}
	b.WriteString("]\n")
	s, err := Load(writeSite(t, map[string]string{"hugo.toml": b.String()}))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Math) != markdown.MaxMathDelimiters {
		t.Fatalf("%d delimiters kept, want %d", len(s.Math), markdown.MaxMathDelimiters)
	}
	for i, d := range s.Math {
		if want := fmt.Sprintf("@%d(", i); d.Open != want {
			t.Errorf("delimiter %d opens with %.40q, want %q", i, d.Open, want)
		}
	}
}
