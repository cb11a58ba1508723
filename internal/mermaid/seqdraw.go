package mermaid

import (
	"fmt"
	"strings"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// seqLayout is where a sequence diagram's parts go: the participants'
// boxes along the top, their lifelines down from them, the steps one
// under the other.
type seqLayout struct {
	sq      *Sequence
	amb     textwrap.Ambiguous
	boxW    []int // box widths
	center  []int // lifeline columns
	boxH    int
	width   int
	height  int
	stepRow []int // first row of each step
}

// stepRows is how many rows a step takes.
func (s Step) rows() int {
	switch {
	case s.Kind == Message && s.From == s.To:
		return 3
	case s.Kind == Message:
		return 2
	case s.Kind == Note:
		return 3
	}
	return 1
}

// newSeqLayout places the participants far enough apart for the text
// between them, and the steps under them.
func newSeqLayout(sq *Sequence, amb textwrap.Ambiguous, maxWidth int) (*seqLayout, error) {
	n := len(sq.Actors)
	l := &seqLayout{sq: sq, amb: amb, boxW: make([]int, n), center: make([]int, n)}
	lines := 1
	for i, a := range sq.Actors {
		for _, s := range a.Label {
			l.boxW[i] = max(l.boxW[i], width(s, amb)+4)
		}
		lines = max(lines, len(a.Label))
	}
	l.boxH = lines + 2
	// need[j] holds the least distances from earlier lifelines to j's.
	type gap struct{ from, need int }
	need := make([][]gap, n)
	leftMargin := 0
	right := make([]int, n) // room a lifeline needs on its right
	room := func(i, j, d int) {
		if i == j {
			return
		}
		need[j] = append(need[j], gap{i, d})
	}
	for i := 1; i < n; i++ {
		room(i-1, i, l.boxW[i-1]-l.boxW[i-1]/2+1+l.boxW[i]/2)
	}
	for _, s := range sq.Steps {
		tw := width(s.Text, amb)
		switch {
		case s.Kind == Message && s.From != s.To:
			room(min(s.From, s.To), max(s.From, s.To), tw+4)
		case s.Kind == Message, s.Kind == Note && s.Place == RightOf:
			extra := tw + 6
			if s.Kind == Note {
				extra = tw + 7
			}
			if s.To+1 < n {
				room(s.To, s.To+1, extra)
			} else {
				right[s.To] = max(right[s.To], extra)
			}
		case s.Kind == Note && s.Place == LeftOf:
			if s.From > 0 {
				room(s.From-1, s.From, tw+7)
			} else {
				leftMargin = max(leftMargin, tw+6)
			}
		case s.Kind == Note && s.From == s.To:
			half := (tw+4)/2 + 2
			if s.From > 0 {
				room(s.From-1, s.From, half+1)
			} else {
				leftMargin = max(leftMargin, half)
			}
			if s.From+1 < n {
				room(s.From, s.From+1, half+1)
			} else {
				right[s.From] = max(right[s.From], half)
			}
		case s.Kind == Note:
			room(s.From, s.To, tw)
		}
	}
	for j := range n {
		if j == 0 {
			l.center[0] = max(l.boxW[0]/2, leftMargin)
			continue
		}
		c := 0
		for _, g := range need[j] {
			c = max(c, l.center[g.from]+g.need)
		}
		l.center[j] = c
	}
	for i := range n {
		l.width = max(l.width, l.center[i]+l.boxW[i]-l.boxW[i]/2, l.center[i]+right[i]+1)
	}
	for _, s := range sq.Steps {
		if s.Kind == Section {
			l.width = max(l.width, width(s.Text, amb)+6)
		}
	}
	if l.width > maxWidth {
		return nil, fmt.Errorf("%w: %d cells", errTooWide, l.width)
	}
	row := l.boxH + 1
	l.stepRow = make([]int, len(sq.Steps))
	for i, s := range sq.Steps {
		l.stepRow[i] = row
		row += s.rows()
	}
	l.height = row + 1
	if l.height > maxRows {
		return nil, fmt.Errorf("%w: %d rows", errTooBig, l.height)
	}
	return l, nil
}

// draw draws the sequence diagram.
func (l *seqLayout) draw(ascii bool) *drawing {
	d := &drawing{w: l.width, h: l.height, cells: make([]cell, l.width*l.height), ascii: ascii, amb: l.amb}
	for i, a := range l.sq.Actors {
		r := rect{l.center[i] - l.boxW[i]/2, 0, l.boxW[i], l.boxH}
		d.box(r, a)
		d.at(pt{l.center[i], l.boxH - 1}).s = d.joint("┬")
		for y := l.boxH; y < l.height; y++ {
			c := d.at(pt{l.center[i], y})
			c.mask |= up | down
			c.edges++
		}
	}
	for i, s := range l.sq.Steps {
		y := l.stepRow[i]
		switch s.Kind {
		case Message:
			l.message(d, s, y)
		case Note:
			l.note(d, s, y)
		case Section:
			dash := "┄"
			if ascii {
				dash = "."
			}
			txt := dash + dash + " " + s.Text + " "
			for x := range d.w {
				d.at(pt{x, y}).s = dash
			}
			d.text(pt{0, y}, txt)
		}
	}
	return d
}

func (d *drawing) joint(s string) string {
	if d.ascii {
		return "+"
	}
	return s
}

// message draws a message: its text over its line.
func (l *seqLayout) message(d *drawing, s Step, y int) {
	a, b := l.center[s.From], l.center[s.To]
	if s.From == s.To {
		d.text(pt{a + 2, y}, s.Text)
		d.hline(a, a+3, y+1, s.Style)
		d.at(pt{a + 3, y + 1}).mask = left | down
		d.hline(a, a+3, y+2, s.Style)
		d.at(pt{a + 3, y + 2}).mask = up | left
		if s.Head != NoEnd {
			// The arrow's tip, not the lifeline, meets the line.
			d.at(pt{a, y + 2}).mask &^= right
			d.at(pt{a + 1, y + 2}).s = endMark(s.Head, left, d.ascii)
		}
		return
	}
	lo, hi := min(a, b), max(a, b)
	tw := width(s.Text, l.amb)
	d.text(pt{lo + (hi-lo-tw+1)/2, y}, s.Text)
	d.hline(lo, hi, y+1, s.Style)
	if s.Head != NoEnd {
		tip, dir, back := b-1, right, left
		if b < a {
			tip, dir, back = b+1, left, right
		}
		d.at(pt{b, y + 1}).mask &^= back
		d.at(pt{tip, y + 1}).s = endMark(s.Head, dir, d.ascii)
	}
}

// hline draws a line from lifeline x0 to lifeline x1 on row y, joined to
// both and crossing the lifelines between.
func (d *drawing) hline(x0, x1, y int, style LineStyle) {
	for x := x0; x <= x1; x++ {
		c := d.at(pt{x, y})
		if x > x0 {
			c.mask |= left
		}
		if x < x1 {
			c.mask |= right
		}
		c.style = style
		c.edges++
	}
}

// note draws a note's box beside or over lifelines.
func (l *seqLayout) note(d *drawing, s Step, y int) {
	tw := width(s.Text, l.amb)
	var x0, x1 int // box columns
	switch {
	case s.Place == RightOf:
		x0 = l.center[s.To] + 2
		x1 = x0 + tw + 3
	case s.Place == LeftOf:
		x1 = l.center[s.From] - 2
		x0 = x1 - tw - 3
	default:
		mid := (l.center[s.From] + l.center[s.To]) / 2
		x0 = min(l.center[s.From]-2, mid-(tw+4)/2)
		x1 = max(l.center[s.To]+2, x0+tw+3)
	}
	x0, x1 = max(0, x0), min(d.w-1, x1)
	for yy := y; yy < y+3; yy++ {
		for x := x0; x <= x1; x++ {
			d.at(pt{x, yy}).mask = 0
		}
	}
	r := rect{x0, y, x1 - x0 + 1, 3}
	d.box(r, Node{Label: []string{s.Text}})
}

// seqLines draws sq within o, or reports why it cannot.
func seqLines(sq *Sequence, o Options) ([]string, error) {
	l, err := newSeqLayout(sq, o.Ambiguous, o.Width)
	if err != nil {
		return nil, err
	}
	return l.draw(o.Ambiguous == textwrap.Wide).lines(), nil
}

// isSequence reports whether src is a sequence diagram: its first line
// that is not a comment says so.
func isSequence(src string) bool {
	for len(src) > 0 {
		line, rest, _ := strings.Cut(src, "\n")
		src = rest
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "%%") {
			continue
		}
		return line == "sequenceDiagram"
	}
	return false
}
