package config

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParsePrecedence(t *testing.T) {
	c, err := Parse(nil, env(nil), &bytes.Buffer{})
	if err != nil || !reflect.DeepEqual(c, Default()) {
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
		{[]string{"--max-post-size", "10 parsecs"}, nil, "max-post-size"},
		{[]string{"--max-post-size", "0"}, nil, "max-post-size"},
		{[]string{"--render-workers", "-1"}, nil, "render-workers"},
	} {
		_, err := Parse(tt.args, env(tt.env), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%v, %v) error = %v, want mention of %q", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestMaxPostSize(t *testing.T) {
	for in, want := range map[string]int{"10MB": 10 << 20, "512 kb": 512 << 10, "1048576": 1 << 20, "2GB": 2 << 30, "300B": 300} {
		c, err := Parse(nil, env(map[string]string{"SSHBLOG_MAX_POST_SIZE": in}), &bytes.Buffer{})
		if err != nil || c.MaxPostSize != want {
			t.Errorf("SSHBLOG_MAX_POST_SIZE=%s: %d, %v; want %d", in, c.MaxPostSize, err, want)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sshblog.toml")
	os.WriteFile(path, []byte("max_post_size = \"2MB\"\nrender_workers = 3\n"), 0o644)
	c, err := Parse([]string{"--config", path}, env(nil), &bytes.Buffer{})
	if err != nil || c.MaxPostSize != 2<<20 || c.RenderWorkers != 3 {
		t.Errorf("from the file: %d, %d, %v", c.MaxPostSize, c.RenderWorkers, err)
	}
	if Default().MaxPostSize != 10<<20 {
		t.Errorf("default max post size %d, want 10 MB", Default().MaxPostSize)
	}
}

func TestHelpDocumentsEverything(t *testing.T) {
	var out bytes.Buffer
	_, err := Parse([]string{"--help"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help error = %v", err)
	}
	for _, want := range []string{"-listen", "SSHBLOG_LISTEN", "-content", "SSHBLOG_CONTENT", "-hostkeys", "SSHBLOG_HOSTKEYS", "-title", "-log-format", "-idle-timeout", "-max-sessions", "-login-grace-time", "-max-startups", "SSHBLOG_MAX_STARTUPS", "-per-source-max-startups", "-per-source-rate", "-per-source-burst", "-max-post-size", "SSHBLOG_MAX_POST_SIZE", "-render-workers"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sshblog.toml")
	os.WriteFile(path, []byte(`listen = ":5000"
content = "/srv/site"
title = "From File"
idle_timeout = "10m"
max_sessions = 50

[site]
description = "Site from file"
hasCJKLanguage = false
mainSections = ["notes"]
`), 0o644)
	c, err := Parse([]string{"--config", path}, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != ":5000" || c.ContentDir != "/srv/site" || c.Title != "From File" || c.IdleTimeout != 10*time.Minute || c.MaxSessions != 50 {
		t.Errorf("file settings not applied: %+v", c)
	}
	if c.Site.Description != "Site from file" || c.Site.HasCJKLanguage == nil || *c.Site.HasCJKLanguage || c.Site.MainSections[0] != "notes" {
		t.Errorf("site settings not applied: %+v", c.Site)
	}
	// Environment over file, flags over environment.
	c, err = Parse([]string{"--config=" + path, "--title", "Flag"}, env(map[string]string{"SSHBLOG_LISTEN": ":6000", "SSHBLOG_TITLE": "Env"}), &bytes.Buffer{})
	if err != nil || c.Listen != ":6000" || c.Title != "Flag" || c.ContentDir != "/srv/site" {
		t.Errorf("precedence: %+v, %v", c, err)
	}
	// Through the environment variable too.
	if c, err := Parse(nil, env(map[string]string{"SSHBLOG_CONFIG": path}), &bytes.Buffer{}); err != nil || c.Listen != ":5000" {
		t.Errorf("SSHBLOG_CONFIG: %+v, %v", c, err)
	}
}

func TestConfigFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("listen = \":1\"\ntitle = \n"), 0o644)
	if _, err := Parse([]string{"--config", bad}, env(nil), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), bad+":2:") {
		t.Errorf("syntax error = %v, want file:line", err)
	}
	unknown := filepath.Join(dir, "unknown.toml")
	os.WriteFile(unknown, []byte("lisen = \":1\"\n"), 0o644)
	if _, err := Parse([]string{"--config", unknown}, env(nil), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "lisen") {
		t.Errorf("unknown key error = %v", err)
	}
	if _, err := Parse([]string{"--config", filepath.Join(dir, "missing.toml")}, env(nil), &bytes.Buffer{}); err == nil {
		t.Error("a missing explicit config file was accepted")
	}
	// File values are checked like the same values from the environment
	// or flags, and name the setting.
	for body, want := range map[string]string{
		"max_sessions = 0\n":           "max-sessions",
		"idle_timeout = \"soon\"\n":    "idle_timeout",
		"max_sessions = \"many\"\n":    "max_sessions",
		"[site]\ndescripton = \"x\"\n": "descripton",
	} {
		f := filepath.Join(dir, "v.toml")
		os.WriteFile(f, []byte(body), 0o644)
		if _, err := Parse([]string{"--config", f}, env(nil), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one naming %s", body, err, want)
		}
	}
}

// The debug listener is off unless asked for, from any of the three places.
func TestDebugListen(t *testing.T) {
	if c, err := Parse(nil, env(nil), &bytes.Buffer{}); err != nil || c.DebugListen != "" {
		t.Fatalf("default DebugListen = %q, %v; want off", c.DebugListen, err)
	}
	e := env(map[string]string{"SSHBLOG_DEBUG_LISTEN": "127.0.0.1:6060"})
	if c, err := Parse(nil, e, &bytes.Buffer{}); err != nil || c.DebugListen != "127.0.0.1:6060" {
		t.Errorf("env: %q, %v", c.DebugListen, err)
	}
	if c, err := Parse([]string{"--debug-listen", "[::1]:7070"}, e, &bytes.Buffer{}); err != nil || c.DebugListen != "[::1]:7070" {
		t.Errorf("flag over env: %q, %v", c.DebugListen, err)
	}
	f := filepath.Join(t.TempDir(), "d.toml")
	os.WriteFile(f, []byte("debug_listen = \"127.0.0.1:6061\"\n"), 0o644)
	if c, err := Parse([]string{"--config", f}, env(nil), &bytes.Buffer{}); err != nil || c.DebugListen != "127.0.0.1:6061" {
		t.Errorf("file: %q, %v", c.DebugListen, err)
	}
}

func TestTimeoutSettings(t *testing.T) {
	c := Default()
	if c.WriteTimeout != time.Minute || c.DrainTimeout != 10*time.Second {
		t.Errorf("defaults: write %v, drain %v; want 1m and 10s", c.WriteTimeout, c.DrainTimeout)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sshblog.toml")
	os.WriteFile(path, []byte("write_timeout = \"30s\"\ndrain_timeout = \"3s\"\n"), 0o644)
	c, err := Parse([]string{"--config", path}, env(nil), &bytes.Buffer{})
	if err != nil || c.WriteTimeout != 30*time.Second || c.DrainTimeout != 3*time.Second {
		t.Errorf("from the file: %+v, %v", c, err)
	}
	c, err = Parse([]string{"--drain-timeout", "0s"}, env(map[string]string{"SSHBLOG_WRITE_TIMEOUT": "5s"}), &bytes.Buffer{})
	if err != nil || c.WriteTimeout != 5*time.Second || c.DrainTimeout != 0 {
		t.Errorf("env and flags: %+v, %v", c, err)
	}
	for _, args := range [][]string{{"--write-timeout", "0s"}, {"--drain-timeout", "-1s"}} {
		if _, err := Parse(args, env(nil), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(args[0], "--")) {
			t.Errorf("%v: error %v, want one naming the setting", args, err)
		}
	}
}

// Diff tells a reload what changed, by setting name.
func TestDiff(t *testing.T) {
	a := Default()
	if d := Diff(a, a); len(d) != 0 {
		t.Errorf("Diff of equal configs = %v", d)
	}
	b := a
	b.Listen, b.Title, b.DrainTimeout = ":9", "New", time.Second
	yes := true
	b.Site.HasCJKLanguage = &yes
	if d := Diff(a, b); !reflect.DeepEqual(d, []string{"listen", "title", "drain-timeout", "site"}) {
		t.Errorf("Diff = %v, want listen, title, drain-timeout, site", d)
	}
}

func TestProxySettings(t *testing.T) {
	c, err := Parse([]string{"--proxy-protocol", "--proxy-trusted", "10.0.0.0/8, 192.0.2.7,::ffff:198.51.100.0/120"}, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.TrustedProxies()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "198.51.100.0/24"}
	if len(got) != len(want) {
		t.Fatalf("trusted = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("trusted[%d] = %s, want %s", i, got[i], want[i])
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--proxy-protocol"}, "needs --proxy-trusted"},
		{[]string{"--proxy-trusted", "10.0.0.0/8"}, "--proxy-protocol is not"},
		{[]string{"--proxy-protocol", "--proxy-trusted", "10.0.0.0/33"}, `"10.0.0.0/33"`},
		{[]string{"--proxy-protocol", "--proxy-trusted", "lb.example"}, `"lb.example"`},
		{[]string{"--drain-delay", "-1s"}, "drain-delay"},
	} {
		if _, err := Parse(tt.args, env(nil), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%v) error = %v, want mention of %s", tt.args, err, tt.want)
		}
	}
}

func TestProxyTrustedListInFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sshblog.toml")
	if err := os.WriteFile(path, []byte("proxy_protocol = true\nproxy_trusted = [\"10.0.0.0/8\", \"192.0.2.7\"]\nmetrics_listen = \"127.0.0.1:9222\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Parse([]string{"--config", path}, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if !c.ProxyProtocol || c.ProxyTrusted != "10.0.0.0/8,192.0.2.7" || c.MetricsListen != "127.0.0.1:9222" {
		t.Errorf("from the file: protocol %v, trusted %q, metrics %q", c.ProxyProtocol, c.ProxyTrusted, c.MetricsListen)
	}
}
