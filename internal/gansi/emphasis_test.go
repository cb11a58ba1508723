package gansi

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestWriteEmphasisWritesTheElementsBytes checks writeEmphasis against
// the element it stands in for: every emphasis of a paragraph (of one
// text or several, with soft and hard breaks, entities, escapes, nested
// inlines, empty), written in blocks of several styles (prefixes and
// suffixes of both kinds, colours, a format, a case change), with
// emphasis and text styles of several kinds, one after the other and
// back (the memo made again), is byte for byte what EmphasisElement
// writes, or writeEmphasis declines and writes nothing.
func TestWriteEmphasisWritesTheElementsBytes(t *testing.T) {
	str := func(s string) *string { return &s }
	yes := true
	md := []byte("Plain *em* and **strong** and *soft\nbreak* and **hard  \nbreak** " +
		"*&amp; entity* **\\*escape\\* \\(a \\q** *a `code` b* **a *nested* b** " +
		"*[link](u)* ***both*** _under_ __under__ **\\\\** *end\\\\*")
	doc := goldmark.New().Parser().Parse(text.NewReader(md))
	var ems []*ast.Emphasis
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if e, ok := n.(*ast.Emphasis); ok && entering {
			ems = append(ems, e)
		}
		return ast.WalkContinue, nil
	})
	ems = append(ems, ast.NewEmphasis(2)) // empty
	soft := ast.NewEmphasis(1)
	st := ast.NewTextSegment(text.NewSegment(3, 3))
	st.SetSoftLineBreak(true)
	soft.AppendChild(soft, st)
	ems = append(ems, soft)

	blocks, textStyles := fastPathStyles()
	emphStyles := [][2]StylePrimitive{
		{{Italic: &yes}, {Bold: &yes}},
		{{Italic: &yes, Color: str("9"), Prefix: "_"}, {Bold: &yes, BlockPrefix: "{", BlockSuffix: "}", Suffix: "!"}},
		{{Format: "/{{.text}}/"}, {Title: &yes}},
	}
	fast, slow := 0, 0
	for _, ts := range textStyles {
		for _, es := range emphStyles {
			opts := Options{WordWrap: 80}
			opts.Styles.Text = ts
			opts.Styles.Emph, opts.Styles.Strong = es[0], es[1]
			ctx := NewRenderContext(opts)
			for round := 0; round < 2; round++ {
				for _, st := range blocks {
					ctx.blockStack.Push(BlockElement{Block: &bytes.Buffer{}, Style: st})
					for _, n := range ems {
						if !sameAsElement(t, ctx, n, md, func(b *bytes.Buffer) bool { return ctx.writeEmphasis(b, n, md) }, func() string {
							return fmt.Sprintf("block %+v, emphasis %q", st, n.Text(md)) //nolint:staticcheck
						}) {
							slow++
							continue
						}
						fast++
					}
					ctx.blockStack.Pop()
				}
			}
		}
	}
	if fast == 0 || slow == 0 {
		t.Fatalf("%d emphases written, %d declined: the test checks too little", fast, slow)
	}
}
