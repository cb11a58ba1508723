package hugoconfig

import (
	"reflect"
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
