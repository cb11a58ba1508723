// Package config holds the server's settings: defaults, environment
// variables and command-line flags, in that order of precedence.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/limits"
)

// Config is everything an operator can set.
type Config struct {
	// ConfigFile is the sshblog.toml that was read, if any.
	ConfigFile string
	Listen     string
	ContentDir string
	HostKeyDir string
	// SpillDir is where a large blog's spill file is made (the post
	// sources it keeps out of memory); empty means os.TempDir(). The
	// file is unlinked at once: nothing is left there.
	SpillDir string
	// SpillMax is the size the spill file may grow to, in bytes (0: no
	// limit); past it, new sources stay in memory until a compaction
	// frees room. Set it under the spill folder's room (a Kubernetes
	// emptyDir's sizeLimit evicts the pod past it).
	SpillMax      int
	Title         string
	LogFormat     string // "text" or "json"
	IdleTimeout   time.Duration
	MaxSessions   int
	RenderCacheMB int
	// Admission limits against handshake floods (OpenSSH's LoginGraceTime,
	// MaxStartups and PerSourceMaxStartups, plus a per-source rate).
	LoginGraceTime       time.Duration
	MaxStartups          limits.Startups
	PerSourceMaxStartups int
	PerSourceRate        float64 // new connections per second per source; 0: no limit
	PerSourceBurst       int
	// PerSourceMaxSessions bounds the sessions one client address (IPv6:
	// one /64) may have running at once; 0: no limit.
	PerSourceMaxSessions int
	// DebugListen is the address of the pprof and runtime-stats listener;
	// empty (the default) turns it off. Never a public address.
	DebugListen string
	// WriteTimeout closes a connection whose client has taken no output
	// for this long while output was waiting (a client that stopped
	// reading).
	WriteTimeout time.Duration
	// DrainTimeout is how long readers are given on SIGTERM or SIGINT,
	// with a notice on their screen, before their sessions are closed.
	DrainTimeout time.Duration
	// MaxPostSize is the largest post, in bytes, that is laid out; larger
	// ones are shown as plain text.
	MaxPostSize int
	// RenderWorkers is how many posts render at once; 0 means one fewer
	// than the CPUs (at least one).
	RenderWorkers int
	// Fleet settings (fleet.go): the PROXY protocol from a load balancer,
	// the metrics and health listener, and the pause between readiness
	// turning red and the drain.
	ProxyProtocol bool
	ProxyTrusted  string // comma-separated CIDRs or addresses
	MetricsListen string
	DrainDelay    time.Duration
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
		PerSourceMaxSessions: DefaultPerSourceMaxSessions,
		WriteTimeout:         60 * time.Second,
		DrainTimeout:         10 * time.Second,
		MaxPostSize:          10 << 20,
		DrainDelay:           DefaultDrainDelay,
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
	case c.PerSourceMaxSessions < 0:
		return errors.New("--per-source-max-sessions must not be negative (0: no limit)")
	case c.WriteTimeout <= 0:
		return errors.New("--write-timeout must be positive")
	case c.DrainTimeout < 0:
		return errors.New("--drain-timeout must not be negative")
	case c.SpillMax < 0:
		return errors.New("--spill-max must not be negative")
	case c.MaxPostSize <= 0:
		return errors.New("--max-post-size must be positive")
	case c.RenderWorkers < 0:
		return errors.New("--render-workers must be 0 (automatic) or more")
	}
	return c.validateFleet()
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

// settingsOf lists every option, bound to the fields of c.
func settingsOf(c *Config) []setting {
	str := func(p *string) func(*flag.FlagSet, string, string) {
		return func(fs *flag.FlagSet, name, help string) { fs.StringVar(p, name, *p, help) }
	}
	dur := func(p *time.Duration) func(*flag.FlagSet, string, string) {
		return func(fs *flag.FlagSet, name, help string) { fs.DurationVar(p, name, *p, help) }
	}
	return []setting{
		{"config", "SSHBLOG_CONFIG", "sshblog.toml config file; the environment and flags override it", str(&c.ConfigFile)},
		{"listen", "SSHBLOG_LISTEN", "address to listen on", str(&c.Listen)},
		{"content", "SSHBLOG_CONTENT", "content folder (Hugo layout)", str(&c.ContentDir)},
		{"hostkeys", "SSHBLOG_HOSTKEYS", "folder for the SSH host key, created on first start", str(&c.HostKeyDir)},
		{"spill-dir", "SSHBLOG_SPILL_DIR", "folder for a large blog's spill file (its post sources, out of memory, about their size on disk; unlinked at once, so nothing is left there) (default: the system's temporary folder)", str(&c.SpillDir)},
		{"spill-max", "SSHBLOG_SPILL_MAX", "largest size of the spill file (bytes, or with KB, MB, GB; 0: no limit); past it new sources stay in memory until old versions are compacted away", func(fs *flag.FlagSet, name, help string) { fs.Var((*byteSize)(&c.SpillMax), name, help) }},
		{"title", "SSHBLOG_TITLE", "blog title (default: title of content/_index.md)", str(&c.Title)},
		{"log-format", "SSHBLOG_LOG_FORMAT", "log format: text or json", str(&c.LogFormat)},
		{"idle-timeout", "SSHBLOG_IDLE_TIMEOUT", "close sessions idle this long", dur(&c.IdleTimeout)},
		{"max-sessions", "SSHBLOG_MAX_SESSIONS", "most sessions at once; more are told to try again", func(fs *flag.FlagSet, name, help string) { fs.IntVar(&c.MaxSessions, name, c.MaxSessions, help) }},
		{"render-cache-mb", "SSHBLOG_RENDER_CACHE_MB", "memory for rendered posts, in MB", func(fs *flag.FlagSet, name, help string) { fs.IntVar(&c.RenderCacheMB, name, c.RenderCacheMB, help) }},
		{"login-grace-time", "SSHBLOG_LOGIN_GRACE_TIME", "drop clients that have not finished the handshake after this long", dur(&c.LoginGraceTime)},
		{"max-startups", "SSHBLOG_MAX_STARTUPS", "unfinished handshakes: start:rate:full refuses rate% of new ones from start on, more up to 100% at full", func(fs *flag.FlagSet, name, help string) { fs.Var(&c.MaxStartups, name, help) }},
		{"per-source-max-startups", "SSHBLOG_PER_SOURCE_MAX_STARTUPS", "unfinished handshakes per client address (IPv6: per /64); 0: no limit", func(fs *flag.FlagSet, name, help string) {
			fs.IntVar(&c.PerSourceMaxStartups, name, c.PerSourceMaxStartups, help)
		}},
		{"per-source-rate", "SSHBLOG_PER_SOURCE_RATE", "new connections per second per client address, after the burst; 0: no limit", func(fs *flag.FlagSet, name, help string) {
			fs.Float64Var(&c.PerSourceRate, name, c.PerSourceRate, help)
		}},
		{"per-source-burst", "SSHBLOG_PER_SOURCE_BURST", "new connections a client address may open at once before --per-source-rate applies", func(fs *flag.FlagSet, name, help string) { fs.IntVar(&c.PerSourceBurst, name, c.PerSourceBurst, help) }},
		{"per-source-max-sessions", "SSHBLOG_PER_SOURCE_MAX_SESSIONS", "sessions a client address (IPv6: a /64) may have at once; 0: no limit", func(fs *flag.FlagSet, name, help string) {
			fs.IntVar(&c.PerSourceMaxSessions, name, c.PerSourceMaxSessions, help)
		}},
		{"debug-listen", "SSHBLOG_DEBUG_LISTEN", "address for pprof and runtime stats, e.g. 127.0.0.1:6060 (off when empty; never a public address)", str(&c.DebugListen)},
		{"write-timeout", "SSHBLOG_WRITE_TIMEOUT", "close a connection whose client takes no output for this long", dur(&c.WriteTimeout)},
		{"drain-timeout", "SSHBLOG_DRAIN_TIMEOUT", "on SIGTERM or SIGINT, readers see a notice and are closed after this long", dur(&c.DrainTimeout)},
		{"max-post-size", "SSHBLOG_MAX_POST_SIZE", "posts larger than this (bytes, or with KB, MB) are shown as plain text", func(fs *flag.FlagSet, name, help string) { fs.Var((*byteSize)(&c.MaxPostSize), name, help) }},
		{"render-workers", "SSHBLOG_RENDER_WORKERS", "posts rendered at once (0: one fewer than the CPUs)", func(fs *flag.FlagSet, name, help string) { fs.IntVar(&c.RenderWorkers, name, c.RenderWorkers, help) }},
		{"proxy-protocol", "SSHBLOG_PROXY_PROTOCOL", "connections from --proxy-trusted must start with a PROXY protocol v1 or v2 header (the client's real address); a header from anyone else is refused", func(fs *flag.FlagSet, name, help string) { fs.BoolVar(&c.ProxyProtocol, name, c.ProxyProtocol, help) }},
		{"proxy-trusted", "SSHBLOG_PROXY_TRUSTED", "load balancers allowed to send PROXY headers: comma-separated CIDRs or addresses", str(&c.ProxyTrusted)},
		{"metrics-listen", "SSHBLOG_METRICS_LISTEN", "address for Prometheus /metrics, /healthz and /readyz, e.g. 127.0.0.1:9222 (off when empty)", str(&c.MetricsListen)},
		{"drain-delay", "SSHBLOG_DRAIN_DELAY", "on SIGTERM, how long /readyz is red while new connections are still accepted, before the drain", dur(&c.DrainDelay)},
	}
}

// Diff names the settings (as their flags: "listen", "title"; "site" for
// the [site] table) whose values differ between a and b: what a reload of
// the configuration changed.
func Diff(a, b Config) []string {
	var names []string
	sa, sb := settingsOf(&a), settingsOf(&b)
	for i := range sa {
		fa, fb := flag.NewFlagSet("a", flag.ContinueOnError), flag.NewFlagSet("b", flag.ContinueOnError)
		sa[i].bind(fa, sa[i].flag, "")
		sb[i].bind(fb, sb[i].flag, "")
		if fa.Lookup(sa[i].flag).Value.String() != fb.Lookup(sb[i].flag).Value.String() {
			names = append(names, sa[i].flag)
		}
	}
	if !reflect.DeepEqual(a.Site, b.Site) {
		names = append(names, "site")
	}
	return names
}

// Parse reads environment variables over the defaults, then flags over
// those. getenv is os.Getenv in production. The usage text, printed for
// --help, lists every flag with its variable and default.
func Parse(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet("sshblog", flag.ContinueOnError)
	fs.SetOutput(out)
	var envErr error
	settings := settingsOf(&c)
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

// byteSize is a size flag: bytes, or a number with KB, MB or GB (powers
// of 1024).
type byteSize int

func (b *byteSize) String() string {
	switch n := int(*b); {
	case n > 0 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n > 0 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKB", n>>10)
	default:
		return strconv.Itoa(n)
	}
}

func (b *byteSize) Set(v string) error {
	s := strings.ToUpper(strings.TrimSpace(v))
	unit := 1
	for _, u := range []struct {
		suffix string
		n      int
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, unit = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > math.MaxInt/unit {
		return fmt.Errorf("%q is not a size (bytes, or a number with KB, MB or GB)", v)
	}
	*b = byteSize(n * unit)
	return nil
}
