package page

import (
	"bytes"
	"encoding/json"
	"strings"
)

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

// Decode parses front matter into a map whose keys are lower-cased, since
// Hugo treats front matter keys case-insensitively. fmLine is the line of the
// file where fm starts, so that errors (*SyntaxError) name lines of the file.
func Decode(format Format, fm []byte, fmLine int) (map[string]any, error) {
	m, err := DecodeMap(format, fm)
	if err != nil {
		if se, ok := err.(*SyntaxError); ok && se.Line > 0 {
			se.Line += fmLine - 1
		}
		return nil, err
	}
	return LowerKeys(m), nil
}
