package server

import (
	"strings"
	"testing"

	"charm.land/ssh"

	"github.com/sshblog/sshblog/internal/metrics"
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

// linkSession is a session with a terminal and a command line; only what
// sessionKind reads is implemented.
type linkSession struct {
	ssh.Session
	cmd []string
}

func (s linkSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) { return ssh.Pty{}, nil, true }
func (s linkSession) Command() []string                       { return s.cmd }

// TestDeepLinkCountsAsReader: a deep link runs the reader, and the
// metrics count it as one (it was counted as a command).
func TestDeepLinkCountsAsReader(t *testing.T) {
	for _, tc := range []struct {
		cmd  []string
		want string
	}{
		{nil, metrics.KindPty},
		{[]string{"hello-world"}, metrics.KindPty},
		{[]string{"search/two", "words"}, metrics.KindPty},
		{[]string{"ls"}, metrics.KindCommand},
		{[]string{"read", "x"}, metrics.KindCommand},
	} {
		if got := sessionKind(linkSession{cmd: tc.cmd}); got != tc.want {
			t.Errorf("sessionKind(pty, %q) = %s, want %s", tc.cmd, got, tc.want)
		}
	}
}
