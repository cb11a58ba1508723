package page

import (
	"errors"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		format   Format
		fm, body string
	}{
		{"yaml", "---\ntitle: A\n---\nbody\n", FormatYAML, "title: A\n", "body\n"},
		{"yaml dots close", "---\ntitle: A\n...\nbody", FormatYAML, "title: A\n", "body"},
		{"toml", "+++\ntitle = 'A'\n+++\n\nbody", FormatTOML, "title = 'A'\n", "\nbody"},
		{"json", "{\"title\": \"A\"}\nbody", FormatJSON, "{\"title\": \"A\"}", "body"},
		{"crlf", "---\r\ntitle: A\r\n---\r\nbody\r\n", FormatYAML, "title: A\r\n", "body\r\n"},
		{"bom", "\uFEFF---\ntitle: A\n---\nbody", FormatYAML, "title: A\n", "body"},
		{"empty front matter", "---\n---\nbody", FormatYAML, "", "body"},
		{"no final newline", "---\ntitle: A\n---", FormatYAML, "title: A\n", ""},
		{"none", "# Title\n\ntext", FormatNone, "", "# Title\n\ntext"},
		{"thematic break only", "---\n\nJust a rule above.\n", FormatNone, "", "---\n\nJust a rule above.\n"},
		{"plus line not toml", "+++\nno closing", FormatNone, "", "+++\nno closing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format, fm, body, _ := Split([]byte(tt.src))
			if format != tt.format || string(fm) != tt.fm || string(body) != tt.body {
				t.Errorf("Split(%q) = %q, %q, %q; want %q, %q, %q", tt.src, format, fm, body, tt.format, tt.fm, tt.body)
			}
		})
	}
}

func TestDecodeErrorsNameFileLine(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
	}{
		{"yaml bad indent", "---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\n", 3},
		{"toml missing quote", "+++\ntitle = 'ok'\ndraft = tru\n+++\n", 3},
		{"json trailing comma", "{\n\"title\": \"x\",\n}\nbody", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format, fm, _, fmLine := Split([]byte(tt.src))
			_, err := Decode(format, fm, fmLine)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Decode error = %v, want SyntaxError", err)
			}
			if se.Line != tt.line {
				t.Errorf("error line = %d, want %d (%v)", se.Line, tt.line, err)
			}
		})
	}
}

func TestDecodeLowercasesKeys(t *testing.T) {
	m, err := Decode(FormatYAML, []byte("Title: A\nPublishDate: 2024-01-01\nParams:\n  Foo: 1\n"), 2)
	if err != nil {
		t.Fatal(err)
	}
	if m["title"] != "A" || m["publishdate"] == nil {
		t.Errorf("keys not lower-cased: %v", m)
	}
	if p, ok := m["params"].(map[string]any); !ok || p["foo"] == nil {
		t.Errorf("nested keys not lower-cased: %v", m["params"])
	}
}

func FuzzSplitDecode(f *testing.F) {
	seeds := []string{
		"---\ntitle: A\n---\nbody",
		"+++\ntitle = 'A'\ndate = 2024-01-01\n+++\nbody",
		"{\"title\": \"A\"}\nbody",
		"---\n\nrule",
		"\uFEFF---\r\ntags: [a]\r\n---\r\n",
		"{",
		"---\n: : :\n---\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		format, fm, body, fmLine := Split([]byte(src))
		if format == FormatNone && string(body) != strings.TrimPrefix(src, "\uFEFF") {
			t.Fatalf("no front matter but body changed: %q -> %q", src, body)
		}
		if _, err := Decode(format, fm, fmLine); err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Decode error is not a SyntaxError: %v", err)
			}
		}
		// Parse must never panic and must either return a post or a
		// ParseError naming the file.
		p, err := Parse("posts/x.md", []byte(src), Options{HasCJKLanguage: true})
		if err == nil && p == nil {
			t.Fatal("Parse returned neither post nor error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "posts/x.md") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
