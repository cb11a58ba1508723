package mermaid

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// shapes are the node shapes, longest opening first.
var shapes = []struct {
	open, close string
	shape       Shape
}{
	{"(((", ")))", Round}, {"((", "))", Round}, {"([", "])", Round}, {"[(", ")]", Round},
	{"[[", "]]", Square}, {"[/", "/]", Square}, {"[/", "\\]", Square}, {"[\\", "\\]", Square},
	{"[\\", "/]", Square}, {"{{", "}}", Diamond},
	{"(", ")", Round}, {"[", "]", Square}, {"{", "}", Diamond}, {">", "]", Square},
}

// node parses an id with an optional shape and label, and a ":::class".
func (p *parser) node(c *cursor) (int, error) {
	start := c.i
	for !c.done() {
		r, n := utf8.DecodeRuneInString(c.s[c.i:])
		if isIDRune(r) || (r == '-' && isIDRune(c.runeAt(c.i+1)) && c.runeAt(c.i+1) != '-') {
			c.i += n
			continue
		}
		break
	}
	id := c.s[start:c.i]
	if id == "" || len(id) > maxIDBytes {
		return 0, fmt.Errorf("%w: node expected at %q", errUnsupported, clip(c.s[start:]))
	}
	var label []string
	shape, shaped := Square, false
	for _, s := range shapes {
		if !strings.HasPrefix(c.s[c.i:], s.open) {
			continue
		}
		rest := c.s[c.i+len(s.open):]
		text, n, ok := labelText(rest, s.close)
		if !ok {
			continue
		}
		c.i += len(s.open) + n
		label, shape, shaped = cleanLabel(text), s.shape, true
		break
	}
	if !shaped && c.i < len(c.s) && strings.ContainsRune("([{>", rune(c.s[c.i])) {
		return 0, fmt.Errorf("%w: shape at %q", errUnsupported, clip(c.s[c.i:]))
	}
	if strings.HasPrefix(c.s[c.i:], ":::") {
		c.i += 3
		for !c.done() && (isIDRune(c.runeAt(c.i)) || c.s[c.i] == '-') {
			_, n := utf8.DecodeRuneInString(c.s[c.i:])
			c.i += n
		}
	}
	i, ok := p.ids[id]
	if !ok {
		if len(p.g.Nodes) >= MaxNodes {
			return 0, fmt.Errorf("%w: more than %d nodes", errUnsupported, MaxNodes)
		}
		i = len(p.g.Nodes)
		p.ids[id] = i
		p.g.Nodes = append(p.g.Nodes, Node{ID: id, Label: cleanLabel(id), Group: -1})
	}
	if p.g.Nodes[i].Group < 0 {
		// A node belongs to the first subgraph it is named in.
		p.g.Nodes[i].Group = p.inside
	}
	if shaped {
		p.g.Nodes[i].Label, p.g.Nodes[i].Shape = label, shape
	}
	return i, nil
}

// labelText reads a label up to close: a quoted one ("...") whole, else
// up to the first close. It returns the text and the bytes read, close
// included.
func labelText(s, close string) (string, int, bool) {
	if strings.HasPrefix(s, "\"") {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 || !strings.HasPrefix(s[1+end+1:], close) {
			return "", 0, false
		}
		return s[1 : 1+end], 1 + end + 1 + len(close), true
	}
	end := strings.Index(s, close)
	if end < 0 {
		return "", 0, false
	}
	return s[:end], end + len(close), true
}
