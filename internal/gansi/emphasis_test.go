package gansi

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestWriteEmphasisWritesTheElementsBytes checks writeEmphasis against
// the element it stands in for: every emphasis and strong emphasis of a
// paragraph (of one text, of several with soft and hard breaks, entities
// and escapes, empty, and holding code, links and nested emphasis, which
// it declines), written in blocks of several styles with emphasis styles
// of several kinds (prefixes and suffixes, colours, a format, a case
// change), one after the other and back (the memos made again), is byte
// for byte what EmphasisElement.Render writes, or writeEmphasis declines
// and writes nothing.
func TestWriteEmphasisWritesTheElementsBytes(t *testing.T) {
	str := func(s string) *string { return &s }
	yes := true
	md := []byte("Plain *em* and **strong** then *two\nlines* and **hard  \nbreak** and *a &amp; b* and " +
		"*\\*escaped\\** and *`code`* and **[link](u)** and *nested **strong** em* and ***both*** " +
		"and _under_ and __double__ and *中文* end\n")
	doc := goldmark.New().Parser().Parse(text.NewReader(md))
	var ems []*ast.Emphasis
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if e, ok := n.(*ast.Emphasis); ok && entering {
			ems = append(ems, e)
		}
		return ast.WalkContinue, nil
	})
	empty := ast.NewEmphasis(1)
	empty.AppendChild(empty, ast.NewTextSegment(text.NewSegment(3, 3)))
	ems = append(ems, empty)

	blocks := []StyleBlock{
		{},
		{StylePrimitive: StylePrimitive{Color: str("252")}},
		{StylePrimitive: StylePrimitive{BlockPrefix: "[", BlockSuffix: "]", Prefix: "<", Suffix: ">", Color: str("#abc"), Bold: &yes}},
		{StylePrimitive: StylePrimitive{Format: "«{{.text}}»"}},
		{StylePrimitive: StylePrimitive{Upper: &yes, Prefix: "p"}},
		{StylePrimitive: StylePrimitive{Italic: &yes, BackgroundColor: str("3")}},
	}
	emphStyles := []struct{ emph, strong StylePrimitive }{
		{StylePrimitive{Italic: &yes}, StylePrimitive{Bold: &yes}},
		{StylePrimitive{Color: str("12"), Prefix: "'", Suffix: "'", BlockPrefix: "(", BlockSuffix: ")"}, StylePrimitive{Bold: &yes, Color: str("1")}},
		{StylePrimitive{Format: "_{{.text}}_"}, StylePrimitive{Upper: &yes}},
	}
	textStyles := []StylePrimitive{{}, {Color: str("12"), Prefix: "'", Suffix: "'"}}
	fast, slow := 0, 0
	for _, es := range emphStyles {
		for _, ts := range textStyles {
			opts := Options{WordWrap: 80}
			opts.Styles.Text, opts.Styles.Emph, opts.Styles.Strong = ts, es.emph, es.strong
			ctx := NewRenderContext(opts)
			for round := 0; round < 2; round++ {
				for _, st := range blocks {
					ctx.blockStack.Push(BlockElement{Block: &bytes.Buffer{}, Style: st})
					for _, n := range ems {
						var got, want bytes.Buffer
						if !ctx.writeEmphasis(&got, n, md) {
							if got.Len() > 0 {
								t.Fatalf("declined but wrote %q", got.String())
							}
							slow++
							continue
						}
						fast++
						// What the renderer does without writeEmphasis:
						// the element NewElement makes for the node.
						e := (&ANSIRenderer{context: ctx}).NewElement(n, md)
						want.WriteString(e.Entering)
						if err := e.Renderer.Render(&want, ctx); err != nil {
							t.Fatal(err)
						}
						if got.String() != want.String() {
							t.Errorf("block %+v, emphasis %q: writeEmphasis wrote %q, the element %q", st, n.Text(md), got.String(), want.String()) //nolint: staticcheck
						}
					}
					ctx.blockStack.Pop()
				}
			}
		}
	}
	if fast < 100 || slow == 0 {
		t.Fatalf("%d emphasis written, %d declined: the test checks too little", fast, slow)
	}
}
