package server

import (
	"strings"
	"testing"
)

// TestCommandNamesCoverHelp: every command the help lists runs as a
// command with a terminal too, never as a deep link to a post of that
// name.
func TestCommandNamesCoverHelp(t *testing.T) {
	for _, l := range strings.Split(commandHelp, "\n") {
		if !strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "   ") {
			continue // not a command line, or the continuation of one
		}
		name := strings.Fields(l)[0]
		if _, ok := deepLink([]string{name}); ok {
			t.Errorf("command %q would be taken for a deep link", name)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{"hello-world"}, "hello-world", true},
		{[]string{"tags/go"}, "tags/go", true},
		{[]string{"search/调解工作室"}, "search/调解工作室", true},
		{[]string{"search/two", "words"}, "search/two words", true},
		{[]string{"ls"}, "", false},
		{[]string{"read", "x"}, "", false},
		{nil, "", false},
	} {
		if got, ok := deepLink(tc.args); got != tc.want || ok != tc.ok {
			t.Errorf("deepLink(%q) = %q %v, want %q %v", tc.args, got, ok, tc.want, tc.ok)
		}
	}
}
