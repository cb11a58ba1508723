package markdown

import (
	"math"

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
	// start and stop are where the label's text is in the lowered
	// source (see Segment): 32-bit, with the level in a byte, a label is
	// 176 bytes, not 200 (224 in a slab's chunk).
	start, stop int32
	// Level is the emphasis's (1 emphasis, 2 strong), or 0 for none.
	Level uint8
}

// NewLabel returns a label of the text at seg, in emphasis of level (0:
// none), or nil if seg lies past what a label holds (2 GB).
func NewLabel(seg text.Segment, level uint8) *Label {
	n := &Label{}
	if !n.set(seg, level) {
		return nil
	}
	return n
}

// set makes n a label of the text at seg in emphasis of level, and
// reports whether it holds seg.
func (n *Label) set(seg text.Segment, level uint8) bool {
	if seg.Start < 0 || seg.Stop > math.MaxInt32 || seg.Start > seg.Stop {
		return false
	}
	n.start, n.stop, n.Level = int32(seg.Start), int32(seg.Stop), level
	return true
}

// Segment is where the label's text is in the lowered source.
func (n *Label) Segment() text.Segment { return text.NewSegment(int(n.start), int(n.stop)) }

// Kind implements ast.Node.
func (n *Label) Kind() ast.NodeKind { return KindLabel }

// Dump implements ast.Node.
func (n *Label) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Text": string(src[n.start:n.stop])}, nil)
}

// Expand returns the paragraph n stands for: a paragraph of an emphasis
// of Level of its text, or of the text alone for Level 0. The nodes are
// new and not in a tree.
func (n *Label) Expand() *ast.Paragraph { return labelParagraph(n.Segment(), n.Level) }

// labelParagraph is the paragraph a label of the text at seg in emphasis
// of level stands for (see Expand).
func labelParagraph(seg text.Segment, level uint8) *ast.Paragraph {
	p := ast.NewParagraph()
	t := ast.NewTextSegment(seg)
	if level == 0 {
		p.AppendChild(p, t)
		return p
	}
	e := ast.NewEmphasis(int(level))
	e.AppendChild(e, t)
	p.AppendChild(p, e)
	return p
}
