package mermaid

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Bounds on what a diagram may hold: a fence beyond them is shown as
// its source. They keep the work of a hostile fence (10 MB of "A-->A")
// small and the drawing readable.
const (
	MaxSource     = 64 << 10 // bytes of source
	MaxNodes      = 200
	MaxEdges      = 400
	MaxLabel      = 40 // cells of a label line; longer ones are cut with "…"
	MaxLabelLines = 4
	maxIDBytes    = 100
)

// Dir is the direction a flowchart flows in.
type Dir int

// The directions of a flowchart: top-down (TD and TB), bottom-up,
// left-right and right-left.
const (
	TD Dir = iota
	BT
	LR
	RL
)

// Shape is how a node's box is drawn.
type Shape int

// The shapes drawn: a rectangle (A, A[...], subroutines, parallelograms,
// A>...]), rounded corners (A(...), stadiums, databases, circles), and a
// decision (A{...}, hexagons).
const (
	Square Shape = iota
	Round
	Diamond
)

// LineStyle is how an edge's line is drawn (a byte: a drawing's cells
// hold one).
type LineStyle uint8

// The line styles: --> (Solid), -.-> (Dotted), ==> (Thick).
const (
	Solid LineStyle = iota
	Dotted
	Thick
)

// End is what an edge's end looks like.
type End int

// The ends of an edge: none (---), an arrow (-->), a circle (--o), a
// cross (--x).
const (
	NoEnd End = iota
	Arrow
	Circle
	Cross
)

// Node is a node of a flowchart.
type Node struct {
	ID    string
	Label []string // its lines, cleaned and cut (see cleanLabel)
	Shape Shape
	Group int // index in Graph.Groups of its outermost subgraph, or -1
}

// Group is a subgraph: nested ones count as their outermost.
type Group struct {
	ID, Title string
}

// Edge is an edge of a flowchart, between node indices.
type Edge struct {
	From, To   int
	Label      string
	Style      LineStyle
	Head, Tail End  // at To, at From
	Hidden     bool // ~~~: not drawn
}

// Graph is a parsed flowchart.
type Graph struct {
	Dir    Dir
	Nodes  []Node
	Edges  []Edge
	Groups []Group
}

// maxGroups bounds the subgraphs drawn as frames; the nodes of further
// ones are drawn without.
const maxGroups = 20

// errUnsupported is the error of a source this package does not draw.
var errUnsupported = errors.New("mermaid: not a flowchart this package draws")

// Parse parses a mermaid flowchart (graph or flowchart). It reports an
// error for anything else, for syntax it does not know, and for a graph
// beyond the bounds (MaxSource, MaxNodes, MaxEdges).
func Parse(src string) (*Graph, error) {
	if len(src) > MaxSource {
		return nil, fmt.Errorf("%w: %d bytes of source", errUnsupported, len(src))
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	p := &parser{ids: map[string]int{}, inside: -1}
	header := false
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "%%") {
			continue
		}
		for _, st := range statements(line) {
			st = strings.TrimSpace(st)
			if st == "" {
				continue
			}
			var err error
			if !header {
				err = p.header(st)
				header = true
			} else {
				err = p.statement(st)
			}
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n+1, err)
			}
		}
	}
	if !header {
		return nil, fmt.Errorf("%w: empty", errUnsupported)
	}
	for i, n := range p.g.Nodes {
		if t, ok := p.titles[n.ID]; ok && len(n.Label) == 1 && n.Label[0] == cleanLabel(n.ID)[0] {
			p.g.Nodes[i].Label = cleanLabel(t)
		}
	}
	return &p.g, nil
}

// statements splits a line at the semicolons outside quotes and
// brackets.
func statements(line string) []string {
	if !strings.Contains(line, ";") {
		return []string{line}
	}
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '[' || c == '(' || c == '{':
			depth++
		case c == ']' || c == ')' || c == '}':
			depth = max(0, depth-1)
		case c == ';' && depth == 0:
			out = append(out, line[start:i])
			start = i + 1
		}
	}
	return append(out, line[start:])
}

type parser struct {
	g      Graph
	ids    map[string]int
	depth  int               // of subgraphs
	inside int               // the outermost open subgraph, or -1
	titles map[string]string // of subgraphs, by id
}

func (p *parser) header(st string) error {
	f := strings.Fields(st)
	if f[0] != "graph" && f[0] != "flowchart" {
		return fmt.Errorf("%w: %q", errUnsupported, f[0])
	}
	if len(f) > 2 {
		return fmt.Errorf("%w: header %q", errUnsupported, st)
	}
	if len(f) == 1 {
		p.g.Dir = TD
		return nil
	}
	switch f[1] {
	case "TD", "TB":
		p.g.Dir = TD
	case "BT":
		p.g.Dir = BT
	case "LR":
		p.g.Dir = LR
	case "RL":
		p.g.Dir = RL
	default:
		return fmt.Errorf("%w: direction %q", errUnsupported, f[1])
	}
	return nil
}

// ignored are the statements that style or link nodes: a text drawing
// has no use for them.
var ignored = map[string]bool{
	"classDef": true, "class": true, "style": true, "linkStyle": true, "click": true,
	"direction": true, "accTitle": true, "accDescr": true,
}

func (p *parser) statement(st string) error {
	word := st
	if i := strings.IndexFunc(st, func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '{' }); i >= 0 {
		word = st[:i]
	}
	switch {
	case ignored[word]:
		return nil
	case word == "subgraph":
		// Subgraphs are flattened: their nodes are drawn with the rest,
		// and an edge to a subgraph goes to a node with its title.
		p.depth++
		id, title := p.subgraph(strings.TrimSpace(st[len(word):]))
		if p.depth == 1 && len(p.g.Groups) < maxGroups {
			p.inside = len(p.g.Groups)
			p.g.Groups = append(p.g.Groups, Group{ID: id, Title: title})
		}
		return nil
	case word == "end" && st == "end":
		if p.depth == 0 {
			return fmt.Errorf("%w: end without subgraph", errUnsupported)
		}
		if p.depth--; p.depth == 0 {
			p.inside = -1
		}
		return nil
	}
	return p.chain(st)
}

// subgraph notes the title of "subgraph id[title]", "subgraph id" or
// "subgraph a title".
func (p *parser) subgraph(rest string) (id, title string) {
	id, title = rest, rest
	if i := strings.IndexAny(rest, "[ "); i >= 0 {
		id, title = rest[:i], strings.TrimSpace(rest[i:])
		if strings.HasPrefix(title, "[") && strings.HasSuffix(title, "]") {
			title = strings.Trim(title[1:len(title)-1], `"`)
		} else {
			id, title = rest, rest
		}
	}
	if id == "" || len(p.titles) >= MaxNodes {
		return id, title
	}
	if p.titles == nil {
		p.titles = map[string]string{}
	}
	p.titles[id] = title
	return id, title
}

// chain parses "A & B --> C -- text --- D", adding its nodes and edges.
func (p *parser) chain(st string) error {
	c := &cursor{s: st}
	left, err := p.group(c)
	if err != nil {
		return err
	}
	for {
		c.space()
		if c.done() {
			return nil
		}
		l, err := c.link()
		if err != nil {
			return err
		}
		c.space()
		right, err := p.group(c)
		if err != nil {
			return err
		}
		if len(p.g.Edges)+len(left)*len(right) > MaxEdges {
			return fmt.Errorf("%w: more than %d edges", errUnsupported, MaxEdges)
		}
		for _, a := range left {
			for _, b := range right {
				e := l
				e.From, e.To = a, b
				p.g.Edges = append(p.g.Edges, e)
			}
		}
		left = right
	}
}

// group parses "A & B[text] & C".
func (p *parser) group(c *cursor) ([]int, error) {
	var ids []int
	for {
		n, err := p.node(c)
		if err != nil {
			return nil, err
		}
		ids = append(ids, n)
		save := c.i
		c.space()
		if c.peek(0) != '&' {
			c.i = save
			return ids, nil
		}
		c.i++
		c.space()
	}
}
