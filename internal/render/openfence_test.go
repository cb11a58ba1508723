package render

import (
	"strings"
	"testing"
)

// TestOpenFenceAtTheEndKeepsTheLinksMarks checks posts that end in a
// fenced code block left open without a final line break, after a link:
// goldmark's Segment.Value appends the line break the fence's last line
// lacks in place, into the byte after the source, where the text Lower
// adds (a link's mark, its hyperlink's sequence) begins. The mark drew as
// "\n1]" (" 1]" once an item's lines were joined), and an OSC 8 hyperlink
// lost its ESC: the reader saw "]8;id=...;http://e.c" and got a bare BEL.
func TestOpenFenceAtTheEndKeepsTheLinksMarks(t *testing.T) {
	posts := []string{
		">1) http://e.c> abcd\n```\n~",
		"- a\n  - http://e.c> code\n```\n~",
		"> * :[b]: https://e.com/b ][a][b][a] _ http://e.com/a_(b> $$ ```\n> code\n> ```\n> \\",
		"See [the site](http://e.c) and http://e.d.\n\n```go\nx := 1",
	}
	for _, md := range posts {
		for _, width := range []int{30, 80} {
			plain, err := Markdown(md, width, Plain)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(plain, " 1]") || strings.Contains(plain, "\n1]") {
				t.Errorf("%q at %d: a link's mark lost its bracket:\n%s", md, width, plain)
			}
			dark, err := Markdown(md, width, Dark)
			if err != nil {
				t.Fatal(err)
			}
			// Every BEL ends an OSC 8 sequence, and "]8;" comes only
			// after an ESC.
			if n, m := strings.Count(dark, "\a"), strings.Count(dark, "\x1b]8;"); n != m {
				t.Errorf("%q at %d: %d BELs for %d OSC 8 sequences:\n%q", md, width, n, m, dark)
			}
			if strings.Count(dark, "]8;") != strings.Count(dark, "\x1b]8;") {
				t.Errorf("%q at %d: an OSC 8 sequence lost its ESC:\n%q", md, width, dark)
			}
		}
	}
}
