package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// terminalProblems lists what is wrong in s as text for a reader's
// terminal, checked independently of the code that writes it: s must be
// valid UTF-8, and its only escape sequences SGR (ESC [ params m) and OSC
// 8 hyperlinks (ESC ] 8 ; params ; URI, ended by BEL or ESC \, the URI
// printable ASCII); no other C0 or C1 control (newlines aside), no DEL,
// no bidirectional control, no line or paragraph separator. open is the
// URI of the hyperlink still open at the end of s, if any.
func terminalProblems(s string) (problems []string, open string) {
	if !utf8.ValidString(s) {
		problems = append(problems, "invalid UTF-8")
	}
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			n, uri, ok := escape(s[i:])
			if !ok {
				problems = append(problems, fmt.Sprintf("escape sequence %.12q at byte %d", s[i:], i))
				i++
				continue
			}
			if uri != nil {
				open = *uri
			}
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			problems = append(problems, fmt.Sprintf("control %U at byte %d", r, i))
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			problems = append(problems, fmt.Sprintf("bidirectional control %U at byte %d", r, i))
		case r == 0x2028 || r == 0x2029:
			problems = append(problems, fmt.Sprintf("separator %U at byte %d", r, i))
		}
		i += size
	}
	return problems, open
}

// escape reads the escape sequence s starts with: its length, and for a
// hyperlink its URI ("" when it closes one).
func escape(s string) (n int, uri *string, ok bool) {
	switch {
	case strings.HasPrefix(s, "\x1b["):
		for j := 2; j < len(s); j++ {
			c := s[j]
			switch {
			case c >= '0' && c <= '9' || c == ';' || c == ':':
			case c == 'm':
				return j + 1, nil, true
			default:
				return 0, nil, false
			}
		}
	case strings.HasPrefix(s, "\x1b]8;"):
		end := strings.IndexAny(s[1:], "\x07\x1b\n")
		if end < 0 || s[end+1] == '\n' {
			return 0, nil, false
		}
		end++
		term := 1
		if s[end] == 0x1b {
			if !strings.HasPrefix(s[end:], "\x1b\\") {
				return 0, nil, false
			}
			term = 2
		}
		_, u, found := strings.Cut(s[len("\x1b]8;"):end], ";")
		if !found {
			return 0, nil, false
		}
		for k := 0; k < len(u); k++ {
			if u[k] <= ' ' || u[k] >= 0x7f {
				return 0, nil, false
			}
		}
		return end + term, &u, true
	}
	return 0, nil, false
}
