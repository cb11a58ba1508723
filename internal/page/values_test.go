package page

import (
	"fmt"
	"testing"
)

// One decoding layer serves front matter and configuration files: the
// strict conversions refuse what configuration must not accept, the
// front matter fields built on them fall back as Hugo does.
func TestConversions(t *testing.T) {
	for _, tt := range []struct {
		v    any
		str  string
		n    int
		b    bool
		errs string // which of ToString, ToInt, ToBool fail: "s", "i", "b"
	}{
		{nil, "", 0, false, ""},
		{"42", "42", 42, false, "b"},
		{"true", "true", 0, true, "i"},
		{int64(7), "7", 7, true, ""},
		{1.5, "1.5", 0, false, "ib"},
		{2.0, "2", 2, true, ""},
		{true, "true", 1, true, ""},
		{[]any{1}, "", 0, false, "sib"},
	} {
		s, err := ToString(tt.v)
		if (err != nil) != contains(tt.errs, 's') || err == nil && s != tt.str {
			t.Errorf("ToString(%#v) = %q, %v", tt.v, s, err)
		}
		n, err := ToInt(tt.v)
		if (err != nil) != contains(tt.errs, 'i') || err == nil && n != tt.n {
			t.Errorf("ToInt(%#v) = %d, %v", tt.v, n, err)
		}
		b, err := ToBool(tt.v)
		if (err != nil) != contains(tt.errs, 'b') || err == nil && b != tt.b {
			t.Errorf("ToBool(%#v) = %v, %v", tt.v, b, err)
		}
	}
	meta := map[string]any{"weight": 1.5, "draft": "yes", "toc": 0.5, "tags": 5, "params": map[string]any{"a": 1}}
	if integer(meta, "weight") != 1 || boolean(meta, "draft") || !boolean(meta, "toc") {
		t.Error("front matter numbers and booleans are not read as Hugo reads them")
	}
	if got := fmt.Sprint(list(meta, "tags"), list(meta, "params")); got != "[5] []" {
		t.Errorf("lists: %s", got)
	}
}

func contains(s string, c byte) bool {
	for i := range len(s) {
		if s[i] == c {
			return true
		}
	}
	return false
}

func TestDecodeMapLines(t *testing.T) {
	for _, tt := range []struct {
		format Format
		src    string
		line   int
	}{
		{FormatTOML, "a = 1\n[b\nc = 2\n", 2},
		{FormatJSON, "{\n\"a\": 1,\n}\n", 3},
		{FormatYAML, "a: [1, 2\n", 1}, // past the end: the last line
		{FormatYAML, "- a\n", 1},
	} {
		_, err := DecodeMap(tt.format, []byte(tt.src))
		se, ok := err.(*SyntaxError)
		if !ok || se.Line != tt.line {
			t.Errorf("DecodeMap(%s, %q) = %v, want a SyntaxError at line %d", tt.format, tt.src, err, tt.line)
		}
	}
	if m, err := DecodeMap(FormatJSON, []byte("  ")); err != nil || len(m) != 0 {
		t.Errorf("empty JSON: %v, %v", m, err)
	}
}
