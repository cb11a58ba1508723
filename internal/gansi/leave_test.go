package gansi

import (
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	astext "github.com/yuin/goldmark/extension/ast"
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

// TestIsChildIsUpstreams compares isChild, which stops at the first
// block above the node, with upstream's walk to the root, on every node
// of the hostile documents, the leaving test's document and a few
// nestings of inlines in blocks in inlines' places.
func TestIsChildIsUpstreams(t *testing.T) {
	upstream := func(node ast.Node) bool {
		for n := node.Parent(); n != nil; n = n.Parent() {
			switch n.Kind() {
			case ast.KindCodeSpan, ast.KindAutoLink, ast.KindLink, ast.KindImage, ast.KindEmphasis, astext.KindStrikethrough, astext.KindTableCell:
				return true
			}
		}
		return false
	}
	docs := []string{
		"Text *em **strong** [in](https://a.example)* ~~struck~~ `code` [link *x*](https://b.example) <https://c.example> ![i *a*](i.png)\n",
		"> - *a [b `c`](d)*\n>   > ~~e **f**~~\n\n| *a* | [b](c) ~~d~~ |\n|---|---|\n| `e` | ![f](g) |\n",
		"- [x] *task [link](l)*\n\n[^1]: note *em*\n\nTerm\n: *definition [l](m)*\n\n$a$ and \\(b\\)\n",
	}
	for _, name := range markdown.HostileNames() {
		docs = append(docs, markdown.Hostile(name, 4<<10))
	}
	p := markdown.NewParser(markdown.Glamour)
	nodes := 0
	for _, md := range docs {
		src := []byte(md)
		doc := markdown.Parse(p, src, nil)
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering {
				nodes++
				if got, want := isChild(n), upstream(n); got != want {
					t.Fatalf("%s in %.40q: isChild %v, upstream %v", n.Kind(), md, got, want)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	if nodes < 10000 {
		t.Fatalf("only %d nodes: the test checks too little", nodes)
	}
}

// TestListItemPlaces checks the enumeration of the element NewElement
// makes for every item of numbered lists, entered and left in document
// order as a render does, against upstream's count of the items before
// it: lists nested in items, started at other numbers, loose, with tasks,
// in quotes, one after another.
func TestListItemPlaces(t *testing.T) {
	md := []byte("1. a\n2. b\n   1. b1\n   2. b2\n      3. b21\n      4. b22\n   3. b3\n3. c\n\n" +
		"7. x\n\n8. y\n\n   - u\n   - v\n9. z\n\n- p\n- q\n\n> 3) a\n> 4) - [x] b\n>    - c\n> 5) d\n\n" +
		"1. one\n1. two\n\n\n1. again\n")
	tr := NewRenderer(Options{WordWrap: 80})
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(md))
	items := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Kind() != ast.KindListItem {
			return ast.WalkContinue, nil
		}
		list := n.Parent().(*ast.List)
		want := uint(0)
		if list.IsOrdered() {
			want = 1
			for p := n; p.PreviousSibling() != nil && p.PreviousSibling().Kind() == ast.KindListItem; p = p.PreviousSibling() {
				want++
			}
			if list.Start != 1 {
				want += uint(list.Start) - 1
			}
		}
		e := tr.NewElement(n, md)
		if it, ok := e.Renderer.(*ItemElement); ok {
			if it.Enumeration != want || it.IsOrdered != list.IsOrdered() {
				t.Fatalf("item %q (entering %v): enumeration %d, ordered %v; want %d", n.Lines().Value(md), entering, it.Enumeration, it.IsOrdered, want)
			}
			items++
		}
		return ast.WalkContinue, nil
	})
	if items < 40 {
		t.Fatalf("only %d items checked", items)
	}
}
