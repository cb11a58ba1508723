package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestFigureSpansBecomeTheirText: dressFigures, making each figure span
// its own text node (FigureSpan.Become), makes the tree and source that
// replacing every figure with new nodes makes: images with alt text of
// one node, several, none, emphasis, line breaks, linked, by reference,
// next to <img> tags and on lines of their own, in headings, lists,
// quotes and tables, too deep (unwrapped by the flattener), and the
// hostile line of images.
func TestFigureSpansBecomeTheirText(t *testing.T) {
	srcs := []string{
		"a ![x](p.png) b ![](q.png) c ![*e* f](r.png) d ![g\nh](s.png) e\n",
		"[![a](p.png)](/u) and ![b][r] and <img src=q.png alt=c> ![d](e.png \"t\")\n\n[r]: /i.png\n",
		"![a](p.png)\n\n![b](q.png) ![c](r.png)\n\n# h ![x](p.png)\n\n- i ![y](p.png)\n\n> q ![z](p.png)\n",
		"| a | b |\n|---|---|\n| ![x](p.png) | ![](q.png) y |\n",
		"text ![a b c](p.png) ![a-b](x-y.png) ![中文](p.png) ![`c`](p.png) <img src=c> x\n",
		strings.Repeat("*a ", markdown.MaxInlineDepth+1) + "![a](b) <img src=c> x" + strings.Repeat(" b*", markdown.MaxInlineDepth+1) + "\n",
		markdown.Hostile("figure-line", 4<<10),
	}
	const base = "https://b.example/"
	// fresh dresses tree as dressFigures does, with new nodes.
	fresh := func(src []byte, tree ast.Node) []byte {
		out := append([]byte(nil), src...)
		walkFigures(tree, func(n ast.Node) ast.Node {
			start := len(out)
			switch f := n.(type) {
			case *markdown.Figure:
				out = append(out, f.Before+string(figMark)+wholeFigureLine(f.Media, base)+f.After...)
			case *markdown.FigureSpan:
				out = append(out, wholeFigureLine(f.Media(), base)...)
			}
			var r ast.Node = ast.NewTextSegment(text.NewSegment(start, len(out)))
			if n.Kind() == markdown.KindFigure {
				p := ast.NewParagraph()
				p.AppendChild(p, r)
				r = p
			}
			n.Parent().ReplaceChild(n.Parent(), n, r)
			return r
		})
		return out
	}
	dump := func(n ast.Node, src []byte) string {
		var b strings.Builder
		_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			fmt.Fprintf(&b, "%s", n.Kind())
			if t, ok := n.(*ast.Text); ok {
				fmt.Fprintf(&b, " %q %t %t %t", t.Segment.Value(src), t.SoftLineBreak(), t.HardLineBreak(), t.IsRaw())
			}
			b.WriteByte('\n')
			return ast.WalkContinue, nil
		})
		return b.String()
	}
	spans := 0
	for _, s := range srcs {
		src := []byte(s)
		became := markdown.Parse(mdParser, src, nil)
		made := markdown.Parse(mdParser, src, nil)
		walkFigures(became, func(n ast.Node) ast.Node {
			if n.Kind() == markdown.KindFigureSpan {
				spans++
			}
			return nil
		})
		gotSrc := dressFigures(src, became, base)
		wantSrc := fresh(src, made)
		if got, want := dump(became, gotSrc), dump(made, wantSrc); got != want || string(gotSrc) != string(wantSrc) {
			t.Errorf("%.60q: dressed\n%s\nwith new nodes\n%s", s, got, want)
		}
	}
	if spans < 10 {
		t.Errorf("%d spans dressed", spans)
	}
}
