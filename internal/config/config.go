// Package config holds the server's settings: defaults, environment
// variables and command-line flags, in that order of precedence.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// Config is everything an operator can set.
type Config struct {
	// ConfigFile is the sshblog.toml that was read, if any.
	ConfigFile    string
	Listen        string
	ContentDir    string
	HostKeyDir    string
	Title         string
	LogFormat     string // "text" or "json"
	IdleTimeout   time.Duration
	MaxSessions   int
	RenderCacheMB int
	// Admission limits against handshake floods (OpenSSH's LoginGraceTime,
	// MaxStartups and PerSourceMaxStartups, plus a per-source rate).
	LoginGraceTime       time.Duration
	MaxStartups          Startups
	PerSourceMaxStartups int
	PerSourceRate        float64 // new connections per second per source; 0: no limit
	PerSourceBurst       int
	// DebugListen is the address of the pprof and runtime-stats listener;
	// empty (the default) turns it off. Never a public address.
	DebugListen string
	// Site overrides what the Hugo configuration (if any) says.
	Site SiteOverrides
}

// SiteOverrides are site settings from sshblog.toml's [site] table. Unset
// fields leave the Hugo configuration's values (or the defaults) alone.
type SiteOverrides struct {
	Description            string            `toml:"description"`
	DefaultContentLanguage string            `toml:"defaultContentLanguage"`
	HasCJKLanguage         *bool             `toml:"hasCJKLanguage"`
	SummaryLength          int               `toml:"summaryLength"`
	MainSections           []string          `toml:"mainSections"`
	Taxonomies             map[string]string `toml:"taxonomies"`
}

// DefaultConfigFile is read when it exists and no --config is given.
const DefaultConfigFile = "sshblog.toml"

// Default returns the settings used when nothing is configured.
func Default() Config {
	return Config{
		Listen:        ":2222",
		ContentDir:    "content",
		HostKeyDir:    "hostkeys",
		LogFormat:     "text",
		IdleTimeout:   30 * time.Minute,
		MaxSessions:   1000,
		RenderCacheMB: 64,
		// The admission defaults are explained in startups.go.
		LoginGraceTime:       10 * time.Second,
		MaxStartups:          DefaultStartups,
		PerSourceMaxStartups: DefaultPerSourceMaxStartups,
		PerSourceRate:        DefaultPerSourceRate,
		PerSourceBurst:       DefaultPerSourceBurst,
	}
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Listen == "":
		return errors.New("--listen must not be empty")
	case c.ContentDir == "":
		return errors.New("--content must not be empty")
	case c.HostKeyDir == "":
		return errors.New("--hostkeys must not be empty")
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	case c.IdleTimeout <= 0:
		return errors.New("--idle-timeout must be positive")
	case c.MaxSessions <= 0:
		return errors.New("--max-sessions must be positive")
	case c.RenderCacheMB <= 0:
		return errors.New("--render-cache-mb must be positive")
	case c.LoginGraceTime <= 0:
		return errors.New("--login-grace-time must be positive")
	case c.PerSourceMaxStartups < 0:
		return errors.New("--per-source-max-startups must not be negative (0: no limit)")
	case c.PerSourceRate < 0:
		return errors.New("--per-source-rate must not be negative (0: no limit)")
	case c.PerSourceRate > 0 && c.PerSourceBurst < 1:
		return errors.New("--per-source-burst must be at least 1")
	}
	return nil
}

// setting describes one option: its flag, environment variable and help.
type setting struct {
	flag, env, help string
	bind            func(fs *flag.FlagSet, name, help string)
}

// set parses v as the flag would and stores it.
func (s setting) set(v string) error {
	tmp := flag.NewFlagSet(s.flag, flag.ContinueOnError)
	tmp.SetOutput(io.Discard)
	s.bind(tmp, s.flag, "")
	return tmp.Set(s.flag, v)
}

// Parse reads environment variables over the defaults, then flags over
// those. getenv is os.Getenv in production. The usage text, printed for
// --help, lists every flag with its variable and default.
func Parse(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet("sshblog", flag.ContinueOnError)
	fs.SetOutput(out)
	var envErr error
	str := func(p *string) func(*flag.FlagSet, string, string) {
		return func(fs *flag.FlagSet, name, help string) { fs.StringVar(p, name, *p, help) }
	}
	settings := []setting{
		{"config", "SSHBLOG_CONFIG", "sshblog.toml config file; the environment and flags override it", str(&c.ConfigFile)},
		{"listen", "SSHBLOG_LISTEN", "address to listen on", str(&c.Listen)},
		{"content", "SSHBLOG_CONTENT", "content folder (Hugo layout)", str(&c.ContentDir)},
		{"hostkeys", "SSHBLOG_HOSTKEYS", "folder for the SSH host key, created on first start", str(&c.HostKeyDir)},
		{"title", "SSHBLOG_TITLE", "blog title (default: title of content/_index.md)", str(&c.Title)},
		{"log-format", "SSHBLOG_LOG_FORMAT", "log format: text or json", str(&c.LogFormat)},
		{"idle-timeout", "SSHBLOG_IDLE_TIMEOUT", "close sessions idle this long", func(fs *flag.FlagSet, name, help string) { fs.DurationVar(&c.IdleTimeout, name, c.IdleTimeout, help) }},
		{"max-sessions", "SSHBLOG_MAX_SESSIONS", "most sessions at once; more are told to try again", func(fs *flag.FlagSet, name, help string) { fs.IntVar(&c.MaxSessions, name, c.MaxSessions, help) }},
		{"render-cache-mb", "SSHBLOG_RENDER_CACHE_MB", "memory for rendered posts, in MB", func(fs *flag.FlagSet, name, help string) { fs.IntVar(&c.RenderCacheMB, name, c.RenderCacheMB, help) }},
		{"login-grace-time", "SSHBLOG_LOGIN_GRACE_TIME", "drop clients that have not finished the handshake after this long", func(fs *flag.FlagSet, name, help string) {
			fs.DurationVar(&c.LoginGraceTime, name, c.LoginGraceTime, help)
		}},
		{"max-startups", "SSHBLOG_MAX_STARTUPS", "unfinished handshakes: start:rate:full refuses rate% of new ones from start on, more up to 100% at full", func(fs *flag.FlagSet, name, help string) { fs.Var(&c.MaxStartups, name, help) }},
		{"per-source-max-startups", "SSHBLOG_PER_SOURCE_MAX_STARTUPS", "unfinished handshakes per client address (IPv6: per /64); 0: no limit", func(fs *flag.FlagSet, name, help string) {
			fs.IntVar(&c.PerSourceMaxStartups, name, c.PerSourceMaxStartups, help)
		}},
		{"per-source-rate", "SSHBLOG_PER_SOURCE_RATE", "new connections per second per client address, after the burst; 0: no limit", func(fs *flag.FlagSet, name, help string) {
			fs.Float64Var(&c.PerSourceRate, name, c.PerSourceRate, help)
		}},
		{"per-source-burst", "SSHBLOG_PER_SOURCE_BURST", "new connections a client address may open at once before --per-source-rate applies", func(fs *flag.FlagSet, name, help string) { fs.IntVar(&c.PerSourceBurst, name, c.PerSourceBurst, help) }},
		{"debug-listen", "SSHBLOG_DEBUG_LISTEN", "address for pprof and runtime stats, e.g. 127.0.0.1:6060 (off when empty; never a public address)", str(&c.DebugListen)},
	}
	// The file, then the environment, then the flags: each value goes
	// through the flag's own parser, so types and errors match.
	path, explicit := configPath(args, getenv)
	if err := c.loadFile(path, explicit, settings); err != nil {
		return c, err
	}
	for _, s := range settings {
		if v := getenv(s.env); v != "" {
			if err := s.set(v); err != nil && envErr == nil {
				envErr = fmt.Errorf("%s=%q: %w", s.env, v, err)
			}
		}
	}
	for _, s := range settings {
		s.bind(fs, s.flag, s.help+" ($"+s.env+")")
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "sshblog serves a folder of markdown posts to readers over SSH.\n\nUsage:\n  sshblog [flags]\n\nReaders connect with: ssh -p 2222 HOST\n\nFlags (each also read from the environment variable shown):\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	if envErr != nil {
		return c, envErr
	}
	return c, c.Validate()
}
