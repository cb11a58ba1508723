package tui

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// siteOutline builds the outline of md read in dialect.
func siteOutline(md string, dialect *markdown.Dialect) outlineMsg {
	lines := strings.Split(md, "\n")
	msg, _ := outlineCmd(md, dialect, "w", lines, nil, true, outlineSlots{})().(outlineMsg)
	return msg
}

// mathOutlinePost is a short post with headings and links.
const mathOutlinePost = "# One\n\nA [link](https://example.com/a) and @(x)@.\n\n## Two\n\nText with [another](https://example.com/b).\n"

// TestOutlineBuildsNoParser: the outline (o, l) of a post of a site with
// math delimiters of its own costs what it costs for a site without
// them: it reads with the parser the site's configuration made once
// (site.Config.Dialect), not one built for each outline (counted, not
// timed).
func TestOutlineBuildsNoParser(t *testing.T) {
	own := markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})
	plain := strings.ReplaceAll(strings.ReplaceAll(mathOutlinePost, "@(", "$"), ")@", "$") // the same math, built-in delimiters
	if a, b := siteOutline(mathOutlinePost, own), siteOutline(plain, nil); len(a.links) != 2 || len(a.headings) != 2 || len(b.links) != 2 {
		t.Fatalf("outlines: %d links, %d headings; %d links without the site's delimiters", len(a.links), len(a.headings), len(b.links))
	}
	base := testing.AllocsPerRun(20, func() { siteOutline(plain, nil) })
	got := testing.AllocsPerRun(20, func() { siteOutline(mathOutlinePost, own) })
	if got > base+20 {
		t.Errorf("an outline read with the site's own math delimiters allocates %.0f times, %.0f without them: a parser built per call?", got, base)
	}
}

// BenchmarkOutlineSiteMath is one outline of a short post of a site with
// math delimiters of its own.
func BenchmarkOutlineSiteMath(b *testing.B) {
	own := markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})
	for b.Loop() {
		siteOutline(mathOutlinePost, own)
	}
}
