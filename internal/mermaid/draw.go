package mermaid

import (
	"slices"
	"strings"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// Line directions, as bits of a cell where lines meet.
const (
	up uint8 = 1 << iota
	down
	left
	right
)

type pt struct{ x, y int }

type rect struct{ x, y, w, h int }

func (r rect) contains(p pt) bool {
	return p.x >= r.x && p.x < r.x+r.w && p.y >= r.y && p.y < r.y+r.h
}

// toward is the direction from p to the neighbouring cell of r, or 0
// when p does not touch r.
func (r rect) toward(p pt) uint8 {
	inX := p.x >= r.x && p.x < r.x+r.w
	inY := p.y >= r.y && p.y < r.y+r.h
	switch {
	case inX && p.y == r.y-1:
		return down
	case inX && p.y == r.y+r.h:
		return up
	case inY && p.x == r.x-1:
		return right
	case inY && p.x == r.x+r.w:
		return left
	}
	return 0
}

// cell is one cell of a drawing: 24 bytes (its fields ordered and sized
// so; a drawing of 40 x 12 cells is made for each chart drawn, and a
// post of small charts made megabytes of them).
type cell struct {
	s     string // text, a border or an arrow; "" for lines or nothing
	cont  bool   // the right half of a wide character
	mask  uint8
	style LineStyle
	edges int32 // lines drawn through it
}

// drawing is a laid out graph drawn on a grid of cells.
type drawing struct {
	w, h   int
	cells  []cell
	boxes  []rect // by node
	paths  [][]pt // by edge, from its source to its target; nil when not drawn
	ascii  bool
	amb    textwrap.Ambiguous
	frames []rect // by group, when drawn in frames
}

func (d *drawing) at(p pt) *cell { return &d.cells[p.y*d.w+p.x] }

// pt maps a layout position (cross, main) to the grid.
func (l *layout) pt(c, m int) pt {
	if l.vertical {
		return pt{c, m}
	}
	return pt{m, c}
}

// draw draws l, in ASCII when ascii (for terminals that draw box-drawing
// characters two cells wide).
func (l *layout) draw(ascii bool) *drawing {
	w, h := l.extent()
	d := &drawing{w: w, h: h, cells: make([]cell, w*h), boxes: make([]rect, len(l.g.Nodes)), paths: make([][]pt, len(l.g.Edges)), ascii: ascii, amb: l.amb}
	for _, n := range l.nodes {
		switch n.kind {
		case boxNode:
			p := l.pt(n.pos, l.start[n.layer])
			r := rect{p.x, p.y, n.cross, n.main}
			if !l.vertical {
				r.w, r.h = n.main, n.cross
			}
			d.boxes[n.node] = r
			d.box(r, l.g.Nodes[n.node])
		case labelNode:
			d.text(l.pt(n.pos, l.start[n.layer]), n.text)
		}
	}
	for e, path := range l.paths {
		if path == nil {
			continue
		}
		d.paths[e] = path
		d.line(path, l.g.Edges[e])
	}
	l.drawFrames(d)
	d.frames = l.frames
	return d
}

// path is the cells edge e runs through, from its source to its target.
func (l *layout) path(e int) []pt {
	var ps []pt
	chain := l.chains[e]
	for k, s := range chain {
		sg := l.segs[s]
		u := l.nodes[sg.from]
		L := u.layer
		end := l.start[L] + l.size[L]
		// Through the rest of the upper node's layer: below a box
		// shorter than the layer, through a label or a long edge's node.
		from := l.start[L] + u.main
		if u.kind != boxNode {
			from = l.start[L]
		}
		if k > 0 || u.kind == boxNode {
			for m := from; m < end; m++ {
				ps = append(ps, l.pt(sg.p1, m))
			}
		}
		g0, g1 := end, end+l.gap[L]
		if sg.ch < 0 {
			for m := g0; m < g1; m++ {
				ps = append(ps, l.pt(sg.p1, m))
			}
			continue
		}
		c := g0 + l.bottomRows(L) + 1 + sg.ch
		for m := g0; m <= c; m++ {
			ps = append(ps, l.pt(sg.p1, m))
		}
		step := 1
		if sg.p2 < sg.p1 {
			step = -1
		}
		for x := sg.p1 + step; x != sg.p2; x += step {
			ps = append(ps, l.pt(x, c))
		}
		for m := c; m < g1; m++ {
			ps = append(ps, l.pt(sg.p2, m))
		}
	}
	if l.reversed[e] {
		slices.Reverse(ps)
	}
	return ps
}

// Box corners by shape: top-left, top-right, bottom-left, bottom-right.
var (
	corners = map[Shape][4]string{
		Square: {"┌", "┐", "└", "┘"}, Round: {"╭", "╮", "╰", "╯"}, Diamond: {"╱", "╲", "╲", "╱"},
	}
	asciiCorners = map[Shape][4]string{
		Square: {"+", "+", "+", "+"}, Round: {".", ".", "'", "'"}, Diamond: {"/", "\\", "\\", "/"},
	}
)

// box draws a node's border and its label, centred.
func (d *drawing) box(r rect, n Node) {
	cs, hz, vt := corners[n.Shape], "─", "│"
	if d.ascii {
		cs, hz, vt = asciiCorners[n.Shape], "-", "|"
	}
	for x := r.x + 1; x < r.x+r.w-1; x++ {
		d.at(pt{x, r.y}).s = hz
		d.at(pt{x, r.y + r.h - 1}).s = hz
	}
	for y := r.y + 1; y < r.y+r.h-1; y++ {
		d.at(pt{r.x, y}).s = vt
		d.at(pt{r.x + r.w - 1, y}).s = vt
	}
	d.at(pt{r.x, r.y}).s, d.at(pt{r.x + r.w - 1, r.y}).s = cs[0], cs[1]
	d.at(pt{r.x, r.y + r.h - 1}).s, d.at(pt{r.x + r.w - 1, r.y + r.h - 1}).s = cs[2], cs[3]
	top := r.y + 1 + (r.h-2-len(n.Label))/2
	for i, s := range n.Label {
		tw := width(s, d.amb)
		d.text(pt{r.x + (r.w-tw)/2, top + i}, s)
	}
}

// text writes s from p on, a wide character over two cells.
func (d *drawing) text(p pt, s string) {
	gs, ws := graphemes(s, d.amb)
	for i, g := range gs {
		if ws[i] == 0 || p.x+ws[i] > d.w {
			continue
		}
		c := d.at(p)
		c.s = g
		for k := 1; k < ws[i]; k++ {
			d.at(pt{p.x + k, p.y}).cont = true
		}
		p.x += ws[i]
	}
}

// line draws an edge along path, with its ends.
func (d *drawing) line(path []pt, e Edge) {
	if len(path) == 0 {
		return
	}
	for i, p := range path {
		c := d.at(p)
		if c.s != "" {
			continue // a label's text
		}
		if i > 0 {
			c.mask |= dirTo(p, path[i-1])
		}
		if i < len(path)-1 {
			c.mask |= dirTo(p, path[i+1])
		}
		c.edges++
		c.style = e.Style
	}
	src, dst := d.boxes[e.From], d.boxes[e.To]
	d.end(path[0], src, e.Tail)
	d.end(path[len(path)-1], dst, e.Head)
}

// end draws an edge's end at p, next to box r: its mark, or a joint on
// the border where a bare line meets it.
func (d *drawing) end(p pt, r rect, mark End) {
	dir := r.toward(p)
	c := d.at(p)
	if c.s != "" {
		return
	}
	c.mask |= dir
	if mark != NoEnd {
		c.s = endMark(mark, dir, d.ascii)
		return
	}
	var b pt
	joint := ""
	switch dir {
	case down:
		b, joint = pt{p.x, p.y + 1}, "┴"
	case up:
		b, joint = pt{p.x, p.y - 1}, "┬"
	case right:
		b, joint = pt{p.x + 1, p.y}, "┤"
	case left:
		b, joint = pt{p.x - 1, p.y}, "├"
	default:
		return
	}
	if d.ascii {
		joint = "+"
	}
	if bc := d.at(b); bc.s == "─" || bc.s == "│" || bc.s == "-" || bc.s == "|" {
		bc.s = joint
	}
}

func endMark(m End, dir uint8, ascii bool) string {
	switch m {
	case Circle:
		return "o"
	case Cross:
		return "x"
	}
	arrows := map[uint8]string{down: "▼", up: "▲", right: "▶", left: "◀"}
	if ascii {
		arrows = map[uint8]string{down: "v", up: "^", right: ">", left: "<"}
	}
	if s, ok := arrows[dir]; ok {
		return s
	}
	return "*"
}

func dirTo(a, b pt) uint8 {
	switch {
	case b.y < a.y:
		return up
	case b.y > a.y:
		return down
	case b.x < a.x:
		return left
	case b.x > a.x:
		return right
	}
	return 0
}

// lineGlyphs are the characters of lines meeting in a cell, by the
// directions they leave it in.
var lineGlyphs = map[uint8]string{
	up: "│", down: "│", up | down: "│", left: "─", right: "─", left | right: "─",
	down | right: "┌", down | left: "┐", up | right: "└", up | left: "┘",
	up | down | right: "├", up | down | left: "┤", left | right | down: "┬", left | right | up: "┴",
	up | down | left | right: "┼",
}

func (d *drawing) glyph(c cell) string {
	if c.s != "" {
		return c.s
	}
	if c.mask == 0 {
		return " "
	}
	straightV := c.mask&(left|right) == 0
	straightH := c.mask&(up|down) == 0
	if d.ascii {
		one := c.edges == 1
		switch {
		case one && straightV && c.style == Dotted:
			return ":"
		case one && straightH && c.style == Dotted:
			return "."
		case one && straightH && c.style == Thick:
			return "="
		case straightV:
			return "|"
		case straightH:
			return "-"
		}
		return "+"
	}
	if c.edges == 1 {
		switch {
		case straightV && c.style == Dotted:
			return "┆"
		case straightH && c.style == Dotted:
			return "┄"
		case straightV && c.style == Thick:
			return "┃"
		case straightH && c.style == Thick:
			return "━"
		}
	}
	return lineGlyphs[c.mask]
}

// lines are the drawing's rows, without trailing spaces.
func (d *drawing) lines() []string {
	out := make([]string, d.h)
	var b strings.Builder
	for y := range d.h {
		b.Reset()
		for x := range d.w {
			c := d.cells[y*d.w+x]
			if c.cont {
				continue
			}
			b.WriteString(d.glyph(c))
		}
		out[y] = strings.TrimRight(b.String(), " ")
	}
	return out
}
