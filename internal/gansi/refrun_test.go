package gansi

import (
	"bufio"
	"bytes"
	"io"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestWriteRunWritesTheNodesBytes checks renderRun against the nodes a
// run of references stands for (markdown.RefRun.Nodes), each rendered as
// the walk renders it: runs of definitions marked as render.markLinks
// marks them (a number, hyperlink sequences, text with entities and
// backslashes, no marks for a link that goes nowhere; bare links drawn as
// their readable addresses) and unmarked, in
// blocks of several styles with several link text and text styles
// (prefixes and suffixes of both kinds, colours, a format, a change of
// case), are written byte for byte as the nodes are, by writeRun or by
// its fallback, and writeRun declines where a style is not plain.
func TestWriteRunWritesTheNodesBytes(t *testing.T) {
	str := func(s string) *string { return &s }
	yes := true
	md := "x [a] [b]  [a] [c] [a] y [d] [d]\n\nwww.a.com  www.b.com www.a.com\n\n[a]: /u\n[b]: https://example.com/?q=1&r=2\n[c]: <>\n[d]: /d\n\n"
	marks := "[1][2]\x1b]8;;https://example.com/?q=1&amp;r=2\\\\\x1b]8;;\\\\[3]a.com&amp;\\\\"
	src := []byte(md + marks)
	o := markdown.Glamour
	o.LinkRuns = true
	doc := markdown.Parse(markdown.NewParser(o), src, nil)
	var runs []*markdown.RefRun
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*markdown.RefRun); ok && entering {
			runs = append(runs, r)
		}
		return ast.WalkContinue, nil
	})
	if len(runs) != 3 || len(runs[0].Defs) != 3 || !runs[2].Auto {
		t.Fatalf("%d runs", len(runs))
	}
	at := len(md)
	seg := func(s string) text.Segment {
		i := bytes.Index(src[at:], []byte(s)) + at
		return text.NewSegment(i, i+len(s))
	}
	// The first run marked, the second not.
	d := runs[0].Defs
	d[0].Marked, d[0].Num = true, seg("[1]")
	open := "\x1b]8;;https://example.com/?q=1&amp;r=2\\\\"
	d[1].Marked, d[1].Open, d[1].Num, d[1].Close = true, seg(open), seg("[2]"), seg("\x1b]8;;\\\\")
	d[2].Marked = true // goes nowhere
	// The bare links marked, one with a hyperlink, a label of "&" and "\".
	a := runs[2].Defs
	a[0].Marked, a[0].Open, a[0].Label, a[0].Num, a[0].Close = true, seg(open), seg("a.com&amp;\\\\"), seg("[3]"), seg("\x1b]8;;\\\\")
	a[1].Marked, a[1].Label, a[1].Num = true, seg("a.com"), seg("[1]")

	blocks := []StyleBlock{
		{},
		{StylePrimitive: StylePrimitive{Color: str("252")}},
		{StylePrimitive: StylePrimitive{BlockPrefix: "[", BlockSuffix: "]", Prefix: "<", Suffix: ">", Color: str("#abc"), Bold: &yes}},
		{StylePrimitive: StylePrimitive{Format: "«{{.text}}»"}},
		{StylePrimitive: StylePrimitive{Upper: &yes, Prefix: "p"}},
	}
	textStyles := []StylePrimitive{{}, {Color: str("12"), Prefix: "'", Suffix: "'", BlockPrefix: "(", BlockSuffix: ")"},
		{Upper: &yes}}
	linkStyles := []StylePrimitive{{}, {Color: str("35"), Bold: &yes}, {Underline: &yes, Prefix: "_", BlockSuffix: "|"},
		{Format: "<{{.text}}>"}, {Title: &yes}}
	w := bufio.NewWriter(io.Discard)
	fast, slow := 0, 0
	for _, ts := range textStyles {
		for _, ls := range linkStyles {
			opts := Options{WordWrap: 80, InlineTableLinks: true}
			opts.Styles.Text, opts.Styles.LinkText = ts, ls
			ctx := NewRenderContext(opts)
			r := &ANSIRenderer{context: ctx}
			walker := func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				return r.renderNode(w, src, n, entering)
			}
			for _, st := range blocks {
				for _, run := range runs {
					var got, want, probe bytes.Buffer
					ctx.blockStack.Push(BlockElement{Block: &probe, Style: st})
					if ctx.writeRun(&probe, run, src) {
						fast++
					} else {
						if probe.Len() > 0 {
							t.Fatalf("declined but wrote %q", probe.String())
						}
						slow++
					}
					ctx.blockStack.Pop()
					ctx.blockStack.Push(BlockElement{Block: &got, Style: st})
					if _, err := r.renderRun(w, run, src); err != nil {
						t.Fatal(err)
					}
					ctx.blockStack.Pop()
					ctx.blockStack.Push(BlockElement{Block: &want, Style: st})
					for _, n := range run.Nodes(src) {
						if err := ast.Walk(n, walker); err != nil {
							t.Fatal(err)
						}
					}
					ctx.blockStack.Pop()
					if got.String() != want.String() {
						t.Errorf("block %+v, text style %+v, link style %+v: the run wrote\n%q, its nodes\n%q", st, ts, ls, got.String(), want.String())
					}
				}
			}
		}
	}
	if fast == 0 || slow == 0 {
		t.Fatalf("%d runs written, %d declined: the test checks too little", fast, slow)
	}
}
