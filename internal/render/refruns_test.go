package render

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRefRunsDrawAsTheirNodes: a post laid out from runs of references
// and of bare links (markdown.RefRun, drawn by gansi's writeRun) is byte
// for byte the post laid out from the nodes goldmark makes of them
// (doc.expandRuns), list items' texts included: written posts of runs in
// paragraphs, lists, tasks, quotes, alerts, footnotes, tables, headings,
// definition lists, emphasis and link texts, beside hard breaks, CJK
// text, figures and other links, to absolute URLs (hyperlinks), URLs
// with "&" and "\", punycode and escapes (shown readable), a URL too long
// for a hyperlink, destinations that go nowhere, and random posts of
// their pieces, in Dark, Light and Plain at 30 and 80 columns.
func TestRefRunsDrawAsTheirNodes(t *testing.T) {
	defs := "\n\n[a]: /u\n[b]: https://example.com/x?q=1&r=2\n[c]: <>\n[d]: https://例え.jp/\\x \"T\"\n[e]: #frag\n"
	posts := []string{
		"[a] [a] [b] [a] [c] [c] [d]  [e] [a]\n",
		"Some text [a] [b] more text [b] [a] and [a].\n\nAnother [d] [d] paragraph [c] [a]\n",
		"- [a] [b] item\n- [ ] [a] [a] task\n- [x] [b] [b]\n  [a] [a] continued\n\n  [a] [b] later paragraph\n",
		"1. [a] [a]\n   - [b] [b] nested\n2. [d] [a]\n",
		"> [a] [b] quoted\n>\n> - [b] [a] in a list\n\n> [!NOTE]\n> [a] [a] alert\n",
		"[a] [a][^1] [a]\n\n[^1]: note [a] [b] [b]\n",
		"| [a] [a] | b |\n|---|---|\n| [a] [b] | [b] [a] |\n",
		"# [a] [a]\n\nSetext [b] [b]\n---\n",
		"Term [a] [a]\n: [a] [b] description\n",
		"*[a] [a]* **[b] [a]** [x [a] [a] y](/z) `[a] [a]`\n",
		"[a] [a]  \n[a] [a]\\\n[a] [b]\n中文[a] [a]中文 [b] [b]。\n",
		"![pic](/p.png)\n\n[a] [a] ![p](/q.png) [b] [b]\n\n[![p](/r.png)](/s) [a] [a]\n",
		"www.example.com [a] [a] https://x.org/ [b] [b] <https://y.org/> [a] [a]\n",
		strings.Repeat("[a] [b] ", 300) + "\n",
		"www.a.com www.a.com  http://b.org/x https://c.io/?q=1&amp;r www.a.com.\n",
		"x www.a.com www.b.com, www.c.com) (www.d.com www.d.com) *www.e.com www.e.com* https://xn--r8jz45g.jp/%E4%B8%AD www.a.com\n",
		"- www.a.com www.b.com item\n- [ ] www.a.com www.a.com\n\n> www.a.com www.a.com\n>\n> [!TIP]\n> www.a.com www.b.com\n",
		"| www.a.com www.a.com | b |\n|---|---|\n\n# www.a.com www.a.com\n\nhttps://a.b/" + strings.Repeat("x", 3000) + " https://a.b/y\n",
		strings.Repeat("www.example.com ", 300) + "\n",
		strings.Repeat("[a] ", 200) + strings.Repeat("x[y ", 100) + "\n",
	}
	pieces := []string{"[a]", "[b]", "[c]", "[d]", "[e]", " ", " ", "  ", "\n", "\n\n", "word", "*", "_", "[", "]", "(/p)",
		"- ", "> ", "1. ", "# ", "|", "---", "`", "\\", "www.x.com", "中", "[a] [b]", "[a] [a] [a]", "  \n",
		"www.a.com", " www.b.com", "www.a.com www.a.com", "https://h.io/?x=1&amp;y", "www.a.com.", "a@b.com"}
	r := rand.New(rand.NewPCG(3, 9))
	for range 150 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		posts = append(posts, b.String())
	}
	for i, p := range posts {
		md := p + defs
		for _, style := range []Style{Dark, Light, Plain} {
			for _, width := range []int{30, 80} {
				var out [2]string
				for k, expand := range []bool{false, true} {
					d := prepareDocBase(md, style, nil, "", Features{}, nil, false)
					d.first, d.expandRuns = nil, expand
					if strings.ContainsRune(d.annotated, itemMark) {
						items, err := d.itemTexts(style, &linkTable{}, true)
						if err != nil {
							t.Fatal(err)
						}
						d.items = items
					}
					src := prepare(d.annotated, width, style.ambiguous())
					s, err := glamourRender(src, width, style, d, &linkTable{})
					if err != nil {
						t.Fatalf("post %d: %v", i, err)
					}
					out[k] = s + fmt.Sprint(d.items)
				}
				if out[0] != out[1] {
					j := firstDiff(out[0], out[1])
					t.Fatalf("post %d %q, %s at %d: runs draw %q, their nodes %q", i, p, style, width, around(out[0], j), around(out[1], j))
				}
			}
		}
	}
}
