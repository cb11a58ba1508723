package page

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestDenseTextCountsAsTheParse: a post too dense to parse at load (a MB
// of list items cost 31 times prose's load) is read line by line, and
// the words it has are about those of the parse, which ordinary posts,
// long lists of links among them, still get. (Its parts under
// denseTextMin are parsed whatever their density.)
func TestDenseTextCountsAsTheParse(t *testing.T) {
	shapes := map[string]string{
		"lists":     "- a\n",
		"nested":    "> - b c\n",
		"ordered":   "12. d e\n",
		"headings":  "## f g\n",
		"table":     "| h | i |\n",
		"links":     "[j k](l) ",
		"html":      "<b>m</b> n ",
		"emphasis":  "*o* **p** `q` ",
		"footnotes": "s[^1] ",
	}
	for name, unit := range shapes {
		md := strings.Repeat(unit, denseTextMin/len(unit)+1)
		if name == "table" {
			md = "| x | y |\n|---|---|\n" + md
		}
		if parseUnits([]byte(md)) <= denseTextUnits*len(md) {
			t.Errorf("%s: not dense (%d units a byte)", name, parseUnits([]byte(md))/len(md))
			continue
		}
		// The parse's words of a part under the size, scaled.
		part := md[:strings.LastIndexAny(md[:denseTextMin-1], " \n")+1]
		parsed := WordCount(plainText([]byte(part), nil), false) * len(md) / len(part)
		dense := WordCount(plainText([]byte(md), nil), false)
		if dense < parsed*9/10 || dense > parsed*11/10 {
			t.Errorf("%s: %d words read line by line, the parse about %d", name, dense, parsed)
		}
	}
	for _, md := range []string{
		markdown.Hostile("prose", 1<<20),
		strings.Repeat("- [A reading list entry, with a title](https://example.com/articles/2026/a-long-path)\n", 4000),
		strings.Repeat("Some text with *emphasis*, `code` and a [link](/x).\n\n", 8000),
	} {
		if parseUnits([]byte(md)) > denseTextUnits*len(md) {
			t.Errorf("an ordinary post is dense (%d units a byte): %.80q", parseUnits([]byte(md))/len(md), md)
		}
	}
}
