package sanitize

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/sanitize/sanitizetest"
)

// firstForbidden returns the first code point of s that the independent
// list forbids.
func firstForbidden(s string) (rune, bool) { return sanitizetest.First(s, sanitizetest.Forbidden) }

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
		{"bidi embedding", "a\u202ab\u202bc\u202cd", "abcd"},
		{"bidi marks", "a\u200eb\u200fc\u061cd", "abcd"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"zero width joiner kept", "👩\u200d💻", "👩\u200d💻"},
		{"arabic and hebrew kept", "שלום مرحبا", "שלום مرحبا"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every forbidden code point is removed, alone, between letters, and in
// the fast path's way (valid UTF-8 with nothing else to strip).
func TestTextRemovesEveryForbiddenCodePoint(t *testing.T) {
	for _, rg := range sanitizetest.Forbidden {
		for r := rg[0]; r <= rg[1]; r++ {
			for _, in := range []string{string(r), "a" + string(r) + "b", "中" + string(r) + "文\n"} {
				if c, bad := firstForbidden(Text(in)); bad {
					t.Errorf("Text(%q) kept %U", in, c)
				}
			}
		}
	}
}

// Character references are decoded by markdown after the text was
// sanitised: a reference to a forbidden code point, numeric or named, must
// not survive Refs.
func TestRefs(t *testing.T) {
	var refs []string
	for _, rg := range sanitizetest.Forbidden {
		for r := rg[0]; r <= rg[1]; r++ {
			refs = append(refs, fmt.Sprintf("&#%d;", r), fmt.Sprintf("&#x%x;", r), fmt.Sprintf("&#X%04X;", r), fmt.Sprintf("&#x%08x;", r))
		}
	}
	// The HTML5 named references to forbidden code points.
	refs = append(refs, "&lrm;", "&rlm;", "&#x0000000000202a;", "&#x202a", "&#8234 ", "&#27", "&#020052;")
	for _, ref := range refs {
		out := Refs("a" + ref + " z")
		if strings.Contains(out, "&") {
			t.Errorf("Refs(%q) = %q: the reference survives", ref, out)
		}
	}
	for _, keep := range []string{"&#x4e2d;", "&amp;", "&zwj;", "&#65;", "&copy;", "&nbsp;", "&lrm", "&unknown;"} {
		if out := Refs(keep); out != keep {
			t.Errorf("Refs(%q) = %q, want it unchanged", keep, out)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "中文\r\n", "\x1b]0;x\x07", "\u009b2J", "a\u202ab", "\u200f\u200e", "x\u2066y\u2069", "\u061c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if c, bad := firstForbidden(out); bad {
			t.Fatalf("Text(%q) left %U", s, c)
		}
		if Text(out) != out {
			t.Fatalf("Text is not idempotent on %q", s)
		}
	})
}

// FuzzRefs decodes the output as the renderers do (html.UnescapeString
// for glamour, goldmark's decoders for its HTML renderer; not this
// package's rule) and checks that no forbidden code point comes out: text
// is sanitised at load, then Refs runs before rendering.
func FuzzRefs(f *testing.F) {
	for _, s := range []string{"&#x202a;", "&#8207;", "&rlm;&lrm;", "&#27;[2J", "&amp;#x202e;", "&#x0000000000202E;", "&#x202a b", "&#8234", "a &copy; b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Refs(Text(s))
		if c, bad := firstForbidden(html.UnescapeString(out)); bad {
			t.Fatalf("Refs(Text(%q)) = %q decodes to %U", s, out, c)
		}
		if c, bad := firstForbidden(string(util.ResolveEntityNames(util.ResolveNumericReferences([]byte(out))))); bad {
			t.Fatalf("Refs(Text(%q)) = %q decodes to %U in goldmark", s, out, c)
		}
	})
}

// Escape leaves no forbidden code point (judged by sanitizetest's own
// list), shows each one as an escape, and leaves clean text alone.
func TestEscape(t *testing.T) {
	for _, rg := range sanitizetest.Forbidden {
		for r := rg[0]; r <= rg[1]; r++ {
			in := "a" + string(r) + "b"
			got := Escape(in)
			if c, bad := firstForbidden(got); bad {
				t.Errorf("Escape(%q) = %q holds U+%04X", in, got, c)
			}
			if got == "ab" || !strings.HasPrefix(got, `a\`) {
				t.Errorf("Escape(%q) = %q: the character is not shown escaped", in, got)
			}
		}
	}
	for in, want := range map[string]string{
		"reader\u202e\x1b[2J\xff": `reader\u202e\x1b[2J\xff`,
		"line\nnext\ttab":         "line\nnext\ttab",
		"终端 é \\x1b":              "终端 é \\x1b",
		"\u009b31m\r":             `\u009b31m\r`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzEscape: whatever a client sends, its escaped form holds no
// forbidden code point and is valid UTF-8 (a JSON log keeps it as it is).
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"reader\u202e\x1b[2J", "\xff\xfe", "\u009b31m", "中文\r\n", "\u2066x\u2069"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if c, bad := firstForbidden(out); bad {
			t.Fatalf("Escape(%q) = %q holds %U", s, out, c)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q is not valid UTF-8", s, out)
		}
	})
}
