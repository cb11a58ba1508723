package mermaid

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// samples are charts of the shapes real posts draw.
var samples = map[string]string{
	"pipeline":  "graph TD\n  Reader -->|ssh| Server\n  Server --> Cache\n  Server --> Store\n  Cache --> Store",
	"decision":  "graph LR\n A[Start] --> B{Is it?}\n B -->|Yes| C[OK]\n C --> D[Rethink]\n D --> B\n B ---->|No| E[End]",
	"chinese":   "flowchart TD\n 读者 -->|ssh 连接| 服务器[服务器<br>渲染]\n 服务器 -.-> 缓存((缓存))\n 服务器 ==> 存储\n A & B --> C",
	"bottomup":  "graph BT\n A --> B\n B --> C\n A --> C",
	"rightleft": "graph RL\n A --> B\n B --> A\n A --> A\n A <--> C\n C --o D\n C --x E\n C -- long label --- D",
	"fan":       "graph TD\n A --> B & C & D & E\n B & C & D & E --> F\n A --> F",
	"cycle":     "graph LR\n a --> b --> c --> d --> a\n b --> d\n c --> a",
	"subgraph":  "graph TD\n  A[Reader] --> B\n  subgraph srv [The server]\n    B[Wish] --> C[Render]\n    C --> D[Cache]\n  end\n  D --> E[Screen]\n  A --> E",
	"groups":    "graph LR\n  subgraph one\n    a1 --> a2\n  end\n  subgraph two\n    b1 --> b2\n  end\n  c1 --> a1\n  a2 --> b1\n  c1 --> b2",
	"three":     "flowchart TB\n    c1-->a2\n    subgraph one\n    a1-->a2\n    end\n    subgraph two\n    b1-->b2\n    end\n    subgraph three\n    c1-->c2\n    end",
}

// checkDrawing checks what a reader relies on in a drawing: no two boxes
// overlap, every edge drawn runs in steps from its source's box to its
// target's box, ending in its mark (an arrow into the target), and two
// edges share a cell only where they cross at right angles.
func checkDrawing(t *testing.T, name string, g *Graph, d *drawing, o Options) {
	t.Helper()
	lines := d.lines()
	for i, l := range lines {
		if w := textwrap.StringWidth(l, o.Ambiguous); w > o.Width {
			t.Errorf("%s: line %d is %d cells, more than %d", name, i, w, o.Width)
		}
	}
	for i, a := range d.boxes {
		for j, b := range d.boxes[:i] {
			if a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h {
				t.Errorf("%s: boxes of %s and %s overlap: %v %v", name, g.Nodes[i].ID, g.Nodes[j].ID, a, b)
			}
		}
		if a.x < 0 || a.y < 0 || a.x+a.w > d.w || a.y+a.h > d.h {
			t.Errorf("%s: box of %s %v outside the %dx%d drawing", name, g.Nodes[i].ID, a, d.w, d.h)
		}
	}
	// Frames hold their subgraph's boxes and no other, apart; edges
	// cross their sides at right angles.
	sides := map[pt]uint8{}
	for fi, f := range d.frames {
		if f.w == 0 {
			continue
		}
		inner := rect{f.x + 1, f.y + 1, f.w - 2, f.h - 2}
		for v, b := range d.boxes {
			in := b.x >= inner.x && b.y >= inner.y && b.x+b.w <= inner.x+inner.w && b.y+b.h <= inner.y+inner.h
			if g.Nodes[v].Group == fi && !in {
				t.Errorf("%s: box of %s %v outside its frame %v", name, g.Nodes[v].ID, b, f)
			}
			if g.Nodes[v].Group != fi && intersects(b, f) {
				t.Errorf("%s: box of %s %v in frame %v of another subgraph", name, g.Nodes[v].ID, b, f)
			}
		}
		for h, o := range d.frames[:fi] {
			if o.w > 0 && intersects(o, f) {
				t.Errorf("%s: frames %d and %d meet", name, h, fi)
			}
		}
		for x := f.x; x < f.x+f.w; x++ {
			sides[pt{x, f.y}], sides[pt{x, f.y + f.h - 1}] = up|down, up|down
		}
		for y := f.y + 1; y < f.y+f.h-1; y++ {
			sides[pt{f.x, y}], sides[pt{f.x + f.w - 1, y}] = left|right, left|right
		}
		for _, c := range []pt{{f.x, f.y}, {f.x + f.w - 1, f.y}, {f.x, f.y + f.h - 1}, {f.x + f.w - 1, f.y + f.h - 1}} {
			sides[c] = 0xff
		}
	}
	for e, path := range d.paths {
		for i, p := range path {
			want, ok := sides[p]
			if !ok {
				continue
			}
			var dirs uint8
			if i > 0 {
				dirs |= dirTo(p, path[i-1])
			} else {
				dirs |= d.boxes[g.Edges[e].From].toward(p)
			}
			if i < len(path)-1 {
				dirs |= dirTo(p, path[i+1])
			} else {
				dirs |= d.boxes[g.Edges[e].To].toward(p)
			}
			if dirs != want {
				t.Errorf("%s: edge %d meets a frame's side at %v other than across it:\n%s", name, e, p, strings.Join(lines, "\n"))
			}
		}
	}
	uses := map[pt][]uint8{}
	for e, path := range d.paths {
		ed := g.Edges[e]
		if ed.From == ed.To || ed.Hidden {
			continue
		}
		if len(path) < 2 {
			t.Errorf("%s: edge %d (%s->%s) not drawn", name, e, g.Nodes[ed.From].ID, g.Nodes[ed.To].ID)
			continue
		}
		src, dst := d.boxes[ed.From], d.boxes[ed.To]
		if src.toward(path[0]) == 0 || dst.toward(path[len(path)-1]) == 0 {
			t.Errorf("%s: edge %s->%s runs from %v to %v, not from box %v to box %v", name, g.Nodes[ed.From].ID, g.Nodes[ed.To].ID, path[0], path[len(path)-1], src, dst)
		}
		for i, p := range path {
			if i > 0 {
				if dx, dy := p.x-path[i-1].x, p.y-path[i-1].y; dx*dx+dy*dy != 1 {
					t.Errorf("%s: edge %d jumps from %v to %v", name, e, path[i-1], p)
				}
			}
			for b, r := range d.boxes {
				if r.contains(p) {
					t.Errorf("%s: edge %d runs through the box of %s at %v", name, e, g.Nodes[b].ID, p)
				}
			}
			var dirs uint8
			if i > 0 {
				dirs |= dirTo(p, path[i-1])
			}
			if i < len(path)-1 {
				dirs |= dirTo(p, path[i+1])
			}
			uses[p] = append(uses[p], dirs)
		}
		last := d.glyph(*d.at(path[len(path)-1]))
		if ed.Head == Arrow && !strings.Contains("▼▲▶◀v^><", last) {
			t.Errorf("%s: edge %s->%s ends in %q, not an arrow", name, g.Nodes[ed.From].ID, g.Nodes[ed.To].ID, last)
		}
	}
	for p, us := range uses {
		if len(us) < 2 {
			continue
		}
		if len(us) > 2 || !(us[0] == up|down && us[1] == left|right || us[0] == left|right && us[1] == up|down) {
			t.Errorf("%s: edges meet at %v other than crossing: %v\n%s", name, p, us, strings.Join(lines, "\n"))
		}
	}
}

func TestLayoutSamples(t *testing.T) {
	for name, src := range samples {
		g, err := Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, o := range []Options{{Width: 32}, {Width: 72}, {Width: 112}, {Width: 72, Ambiguous: textwrap.Wide}} {
			for _, dir := range []Dir{g.Dir, across(g.Dir)} {
				d, err := drawGraph(g, dir, o, true)
				if err != nil {
					continue // too wide: Render tries the other direction
				}
				checkDrawing(t, fmt.Sprintf("%s@%d/%d", name, o.Width, dir), g, d, o)
			}
			if _, ok := Render(src, o); !ok && o.Width >= 72 {
				t.Errorf("%s@%d not drawn", name, o.Width)
			}
		}
	}
}

// TestLayoutRandom checks the drawing's rules on random graphs, cycles,
// labels and long edges included.
func TestLayoutRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	drawn, grouped, framed := 0, 0, 0
	for k := range 300 {
		n := 1 + rng.IntN(14)
		var b strings.Builder
		b.WriteString([]string{"graph TD\n", "graph LR\n", "graph BT\n", "graph RL\n"}[k%4])
		// Some nodes in subgraphs: n0-n2 in one, n4-n6 in another...
		inGroups := rng.IntN(2) == 0
		for i := range n {
			if inGroups && i%4 == 0 {
				fmt.Fprintf(&b, "subgraph g%d [group %d]\n", i, i)
			}
			fmt.Fprintf(&b, "n%d[%s]\n", i, strings.Repeat("w", 1+rng.IntN(8)))
			if inGroups && (i%4 == 2 || i == n-1 && i%4 < 2) {
				b.WriteString("end\n")
			}
		}
		for range rng.IntN(2 * n) {
			op := []string{"-->", "---", "-.->", "==>", "-->|yes|", "-- a label -->", "<-->"}[rng.IntN(7)]
			fmt.Fprintf(&b, "n%d %s n%d\n", rng.IntN(n), op, rng.IntN(n))
		}
		g, err := Parse(b.String())
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		o := Options{Width: 200}
		d, err := drawGraph(g, g.Dir, o, true)
		if len(g.Groups) > 0 {
			grouped++
			if err == nil {
				framed++
			}
		}
		if err != nil {
			d, err = drawGraph(g, g.Dir, o, false)
		}
		if err != nil {
			continue
		}
		drawn++
		checkDrawing(t, b.String(), g, d, o)
	}
	if drawn < 250 {
		t.Errorf("only %d of 300 random graphs drawn", drawn)
	}
	if framed < grouped/2 {
		t.Errorf("only %d of %d random graphs with subgraphs drawn in frames", framed, grouped)
	}
	t.Logf("%d of 300 drawn, %d of %d with subgraphs in frames", drawn, framed, grouped)
}

// TestRenderHostile: big and dense charts are refused or drawn within
// the bounds, never beyond the width.
func TestRenderHostile(t *testing.T) {
	var chain, star, dense, groups strings.Builder
	chain.WriteString("graph TD\n")
	star.WriteString("graph LR\n")
	dense.WriteString("graph TD\n")
	for i := range MaxNodes - 1 {
		fmt.Fprintf(&chain, "a%d --> a%d\n", i, i+1)
		fmt.Fprintf(&star, "hub --> s%d\n", i)
	}
	for i := range MaxEdges {
		fmt.Fprintf(&dense, "d%d -->|%s| d%d\n", i%20, strings.Repeat("x", 40), (i*7)%20)
	}
	// Subgraphs joined every which way: frames that push each other
	// apart without end (positions once overflowed here).
	rng := rand.New(rand.NewPCG(1, 2))
	groups.WriteString("graph TD\n")
	for g := range maxGroups {
		fmt.Fprintf(&groups, "subgraph s%d [group %d]\n", g, g)
		for i := range 10 {
			fmt.Fprintf(&groups, "n%d_%d\n", g, i)
		}
		groups.WriteString("end\n")
	}
	for range 150 {
		fmt.Fprintf(&groups, "n%d_%d --> n%d_%d\n", rng.IntN(maxGroups), rng.IntN(10), rng.IntN(maxGroups), rng.IntN(10))
	}
	g, err := Parse(groups.String())
	if err != nil {
		t.Fatal(err)
	}
	l := &layout{g: g, vertical: true, framed: true}
	l.orient(false)
	if err := l.build(l.rank()); err != nil {
		t.Fatal(err)
	}
	l.order()
	l.sizes()
	l.place()
	l.separate()
	if l.farthest() > 2*maxSeparation {
		t.Errorf("nodes moved %d cells apart", l.farthest())
	}
	for _, src := range []string{chain.String(), star.String(), dense.String(), groups.String(), "graph TD\n" + strings.Repeat("A-->A\n", 10<<20/6)} {
		for _, w := range []int{32, 192} {
			lines, ok := Render(src, Options{Width: w})
			for _, l := range lines {
				if textwrap.StringWidth(l, 0) > w {
					t.Fatalf("line wider than %d: %q", w, l)
				}
			}
			if len(lines) > maxRows {
				t.Errorf("%d rows", len(lines))
			}
			_ = ok
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range samples {
		f.Add(s, uint8(40))
	}
	f.Add("graph TD\nA[\"\x1b]52;c;\x07\"] -->|\x9b31m| B\n", uint8(0))
	f.Add(seqSample, uint8(60))
	f.Add(samples["groups"], uint8(80))
	f.Add(samples["subgraph"], uint8(20))
	f.Fuzz(func(t *testing.T, src string, w uint8) {
		width := 20 + int(w)
		for _, amb := range []textwrap.Ambiguous{textwrap.Narrow, textwrap.Wide} {
			lines, ok := Render(src, Options{Width: width, Ambiguous: amb})
			if !ok {
				continue
			}
			for _, l := range lines {
				if !utf8.ValidString(l) {
					t.Fatalf("invalid UTF-8: %q", l)
				}
				for _, r := range l {
					if r < 0x20 || (r >= 0x7f && r < 0xa0) {
						t.Fatalf("control %U in %q", r, l)
					}
				}
				if textwrap.StringWidth(l, amb) > width {
					t.Fatalf("line %q wider than %d", l, width)
				}
			}
		}
	})
}

func BenchmarkRender(b *testing.B) {
	var chain strings.Builder
	chain.WriteString("graph TD\n")
	for i := range MaxNodes - 1 {
		fmt.Fprintf(&chain, "a%d --> a%d\n", i, (i*37+1)%MaxNodes)
	}
	for name, src := range map[string]string{
		"subgraph":   samples["subgraph"],
		"sequence":   seqSample,
		"pipeline":   samples["pipeline"],
		"200nodes":   chain.String(),
		"10MB-A-->A": "graph TD\n" + strings.Repeat("A-->A\n", 10<<20/6),
		"64KB-A-->A": "graph TD\n" + strings.Repeat("A-->A\n", MaxSource/6-10),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Render(src, Options{Width: 112})
			}
		})
	}
}

// TestEveryLabelDrawn: each node's label lines and each edge's label
// stand whole on a line of the drawing (Chinese ones too).
func TestEveryLabelDrawn(t *testing.T) {
	for name, src := range samples {
		g, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []int{32, 72} {
			lines, ok := Render(src, Options{Width: w})
			if !ok {
				continue
			}
			all := strings.Join(lines, "\n")
			for _, n := range g.Nodes {
				for _, l := range n.Label {
					if !strings.Contains(all, l) {
						t.Errorf("%s@%d: label %q not drawn:\n%s", name, w, l, all)
					}
				}
			}
			for _, e := range g.Edges {
				if e.From != e.To && !e.Hidden && !strings.Contains(all, e.Label) {
					t.Errorf("%s@%d: edge label %q not drawn:\n%s", name, w, e.Label, all)
				}
			}
		}
	}
}

// A chart whose long edges need more layout nodes than a layout may have
// is refused before any is made: it was refused after making 3,000, in
// each direction tried, so a post of such charts cost ten times prose.
func TestTooManyLayoutNodesRefusedFirst(t *testing.T) {
	var b strings.Builder
	b.WriteString("graph TD\n")
	for i := range MaxNodes - 1 {
		fmt.Fprintf(&b, "n%d --> n%d\n", i, i+1)
	}
	for i := range MaxNodes {
		fmt.Fprintf(&b, "n%d --> n%d\n", i, MaxNodes-1-i)
	}
	g, err := Parse(b.String())
	if err != nil {
		t.Fatal(err)
	}
	l := &layout{g: g, vertical: true}
	l.orient(false)
	if err := l.build(l.rank()); !errors.Is(err, errTooBig) {
		t.Fatalf("build: %v, want %v", err, errTooBig)
	}
	if len(l.nodes) != 0 || len(l.segs) != 0 {
		t.Errorf("%d layout nodes and %d segments made before the refusal", len(l.nodes), len(l.segs))
	}
	if _, ok := Render(b.String(), Options{Width: 200}); ok {
		t.Error("drawn")
	}
}

// TestCellIsSmall: a drawing's cell stays 24 bytes (see cell).
func TestCellIsSmall(t *testing.T) {
	if n := unsafe.Sizeof(cell{}); n > 24 {
		t.Errorf("a cell is %d bytes", n)
	}
}
