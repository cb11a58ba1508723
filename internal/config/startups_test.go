package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/limits"
)

// The admission settings come from flags, the environment and the file
// like every other, and bad values are refused with the setting's name.
func TestAdmissionSettings(t *testing.T) {
	c, err := Parse([]string{"--max-startups", "20:50:80", "--per-source-rate", "2.5", "--login-grace-time", "5s"},
		env(map[string]string{"SSHBLOG_PER_SOURCE_MAX_STARTUPS": "8", "SSHBLOG_PER_SOURCE_BURST": "30", "SSHBLOG_PER_SOURCE_MAX_SESSIONS": "12"}), &bytes.Buffer{})
	if err != nil || c.MaxStartups != (limits.Startups{Start: 20, Rate: 50, Full: 80}) || c.PerSourceRate != 2.5 || c.LoginGraceTime != 5*time.Second ||
		c.PerSourceMaxStartups != 8 || c.PerSourceBurst != 30 || c.PerSourceMaxSessions != 12 {
		t.Fatalf("admission settings: %+v, %v", c, err)
	}
	f := filepath.Join(t.TempDir(), "sshblog.toml")
	os.WriteFile(f, []byte("max_startups = \"30:30:60\"\nper_source_rate = 0\nlogin_grace_time = \"20s\"\nper_source_max_sessions = 0\n"), 0o644)
	c, err = Parse([]string{"--config", f}, env(nil), &bytes.Buffer{})
	if err != nil || c.MaxStartups != (limits.Startups{Start: 30, Rate: 30, Full: 60}) || c.PerSourceRate != 0 || c.LoginGraceTime != 20*time.Second || c.PerSourceMaxSessions != 0 {
		t.Fatalf("admission settings from a file: %+v, %v", c, err)
	}
	for _, args := range [][]string{
		{"--max-startups", "400:30:100"},
		{"--login-grace-time", "0s"},
		{"--per-source-max-startups", "-1"},
		{"--per-source-rate", "-1"},
		{"--per-source-burst", "0"},
		{"--per-source-max-sessions", "-1"},
	} {
		name := strings.TrimPrefix(args[0], "--")
		if _, err := Parse(args, env(nil), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Parse(%v) error = %v, want one naming %s", args, err, name)
		}
	}
}
