package gansi

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// quotedTextDocs are documents with paragraphs in quotes: of one line and
// of many, wrapped and too wide to wrap, styled, linked, Chinese, with
// hard breaks, in quotes nested in quotes, in lists and around lists,
// code, tables, headings and alerts.
func quotedTextDocs() []string {
	var thread strings.Builder
	for i := range 4 {
		fmt.Fprintf(&thread, "> > > Quoted reply %d\n> >\n> > Answer %d\n>\n> Last word %d\n\n", i, i, i)
	}
	return []string{
		thread.String(),
		"> a\n",
		"> A short quoted thought, with *a little* emphasis and `code`.\n\n> " + strings.Repeat("word ", 40) + "\n",
		"> Paragraph of one long quotation, said plainly.\n>\n> Another " + strings.Repeat("longer ", 12) + "\n",
		"> [!NOTE]\n> Alert says something short.\n\n> [!WARNING]\n> " + strings.Repeat("careful ", 15) + "\n",
		"> a [link](https://a.example) b\n>\n> c\n",
		"> " + strings.Repeat("x", 120) + "\n> > " + strings.Repeat("y", 90) + " z\n",
		"> 第1段：很多人只在看日志的时候才想起它，其实它很适合用来读一本长书。很多人只在看日志的时候才想起它。\n",
		"> line one  \n> line two\\\n> line three\n",
		"> > a\n> >\n> > - b\n> > - c\n> >\n> > d **e**\n",
		"- > a in a list\n  > > b\n- c\n",
		"> # h\n>\n> text\n>\n> ***\n>\n> ```\n> code\n> ```\n>\n> | a |\n> |---|\n> | b |\n>\n> after\n",
		"> e\u0301 👍🏽 \u00a0spaced\u00a0 text\u3000ideographic\n",
		strings.Repeat(">", 12) + " deep " + strings.Repeat("word ", 30) + "\n",
	}
}

// TestQuotedTextLeavingPaddingDrawsTheSame compares paragraphs in quotes
// laid out leaving their lines' padding out, to be trimmed by the caller
// (see quotedTextTrimmed), with their padding their own lines as upstream
// does, on whole documents in every style, at several widths, padding
// trimmed or not: the lines are the same, byte for byte, once the caller
// has trimmed them.
func TestQuotedTextLeavingPaddingDrawsTheSame(t *testing.T) {
	p := markdown.NewParser(markdown.Glamour)
	compared, left := 0, 0
	for i, md := range quotedTextDocs() {
		for si, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, styles.DraculaStyleConfig, renderStyle(), shadedQuotes()} {
			for _, width := range []int{0, 10, 30, 80} {
				for _, trim := range []func(string) bool{nil, trimPadCell, fgPadCell, unshaded} {
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
						tr.context.padQuotedText = pad
						if trim != nil {
							tr.SetTrimmedPadding(trim)
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
						t.Fatalf("doc %d (%.40q) in style %d at %d, trimmed %v: %d lines, padded %d\n%q\n%q", i, md, si, width, trim != nil, len(gl), len(wl), got, want)
					}
					for k := range gl {
						g, w := gl[k], wl[k]
						if trim != nil {
							g, w = trimCellsWith(g, trim), trimCellsWith(w, trim)
						}
						if g != w {
							t.Errorf("doc %d (%.40q) in style %d at %d, trimmed %v: line %d leaving padding\n%q\npadded\n%q", i, md, si, width, trim != nil, k, g, w)
						}
					}
				}
			}
		}
	}
	if compared < 500 || left == 0 {
		t.Fatalf("%d renders compared, %d renders leaving padding: the test checks too little", compared, left)
	}
}

// shadedQuotes is render's style with a background to quotes and
// another to paragraphs, which unshaded trims and fgPadCell does not:
// the quote's padding cells show where its paragraphs' do not.
func shadedQuotes() StyleConfig {
	c := renderStyle()
	quote, para := "236", "235"
	c.BlockQuote.BackgroundColor = &quote
	c.Paragraph.BackgroundColor = &para
	return c
}

// unshaded accepts the cells trimPadCell does but for those of
// shadedQuotes' quotes.
func unshaded(cell string) bool {
	return trimPadCell(cell) && !strings.Contains(cell, "48;5;236")
}

// fgPadCell accepts a plain space and a space in an SGR style that sets
// nothing but a foreground colour or weight, as render's trimmedCell.
func fgPadCell(cell string) bool {
	if cell == " " {
		return true
	}
	body, ok := strings.CutSuffix(cell, " \x1b[m")
	if !ok || len(body) < 3 || !strings.HasPrefix(body, "\x1b[") || body[len(body)-1] != 'm' {
		return false
	}
	params := strings.Split(body[2:len(body)-1], ";")
	for i := 0; i < len(params); i++ {
		switch p := params[i]; {
		case p == "38" && i+1 < len(params) && params[i+1] == "5":
			i += 2
		case p == "38" && i+1 < len(params) && params[i+1] == "2":
			i += 4
		case p == "1" || p == "22" || p == "39" || len(p) == 2 && p[0] == '3':
		default:
			return false
		}
	}
	return true
}

// trimCellsWith trims line as trimPadCells says, the padding cells being
// those trim accepts.
func trimCellsWith(line string, trim func(string) bool) string {
	for {
		switch {
		case strings.HasSuffix(line, "m\x1b[m") && strings.LastIndex(line, "\x1b[") == len(line)-3:
			body := line[:len(line)-3]
			j := strings.LastIndex(body, "\x1b[")
			if j < 0 || strings.Trim(body[j+2:len(body)-1], "0123456789;") != "" {
				return line
			}
			line = body[:j]
		case strings.HasSuffix(line, " "):
			line = line[:len(line)-1]
		case strings.HasSuffix(line, " \x1b[m"):
			body := line[:len(line)-len(" \x1b[m")]
			j := strings.LastIndex(body, "\x1b[")
			if j < 0 || !trim(body[j:]+" \x1b[m") {
				return line
			}
			line = body[:j]
		default:
			return line
		}
	}
}
