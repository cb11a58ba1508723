package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// writtenQuotes are posts of the shapes readers quote in: many short
// quotes between paragraphs, one long quotation of many paragraphs, a
// Chinese one, an e-mail thread of replies quoted in replies, alerts, and
// a post with math inline and displayed. Issue 6 wants each to cost no
// more than twice prose of its size (see BenchmarkWrittenQuotes).
func writtenQuotes() map[string]string {
	var paras, long, zh, thread, alerts, math strings.Builder
	kinds := []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}
	for i := range 100 {
		fmt.Fprintf(&paras, "> A short quoted thought, number %d, with *a little* emphasis.\n\n", i)
		fmt.Fprintf(&long, "> Paragraph %d of one long quotation, said plainly.\n>\n", i)
		fmt.Fprintf(&zh, "> 第%d段：很多人只在看日志的时候才想起它，其实它很适合用来读一本长书。\n\n", i)
		fmt.Fprintf(&thread, "> > > Quoted reply %d\n> >\n> > Answer %d\n>\n> Last word %d\n\n", i, i, i)
	}
	for i := range 60 {
		fmt.Fprintf(&alerts, "> [!%s]\n> Alert %d says something short.\n\n", kinds[i%5], i)
		fmt.Fprintf(&math, "Energy $E = mc^%d$ and \\(a_%d\\) inline.\n\n$$\n\\sum_{k=0}^{%d} k^2\n$$\n\n", i, i, i)
	}
	return map[string]string{
		"quote-paras":  paras.String(),
		"quote-long":   long.String(),
		"quote-zh":     zh.String(),
		"quote-thread": thread.String(),
		"alert-post":   alerts.String(),
		"math-post":    math.String(),
	}
}

// BenchmarkWrittenQuotes renders the written quote shapes (see
// writtenQuotes), each ("name/post") beside prose of its size
// ("name/prose").
func BenchmarkWrittenQuotes(b *testing.B) {
	docs := writtenQuotes()
	for _, name := range []string{"quote-paras", "quote-long", "quote-zh", "quote-thread", "alert-post", "math-post"} {
		md := docs[name]
		b.Run(name, func(b *testing.B) {
			b.Run("post", func(b *testing.B) { benchmarkRender(b, md) })
			b.Run("prose", func(b *testing.B) { benchmarkRender(b, markdown.Hostile("prose", len(md))) })
		})
	}
}

// TestQuotesWriteUpstreamBytes: quotes, laid out in one pass where their
// lines allow (gansi's quoteElement), are drawn with glamour's bytes: the
// written quote shapes, the hostile quote documents and quotes of text of
// every kind (links, code, lists, Chinese, combining marks, emoji),
// nested, in the three styles at several widths and with wide ambiguous
// punctuation.
func TestQuotesWriteUpstreamBytes(t *testing.T) {
	posts := writtenQuotes()
	for _, name := range []string{"quotes", "quote-lines", "quote-lazy", "quote-lists", "alerts"} {
		posts[name] = markdown.Hostile(name, 2<<10)
	}
	posts["mixed"] = "> Plain *em* **strong** `code` [link](https://example.com/a) e\u0301 👍🏽 中文，标点。\n" +
		"> second line\u3000with ideographic space\n>\n> - item one\n> - item two\n>\n> ```go\n> func main() {}\n> ```\n>\n" +
		"> > nested [a link that is rather long](https://example.com/a/very/long/path/that/wraps/somewhere) and words after it\n" +
		"> > > deeper still\n>\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n\n> [!WARNING]\n> Careful.\n"
	posts["deep"] = strings.Repeat(">", 12) + " " + strings.Repeat("word ", 300) + "\n"
	for _, style := range []Style{Dark, Light, Plain, Dark.Wide()} {
		for _, width := range []int{30, 80, 120} {
			for name, md := range posts {
				d, err := prepareDoc(md, style, nil, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				src := prepare(d.annotated, width, style.ambiguous())
				d.keepPadding = true // glamour pads every line
				up := d
				up.upstreamANSI, up.upstreamStyles = true, ownCodeStyle
				want, err := glamourRender(src, width, style, up, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				got, err := glamourRender(src, width, style, d, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				got, want = chromaTie.Replace(got), chromaTie.Replace(want)
				if got != want {
					i := firstDiff(got, want)
					t.Errorf("%s, %s at %d: differs from glamour's at byte %d\nglamour: %q\nfork:    %q",
						name, style, width, i, around(want, i), around(got, i))
				}
			}
		}
	}
}
