package gansi

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
)

// runNodes are the nodes a text run's texts are drawn with where they
// are drawn a node at a time (see renderTextRun), kept by the render.
type runNodes struct {
	text ast.Text
	para ast.Paragraph
}

// renderTextRun draws run, entering, as renderNode draws the texts it
// stands for (see markdown.TextRun), one after the other: each written
// by writeTextOf where it can (they all can, or none: they are the same
// text in the same block), else each drawn through its element, with a
// text node kept by the render that stands for it, in a paragraph as
// the run is. Leaving a text writes nothing (see leavesNothing).
func (r *ANSIRenderer) renderTextRun(w util.BufWriter, run *markdown.TextRun, source []byte, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	// A run has no break and is in a paragraph (see markdown.TextRun):
	// writeText's way, as renderNode's, is taken in a block.
	drawn := 0 // writeTextOf writes all of them, or none (the same text in one block)
	if bs := r.context.blockStack; bs.Len() > 0 {
		b, val := bs.Current().Block, run.Segment.Value(source)
		for ; drawn < run.Count && r.context.writeTextOf(b, val, false); drawn++ {
		}
	}
	if drawn == run.Count {
		return ast.WalkContinue, nil
	}
	if r.runText == nil {
		r.runText = &runNodes{}
	}
	rn := r.runText
	rn.text, rn.para = ast.Text{Segment: run.Segment}, ast.Paragraph{}
	rn.para.AppendChild(&rn.para, &rn.text)
	for ; drawn < run.Count; drawn++ {
		if _, err := r.renderNode(w, source, &rn.text, true); err != nil {
			return ast.WalkStop, err
		}
		if _, err := r.renderNode(w, source, &rn.text, false); err != nil {
			return ast.WalkStop, err
		}
	}
	return ast.WalkContinue, nil
}
