package mermaid

import (
	"errors"
	"fmt"
)

// errFrames is the error of subgraph frames that would overlap what is
// not theirs: the chart is then drawn without them.
var errFrames = errors.New("mermaid: subgraph frames do not fit")

// A subgraph is drawn as a dotted frame around its nodes, its title in
// the top side. The layout keeps a subgraph's nodes together in each
// layer, with room for the frame's sides between them and their
// neighbours, and a row for the frame's top and bottom sides in the gaps
// before its first layer and after its last. What the layout cannot keep
// out of a frame (another node, an edge running along a side) makes
// checkFrames fail, and the chart is drawn without frames.

func (l *layout) bottomRows(L int) int {
	if l.framed && l.bottom[L] {
		return 1
	}
	return 0
}

func (l *layout) topRows(L int) int {
	if l.framed && l.top[L] {
		return 1
	}
	return 0
}

// borders is the rows the gap after layer L has for frames.
func (l *layout) borders(L int) int { return l.bottomRows(L) + l.topRows(L+1) }

// titleWidth is the cells group g's title takes with a space either
// side.
func (l *layout) titleWidth(g int) int {
	if t := l.g.Groups[g].Title; t != "" {
		return width(cut(t, MaxLabel), l.amb) + 2
	}
	return 0
}

// titlePad is the room a TD frame needs right of its first layer's last
// node a for its title, which goes there in the top side: the edges
// entering the frame cross that side above the nodes, not beside them.
func (l *layout) titlePad(a int) int {
	g := l.nodes[a].group
	if !l.vertical || l.nodes[a].layer != l.first[g] {
		return 0
	}
	return l.titleWidth(g)
}

// crossRange is group g's frame across the layers, sides included.
func (l *layout) crossRange(g int) (c0, c1 int, ok bool) {
	if l.first[g] < 0 {
		return 0, 0, false
	}
	lo, hi, hiFirst := 0, 0, 0
	for _, n := range l.nodes {
		if n.group != g {
			continue
		}
		if !ok {
			lo, hi, ok = n.pos, n.pos+n.cross, true
		}
		lo, hi = min(lo, n.pos), max(hi, n.pos+n.cross)
		if n.layer == l.first[g] {
			hiFirst = max(hiFirst, n.pos+n.cross)
		}
	}
	c0, c1 = lo-frameMargin, hi-1+frameMargin
	if l.vertical {
		c1 = max(c1, hiFirst+l.titleWidth(g))
	}
	return c0, c1, true
}

// frameRects are the frames on the grid, by group; a group with no node
// has none (w 0).
func (l *layout) frameRects() []rect {
	if !l.framed {
		return nil
	}
	out := make([]rect, len(l.g.Groups))
	for g := range l.g.Groups {
		c0, c1, ok := l.crossRange(g)
		if !ok {
			continue
		}
		m0 := l.start[l.first[g]] - 2
		if l.first[g] == 0 {
			m0 = l.start[0] - 1
		}
		m1 := l.start[l.last[g]] + l.size[l.last[g]]
		if l.vertical {
			out[g] = rect{c0, m0, c1 - c0 + 1, m1 - m0 + 1}
		} else {
			out[g] = rect{m0, c0, m1 - m0 + 1, c1 - c0 + 1}
		}
	}
	return out
}

// separate moves nodes right, and whole groups, until no node stands in
// a frame not its own and no two frames meet, for a few rounds: the
// placement keeps neighbours in a layer apart, but a frame spans layers.
// What is left is for checkFrames to find.
func (l *layout) separate() {
	if !l.framed {
		return
	}
	overlap := func(a0, a1, b0, b1 int) bool { return a0 <= b1+1 && b0 <= a1+1 }
	layersMeet := func(g, h int) bool { return l.first[g] <= l.last[h] && l.first[h] <= l.last[g] }
	for range 4 * len(l.g.Groups) {
		moved := false
		for g := range l.g.Groups {
			g0, g1, ok := l.crossRange(g)
			if !ok {
				continue
			}
			for h := range l.g.Groups {
				h0, h1, ok := l.crossRange(h)
				if h == g || !ok || !layersMeet(g, h) || !overlap(g0, g1, h0, h1) || h0 < g0 || h0 == g0 && h < g {
					continue
				}
				l.shiftGroup(h, g1+2-h0)
				moved = true
			}
			for L := max(l.first[g], 0); L <= l.last[g]; L++ {
				ns := l.layers[L]
				for i, n := range ns {
					nd := l.nodes[n]
					if nd.group == g || !overlap(nd.pos, nd.pos+nd.cross-1, g0, g1) {
						continue
					}
					if after := l.afterGroup(L, i, g, g0, g1); after {
						l.shiftLayer(L, i, g1+2-nd.pos)
					} else {
						l.shiftGroup(g, nd.pos+nd.cross+1-g0)
					}
					moved = true
					break
				}
				if moved {
					break
				}
			}
			if moved {
				break
			}
		}
		if !moved || l.farthest() > maxSeparation {
			// Frames that push each other ever further (a group
			// moved moves another that moves it back) would grow
			// without end: checkFrames or the width stops them.
			break
		}
	}
	// Back to the left edge: the frames' sides first.
	low := 0
	for i, n := range l.nodes {
		if i == 0 || n.pos < low {
			low = n.pos
		}
	}
	for g := range l.g.Groups {
		if c0, _, ok := l.crossRange(g); ok {
			low = min(low, c0)
		}
	}
	for i := range l.nodes {
		l.nodes[i].pos -= low
	}
}

// maxSeparation bounds how far separate moves nodes: far beyond any
// width a chart is drawn at.
const maxSeparation = 1 << 12

// farthest is the largest cross position of a node.
func (l *layout) farthest() int {
	m := 0
	for _, n := range l.nodes {
		m = max(m, n.pos)
	}
	return m
}

// afterGroup reports whether node i of layer L stands after group g:
// after its nodes in the layer, or right of its frame's middle.
func (l *layout) afterGroup(L, i, g, g0, g1 int) bool {
	for j, n := range l.layers[L] {
		if l.nodes[n].group == g {
			return i > j
		}
	}
	nd := l.nodes[l.layers[L][i]]
	return 2*nd.pos+nd.cross >= g0+g1
}

// shiftLayer moves node i of layer L and those after it by d.
func (l *layout) shiftLayer(L, i, d int) {
	for _, n := range l.layers[L][i:] {
		l.nodes[n].pos += d
	}
}

// shiftGroup moves group g's nodes, and what stands after them in their
// layers, by d.
func (l *layout) shiftGroup(g, d int) {
	for L, ns := range l.layers {
		for i, n := range ns {
			if l.nodes[n].group == g {
				l.shiftLayer(L, i, d)
				break
			}
		}
	}
}

func intersects(a, b rect) bool {
	return a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
}

// Sides of a frame a cell may be on.
const (
	acrossSide uint8 = iota + 1 // top or bottom: edges cross it up or down
	alongSide                   // left or right: edges cross it sideways
	cornerSide
)

// sides maps the cells of the frames' borders to the side they are on.
func (l *layout) sides() map[pt]uint8 {
	m := map[pt]uint8{}
	for _, f := range l.frames {
		if f.w == 0 {
			continue
		}
		for x := f.x; x < f.x+f.w; x++ {
			m[pt{x, f.y}], m[pt{x, f.y + f.h - 1}] = acrossSide, acrossSide
		}
		for y := f.y; y < f.y+f.h; y++ {
			m[pt{f.x, y}], m[pt{f.x + f.w - 1, y}] = alongSide, alongSide
		}
		for _, c := range []pt{{f.x, f.y}, {f.x + f.w - 1, f.y}, {f.x, f.y + f.h - 1}, {f.x + f.w - 1, f.y + f.h - 1}} {
			m[c] = cornerSide
		}
	}
	return m
}

// checkFrames checks that the frames hold only their own nodes, do not
// meet, and that edges only cross their sides at right angles; it places
// each frame's title where no edge crosses the top side.
func (l *layout) checkFrames() error {
	if !l.framed {
		return nil
	}
	for i, a := range l.frames {
		for _, b := range l.frames[:i] {
			if a.w > 0 && b.w > 0 && intersects(a, b) {
				return fmt.Errorf("%w: two frames meet", errFrames)
			}
		}
	}
	for _, n := range l.nodes {
		r := rect{n.pos, l.start[n.layer], n.cross, l.size[n.layer]}
		if !l.vertical {
			r = rect{l.start[n.layer], n.pos, l.size[n.layer], n.cross}
		}
		for g, f := range l.frames {
			if f.w > 0 && g != n.group && intersects(r, f) {
				return fmt.Errorf("%w: a node in a frame not its own", errFrames)
			}
		}
	}
	sides := l.sides()
	crossed := map[pt]bool{}
	for e, path := range l.paths {
		ed := l.g.Edges[e]
		for i, p := range path {
			side := sides[p]
			if side == 0 {
				continue
			}
			crossed[p] = true
			var dirs uint8
			if i > 0 {
				dirs |= dirTo(p, path[i-1])
			} else {
				dirs |= l.box(ed.From).toward(p)
			}
			if i < len(path)-1 {
				dirs |= dirTo(p, path[i+1])
			} else {
				dirs |= l.box(ed.To).toward(p)
			}
			if side == cornerSide || side == acrossSide && dirs != up|down || side == alongSide && dirs != left|right {
				return fmt.Errorf("%w: an edge runs along a frame", errFrames)
			}
		}
	}
	l.titles = make([]pt, len(l.frames))
	for g, f := range l.frames {
		l.titles[g] = pt{-1, -1}
		title := " " + cut(l.g.Groups[g].Title, min(MaxLabel, max(1, f.w-6))) + " "
		tw := width(title, l.amb)
		if f.w == 0 || tw > f.w-4 || l.g.Groups[g].Title == "" {
			continue
		}
	place:
		for x := f.x + 2; x+tw <= f.x+f.w-2; x++ {
			for k := range tw {
				if crossed[pt{x + k, f.y}] {
					continue place
				}
			}
			l.titles[g] = pt{x, f.y}
			break
		}
		if l.titles[g].x < 0 {
			return fmt.Errorf("%w: no room for a title", errFrames)
		}
	}
	return nil
}

// box is node v's box on the grid.
func (l *layout) box(v int) rect {
	n := l.nodes[v] // boxes come first, in node order
	if l.vertical {
		return rect{n.pos, l.start[n.layer], n.cross, n.main}
	}
	return rect{l.start[n.layer], n.pos, n.main, n.cross}
}

// drawFrames draws the frames, dotted, with their titles; an edge
// crossing a side makes a crossing.
func (l *layout) drawFrames(d *drawing) {
	for p, side := range l.sides() {
		c := d.at(p)
		switch side {
		case acrossSide:
			c.mask |= left | right
		case alongSide:
			c.mask |= up | down
		}
		c.edges++
		c.style = Dotted
	}
	for g, f := range l.frames {
		if f.w == 0 {
			continue
		}
		d.at(pt{f.x, f.y}).mask = down | right
		d.at(pt{f.x + f.w - 1, f.y}).mask = down | left
		d.at(pt{f.x, f.y + f.h - 1}).mask = up | right
		d.at(pt{f.x + f.w - 1, f.y + f.h - 1}).mask = up | left
		if t := l.titles[g]; t.x >= 0 {
			d.text(t, " "+cut(l.g.Groups[g].Title, min(MaxLabel, max(1, f.w-6)))+" ")
		}
	}
}
