package render

import (
	"strings"

	"github.com/sshblog/sshblog/internal/mermaid"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// drawnDiagram draws the mermaid fence that opens at lines[i] (a line
// prepare found opening a fence) for a window width cells wide: the
// fence keeps its opening and closing lines, so Lower still labels it
// "mermaid diagram", and holds the drawing instead of the source. It
// reports false for any other fence, one left open, and a chart that
// package mermaid does not draw or that does not fit: prepare then
// shows the source as before. next is the index of the closing line.
//
// The closing line is looked for as prepare looks for it (the first line
// starting with the fence's three characters), so that the lines
// scanned here are the ones prepare would have taken as code: a post of
// many fences is still read once.
//
// A chart is drawn only while budget has room for it (see chartBudget);
// over is true for a mermaid chart it had none for, which prepare shows
// as its source under a comment saying why.
func drawnDiagram(lines []string, i, width int, amb textwrap.Ambiguous, budget *chartBudget) (out []string, next int, ok, over bool) {
	l := lines[i]
	trimmed := strings.TrimLeft(l, " >")
	prefix := l[:len(l)-len(trimmed)]
	run := len(trimmed) - len(strings.TrimLeft(trimmed, trimmed[:1]))
	if info := strings.Fields(trimmed[run:]); len(info) == 0 || !strings.EqualFold(info[0], "mermaid") {
		return nil, 0, false, false
	}
	j := i + 1
	for ; j < len(lines); j++ {
		if strings.HasPrefix(strings.TrimLeft(lines[j], " >"), trimmed[:3]) {
			break
		}
	}
	if j == len(lines) {
		return nil, 0, false, false
	}
	end := strings.TrimRight(strings.TrimLeft(lines[j], " >"), " ")
	if len(end) < run || strings.Trim(end, trimmed[:1]) != "" {
		return nil, 0, false, false // not a closing fence: leave it to glamour
	}
	size := 0
	for _, s := range lines[i+1 : j] {
		size += len(s) + 1
	}
	if !budget.allows(size) {
		return nil, 0, false, true
	}
	src := make([]string, 0, j-i-1)
	for _, s := range lines[i+1 : j] {
		src = append(src, strings.TrimLeft(s, " >"))
	}
	// A list or quote indents the block further: twice its prefix is a
	// margin glamour's indentation stays within.
	w := width - codeMargins - 2*textwrap.StringWidth(prefix, amb)
	drawn, ok := mermaid.Render(strings.Join(src, "\n"), mermaid.Options{Width: w, Ambiguous: amb})
	if !ok {
		budget.spend(size, 0)
		return nil, 0, false, false
	}
	if !budget.spend(size, len(drawn)) {
		return nil, 0, false, true
	}
	out = make([]string, 0, len(drawn)+2)
	out = append(out, l)
	for _, d := range drawn {
		out = append(out, prefix+d)
	}
	return append(out, lines[j]), j, true, false
}

// Drawing a chart costs far more than its source as text: its layout
// about 8 times prose of its bytes (a 2 KB chart of 200 nodes that is
// refused, or drawn, takes about a millisecond), and each line drawn, a
// code block's line of box drawing padded to the width, about what 64
// bytes of prose do: a post of 364 three-node charts drew 7,074 lines
// from 16 KB, 16 times prose's time, a post of 200-node charts 13 times.
// chartBudget bounds what the charts of one prepared text (a post, or a
// piece of a long one) may cost, in bytes of prose, so that a post of
// charts costs at most about what twice the prose of its size does: a
// chart is laid out only while the budget has room for its layout; the
// charts after are shown as their source. A drawing of more lines than
// there is room for is not shown either (its lines are the bulk of a
// small chart's cost), and only its layout is spent: one chart goes over
// the budget by at most a layout, which mermaid's own bounds limit.
//
// The units are deterministic (bytes and lines, not time), so a post
// draws the same charts at every render.
type chartBudget struct {
	left int
}

const (
	// chartBase is the units any text may spend on charts whatever its
	// size: a short post's few charts, about 200 lines drawn (two
	// flowcharts of 30 nodes, or one of 60).
	chartBase = 16 << 10
	// chartShare is the bytes of text that buy a unit more: the charts
	// of a long post cost at most about what its prose does.
	chartShare = 1
	// chartByteUnits is a source byte's units, chartLineUnits a drawn
	// line's.
	chartByteUnits = 8
	chartLineUnits = 64
)

// newChartBudget is the budget of a text of size bytes.
func newChartBudget(size int) *chartBudget {
	return &chartBudget{left: chartBase + size/chartShare}
}

// allows reports whether a chart of size source bytes may be laid out.
func (b *chartBudget) allows(size int) bool { return chartByteUnits*size <= b.left }

// spend takes a chart's units, its source bytes and the lines it drew,
// if there is room for them, and reports whether there was; if not, it
// takes the source bytes alone (the layout done).
func (b *chartBudget) spend(size, lines int) bool {
	if cost := chartByteUnits*size + chartLineUnits*lines; cost <= b.left {
		b.left -= cost
		return true
	}
	b.left -= chartByteUnits * size
	return false
}

// chartOverBudget is the comment (a mermaid one) shown at the top of a
// chart's source when the budget had no room to draw it.
const chartOverBudget = "%% not drawn: this post's charts are over their drawing budget"
