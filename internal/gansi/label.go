package gansi

import (
	"fmt"
	"io"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
)

// labelNodes are the nodes a label's text is drawn with (see
// renderLabel), kept by the render and set again for each label.
type labelNodes struct {
	em   ast.Emphasis
	text ast.Text
	para ast.Paragraph
}

// renderLabel draws n, entering or leaving it, as renderNode draws the
// paragraph it stands for (see markdown.Label.Expand): entering, the
// paragraph's element is entered (none in a list item, which draws its
// paragraphs' texts itself), and the emphasis of its text drawn as
// renderNode draws one, with nodes kept by the render that stand for
// them; leaving, the paragraph is finished. A paragraph of an emphasis
// of a text was three nodes for each fenced block.
func (r *ANSIRenderer) renderLabel(w util.BufWriter, n *markdown.Label, source []byte, entering bool) (ast.WalkStatus, error) {
	bs := r.context.blockStack
	inItem := n.Parent() != nil && n.Parent().Kind() == ast.KindListItem
	if !entering {
		if inItem {
			return ast.WalkContinue, nil // Element{}: nothing to finish, no exiting text
		}
		writeTo := io.Writer(w)
		if bs.Len() > 0 {
			writeTo = bs.Parent().Block
		}
		e := r.paragraph(ParagraphElement{First: n.PreviousSibling() == nil, size: labelRoom})
		if err := e.Finish(writeTo, r.context); err != nil {
			return ast.WalkStop, fmt.Errorf("glamour: error finishing render: %w", err)
		}
		return ast.WalkContinue, nil
	}
	if !inItem {
		writeTo := io.Writer(w)
		if bs.Len() > 0 {
			writeTo = bs.Current().Block
		}
		e := r.paragraph(ParagraphElement{First: n.PreviousSibling() == nil, size: labelRoom})
		if err := e.Render(writeTo, r.context); err != nil {
			return ast.WalkStop, fmt.Errorf("glamour: error rendering: %w", err)
		}
	}
	if r.label == nil {
		r.label = &labelNodes{}
	}
	ln := r.label
	ln.em, ln.text, ln.para = ast.Emphasis{Level: int(n.Level)}, ast.Text{Segment: n.Segment()}, ast.Paragraph{}
	var inline ast.Node = &ln.text
	if n.Level > 0 {
		ln.em.AppendChild(&ln.em, &ln.text)
		inline = &ln.em
	}
	// The paragraph stands for the text's parent (a text's soft break
	// reads it; a label's has none).
	ln.para.AppendChild(&ln.para, inline)
	if _, err := r.renderNode(w, source, inline, true); err != nil {
		return ast.WalkStop, err
	}
	return r.renderNode(w, source, inline, false)
}

// labelRoom is the room a label's paragraph is made with: a paragraph
// of no lines' (see paragraphSize).
const labelRoom = 64
