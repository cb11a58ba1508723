package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/sshblog/sshblog/internal/yamlerr"
)

// Format is the syntax of a file's front matter.
type Format string

// The front matter formats Hugo understands.
const (
	FormatNone Format = ""
	FormatYAML Format = "yaml"
	FormatTOML Format = "toml"
	FormatJSON Format = "json"
)

// SyntaxError is a front matter error with the line (1-based, counted in the
// whole file) where the parser gave up.
type SyntaxError struct {
	Line   int
	Format Format
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s front matter: %s", e.Line, e.Format, e.Msg)
	}
	return fmt.Sprintf("%s front matter: %s", e.Format, e.Msg)
}

// Split separates front matter from the body. It returns the format, the raw
// front matter, the body and the 1-based line of the file where the front
// matter text starts. A file whose first line looks like a delimiter but has
// no closing one is not front matter: Hugo reads such a file as markdown
// (a leading `---` is a thematic break), and so do we.
func Split(src []byte) (format Format, fm, body []byte, fmLine int) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	first, rest, ok := cutLine(src)
	if ok || len(rest) == 0 {
		switch strings.TrimRight(string(first), " \t\r") {
		case "---":
			if fm, body, ok := findClose(rest, "---", "..."); ok {
				return FormatYAML, fm, body, 2
			}
		case "+++":
			if fm, body, ok := findClose(rest, "+++"); ok {
				return FormatTOML, fm, body, 2
			}
		}
	}
	if trimmed := bytes.TrimLeft(src, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == nil {
			end := int(dec.InputOffset())
			lead := len(src) - len(trimmed)
			return FormatJSON, trimmed[:end], trimLeadingNewline(trimmed[end:]), 1 + bytes.Count(src[:lead], []byte("\n"))
		}
		// Not a complete JSON object: let Decode report it with a line.
		return FormatJSON, trimmed, nil, 1 + bytes.Count(src[:len(src)-len(trimmed)], []byte("\n"))
	}
	return FormatNone, nil, src, 0
}

// cutLine returns the first line of b (without its newline) and the rest.
func cutLine(b []byte) (line, rest []byte, found bool) {
	return bytes.Cut(b, []byte("\n"))
}

// findClose finds a line that equals one of the closing delimiters.
func findClose(b []byte, delims ...string) (fm, body []byte, ok bool) {
	off := 0
	for off <= len(b) {
		line, rest, found := cutLine(b[off:])
		l := strings.TrimRight(string(line), " \t\r")
		for _, d := range delims {
			if l == d {
				return b[:off], rest, true
			}
		}
		if !found {
			break
		}
		off = len(b) - len(rest)
	}
	return nil, nil, false
}

func trimLeadingNewline(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\r"))
	return bytes.TrimPrefix(b, []byte("\n"))
}

// yamlError converts a YAML error to a SyntaxError with a file line.
func yamlError(err error, fm []byte, fmLine int) *SyntaxError {
	n, msg := yamlerr.Line(err)
	se := &SyntaxError{Format: FormatYAML, Msg: msg}
	if n > 0 {
		// Past the end means "at the end": clamp to the last line.
		last := max(1, strings.Count(strings.TrimRight(string(fm), "\n"), "\n")+1)
		se.Line = fmLine + min(n, last) - 1
	}
	return se
}

// Decode parses front matter into a map whose keys are lower-cased, since
// Hugo treats front matter keys case-insensitively. fmLine is the line of the
// file where fm starts, so that errors name lines of the file.
func Decode(format Format, fm []byte, fmLine int) (map[string]any, error) {
	m := map[string]any{}
	switch format {
	case FormatNone:
		return m, nil
	case FormatYAML:
		if err := yaml.Unmarshal(fm, &m); err != nil {
			return nil, yamlError(err, fm, fmLine)
		}
	case FormatTOML:
		if _, err := toml.Decode(string(fm), &m); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, &SyntaxError{Line: fmLine + pe.Position.Line - 1, Format: format, Msg: pe.Message}
			}
			return nil, &SyntaxError{Format: format, Msg: err.Error()}
		}
	case FormatJSON:
		if err := json.Unmarshal(fm, &m); err != nil {
			line := fmLine
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line += bytes.Count(fm[:min(int(se.Offset), len(fm))], []byte("\n"))
			}
			return nil, &SyntaxError{Line: line, Format: format, Msg: err.Error()}
		}
	}
	return lowerKeys(m), nil
}

// lowerKeys lower-cases map keys recursively.
func lowerKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = lowerKeys(sub)
		}
		out[strings.ToLower(k)] = v
	}
	return out
}
