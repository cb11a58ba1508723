package mermaid

import (
	"cmp"
	"fmt"
	"slices"
)

// assignPorts gives each segment its ports: where it leaves its upper
// node and enters its lower one. A box's segments on one side get ports
// of their own, in the order of the nodes they lead to, so that no two
// edges share a line.
func (l *layout) assignPorts() {
	for i := range l.nodes {
		n := &l.nodes[i]
		out := slices.Clone(n.out)
		slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(l.center(l.segs[a].to), l.center(l.segs[b].to)) })
		for j, p := range l.portsOf(i, len(out)) {
			l.segs[out[j]].p1 = p
		}
		in := slices.Clone(n.in)
		slices.SortStableFunc(in, func(a, b int) int { return cmp.Compare(l.center(l.segs[a].from), l.center(l.segs[b].from)) })
		for j, p := range l.portsOf(i, len(in)) {
			l.segs[in[j]].p2 = p
		}
	}
}

// portsOf spreads k ports around node i's centre, inside its border,
// two cells apart where they fit (sizes made the room).
func (l *layout) portsOf(i, k int) []int {
	n := l.nodes[i]
	c := l.center(i)
	ports := make([]int, k)
	if n.kind != boxNode || k == 0 {
		for j := range ports {
			ports[j] = c
		}
		return ports
	}
	lo, hi := n.pos+1, n.pos+n.cross-2
	step := 2
	if (k-1)*step > hi-lo {
		step = 1
	}
	start := c - (k-1)*step/2
	start = max(lo, min(start, hi-(k-1)*step))
	for j := range ports {
		ports[j] = start + j*step
	}
	return ports
}

// route puts the bent segments of the gap after layer L on channels:
// rows (TD) or columns (LR) where each runs across from its upper port to
// its lower one. Two segments on one channel keep a cell apart; and where
// one's upper port is above another's lower port, the first runs on an
// earlier channel, or their lines would overlap.
func (l *layout) route(L int) error {
	if l.gap == nil {
		l.gap = make([]int, len(l.layers))
	}
	var bent []int
	byLower := map[int]int{} // lower port -> seg
	for _, n := range l.layers[L] {
		for _, s := range l.nodes[n].out {
			if l.segs[s].p1 != l.segs[s].p2 {
				bent = append(bent, s)
				byLower[l.segs[s].p2] = s
			}
		}
	}
	// next[s] must run on a later channel than s.
	next := make(map[int]int, len(bent))
	hasPrev := make(map[int]bool, len(bent))
	for _, s := range bent {
		if f, ok := byLower[l.segs[s].p1]; ok && f != s {
			next[s] = f
			hasPrev[f] = true
		}
	}
	type span struct{ lo, hi int }
	var chans [][]span
	fits := func(c int, sp span) bool {
		for _, o := range chans[c] {
			if !(sp.hi+1 < o.lo || o.hi+1 < sp.lo) {
				return false
			}
		}
		return true
	}
	done := 0
	for _, s := range bent {
		if hasPrev[s] {
			continue
		}
		floor := 0
		for cur, ok := s, true; ok; cur, ok = next[cur] {
			sg := &l.segs[cur]
			if sg.ch >= 0 {
				return fmt.Errorf("%w: layer %d", errUnroutable, L)
			}
			sp := span{min(sg.p1, sg.p2), max(sg.p1, sg.p2)}
			c := floor
			for ; c < len(chans) && !fits(c, sp); c++ {
			}
			if c == len(chans) {
				chans = append(chans, nil)
			}
			chans[c] = append(chans[c], sp)
			sg.ch = c
			floor = c + 1
			done++
		}
	}
	if done != len(bent) {
		// Segments that wait on each other in a ring: no order of
		// channels keeps them apart.
		return fmt.Errorf("%w: layer %d", errUnroutable, L)
	}
	l.gap[L] = len(chans) + 2 + l.borders(L)
	return nil
}
