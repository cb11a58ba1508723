package mermaid

// orient decides which edges are laid out against their direction: all
// of them for BT and RL (laid out as TD and LR), and back edges, found by
// a depth-first search, so that what is left has no cycle.
func (l *layout) orient(flip bool) {
	g := l.g
	l.reversed = make([]bool, len(g.Edges))
	adj := make([][]int, len(g.Nodes))
	for i, e := range g.Edges {
		l.reversed[i] = flip
		if e.From != e.To {
			a, _ := l.ends(i)
			adj[a] = append(adj[a], i)
		}
	}
	state := make([]byte, len(g.Nodes)) // 0 new, 1 on the stack, 2 done
	type frame struct{ n, next int }
	for root := range g.Nodes {
		if state[root] != 0 {
			continue
		}
		stack := []frame{{root, 0}}
		state[root] = 1
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(adj[f.n]) {
				state[f.n] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			e := adj[f.n][f.next]
			f.next++
			_, b := l.ends(e)
			switch state[b] {
			case 0:
				state[b] = 1
				stack = append(stack, frame{b, 0})
			case 1:
				l.reversed[e] = !l.reversed[e]
			}
		}
	}
}

// ends are edge i's ends in layout order.
func (l *layout) ends(i int) (int, int) {
	e := l.g.Edges[i]
	if l.reversed[i] {
		return e.To, e.From
	}
	return e.From, e.To
}

// drawn reports whether edge i is drawn: a self-loop and an invisible
// link are not.
func (l *layout) drawn(i int) bool {
	e := l.g.Edges[i]
	return e.From != e.To && !e.Hidden
}

// rank gives each node its layer by longest path from the sources; an
// edge with a label spans two layers, its label in the one between.
func (l *layout) rank() []int {
	n := len(l.g.Nodes)
	indeg := make([]int, n)
	adj := make([][]int, n)
	for i := range l.g.Edges {
		if !l.drawn(i) {
			continue
		}
		a, b := l.ends(i)
		adj[a] = append(adj[a], i)
		indeg[b]++
	}
	layer := make([]int, n)
	queue := make([]int, 0, n)
	for v := range n {
		if indeg[v] == 0 {
			queue = append(queue, v)
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, i := range adj[v] {
			_, b := l.ends(i)
			span := 1
			if l.g.Edges[i].Label != "" {
				span = 2
			}
			layer[b] = max(layer[b], layer[v]+span)
			if indeg[b]--; indeg[b] == 0 {
				queue = append(queue, b)
			}
		}
	}
	return layer
}
