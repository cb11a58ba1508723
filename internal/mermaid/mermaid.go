package mermaid

import (
	"github.com/sshblog/sshblog/internal/textwrap"
)

// Options say how Render draws.
type Options struct {
	// Width is the most cells a line of the drawing may take.
	Width int
	// Ambiguous is how the reader's terminal draws ambiguous-width
	// characters. Box-drawing characters and arrows are among them: a
	// terminal that draws them wide gets the drawing in ASCII.
	Ambiguous textwrap.Ambiguous
}

// Render draws the mermaid flowchart or sequence diagram src as lines of
// text at most o.Width cells wide. It reports false for a source it does
// not draw (see Parse and ParseSequence), for a sequence diagram wider
// than the width, and for a flowchart that fits neither in its direction
// nor in the other one (LR for TD, TD for LR): the caller shows the
// source instead.
func Render(src string, o Options) ([]string, bool) {
	if isSequence(src) {
		sq, err := ParseSequence(src)
		if err != nil {
			return nil, false
		}
		lines, err := seqLines(sq, o)
		return lines, err == nil
	}
	g, err := Parse(src)
	if err != nil {
		return nil, false
	}
	// Subgraph frames go before the direction: the chart keeps its
	// direction without them rather than turn.
	for _, try := range []struct {
		dir    Dir
		framed bool
	}{{g.Dir, true}, {g.Dir, false}, {across(g.Dir), true}, {across(g.Dir), false}} {
		if !try.framed || len(g.Groups) > 0 {
			if d, err := drawGraph(g, try.dir, o, try.framed); err == nil {
				return d.lines(), true
			}
		}
	}
	return nil, false
}

// across is the direction at right angles to dir.
func across(dir Dir) Dir {
	switch dir {
	case LR, RL:
		return TD
	}
	return LR
}

func drawGraph(g *Graph, dir Dir, o Options, framed bool) (*drawing, error) {
	l, err := newLayout(g, dir, o.Ambiguous, o.Width, framed)
	if err != nil {
		return nil, err
	}
	return l.draw(o.Ambiguous == textwrap.Wide), nil
}
