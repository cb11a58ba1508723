package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// refDefs is goldmark's paragraph transformer that takes the link
// reference definitions ("[label]: /url") from the start of a paragraph,
// which leaves a paragraph as it is when its first character past the
// spaces is not "[": it then only made a block reader to find that out,
// for every paragraph of a post (thousands in one of many tiny
// footnotes). Such paragraphs are left here without one.
// TestRefDefsIsGoldmarks compares the two.
type refDefs struct{ parser.ParagraphTransformer }

// Transform implements parser.ParagraphTransformer.
func (r refDefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := node.Lines(); lines.Len() > 0 {
		first := lines.At(0)
		for _, c := range first.Value(reader.Source()) {
			if util.IsSpace(c) {
				continue
			}
			if c != '[' {
				return // no definition starts the paragraph
			}
			break
		}
	}
	r.ParagraphTransformer.Transform(node, reader, pc)
}

// paragraphTransformers are goldmark's default paragraph transformers
// (parser.DefaultParagraphTransformers) with refDefs for its one, the
// link reference definitions' transformer.
func paragraphTransformers() []util.PrioritizedValue {
	return []util.PrioritizedValue{util.Prioritized(refDefs{parser.LinkReferenceParagraphTransformer}, 100)}
}
