package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestFigureSpansReuseTheirText: dressFigures, making a figure span's
// text of its image's alt text node (FigureSpan.TakeText), makes the
// tree and source it makes with new nodes: images with alt text of one
// node, several, none, emphasis, line breaks, linked, by reference, next
// to <img> tags and on lines of their own, in headings, lists, quotes and
// tables, and the hostile line of images.
func TestFigureSpansReuseTheirText(t *testing.T) {
	srcs := []string{
		"a ![x](p.png) b ![](q.png) c ![*e* f](r.png) d ![g\nh](s.png) e\n",
		"[![a](p.png)](/u) and ![b][r] and <img src=q.png alt=c> ![d](e.png \"t\")\n\n[r]: /i.png\n",
		"![a](p.png)\n\n![b](q.png) ![c](r.png)\n\n# h ![x](p.png)\n\n- i ![y](p.png)\n\n> q ![z](p.png)\n",
		"| a | b |\n|---|---|\n| ![x](p.png) | ![](q.png) y |\n",
		"text ![a b c](p.png) ![a-b](x-y.png) ![中文](p.png) ![`c`](p.png)\n",
		markdown.Hostile("figure-line", 4<<10),
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
		reused := markdown.Parse(mdParser, src, nil)
		fresh := markdown.Parse(mdParser, src, nil)
		walkFigures(fresh, func(n ast.Node) ast.Node {
			if f, ok := n.(*markdown.FigureSpan); ok {
				if f.HasText() {
					spans++
				}
				f.TakeText() // no node left to reuse: new ones
			}
			return nil
		})
		gotSrc := dressFigures(src, reused, "https://b.example/")
		wantSrc := dressFigures(src, fresh, "https://b.example/")
		if got, want := dump(reused, gotSrc), dump(fresh, wantSrc); got != want || string(gotSrc) != string(wantSrc) {
			t.Errorf("%.60q: dressed\n%s\nwith new nodes\n%s", s, got, want)
		}
	}
	if spans < 10 {
		t.Errorf("%d spans had a text to reuse", spans)
	}
}
