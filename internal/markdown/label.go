package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// KindLabel is the kind of a Label.
var KindLabel = ast.NewNodeKind("Label")

// A Label is the line naming a fenced code block's language ("go",
// "mermaid diagram"): a paragraph of one text, in emphasis of Level (0:
// the text alone), in one node. Lower made a paragraph, an emphasis and
// a text for each block (with LowerOptions.Labels it makes this): three
// nodes, 450 bytes a block, a fifth of what 16 KB of small fences
// allocated. gansi draws it as it draws the paragraph it stands for (see
// Expand); TestLabelDrawsAsItsParagraph compares the two.
type Label struct {
	ast.BaseBlock
	// Segment is the label's text in the lowered source.
	Segment text.Segment
	// Level is the emphasis's (1 emphasis, 2 strong), or 0 for none.
	Level int
}

// Kind implements ast.Node.
func (n *Label) Kind() ast.NodeKind { return KindLabel }

// Dump implements ast.Node.
func (n *Label) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Text": string(n.Segment.Value(src))}, nil)
}

// Expand returns the paragraph n stands for: a paragraph of an emphasis
// of Level of its text, or of the text alone for Level 0. The nodes are
// new and not in a tree.
func (n *Label) Expand() *ast.Paragraph {
	p := ast.NewParagraph()
	t := ast.NewTextSegment(n.Segment)
	if n.Level == 0 {
		p.AppendChild(p, t)
		return p
	}
	e := ast.NewEmphasis(n.Level)
	e.AppendChild(e, t)
	p.AppendChild(p, e)
	return p
}
