package mermaid

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// link parses an edge's line: -->, ---, -.->, ==>, <-->, --o, --x, longer
// ones (--->), with a text (-- text -->, -->|text|).
func (c *cursor) link() (Edge, error) {
	e := Edge{}
	switch c.peek(0) {
	case '<':
		e.Tail = Arrow
		c.i++
	case 'o', 'x':
		if n := c.peek(1); n == '-' || n == '=' {
			e.Tail = map[byte]End{'o': Circle, 'x': Cross}[c.peek(0)]
			c.i++
		}
	}
	if c.peek(0) == '~' {
		// An invisible link only ranks nodes in mermaid: not drawn.
		start := c.i
		for c.peek(0) == '~' {
			c.i++
		}
		if c.i-start < 3 {
			return e, fmt.Errorf("%w: edge expected at %q", errUnsupported, clip(c.s[start:]))
		}
		e.Hidden = true
		return e, nil
	}
	run := c.run()
	if len(run) < 2 {
		return e, fmt.Errorf("%w: edge expected at %q", errUnsupported, clip(c.s[c.i:]))
	}
	e.Style = styleOf(run)
	if !c.end(&e) {
		if run != "--" && run != "==" && run != "-." {
			if len(run) < 3 {
				return e, fmt.Errorf("%w: edge %q", errUnsupported, run)
			}
		} else {
			// "-- text -->": the text runs to the closing line.
			closer := map[string]string{"--": "--", "==": "==", "-.": ".-"}[run]
			j := strings.Index(c.s[c.i:], closer)
			if j < 0 {
				return e, fmt.Errorf("%w: edge text without its end at %q", errUnsupported, clip(c.s[c.i:]))
			}
			e.Label = strings.Join(cleanLabel(c.s[c.i:c.i+j]), " ")
			c.i += j
			if run2 := c.run(); len(run2) < 2 {
				return e, fmt.Errorf("%w: edge end %q", errUnsupported, run2)
			}
			c.end(&e)
		}
	}
	if c.peek(0) == '|' || (c.peek(0) == ' ' && strings.HasPrefix(strings.TrimLeft(c.s[c.i:], " "), "|")) {
		c.space()
		end := strings.IndexByte(c.s[c.i+1:], '|')
		if end < 0 {
			return e, fmt.Errorf("%w: edge text without its closing |", errUnsupported)
		}
		e.Label = strings.Join(cleanLabel(c.s[c.i+1:c.i+1+end]), " ")
		c.i += end + 2
	}
	return e, nil
}

// end reads an edge's head after its line: >, o or x.
func (c *cursor) end(e *Edge) bool {
	switch c.peek(0) {
	case '>':
		e.Head = Arrow
	case 'o', 'x':
		if n := c.peek(1); n != 0 && n != ' ' && n != '|' {
			return false
		}
		e.Head = map[byte]End{'o': Circle, 'x': Cross}[c.peek(0)]
	default:
		return false
	}
	c.i++
	return true
}

func styleOf(run string) LineStyle {
	switch {
	case strings.Contains(run, "."):
		return Dotted
	case strings.Contains(run, "="):
		return Thick
	}
	return Solid
}

func isIDRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// cursor reads a statement.
type cursor struct {
	s string
	i int
}

func (c *cursor) done() bool { return c.i >= len(c.s) }

func (c *cursor) peek(k int) byte {
	if c.i+k < len(c.s) {
		return c.s[c.i+k]
	}
	return 0
}

func (c *cursor) runeAt(i int) rune {
	if i >= len(c.s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(c.s[i:])
	return r
}

func (c *cursor) space() {
	for !c.done() && (c.s[c.i] == ' ' || c.s[c.i] == '\t') {
		c.i++
	}
}

// run reads the characters of an edge's line (- . =).
func (c *cursor) run() string {
	start := c.i
	for !c.done() && strings.IndexByte("-.=", c.s[c.i]) >= 0 {
		c.i++
	}
	return c.s[start:c.i]
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 20 {
		s = s[:20]
	}
	return strings.ToValidUTF8(s, "")
}
