package gansi

import (
	"bytes"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// readMarkForTest stands for render's item tag in the documents of
// TestQuotedListsLeavingPaddingDrawTheSame (see SetReadPadding).
const readMarkForTest = '\u2E3B'

// quotedListDocs are documents with lists in quotes: holding tables,
// code blocks, paragraphs, nested lists, quotes and definitions, in
// quotes nested in quotes and in lists, some of their lines holding the
// mark of lines whose padding the caller reads.
func quotedListDocs() []string {
	m := string(readMarkForTest)
	return []string{
		strings.Repeat("> - | a |\n>   |---|\n>   | b |\n", 6),
		strings.Repeat("> - ```\n>   a\n>   ```\n", 6),
		"> - a\n> - b *em* `code`\n>   - c\n>     - d\n",
		"> - " + m + " tagged item that is long enough to wrap at narrow widths\n>   - " + m + " nested\n> - plain\n>\n>   | x | y |\n>   |---|---|\n>   | 1 | 2 |\n",
		"> > - a\n> >   ```go\n> >   x := 1\n> >   ```\n> > - | t |\n> >   |---|\n> >   | u |\n",
		"- > - a\n  >   - b\n",
		"> 1. one\n> 2. ```\n>    two\n>    ```\n> 3. " + m + " three " + strings.Repeat("word ", 20) + "\n",
		"> - a\n>   > quoted in a list in a quote\n>   > - and a list in that\n",
		"> - a\n>   : b\n>     : c\n",
		"> [!NOTE]\n> - a\n>   | b |\n>   |---|\n>   | c |\n",
		"> - " + strings.Repeat("x", 120) + "\n> - 中文很长的一行中文很长的一行中文很长的一行中文很长的一行\n",
		"> # h\n>\n> - a\n>\n> ***\n>\n> - b\n",
		"> - a [link](https://a.example)\n> - b\n>\n> c [link](https://b.example) d\n",
		"> - a\n> - b\n>\n> " + strings.Repeat("long ", 30) + "[link](https://b.example)\n",
		"> > - a\n> > - b\n> > [l](https://c.example)\n> - c\n",
	}
}

// trimPadCells trims from the end of line the cells trimPadCell accepts,
// and styles set and reset at once, which draw nothing: a quote that
// wraps its text (see quoteElement.Finish) writes its pen's sequences
// after a line padded to its width, which the caller then does not trim
// (it draws the same cells).
func trimPadCells(line string) string { return trimCellsWith(line, trimPadCell) }

// trimPadCell accepts a plain space and a space in any SGR style, as
// SetTrimmedPadding's function.
func trimPadCell(cell string) bool {
	if cell == " " {
		return true
	}
	body, ok := strings.CutSuffix(cell, " \x1b[m")
	if !ok || len(body) < 3 || !strings.HasPrefix(body, "\x1b[") || body[len(body)-1] != 'm' {
		return false
	}
	return strings.Trim(body[2:len(body)-1], "0123456789;") == ""
}

// TestQuotedListsLeavingPaddingDrawTheSame compares lists in quotes laid
// out leaving their lines' padding out, to be trimmed by the caller (see
// quotedListTrimmed), with their padding their own lines as upstream
// does, on whole documents in every style, at several widths, padding
// trimmed or not: the lines are the same, byte for byte, once the caller
// has trimmed them, and the lines that hold the mark of those whose
// padding the caller reads (see SetReadPadding) are the same untrimmed.
func TestQuotedListsLeavingPaddingDrawTheSame(t *testing.T) {
	p := markdown.NewParser(markdown.Glamour)
	compared, marked, left := 0, 0, 0
	for i, md := range quotedListDocs() {
		for si, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, styles.DraculaStyleConfig, renderStyle()} {
			for _, width := range []int{0, 10, 30, 80} {
				for _, trim := range []bool{false, true} {
					render := func(pad bool) (out string) {
						defer func() {
							if recover() != nil {
								out = "skipped"
							}
						}()
						src := []byte(md)
						doc := markdown.Parse(p, src, nil)
						src = markdown.Lower(doc, src, markdown.LowerOptions{Colour: true})
						tr := NewRenderer(Options{WordWrap: width, Styles: sc, PreserveNewLines: true})
						tr.context.padQuotedLists = pad
						tr.SetReadPadding(readMarkForTest)
						if trim {
							tr.SetTrimmedPadding(trimPadCell)
						}
						r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(tr, 1000)))
						var b bytes.Buffer
						if err := r.Render(&b, src, doc); err != nil {
							t.Fatal(err)
						}
						return b.String()
					}
					got, want := render(false), render(true)
					if bothSkipped(t, got, want) {
						continue
					}
					compared++
					if got != want {
						left++
					}
					gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
					if len(gl) != len(wl) {
						t.Fatalf("doc %d (%.40q) in style %d at %d, trimmed %v: %d lines, padded %d\n%q\n%q", i, md, si, width, trim, len(gl), len(wl), got, want)
					}
					for k := range gl {
						g, w := gl[k], wl[k]
						if strings.ContainsRune(w, readMarkForTest) {
							marked++
						} else if trim {
							g, w = trimPadCells(g), trimPadCells(w)
						}
						if g != w {
							t.Errorf("doc %d (%.40q) in style %d at %d, trimmed %v: line %d leaving padding\n%q\npadded\n%q", i, md, si, width, trim, k, g, w)
						}
					}
				}
			}
		}
	}
	if compared < 300 || marked == 0 || left == 0 {
		t.Fatalf("%d renders compared, %d marked lines, %d renders leaving padding: the test checks too little", compared, marked, left)
	}
}
