package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// media lists the figures (blocks) and figure spans of a parsed post, in
// order, as "B element src label" / "S element src label".
func media(t *testing.T, src string) []string {
	t.Helper()
	doc := Parse(NewParser(Glamour), []byte(src), nil)
	var out []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch f := n.(type) {
		case *Figure:
			out = append(out, strings.TrimSuffix(strings.Join([]string{"B", f.Element, f.Src, f.Label(), f.Link}, "|"), "|"))
		case *FigureSpan:
			m := f.Media()
			out = append(out, strings.Join([]string{"S", m.Element, m.Src, m.Label()}, "|"))
		case *ast.Image:
			t.Errorf("an image node is left: %s", f.Destination)
		}
		return ast.WalkContinue, nil
	})
	return out
}

func TestFiguresFromMarkdownAndHTML(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"markdown image alone", "![Alt text](a-b.png \"The title\")\n",
			[]string{"B|image|a-b.png|Alt text (The title)"}},
		{"gallery, one per line", "![one](1.png) ![two](2.png)\n![three](../x/3.png)\n",
			[]string{"B|image|1.png|one", "B|image|2.png|two", "B|image|../x/3.png|three"}},
		{"linked image", "[![cover](cover.jpg)](https://example.com/)\n",
			[]string{"B|image|cover.jpg|cover|https://example.com/"}},
		{"image in a sentence", "See ![icon](i.png) here.\n",
			[]string{"S|image|i.png|icon"}},
		{"image line then text", "![a](a.png)\nThe caption, in text.\n",
			[]string{"B|image|a.png|a"}},
		{"img attributes in any order, not closed", "<img title=\"T\" src=\"s.jpg\" alt=\"A\">\n",
			[]string{"B|image|s.jpg|A (T)"}},
		{"img self-closing, single quotes", "<img alt='图 1' src='/img/a.png' />\n",
			[]string{"B|image|/img/a.png|图 1"}},
		{"img inline in a sentence", "文字<img src=\"x.gif\" alt=\"动图\">文字\n",
			[]string{"S|image|x.gif|动图"}},
		{"img in an HTML block", "<div align=\"center\">\n<img src=\"d.png\" width=\"50%\">\n</div>\n",
			[]string{"B|image|d.png|"}},
		{"figure with caption", "<figure><img src=\"f.png\" alt=\"alt\"><figcaption>The <b>caption</b></figcaption></figure>\n",
			[]string{"B|image|f.png|The caption"}},
		{"iframe of a video site", "<iframe src=\"//player.bilibili.com/player.html?bvid=1\"></iframe>\n",
			[]string{"B|video|//player.bilibili.com/player.html?bvid=1|"}},
		{"other iframe", "<iframe src=\"https://example.com/map\" title=\"Map\"></iframe>\n",
			[]string{"B|embed|https://example.com/map|Map"}},
		{"video with a source", "<video controls><source src=\"clip.mp4\" type=\"video/mp4\"></video>\n",
			[]string{"B|video|clip.mp4|"}},
		{"audio in text", "Listen <audio src=\"a.mp3\"></audio> now.\n",
			[]string{"S|audio|a.mp3|"}},
		{"embed", "<embed src=\"doc.pdf\">\n",
			[]string{"B|embed|doc.pdf|"}},
		{"lazy image", "<img data-src=\"lazy.png\" alt=\"lazy\">\n",
			[]string{"B|image|lazy.png|lazy"}},
		{"image in a list item", "- ![x](x.png)\n",
			[]string{"B|image|x.png|x"}},
		{"code keeps its tags", "```\n<img src=\"no.png\">\n```\n\n`![no](no.png)`\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := media(t, c.src); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
			}
		})
	}
}

// TestFiguresBounded: a block of many thousand tags yields at most
// maxMedia figures, and parsing it stays cheap (the tokenizer is linear);
// the ones past the bound are not lost without a trace: one more line
// says how many there are.
func TestFiguresBounded(t *testing.T) {
	src := "<div>\n" + strings.Repeat("<img src=\"a.png\">", 10000) + "\n</div>\n"
	got := media(t, src)
	if len(got) != maxMedia+1 {
		t.Fatalf("%d figures from 10,000 tags, want %d and a line for the rest", len(got), maxMedia+1)
	}
	if want := fmt.Sprintf("… %d more images and embeds", 10000-maxMedia); !strings.Contains(got[maxMedia], want) {
		t.Errorf("the last figure line is %q, want it to say %q", got[maxMedia], want)
	}
}

// FuzzFigures: whatever the markdown and HTML, the figures transformer
// neither panics nor loses a media element's node into a loop, and the
// tree stays within the bounds.
func FuzzFigures(f *testing.F) {
	for _, s := range []string{
		"![a](b.png)", "<img src=x>", "<video><source src=a></video>", "<figure><img src=a><figcaption>c</figcaption></figure>",
		"[![a](b)](c) ![d](e)\n![f](g)", "text <img src='a' alt=\"b\"> <audio src=c></audio>", "<iframe src=//x>", "- ![a](b)\n> ![c](d)",
		"<img", "<source src=a>", "![a](b)<br>![c](d)",
	} {
		f.Add(s)
	}
	p := NewParser(Glamour)
	f.Fuzz(func(t *testing.T, src string) {
		doc := Parse(p, []byte(src), nil)
		if err := measure(doc).within(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestLinkedFigureIsALink: the link around an image on its own line is
// numbered among the post's links, as it was before it became a figure.
func TestLinkedFigureIsALink(t *testing.T) {
	src := []byte("[a](https://a.example/)\n\n[![cover](c.png)](https://shop.example/)\n")
	got := Links(Parse(NewParser(Glamour), src, nil), src)
	if len(got) != 2 || got[1].URL != "https://shop.example/" || got[1].Text != "cover" {
		t.Errorf("Links = %q", got)
	}
}

// TestFigureHTML: a goldmark HTML renderer (the feed's) draws figures as
// images and players as links, and leaves dangerous destinations out
// rather than failing on kinds it does not know.
func TestFigureHTML(t *testing.T) {
	md := goldmark.New(
		goldmark.WithParser(NewParser(Glamour)),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(FigureHTMLRenderer{}, 500))),
	)
	src := []byte("![a \"b\"](x.png \"T\")\n\nText <img src=\"y.png\" alt=\"y\"> here.\n\n<iframe src=\"javascript:alert(1)\"></iframe>\n\n<video src=\"v.mp4\"></video>\n")
	var out strings.Builder
	if err := md.Renderer().Render(&out, src, Parse(md.Parser(), src, nil)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{`<img src="x.png" alt="a &quot;b&quot;" title="T">`, `Text <img src="y.png" alt="y"> here.`, `<a href="v.mp4">video: v.mp4</a>`} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "javascript") {
		t.Errorf("a dangerous destination is kept:\n%s", got)
	}
}

// TestBlockHasFigureTagIsHasFigureTag compares blockHasFigureTag with
// HasFigureTag on the block's text joined, for the HTML blocks of random
// documents: blocks of one line and many, with a closing line, in quotes
// and lists, tags cut at a line's end, in every case.
func TestBlockHasFigureTagIsHasFigureTag(t *testing.T) {
	parts := []string{"<div>\n", "<details>\n", "<img src=a>", "<IMG\nsrc=a>", "<video>", "</img>", "<iframe",
		"<embed/>", "<audio>\n", "<im", "g>", "text\n", "\n", "> ", "- ", "  ", "\t", "<!-- <img> -->\n",
		"<pre>\n", "</pre>\n", "<script>\n", "</script>\n", "<Video src=x>\n", "<p>a <imgx> b</p>\n"}
	p := NewParser(Glamour)
	seed := uint64(1)
	next := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	blocks, with := 0, 0
	for range 4000 {
		var b strings.Builder
		for range 1 + next(10) {
			b.WriteString(parts[next(len(parts))])
		}
		src := []byte(b.String())
		doc := Parse(p, src, nil)
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.HTMLBlock); ok && entering {
				blocks++
				want := HasFigureTag(blockText(h, src))
				if want {
					with++
				}
				if got := blockHasFigureTag(h, src); got != want {
					t.Fatalf("%q: block %q: blockHasFigureTag %v, HasFigureTag %v", src, blockText(h, src), got, want)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	if blocks < 1000 || with < 100 || with == blocks {
		t.Fatalf("%d blocks, %d with a figure tag: the test checks too little", blocks, with)
	}
}
