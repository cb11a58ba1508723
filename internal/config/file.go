package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// fileConfig is the shape of sshblog.toml. Server settings sit at the top;
// site settings (the same as Hugo's) in [site].
type fileConfig struct {
	Listen        string        `toml:"listen"`
	Content       string        `toml:"content"`
	HostKeys      string        `toml:"hostkeys"`
	Title         string        `toml:"title"`
	LogFormat     string        `toml:"log_format"`
	IdleTimeout   string        `toml:"idle_timeout"`
	MaxSessions   int           `toml:"max_sessions"`
	RenderCacheMB int           `toml:"render_cache_mb"`
	Site          SiteOverrides `toml:"site"`
}

// configPath finds the config file named by --config or SSHBLOG_CONFIG,
// before the other flags are parsed (they override it). explicit reports
// whether the operator named it, which makes a missing file an error.
func configPath(args []string, getenv func(string) string) (path string, explicit bool) {
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			continue
		}
		if hasVal {
			return val, true
		}
		if i+1 < len(args) {
			return args[i+1], true
		}
	}
	if v := getenv("SSHBLOG_CONFIG"); v != "" {
		return v, true
	}
	return DefaultConfigFile, false
}

// loadFile applies the config file over the defaults.
func (c *Config) loadFile(path string, explicit bool) error {
	var f fileConfig
	md, err := toml.DecodeFile(path, &f)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil
	}
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s:%d: %s", path, pe.Position.Line, pe.Message)
		}
		return fmt.Errorf("config file %s: %w", path, err)
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		return fmt.Errorf("config file %s: unknown setting %q", path, undec[0].String())
	}
	c.ConfigFile = path
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&c.Listen, f.Listen)
	set(&c.ContentDir, f.Content)
	set(&c.HostKeyDir, f.HostKeys)
	set(&c.Title, f.Title)
	set(&c.LogFormat, f.LogFormat)
	if f.IdleTimeout != "" {
		d, err := time.ParseDuration(f.IdleTimeout)
		if err != nil {
			return fmt.Errorf("config file %s: idle_timeout: %w", path, err)
		}
		c.IdleTimeout = d
	}
	if f.MaxSessions != 0 {
		c.MaxSessions = f.MaxSessions
	}
	if f.RenderCacheMB != 0 {
		c.RenderCacheMB = f.RenderCacheMB
	}
	c.Site = f.Site
	return nil
}
