package mermaid

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// Bounds on a layout: the nodes it adds for long edges and labels, and
// the rows of a drawing.
const (
	maxLayoutNodes = 3000
	maxRows        = 1000
)

var (
	errTooWide    = errors.New("mermaid: drawing wider than the width")
	errTooBig     = errors.New("mermaid: drawing too big")
	errUnroutable = errors.New("mermaid: edges cannot be routed apart")
)

type kind int

const (
	boxNode   kind = iota // a node of the graph
	dummyNode             // where a long edge crosses a layer
	labelNode             // an edge's label, in a layer of its own
)

// lnode is a node of the layout.
type lnode struct {
	kind        kind
	node        int    // index in Graph.Nodes, for boxes
	text        string // for labels
	layer       int
	cross, main int // size across the layers and along them
	pos         int // cross position of its top-left
	in, out     []int
	group       int // Graph.Groups index when drawn in a frame, or -1
}

// seg is an edge's part between two adjacent layers, from a port of its
// upper node to a port of its lower one, on a channel of the gap between
// them (-1: straight).
type seg struct {
	from, to int
	p1, p2   int
	ch       int
}

// layout is a graph laid out along the main axis (down for TD, right for
// LR).
type layout struct {
	g        *Graph
	vertical bool // TD: layers are rows of boxes
	amb      textwrap.Ambiguous
	nodes    []lnode
	segs     []seg
	layers   [][]int
	chains   [][]int // per edge, its segs in layout order; nil when not drawn
	reversed []bool  // per edge: laid out against its direction
	start    []int   // main position of each layer
	size     []int   // main size of each layer
	gap      []int   // main size of the gap after each layer
	// With frames for subgraphs: whether a frame's border runs before
	// (top) or after (bottom) each layer, the rows before the first
	// layer and after the last one, and the frames on the grid.
	framed      bool
	top, bottom []bool
	pre, post   int
	frames      []rect
	first, last []int  // by group: its layers (-1: no node)
	titles      []pt   // where each frame's title starts
	paths       [][]pt // by edge, from its source to its target
}

func (l *layout) crossGap() int {
	if l.vertical {
		return 2
	}
	return 1
}

// newLayout lays g out in direction dir, for a drawing at most maxWidth
// cells wide, its subgraphs in frames when framed.
func newLayout(g *Graph, dir Dir, amb textwrap.Ambiguous, maxWidth int, framed bool) (*layout, error) {
	if len(g.Nodes) == 0 {
		return nil, fmt.Errorf("%w: no nodes", errUnsupported)
	}
	l := &layout{g: g, vertical: dir == TD || dir == BT, amb: amb, framed: framed && len(g.Groups) > 0}
	flip := dir == BT || dir == RL
	l.orient(flip)
	layer := l.rank()
	if err := l.build(layer); err != nil {
		return nil, err
	}
	l.order()
	l.sizes()
	l.place()
	l.separate()
	l.assignPorts()
	for L := range len(l.layers) - 1 {
		if err := l.route(L); err != nil {
			return nil, err
		}
	}
	l.mainPositions()
	l.frames = l.frameRects()
	w, h := l.extent()
	if w <= 0 || h <= 0 || w > maxWidth {
		return nil, fmt.Errorf("%w: %d cells", errTooWide, w)
	}
	if h > maxRows {
		return nil, fmt.Errorf("%w: %d rows", errTooBig, h)
	}
	l.paths = make([][]pt, len(g.Edges))
	for e := range g.Edges {
		if l.chains[e] != nil {
			l.paths[e] = l.path(e)
		}
	}
	if err := l.checkFrames(); err != nil {
		return nil, err
	}
	return l, nil
}

// build makes the layout's nodes and segments: the graph's nodes, and
// for each edge a chain through the layers it spans.
func (l *layout) build(layer []int) error {
	// The nodes are counted before any is made: a chart refused for
	// them was otherwise refused after making 3,000, in each direction
	// tried (a post of 400-edge charts took 10 times prose's time).
	count := len(l.g.Nodes)
	for i := range l.g.Edges {
		if l.drawn(i) {
			a, b := l.ends(i)
			count += max(0, layer[b]-layer[a]-1)
		}
	}
	if count > maxLayoutNodes {
		return fmt.Errorf("%w: more than %d layout nodes", errTooBig, maxLayoutNodes)
	}
	top := 0
	groupOf := func(v int) int {
		if !l.framed {
			return -1
		}
		return l.g.Nodes[v].Group
	}
	for v := range l.g.Nodes {
		l.nodes = append(l.nodes, lnode{kind: boxNode, node: v, layer: layer[v], group: groupOf(v)})
		top = max(top, layer[v])
	}
	l.chains = make([][]int, len(l.g.Edges))
	for i, e := range l.g.Edges {
		if !l.drawn(i) {
			continue
		}
		a, b := l.ends(i)
		mid := -1
		if e.Label != "" {
			mid = (layer[a] + layer[b]) / 2
		}
		prev := a
		for L := layer[a] + 1; L <= layer[b]; L++ {
			next := b
			if L < layer[b] {
				if len(l.nodes) >= maxLayoutNodes {
					return fmt.Errorf("%w: more than %d layout nodes", errTooBig, maxLayoutNodes)
				}
				n := lnode{kind: dummyNode, layer: L, group: -1}
				if groupOf(a) == groupOf(b) {
					n.group = groupOf(a)
				}
				if L == mid {
					n.kind, n.text = labelNode, e.Label
				}
				next = len(l.nodes)
				l.nodes = append(l.nodes, n)
			}
			s := len(l.segs)
			l.segs = append(l.segs, seg{from: prev, to: next, ch: -1})
			l.nodes[prev].out = append(l.nodes[prev].out, s)
			l.nodes[next].in = append(l.nodes[next].in, s)
			l.chains[i] = append(l.chains[i], s)
			prev = next
		}
	}
	l.layers = make([][]int, top+1)
	l.top, l.bottom = make([]bool, top+1), make([]bool, top+1)
	first, last := map[int]int{}, map[int]int{}
	for i, n := range l.nodes {
		l.layers[n.layer] = append(l.layers[n.layer], i)
		if n.group >= 0 {
			if f, ok := first[n.group]; !ok || n.layer < f {
				first[n.group] = n.layer
			}
			last[n.group] = max(last[n.group], n.layer)
		}
	}
	l.first, l.last = make([]int, len(l.g.Groups)), make([]int, len(l.g.Groups))
	for g := range l.g.Groups {
		l.first[g], l.last[g] = -1, -1
		if f, ok := first[g]; ok {
			l.first[g], l.last[g] = f, last[g]
			l.top[f], l.bottom[last[g]] = true, true
		}
	}
	return nil
}

// order orders each layer to reduce crossings: sweeps down and up, each
// node placed at the mean position of its neighbours in the layer before.
func (l *layout) order() {
	idx := make([]float64, len(l.nodes))
	setIdx := func(L int) {
		for i, n := range l.layers[L] {
			idx[n] = float64(i)
		}
	}
	for L := range l.layers {
		setIdx(L)
	}
	// bary and key by node, the groups' sums by group: slices made once,
	// not maps made for each sweep (the maps' lookups in the sort were
	// half the time of a chart of 3,000 layout nodes).
	bary, key := make([]float64, len(l.nodes)), make([]float64, len(l.nodes))
	sum, count := make([]float64, len(l.g.Groups)), make([]int, len(l.g.Groups))
	sweep := func(L int, down bool) {
		ns := l.layers[L]
		for _, n := range ns {
			segs, sum := l.nodes[n].in, 0.0
			if !down {
				segs = l.nodes[n].out
			}
			for _, s := range segs {
				o := l.segs[s].from
				if !down {
					o = l.segs[s].to
				}
				sum += idx[o]
			}
			if len(segs) == 0 {
				bary[n] = idx[n]
			} else {
				bary[n] = sum / float64(len(segs))
			}
		}
		// A subgraph's nodes stay together, at their mean place.
		clear(sum)
		clear(count)
		for _, n := range ns {
			if g := l.nodes[n].group; g >= 0 {
				sum[g] += bary[n]
				count[g]++
			}
		}
		for _, n := range ns {
			key[n] = bary[n]
			if g := l.nodes[n].group; g >= 0 {
				key[n] = sum[g] / float64(count[g])
			}
		}
		slices.SortStableFunc(ns, func(a, b int) int {
			return cmp.Or(cmp.Compare(key[a], key[b]), cmp.Compare(l.nodes[a].group, l.nodes[b].group), cmp.Compare(bary[a], bary[b]))
		})
		setIdx(L)
	}
	for range 3 {
		for L := 1; L < len(l.layers); L++ {
			sweep(L, true)
		}
		for L := len(l.layers) - 2; L >= 0; L-- {
			sweep(L, false)
		}
	}
	for L := 1; L < len(l.layers); L++ {
		sweep(L, true)
	}
}

// sizes sizes each node: a box holds its label with a space either side
// and room for its ports (two cells apart across a TD layer); a label is
// its text; a long edge's node is one cell.
func (l *layout) sizes() {
	for i := range l.nodes {
		n := &l.nodes[i]
		switch n.kind {
		case dummyNode:
			n.cross, n.main = 1, 1
		case labelNode:
			w := width(n.text, l.amb)
			n.cross, n.main = w, 1
			if !l.vertical {
				n.cross, n.main = 1, w
			}
		case boxNode:
			lines := l.g.Nodes[n.node].Label
			tw := 0
			for _, s := range lines {
				tw = max(tw, width(s, l.amb))
			}
			k := max(len(n.in), len(n.out))
			if l.vertical {
				n.cross, n.main = max(tw+4, 2*k+1), len(lines)+2
			} else {
				n.cross, n.main = max(len(lines), k)+2, tw+4
			}
		}
	}
}

// extent is the drawing's width and height.
func (l *layout) extent() (int, int) {
	across := 0
	for _, n := range l.nodes {
		across = max(across, n.pos+n.cross)
	}
	last := len(l.layers) - 1
	along := l.start[last] + l.size[last] + l.post
	for _, f := range l.frames {
		if l.vertical {
			across = max(across, f.x+f.w)
		} else {
			across = max(across, f.y+f.h)
		}
	}
	if l.vertical {
		return across, along
	}
	return along, across
}

// mainPositions places the layers one after the other, each gap as deep
// as its channels need.
func (l *layout) mainPositions() {
	k := len(l.layers)
	l.start, l.size = make([]int, k), make([]int, k)
	if l.top[0] {
		l.pre = 1
	}
	if l.bottom[k-1] {
		l.post = 1
	}
	p := l.pre
	for L, ns := range l.layers {
		for _, n := range ns {
			l.size[L] = max(l.size[L], l.nodes[n].main)
		}
		l.start[L] = p
		p += l.size[L]
		if L < k-1 {
			p += l.gap[L]
		}
	}
}
