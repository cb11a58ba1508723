package hugoconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sshblog/sshblog/internal/page"
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
	var msg any = e.Err
	if se, ok := e.Err.(*page.SyntaxError); ok {
		msg = fmt.Sprintf("%s: %s", se.Format, se.Msg) // the line is named once
	}
	if e.Line > 0 {
		return fmt.Sprintf("hugoconfig: %s:%d: %v", e.File, e.Line, msg)
	}
	return fmt.Sprintf("hugoconfig: %s: %v", e.File, msg)
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
	data, err := readAtMost(path, page.MaxDocumentSize+1)
	if err != nil {
		return nil, fmt.Errorf("hugoconfig: read config: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	format, ok := page.FormatOf(strings.TrimPrefix(filepath.Ext(path), "."))
	if !ok {
		return nil, fmt.Errorf("hugoconfig: %s: unsupported config format", path)
	}
	m, err := page.DecodeMap(format, data)
	if err != nil {
		pe := &ParseError{File: path, Err: err}
		if se, ok := err.(*page.SyntaxError); ok {
			pe.Line = se.Line
		}
		return nil, pe
	}
	return m, nil
}

// readAtMost reads the first n bytes of the file at path, or all of a
// shorter one: DecodeMap refuses a document over page.MaxDocumentSize,
// and a configuration file of gigabytes (or a link to /dev/zero, which
// never ends) was read whole first, at every start.
func readAtMost(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}
