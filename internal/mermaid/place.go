package mermaid

func (l *layout) center(n int) int { return l.nodes[n].pos + l.nodes[n].cross/2 }

// place gives the nodes their cross positions: packed in order, then
// moved toward the mean centre of their neighbours, down and up a few
// times, keeping their order and a gap between them.
func (l *layout) place() {
	for _, ns := range l.layers {
		p := 0
		for i, n := range ns {
			l.nodes[n].pos = p
			if i+1 < len(ns) {
				p += l.nodes[n].cross + l.gapBetween(n, ns[i+1])
			}
		}
	}
	for range 3 {
		for L := 1; L < len(l.layers); L++ {
			l.align(L, true)
		}
		for L := len(l.layers) - 2; L >= 0; L-- {
			l.align(L, false)
		}
	}
	low := 0
	for i, n := range l.nodes {
		if i == 0 || n.pos < low {
			low = n.pos
		}
	}
	for i := range l.nodes {
		l.nodes[i].pos -= low
	}
}

// frameMargin is the cells between a framed node and its frame's side,
// the side included.
const frameMargin = 2

// gapBetween is the room between neighbours a and b of a layer: more
// when a frame's side runs between them.
func (l *layout) gapBetween(a, b int) int {
	ga, gb := l.nodes[a].group, l.nodes[b].group
	switch {
	case ga == gb:
	case ga >= 0 && gb >= 0:
		return 4*frameMargin - 3 + l.titlePad(a) // two sides
	case ga >= 0:
		return 2*frameMargin - 1 + l.titlePad(a)
	case gb >= 0:
		return 2*frameMargin - 1
	}
	return l.crossGap()
}

// align moves layer L's nodes toward their neighbours in the layer above
// (down) or below: the mean of a layout packed from the left and one
// packed from the right, both in order and apart, is in order and apart.
func (l *layout) align(L int, down bool) {
	ns := l.layers[L]
	want := make([]int, len(ns))
	for i, n := range ns {
		segs := l.nodes[n].in
		if !down {
			segs = l.nodes[n].out
		}
		if len(segs) == 0 {
			want[i] = l.nodes[n].pos
			continue
		}
		sum := 0
		for _, s := range segs {
			o := l.segs[s].from
			if !down {
				o = l.segs[s].to
			}
			sum += l.center(o)
		}
		want[i] = floorDiv(sum, len(segs)) - l.nodes[n].cross/2
	}
	left, right := make([]int, len(ns)), make([]int, len(ns))
	for i := range ns {
		left[i] = want[i]
		if i > 0 {
			left[i] = max(left[i], left[i-1]+l.nodes[ns[i-1]].cross+l.gapBetween(ns[i-1], ns[i]))
		}
	}
	for i := len(ns) - 1; i >= 0; i-- {
		right[i] = want[i]
		if i < len(ns)-1 {
			right[i] = min(right[i], right[i+1]-l.gapBetween(ns[i], ns[i+1])-l.nodes[ns[i]].cross)
		}
	}
	for i, n := range ns {
		l.nodes[n].pos = floorDiv(left[i]+right[i], 2)
	}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
