package main

import (
	"strings"
	"testing"
)

func TestMatcher(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		expect string
		want   bool
	}{
		{"plain", []string{"hello floor\r\n"}, "floor", true},
		{"absent", []string{"hello flo", "or?"}, "floors", false},
		{"empty expect needs output", []string{"\x1b[?1049h\x1b[2J"}, "", false},
		{"empty expect any text", []string{"\x1b[H", "x"}, "", true},
		{"sgr colours", []string{"\x1b[1;38;5;205mfl\x1b[0moor"}, "floor", true},
		{"alt screen and cursor moves", []string{"\x1b[?1049h\x1b[?25l\x1b[H\x1b[2Jfl\x1b[1;3Hoor"}, "floor", true},
		{"cursor forward instead of space", []string{"hello\x1b[1Cworld"}, "hello world", true},
		{"escape split across writes", []string{"fl\x1b", "[3", "8;5;2", "mo", "or"}, "floor", true},
		{"text split across writes", []string{"f", "l", "o", "o", "r"}, "floor", true},
		{"csi digits are not text", []string{"\x1b[38;5;123m\x1b[4m"}, "123", false},
		{"osc title with bel", []string{"\x1b]0;floor\x07done"}, "floor", false},
		{"osc with st", []string{"\x1b]2;floor\x1b\\ok floor"}, "floor", true},
		{"osc st split", []string{"\x1b]2;fl", "oor\x1b", "\\ready"}, "floor", false},
		{"dcs body hidden", []string{"\x1bP+q464c6f6f72\x1b\\"}, "464c", false},
		{"charset designator", []string{"\x1b(Bfl\x1b(0oor"}, "floor", true},
		{"decrqm query", []string{"\x1b[?2026$p\x1b[?2027$pfloor"}, "floor", true},
		{"esc aborts string", []string{"\x1b]0;title\x1b[1mfloor"}, "floor", true},
		{"utf8 text", []string{"caf\xc3\xa9 \xe2\x94\x80floor"}, "café", true},
		{"wide text across moves", []string{"\xe6\x97\xa5\x1b[2C\xe6\x9c\xac"}, "日 本", true},
		{"newlines ignored", []string{"Recent\r\nposts"}, "Recent posts", true},
		{"two-byte escapes", []string{"\x1b7\x1b=\x1bMfloor\x1b8"}, "floor", true},
		{"long preamble", []string{strings.Repeat("x", 2000) + "floor"}, "floor", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMatcher(tt.expect)
			for _, c := range tt.chunks {
				if _, err := m.Write([]byte(c)); err != nil {
					t.Fatalf("Write: %v", err)
				}
			}
			if got := m.Found(); got != tt.want {
				t.Errorf("Found() = %v, want %v (tail %q)", got, tt.want, m.Tail())
			}
		})
	}
}

func TestMatcherTailBounded(t *testing.T) {
	m := newMatcher("zzz")
	for range 100 {
		_, _ = m.Write([]byte(strings.Repeat("abcdefgh", 100)))
	}
	if n := len(m.Tail()); n > 2*tailKeep {
		t.Fatalf("tail grew to %d bytes", n)
	}
}
