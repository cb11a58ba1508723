package gansi

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestWriteLinkWritesTheElementsBytes checks writeLink against the
// element it stands in for: every link of a paragraph (plain, with
// entities, escapes, breaks, emphasis, empty, with extra text children
// as render.markLinks adds, going to "#" or elsewhere), written in blocks
// of several styles with several link text and text styles (prefixes and
// suffixes of both kinds, colours, a format, a change of case), one after
// the other and back, is byte for byte what LinkElement.Render writes, or
// writeLink declines and writes nothing.
func TestWriteLinkWritesTheElementsBytes(t *testing.T) {
	str := func(s string) *string { return &s }
	yes := true
	md := []byte("[plain](#) [two words](#) [a &amp; b](#) [\\*esc\\*](#) [br  \nnext](#) " +
		"[soft\nnext](#) [*em*](#) [](#) [away](https://example.com/) [frag](#x) [x][r] \\[n\\]\n\n" +
		"[r]: #\n")
	doc := goldmark.New().Parser().Parse(text.NewReader(md))
	var links []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			links = append(links, l)
		}
		return ast.WalkContinue, nil
	})
	// Texts added as markLinks adds them: a number, a sequence.
	extra := ast.NewLink()
	extra.Destination = []byte("#")
	extra.AppendChild(extra, ast.NewTextSegment(text.NewSegment(1, 6)))
	extra.AppendChild(extra, ast.NewTextSegment(text.NewSegment(len(md)-5, len(md)-1)))
	extra.AppendChild(extra, ast.NewTextSegment(text.NewSegment(3, 3)))
	links = append(links, extra)

	blocks, textStyles := fastPathStyles()
	linkStyles := []StylePrimitive{{}, {Color: str("35"), Bold: &yes}, {Underline: &yes, Prefix: "_", BlockSuffix: "|"},
		{Format: "<{{.text}}>"}, {Title: &yes}}
	fast, slow := 0, 0
	for _, ts := range textStyles {
		for _, ls := range linkStyles {
			opts := Options{WordWrap: 80, InlineTableLinks: true}
			opts.Styles.Text, opts.Styles.LinkText = ts, ls
			ctx := NewRenderContext(opts)
			for range 2 {
				for _, st := range blocks {
					ctx.blockStack.Push(BlockElement{Block: &bytes.Buffer{}, Style: st})
					for _, n := range links {
						if !sameAsElement(t, ctx, n, md, func(b *bytes.Buffer) bool { return ctx.writeLink(b, n, md) }, func() string {
							return fmt.Sprintf("block %+v, link style %+v, link %q", st, ls, n.Text(md)) //nolint:staticcheck
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
		t.Fatalf("%d links written, %d declined: the test checks too little", fast, slow)
	}
}
