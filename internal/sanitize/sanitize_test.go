package sanitize

import "testing"

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ascii", "hello\tworld\n", "hello\tworld\n"},
		{"chinese kept", "中文，标点。\n", "中文，标点。\n"},
		{"crlf", "a\r\nb\r\n", "a\nb\n"},
		{"csi color", "a\x1b[31mred\x1b[0m b", "ared b"},
		{"cursor move", "x\x1b[2J\x1b[Hy", "xy"},
		{"osc title bel", "a\x1b]0;pwned\x07b", "ab"},
		{"osc hyperlink st", "a\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\b", "alinkb"},
		{"c1 csi", "a\u009b31mb", "a31mb"},
		{"bell and backspace", "a\x07\x08b", "ab"},
		{"nul and del", "a\x00b\x7fc", "abc"},
		{"bidi override", "abc\u202edef", "abcdef"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"zero width joiner kept", "👩\u200d💻", "👩\u200d💻"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "中文\r\n", "\x1b]0;x\x07", "\u009b2J"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		for _, r := range out {
			if !keep(r) {
				t.Fatalf("Text(%q) left control rune %U", s, r)
			}
		}
		if Text(out) != out {
			t.Fatalf("Text is not idempotent on %q", s)
		}
	})
}
