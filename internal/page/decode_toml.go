package page

import (
	"fmt"
)

// BurntSushi/toml (v1.6.0, the latest) takes time and memory that grow
// with the square of the number of parts of a key, counting the table
// the key is in and the inline tables around it (its issue #496): a
// dotted key of 2,000 parts (4 KB) took 0.1 s, 10,000 nested inline
// tables (40 KB) 15 s and 11 GB, 100 KB ran the machine out of memory.
// So a document is measured before it is decoded, and refused when a key
// is deeper than maxTOMLKeyDepth; Hugo sites nest a handful of levels.
// pelletier/go-toml/v2, which Hugo uses, is linear in depth but quadratic
// in the number of keys of a table (1 MB of keys took 32 s).
const maxTOMLKeyDepth = 16

// tomlKeyDepth returns the most parts a key of the TOML document data has,
// with those of its table and of the inline tables it is in, and the line
// where that key is. It reads only what it needs of the syntax (keys,
// brackets, strings, comments); a document it misreads is one the decoder
// refuses anyway, so the measure need only be right for valid TOML.
func tomlKeyDepth(data []byte) (depth, at int) {
	type frame struct {
		table bool // an inline table, else an array
		base  int  // the parts of the key whose value it is
	}
	var stack []frame
	line := 1
	header := 0     // parts of the current [table]
	keyMode := true // reading a key (else a value)
	dots := 0       // dots of the key read so far
	valueBase := 0  // parts of the key whose value is being read
	lineStart := true
	note := func(d int) {
		if d > depth {
			depth, at = d, line
		}
	}
	base := func() int {
		if len(stack) == 0 {
			return header
		}
		return stack[len(stack)-1].base
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
			if len(stack) == 0 {
				keyMode, dots, lineStart = true, 0, true
			}
			continue
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case c == '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
			continue
		case c == '"' || c == '\'':
			i, line = skipTOMLString(data, i, line)
		case lineStart && len(stack) == 0 && c == '[':
			// A table header, [a.b] or [[a.b]]: its parts.
			header = 1
			for i++; i < len(data) && data[i] != ']' && data[i] != '\n'; i++ {
				switch data[i] {
				case '.':
					header++
				case '"', '\'':
					i, line = skipTOMLString(data, i, line)
				}
			}
			note(header)
			for i+1 < len(data) && data[i+1] != '\n' && data[i+1] != '#' {
				i++ // the second ] of [[a]], spaces
			}
			keyMode = false
		case keyMode && c == '.':
			dots++
		case keyMode && c == '=':
			valueBase = base() + 1 + dots
			note(valueBase)
			keyMode = false
		case !keyMode && c == '{':
			stack = append(stack, frame{table: true, base: valueBase})
			keyMode, dots = true, 0
		case !keyMode && c == '[':
			stack = append(stack, frame{base: valueBase})
		case len(stack) > 0 && (c == '}' || c == ']'):
			valueBase = stack[len(stack)-1].base
			stack = stack[:len(stack)-1]
			keyMode, dots = false, 0
		case len(stack) > 0 && c == ',' && stack[len(stack)-1].table:
			keyMode, dots = true, 0
		}
		lineStart = false
	}
	return depth, at
}

// skipTOMLString returns the index of the last byte of the string that
// starts at data[i] (a "basic" or 'literal' string, or either with its
// quote tripled, over several lines), and the line it ends on.
func skipTOMLString(data []byte, i, line int) (int, int) {
	q := data[i]
	multi := i+2 < len(data) && data[i+1] == q && data[i+2] == q
	if multi {
		i += 2
	}
	for i++; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\\' && q == '"':
			if i+1 < len(data) && data[i+1] == '\n' {
				line++
			}
			i++
		case c == '\n':
			if !multi {
				return i - 1, line // unterminated: the decoder says so
			}
			line++
		case c == q && !multi:
			return i, line
		case c == q && i+2 < len(data) && data[i+1] == q && data[i+2] == q:
			// Up to two more quotes may belong to the string: """a"""""
			for i+3 < len(data) && data[i+3] == q {
				i++
			}
			return i + 2, line
		}
	}
	return len(data) - 1, line
}

// checkTOMLDepth refuses a document with keys deeper than maxTOMLKeyDepth.
func checkTOMLDepth(data []byte) error {
	if depth, line := tomlKeyDepth(data); depth > maxTOMLKeyDepth {
		return &SyntaxError{Line: line, Format: FormatTOML, Msg: fmt.Sprintf("keys nested %d deep (at most %d)", depth, maxTOMLKeyDepth)}
	}
	return nil
}
