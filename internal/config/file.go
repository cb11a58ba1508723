package config

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

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

// loadFile applies the config file over the defaults. Server settings sit
// at the top, named as the flags with "_" for "-" (log_format); each value
// is set through its flag, like the environment's. Site settings (the same
// as Hugo's) sit in [site].
func (c *Config) loadFile(path string, explicit bool, settings []setting) error {
	var top map[string]toml.Primitive
	md, err := toml.DecodeFile(path, &top)
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
	bySetting := map[string]setting{}
	for _, s := range settings {
		if s.flag != "config" {
			bySetting[strings.ReplaceAll(s.flag, "-", "_")] = s
		}
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error is the same on every run
	for _, k := range keys {
		if k == "site" {
			if err := md.PrimitiveDecode(top[k], &c.Site); err != nil {
				return fmt.Errorf("config file %s: [site]: %w", path, err)
			}
			continue
		}
		s, ok := bySetting[k]
		if !ok {
			return fmt.Errorf("config file %s: unknown setting %q", path, k)
		}
		var v any
		if err := md.PrimitiveDecode(top[k], &v); err != nil {
			return fmt.Errorf("config file %s: %s: %w", path, k, err)
		}
		val := fmt.Sprint(v)
		if list, ok := v.([]any); ok { // proxy_trusted = ["10.0.0.0/8", ...]
			parts := make([]string, len(list))
			for i, e := range list {
				parts[i] = fmt.Sprint(e)
			}
			val = strings.Join(parts, ",")
		}
		if err := s.set(val); err != nil {
			return fmt.Errorf("config file %s: %s = %v: %w", path, k, v, err)
		}
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		return fmt.Errorf("config file %s: unknown setting %q", path, undec[0].String())
	}
	c.ConfigFile = path
	return nil
}
