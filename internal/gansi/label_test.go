package gansi

import (
	"bytes"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
)

// labelDocs are documents with fenced code blocks wherever one goes:
// first in the document and after a paragraph, in tight and loose list
// items (first in the item and after its text), nested lists, quotes,
// quotes in lists, definitions and footnotes, with languages as written
// and lowered, diagrams, entities, a language too wide for the line and
// one outside ASCII.
func labelDocs() []string {
	return []string{
		"```go\nfunc main() {}\n```\n",
		"a\n\n```go\nx\n```\n\nb\n\n~~~python\ny\n~~~\n",
		"- a\n\n  ```go\n  x\n  ```\n- ```sh\n  y\n  ```\n- c\n",
		"- a\n  ```go\n  x\n  ```\n- b\n",
		"1. a\n   - b\n\n     ```Mermaid\n     graph TD; A-->B\n     ```\n2. c\n",
		"> ```mermaid\n> graph TD; A-->B\n> ```\n>\n> q\n",
		"> a\n>\n> ```GO\n> x\n> ```\n",
		"- > ```c\n  > x\n  > ```\n",
		"term\n: ```go\n  x\n  ```\n",
		"a[^1]\n\n[^1]: note\n\n    ```go\n    x\n    ```\n",
		"```a&amp;b\nx\n```\n",
		"```" + strings.Repeat("longlanguage", 6) + "\nx\n```\n",
		"```日本語\nx\n```\n\n```Écrit\ny\n```\n",
		"```dot\na\n```\n```dot\nb\n```\n```plantuml\nc\n```\n```go\nd\n```\n",
		"# h\n\n```go\nx\n```\n\n---\n\n```js {.line}\ny\n```\n",
	}
}

// TestLabelDrawsAsItsParagraph compares documents whose code blocks'
// labels Lower made Label nodes (LowerOptions.Labels) with the same
// lowered to the paragraphs of an emphasis of a text they stand for, in
// coloured styles and plain, with emphasis drawn through its element (a
// format), labels with and without emphasis, at several widths, padding
// trimmed or not: the output is the same, byte for byte.
func TestLabelDrawsAsItsParagraph(t *testing.T) {
	compared, labels := labelsDrawAsParagraphs(t, labelDocs(), markdown.KindLabel, nil)
	if labels < compared {
		t.Fatalf("%d labels in %d renders compared: the test checks too little", labels, compared)
	}
}

// labelsDrawAsParagraphs renders each of docs lowered with
// LowerOptions.Labels and without, in coloured styles and plain, with
// emphasis drawn through its element (a format), at several widths,
// padding trimmed or not, and fails unless both are the same, byte for
// byte. It reports how many renders it compared and how many nodes of
// kind (Label, TextRun) they held; each lowering of docs[i] holds
// want[i] of them (at least one for -1), colours on and off, when want
// is not nil.
func labelsDrawAsParagraphs(t *testing.T, docs []string, kind ast.NodeKind, want []int) (compared, labels int) {
	t.Helper()
	yes := true
	formatted := renderStyle()
	formatted.Emph.Format = "/{{.text}}/"
	formatted.Emph.Upper = &yes
	p := markdown.NewParser(markdown.Glamour)
	for i, md := range docs {
		for si, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, renderStyle(), formatted} {
			for _, width := range []int{0, 10, 30, 80} {
				for _, trim := range []bool{false, true} {
					for _, colour := range []bool{true, false} {
						render := func(lbl bool) (out string, n int) {
							src := []byte(md)
							doc := markdown.Parse(p, src, nil)
							src = markdown.Lower(doc, src, markdown.LowerOptions{Colour: colour, SpacedBreaks: true, Labels: lbl})
							_ = ast.Walk(doc, func(n2 ast.Node, entering bool) (ast.WalkStatus, error) {
								if n2.Kind() == kind && entering {
									n++
								}
								return ast.WalkContinue, nil
							})
							tr := NewRenderer(Options{WordWrap: width, Styles: sc, PreserveNewLines: true})
							tr.SetSpacedBreaks(true)
							if trim {
								tr.SetTrimmedPadding(func(cell string) bool { return cell == " " })
							}
							r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(tr, 1000)))
							var b bytes.Buffer
							if err := r.Render(&b, src, doc); err != nil {
								t.Fatal(err)
							}
							return b.String(), n
						}
						got, n := render(true)
						want0, m := render(false)
						if m != 0 {
							t.Fatalf("doc %d: %d %v nodes without LowerOptions.Labels", i, m, kind)
						}
						if want != nil && (want[i] >= 0 && n != want[i] || want[i] < 0 && n == 0) {
							t.Fatalf("doc %d (%.40q), colour %v: %d %v nodes, want %d", i, md, colour, n, kind, want[i])
						}
						labels += n
						compared++
						if got != want0 {
							t.Fatalf("doc %d (%.40q) in style %d at %d, trimmed %v, colour %v: labels\n%q\nparagraphs\n%q", i, md, si, width, trim, colour, got, want0)
						}
					}
				}
			}
		}
	}
	return compared, labels
}

// TestHTMLBlockLabelDrawsAsItsParagraph compares HTML blocks lowered to
// a Label (a block drawn as one run of text: plain, italic or bold) with
// the paragraphs they stand for, wherever a block goes, and blocks that
// are more than one run (line breaks, several styles, code, captions
// drawn on figure lines) or none, which stay paragraphs: each lowering
// holds the labels its case says, so that the test fails if the labels
// are never made, or made where a paragraph is due.
func TestHTMLBlockLabelDrawsAsItsParagraph(t *testing.T) {
	cases := []struct {
		md     string
		labels int
	}{
		{"<details>\n<summary>a</summary>\n\n<details>\n<summary>a</summary>\n\n", 2},
		{"<details>\n<summary>a &amp; b &lt;c&gt;</summary>\n\nx\n\n</details>\n", 1},
		{"<details><summary>s</summary></details>\n", 1},
		{"<div>plain text</div>\n", 1},
		{"<div><i>it</i></div>\n\n<p><b>bold</b></p>\n\n<div><em>e</em> </div>\n", 2},
		{"<div>" + strings.Repeat("word ", 30) + "</div>\n", 1},
		{"<div><sup>2</sup> <abbr title=\"t  x\">a</abbr></div>\n", 1},
		{"<div>a</div>\n\n<div>b</div>\n\ntext\n", 2},
		{"- <div>item</div>\n- b\n\n1. <p><b>x</b></p>\n   more\n", 1},
		{"- a\n\n  <div><i>c</i></div>\n- d\n", 1},
		{"> <div>q</div>\n>\n> <p><i>x</i></p>\n", 2},
		{"term\n: <div>d</div>\n", 1},
		{"a[^1]\n\n[^1]: note\n\n    <div>n</div>\n", 1},
		{"<div>\n<summary>s</summary>\ntext\n</div>\n", 0},
		{"<div>a<br>b</div>\n", 0},
		{"<div><b>a</b> b</div>\n", 0},
		{"<div><code>c</code></div>\n", 0},
		{"<ul><li>one</li><li>two</li></ul>\n", 0},
		{"<div>   </div>\n\n<div><script>x</script></div>\n", 0},
		{"<figure>\n<img src=\"a.png\" alt=\"x\">\n<figcaption>cap</figcaption>\n</figure>\n", 0},
		{"<figure><img src=\"a.png\"><figcaption>cap</figcaption>after</figure>\n", 1},
	}
	docs, want := make([]string, len(cases)), make([]int, len(cases))
	for i, c := range cases {
		docs[i], want[i] = c.md, c.labels
	}
	if _, labels := labelsDrawAsParagraphs(t, docs, markdown.KindLabel, want); labels == 0 {
		t.Fatal("no labels: the test checks nothing")
	}
}

// TestLabelExpandsToItsParagraph checks Label.Expand: the paragraph of
// an emphasis of the label's text, or of the text alone at level 0.
func TestLabelExpandsToItsParagraph(t *testing.T) {
	src := []byte("go")
	if markdown.NewLabel(text.NewSegment(0, 1<<31), 1) != nil {
		t.Fatal("a label past 2 GB of source")
	}
	for _, level := range []uint8{0, 1, 2} {
		l := markdown.NewLabel(text.NewSegment(0, 2), level)
		p := l.Expand()
		c := p.FirstChild()
		if level > 0 {
			e, ok := c.(*ast.Emphasis)
			if !ok || e.Level != int(level) || e.NextSibling() != nil {
				t.Fatalf("level %d: paragraph of %T", level, c)
			}
			c = e.FirstChild()
		}
		if tx, ok := c.(*ast.Text); !ok || string(tx.Segment.Value(src)) != "go" || tx.NextSibling() != nil {
			t.Fatalf("level %d: text %T", level, c)
		}
	}
}
