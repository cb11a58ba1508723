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
	inItem := n.Parent() != nil && n.Parent().Kind() == ast.KindListItem
	if err := r.standInParagraph(w, n, inItem, labelRoom, entering); err != nil {
		return ast.WalkStop, err
	} else if !entering {
		return ast.WalkContinue, nil
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

// standInParagraph enters, or leaving finishes, the paragraph element of
// size that n, a node drawn in the place of a paragraph (a label, a term:
// see renderLabel, renderTerm), stands for, as renderNode does the
// paragraph's: into the current block, or w at the top; not in a list
// item (inItem), which draws its paragraphs' texts itself (Element{}:
// nothing to enter or finish, no exiting text).
func (r *ANSIRenderer) standInParagraph(w util.BufWriter, n ast.Node, inItem bool, size int, entering bool) error {
	if inItem {
		return nil
	}
	bs := r.context.blockStack
	e := r.paragraph(ParagraphElement{First: n.PreviousSibling() == nil, size: size})
	writeTo := io.Writer(w)
	if !entering {
		if bs.Len() > 0 {
			writeTo = bs.Parent().Block
		}
		if err := e.Finish(writeTo, r.context); err != nil {
			return fmt.Errorf("glamour: error finishing render: %w", err)
		}
		return nil
	}
	if bs.Len() > 0 {
		writeTo = bs.Current().Block
	}
	if err := e.Render(writeTo, r.context); err != nil {
		return fmt.Errorf("glamour: error rendering: %w", err)
	}
	return nil
}
