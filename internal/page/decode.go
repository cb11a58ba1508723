package page

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// This is the one place YAML, TOML and JSON documents are decoded: front
// matter here, configuration files in internal/hugoconfig. Both want the
// same thing: a map, and on failure the line of the document it is about.

// Format is the syntax of a front matter block or configuration file.
type Format string

// The formats Hugo understands.
const (
	FormatNone Format = ""
	FormatYAML Format = "yaml"
	FormatTOML Format = "toml"
	FormatJSON Format = "json"
)

// FormatOf returns the format of a file extension ("toml", "yaml", "yml",
// "json"; without the dot, any case).
func FormatOf(ext string) (Format, bool) {
	switch strings.ToLower(ext) {
	case "toml":
		return FormatTOML, true
	case "yaml", "yml":
		return FormatYAML, true
	case "json":
		return FormatJSON, true
	}
	return FormatNone, false
}

// SyntaxError is a document that does not decode, with the 1-based line
// where the decoder gave up (0 when it names none).
type SyntaxError struct {
	Line   int
	Format Format
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Format, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Format, e.Msg)
}

// MaxDocumentSize is the largest front matter or configuration file
// DecodeMap reads. Hugo's are a few kilobytes. The decoders are slow on
// what they accept: a megabyte of TOML takes BurntSushi/toml about a
// second, of inline tables nested 16 deep 3 to 5 s and 720 MB, of YAML
// keys go.yaml.in/yaml/v3 0.6 s (prose: 60 ms), and a post's front matter
// is read at every load. At 256 KB the worst costs about a second.
const MaxDocumentSize = 256 << 10

// DecodeMap decodes a whole document into a map, keys as written (see
// LowerKeys). An empty document is an empty map. Errors are *SyntaxError,
// their lines counted from the first line of data.
func DecodeMap(format Format, data []byte) (map[string]any, error) {
	if len(data) > MaxDocumentSize && format != FormatNone {
		return nil, &SyntaxError{Format: format, Msg: fmt.Sprintf("%d KB, more than the %d KB read", len(data)>>10, MaxDocumentSize>>10)}
	}
	m := map[string]any{}
	switch format {
	case FormatNone:
	case FormatYAML:
		if err := decodeYAML(data, &m); err != nil {
			return nil, err
		}
	case FormatTOML:
		if err := checkTOMLDepth(data); err != nil {
			return nil, err
		}
		if err := toml.Unmarshal(data, &m); err != nil {
			se := &SyntaxError{Format: format, Msg: err.Error()}
			var pe toml.ParseError
			if errors.As(err, &pe) {
				se.Line, se.Msg = tomlLine(pe.Position, data), pe.Message
			}
			return nil, se
		}
	case FormatJSON:
		if len(bytes.TrimSpace(data)) == 0 {
			break
		}
		if err := json.Unmarshal(data, &m); err != nil {
			se := &SyntaxError{Line: 1, Format: format, Msg: err.Error()}
			var syn *json.SyntaxError
			var typ *json.UnmarshalTypeError
			switch {
			case errors.As(err, &syn):
				se.Line = lineAt(data, syn.Offset)
			case errors.As(err, &typ):
				se.Line = lineAt(data, typ.Offset)
			}
			return nil, se
		}
	default:
		return nil, &SyntaxError{Format: format, Msg: "unsupported format"}
	}
	if m == nil { // "null", "~"
		m = map[string]any{}
	}
	return m, nil
}

// yamlError reads the line of a YAML error. Past the end means "at the
// end": it is clamped to the last line.
func yamlError(err error, data []byte) *SyntaxError {
	n, msg := yamlLine(err)
	se := &SyntaxError{Format: FormatYAML, Msg: msg}
	if n > 0 {
		last := max(1, strings.Count(strings.TrimRight(string(data), "\n"), "\n")+1)
		se.Line = min(n, last)
	}
	return se
}

// maxLineSearch is the largest document whose error line yamlErrorLine
// looks for: far above written front matter, and a parse of it costs
// milliseconds, which the search makes at most a dozen or so times.
const maxLineSearch = 16 << 10

// yamlErrorLine finds the line of a syntax error that go.yaml.in/yaml/v3
// reports without one ("did not find expected key", the error of a
// title with a quote in its quotes, `title: "a "b" c"`): the first line
// whose part of the document, up to and including it, fails to parse
// with the same message, by bisection. 0 for a document over
// maxLineSearch.
func yamlErrorLine(data []byte, msg string) int {
	if len(data) > maxLineSearch {
		return 0
	}
	var ends []int // where each line ends, its newline included
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] < len(data) {
		ends = append(ends, len(data))
	}
	fails := func(k int) bool { // the first k lines fail so
		var n yaml.Node
		err := yaml.Unmarshal(data[:ends[k-1]], &n)
		if err == nil {
			return false
		}
		_, m := yamlLine(err)
		return m == msg
	}
	// The whole document fails so (yamlErrorLine is asked about the
	// parser's own errors only): the first such line is at most the last.
	lo, hi := 1, len(ends)
	for lo < hi {
		if mid := (lo + hi) / 2; fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

var yamlLineRe = regexp.MustCompile(`^(?:yaml: )?(?:line (\d+): )?(.*)$`)

// yamlLine returns the 1-based line of the document that a
// go.yaml.in/yaml/v3 error is about (0 when it names none) and the message
// without its "yaml: line N:" prefix.
func yamlLine(err error) (int, string) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0] // "line 3: cannot unmarshal ..."
	}
	sub := yamlLineRe.FindStringSubmatch(msg)
	if sub == nil {
		return 0, msg // a message of several lines
	}
	if sub[1] == "" {
		return 0, sub[2]
	}
	n, _ := strconv.Atoi(sub[1])
	// The parser reports "did not find expected ..." at the 0-based line
	// of the collection it was parsing; its other errors are 1-based.
	if strings.HasPrefix(sub[2], "did not find expected") {
		n++
	}
	return n, sub[2]
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
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
