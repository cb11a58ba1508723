package gansi

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// TestLeavingWritesNothing checks leavesNothing: the element made for
// each node of the kinds it names, in and out of tables, with table links
// inline and as footnotes, has no finisher and no exiting text (so that
// leaving the node writes nothing).
func TestLeavingWritesNothing(t *testing.T) {
	md := []byte("    indented code\n\n```go\nfenced\ncode\n```\n\nText *em **strong** [in](https://a.example)* ~~struck~~ `code` " +
		"[link *x*](https://b.example \"t\") <https://c.example> <x@y.example> https://d.example ![img *alt*](i.png \"t\")  \n" +
		"hard break <b>raw</b> <!-- c -->\n\n<details>\n<summary>html</summary>\n\n***\n\n| a [l](https://e.example) | ![i](j.png) <https://f.example> |\n|---|---|\n| *e* `c` | ~~s~~ |\n")
	seen := map[ast.NodeKind]int{}
	for _, inline := range []bool{true, false} {
		tr := NewRenderer(Options{WordWrap: 80, InlineTableLinks: inline})
		doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(md))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || !leavesNothing(n.Kind()) {
				return ast.WalkContinue, nil
			}
			if e := tr.NewElement(n, md); e.Finisher != nil || e.Exiting != "" {
				t.Errorf("%s: element has a finisher (%v) or exiting text %q", n.Kind(), e.Finisher != nil, e.Exiting)
			}
			seen[n.Kind()]++
			return ast.WalkContinue, nil
		})
	}
	if len(seen) < 12 {
		t.Fatalf("only kinds %v seen: the test checks too little", seen)
	}
}
