package gansi

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestWriteTextWritesTheElementsBytes checks writeText against the
// element it stands in for: every text node of a paragraph with soft and
// hard breaks, entities, escapes and empty texts, written in blocks of
// several styles (prefixes and suffixes of both kinds, colours, a format,
// a case change) one after the other and back (the memo made again), is
// byte for byte what textElement.Render writes, or writeText declines
// and writes nothing.
func TestWriteTextWritesTheElementsBytes(t *testing.T) {
	md := []byte("Plain words, then *em*  \nhard break\nsoft break &amp; entity \\*escape\\* " +
		"`code` and ![img](i.png) text [link](u) \\(a \\\\ \\q \\| end\\\nlast \\")
	doc := goldmark.New().Parser().Parse(text.NewReader(md))
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			texts = append(texts, t)
		}
		return ast.WalkContinue, nil
	})
	texts = append(texts, ast.NewTextSegment(text.NewSegment(3, 3))) // empty
	soft := ast.NewTextSegment(text.NewSegment(3, 3))
	soft.SetSoftLineBreak(true)
	texts = append(texts, soft)

	blocks, textStyles := fastPathStyles()
	fast, slow := 0, 0
	for _, ts := range textStyles {
		opts := Options{WordWrap: 80}
		opts.Styles.Text = ts
		ctx := NewRenderContext(opts)
		for round := 0; round < 2; round++ {
			for _, st := range blocks {
				ctx.blockStack.Push(BlockElement{Block: &bytes.Buffer{}, Style: st})
				for _, n := range texts {
					if !sameAsElement(t, ctx, n, md, func(b *bytes.Buffer) bool { return ctx.writeText(b, n, md) }, func() string {
						return fmt.Sprintf("block %+v, text %q", st, n.Segment.Value(md))
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
	if fast == 0 || slow == 0 {
		t.Fatalf("%d texts written, %d declined: the test checks too little", fast, slow)
	}
}

// TestWriteUnescapedIsTheReplacer checks writeUnescaped against the
// element's escapeReplacer on random texts of backslashes, the
// characters they escape and others.
func TestWriteUnescapedIsTheReplacer(t *testing.T) {
	parts := []string{"\\", "\\", "a", "(", "*", "`", "|", "q", " ", "\n", "中", "&", "\\\\"}
	r := rand.New(rand.NewPCG(12, 3))
	for i := range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s := b.String()
		var got bytes.Buffer
		writeUnescaped(&got, []byte(s))
		if want := escapeReplacer.Replace(s); got.String() != want {
			t.Fatalf("case %d: %q: got %q, want %q", i, s, got.String(), want)
		}
	}
}
