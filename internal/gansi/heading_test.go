package gansi

import (
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark/ast"
)

// headingDocs are documents with headings of every level everywhere a
// heading goes, of one line and wrapped, plain and styled, escaped.
func headingDocs() []string {
	docs := []string{
		"# a\n", "# a\n## b\n### c\n#### d\n##### e\n###### f\n", "a\n===\nb\n---\n",
		"# *em* **strong** `code` [link](https://a.example) ~~s~~\n", "# " + strings.Repeat("long words wrap ", 20) + "\n",
		"> # quoted\n> ## quoted *em*\n> > ### deeper\n", "- # listed\n  ## twice\n1. ### numbered\n",
		"#\n\n##   \n\n# \\*escaped\\* &amp; ref\n", "# 标题 “引号” 中文标题很长很长很长很长很长很长很长很长很长很长很长很长\n",
		"text\n# after text\n***\n# after a rule\n", strings.Repeat("## Section\n\nShort text.\n\n", 30),
		"# tab\there\n", "<div>\n\n# in html\n\n</div>\n", "| a |\n|---|\n| b |\n# after a table\n",
		"short\n\nparagraphs *em*\n\n**strong** `code` [l](https://a.example)\n", strings.Repeat("word ", 40) + "\n",
		"> quoted paragraph\n>\n> another\n", "- item paragraph\n\n  second\n", "a  \nhard break\n", "&amp; &#9; tab\tx\n",
		"text <b>html</b> <!-- c -->\n", "\u00a0\n\n \n", "中文段落，很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n",
	}
	for _, name := range markdown.HostileNames() {
		docs = append(docs, markdown.Hostile(name, 2<<10))
	}
	return docs
}

// TestBlocksWithoutMarginWriterDrawTheSame compares headings and
// paragraphs written without a margin writer (see HeadingElement.Finish,
// ParagraphElement.Finish), headings at the document's level drawn as
// their level's memo has them (see docHeading), with the way they
// replace, through one and worked out for each heading, on whole documents in every style, at several
// widths, padding trimmed or not: the bytes written are the same.
func TestBlocksWithoutMarginWriterDrawTheSame(t *testing.T) {
	p := markdown.NewParser(markdown.Glamour)
	headings, skipped := 0, 0
	for i, md := range headingDocs() {
		headings += strings.Count(md, "#")
		for _, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, styles.PinkStyleConfig, styles.DraculaStyleConfig} {
			for _, width := range []int{0, 10, 30, 80} {
				for _, trim := range []bool{false, true} {
					render := func(margin bool) string {
						return lowerDraw(t, p, md, markdown.LowerOptions{Colour: true}, sc, width, func(tr *ANSIRenderer, _ ast.Node) {
							tr.context.marginHeadings, tr.context.marginParagraphs = margin, margin
							if margin {
								tr.context.docHeadings = nil
							}
							if trim {
								tr.SetTrimmedPadding(spaceCell)
							}
						})
					}
					got, want := render(false), render(true)
					if bothSkipped(t, got, want) {
						skipped++
						continue
					}
					if got != want {
						t.Fatalf("doc %d (%.40q) at %d, trimmed %v: without margin writers\n%q\nwith\n%q", i, md, width, trim, got, want)
					}
				}
			}
		}
	}
	if skipped > 200 || headings < 100 {
		t.Fatalf("%d renders skipped, %d headings: the test checks too little", skipped, headings)
	}
}
