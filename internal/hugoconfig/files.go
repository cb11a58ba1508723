package hugoconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/sshblog/sshblog/internal/yamlerr"
)

// configBaseNames are the base names Hugo accepts for the root
// configuration file, in the order it looks for them ("hugo" was added in
// v0.110.0, "config" is the older name). Source: config.DefaultConfigNames
// in gohugoio/hugo.
var configBaseNames = []string{"hugo", "config"}

// configExts are the configuration formats Hugo reads, in its lookup order.
// Source: config.ValidConfigFileExtensions in gohugoio/hugo.
var configExts = []string{"toml", "yaml", "yml", "json"}

// ConfigDirName is the name of Hugo's configuration directory below the site
// root (Hugo's --configDir default).
const ConfigDirName = "config"

// DefaultEnvironment is the environment Load uses: the one `hugo` (a
// production build) uses, so the settings of config/production/ apply.
const DefaultEnvironment = "production"

// ErrNoConfig is returned by Load when a folder holds neither a root
// configuration file nor a config/_default/ directory.
var ErrNoConfig = errors.New("no Hugo configuration found")

// ParseError reports a configuration file that could not be parsed.
type ParseError struct {
	File string // path of the malformed file
	Line int    // 1-based line of the problem, 0 when unknown
	Err  error  // the decoder's error
}

// Error implements error, naming the file and, when known, the line.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("hugoconfig: %s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("hugoconfig: %s: %v", e.File, e.Err)
}

// Unwrap returns the decoder's error.
func (e *ParseError) Unwrap() error { return e.Err }

// rootConfigFile returns the root configuration file of the site at root,
// the first of hugo.toml, hugo.yaml, hugo.yml, hugo.json, config.toml,
// config.yaml, config.yml and config.json that exists, or "" when none does.
func rootConfigFile(root string) (string, error) {
	for _, base := range configBaseNames {
		for _, ext := range configExts {
			p := filepath.Join(root, base+"."+ext)
			fi, err := os.Stat(p)
			switch {
			case err == nil && fi.Mode().IsRegular():
				return p, nil
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return "", fmt.Errorf("hugoconfig: %w", err)
			}
		}
	}
	return "", nil
}

// isDir reports whether p exists and is a directory.
func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// hasConfig reports whether dir looks like a Hugo site root: it holds a
// root configuration file or a config/_default/ directory.
func hasConfig(dir string) (bool, error) {
	f, err := rootConfigFile(dir)
	if err != nil {
		return false, err
	}
	return f != "" || isDir(filepath.Join(dir, ConfigDirName, "_default")), nil
}

// isConfigFilename reports whether name has an extension Hugo reads
// (compared case-insensitively, as config.IsValidConfigFilename does).
func isConfigFilename(name string) bool {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	for _, e := range configExts {
		if ext == e {
			return true
		}
	}
	return false
}

// configDirFiles lists the configuration files below dir (recursively, in
// lexical order, as Hugo's afero.Walk visits them). A missing dir yields
// nothing.
func configDirFiles(dir string) ([]string, error) {
	if !isDir(dir) {
		return nil, nil
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("hugoconfig: %w", err)
		}
		if d.Type().IsRegular() && isConfigFilename(p) {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// readConfigFile reads and decodes one configuration file into a map; the
// format follows the file extension.
func readConfigFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("hugoconfig: read config: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	m, err := decodeConfig(ext, data)
	if err != nil {
		return nil, &ParseError{File: path, Line: errorLine(err, data), Err: err}
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// decodeConfig decodes data in the given format ("toml", "yaml", "yml",
// "json") into a map.
func decodeConfig(format string, data []byte) (map[string]any, error) {
	var m map[string]any
	switch format {
	case "toml":
		if err := toml.Unmarshal(data, &m); err != nil {
			return nil, err
		}
	case "yaml", "yml":
		if err := yaml.Unmarshal(data, &m); err != nil {
			return nil, err
		}
	case "json":
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, nil
		}
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unsupported config format %q", format)
	}
	return m, nil
}

// errorLine extracts the 1-based line of a decoder error, or 0.
func errorLine(err error, data []byte) int {
	var tp toml.ParseError
	if errors.As(err, &tp) {
		return tomlLine(tp.Position, data)
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return lineAt(data, syn.Offset)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return lineAt(data, typ.Offset)
	}
	n, _ := yamlerr.Line(err)
	return n
}

// tomlLine returns the line of a TOML error. The byte offset is preferred:
// for an unexpected end of line the parser reports the following line.
func tomlLine(pos toml.Position, data []byte) int {
	if pos.Start > 0 && pos.Start < len(data) {
		return lineAt(data, int64(pos.Start))
	}
	return pos.Line
}

// lineAt returns the 1-based line holding byte offset off of data.
func lineAt(data []byte, off int64) int {
	if off < 0 {
		return 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
