package render

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// keepItemBlocks removes from tree, about to be rendered without wrapping
// for the items' texts (see itemTexts), every top-level block with no item
// tag in its text. Only the tagged items' lines of that render are read,
// and glamour draws a top-level block the same whatever its siblings (its
// layout state is per block; a heading's or paragraph's "first" flag only
// changes blocks that are removed), so the texts are the same for far less
// work: the unwrapped render was 41% of a 2 MB post's cold time. It runs
// after markLinks and Lower, which number links and footnotes across the
// whole piece.
func keepItemBlocks(tree ast.Node, src []byte) {
	var mark [utf8.UTFMax]byte
	tag := mark[:utf8.EncodeRune(mark[:], itemMark)]
	for c := tree.FirstChild(); c != nil; {
		next := c.NextSibling()
		if !hasTag(c, src, tag) {
			tree.RemoveChild(tree, c)
		}
		c = next
	}
}

// hasTag reports whether any text under n, as glamour would draw it (text
// and string nodes, block lines, raw HTML), contains tag.
func hasTag(n ast.Node, src []byte, tag []byte) bool {
	found := false
	in := func(s []byte) bool {
		if bytes.Contains(s, tag) {
			found = true
		}
		return found
	}
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			in(t.Segment.Value(src))
		case *ast.String:
			in(t.Value)
		case *ast.RawHTML:
			for i := 0; i < t.Segments.Len(); i++ {
				seg := t.Segments.At(i)
				in(seg.Value(src))
			}
		}
		if n.Type() == ast.TypeBlock {
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				in(seg.Value(src))
			}
		}
		if found {
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}
