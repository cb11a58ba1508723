package config

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParsePrecedence(t *testing.T) {
	c, err := Parse(nil, env(nil), &bytes.Buffer{})
	if err != nil || c != Default() {
		t.Fatalf("no flags, no env: %+v, %v; want defaults", c, err)
	}
	e := env(map[string]string{"SSHBLOG_LISTEN": ":3000", "SSHBLOG_CONTENT": "/srv/c", "SSHBLOG_IDLE_TIMEOUT": "5m", "SSHBLOG_MAX_SESSIONS": "7"})
	c, err = Parse(nil, e, &bytes.Buffer{})
	if err != nil || c.Listen != ":3000" || c.ContentDir != "/srv/c" || c.IdleTimeout != 5*time.Minute || c.MaxSessions != 7 {
		t.Fatalf("env: %+v, %v", c, err)
	}
	c, err = Parse([]string{"--listen", ":4000", "--title", "T", "--log-format", "json"}, e, &bytes.Buffer{})
	if err != nil || c.Listen != ":4000" || c.ContentDir != "/srv/c" || c.Title != "T" || c.LogFormat != "json" {
		t.Fatalf("flags over env: %+v, %v", c, err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--log-format", "xml"}, nil, "log-format"},
		{[]string{"--max-sessions", "0"}, nil, "max-sessions"},
		{nil, map[string]string{"SSHBLOG_IDLE_TIMEOUT": "soon"}, "SSHBLOG_IDLE_TIMEOUT"},
		{[]string{"stray"}, nil, "stray"},
	} {
		_, err := Parse(tt.args, env(tt.env), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%v, %v) error = %v, want mention of %q", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestHelpDocumentsEverything(t *testing.T) {
	var out bytes.Buffer
	_, err := Parse([]string{"--help"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help error = %v", err)
	}
	for _, want := range []string{"-listen", "SSHBLOG_LISTEN", "-content", "SSHBLOG_CONTENT", "-hostkeys", "SSHBLOG_HOSTKEYS", "-title", "-log-format", "-idle-timeout", "-max-sessions"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}
