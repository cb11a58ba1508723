package tui

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/render"
)

// TestOutlineLinksKnowSiteMath: the links list (l) numbers a post's links
// as its text does for a site with passthrough delimiters of its own: a
// "link" inside the site's math is math, not a link, in the render, and
// was counted as link 1 by the list, whose numbers then named other
// destinations than the text's [n].
func TestOutlineLinksKnowSiteMath(t *testing.T) {
	md := "See @( [a](http://x.example) )@ and [b](http://y.example).\n"
	dialect := markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})
	out, err := render.MarkdownWith(md, 60, render.Plain, render.Features{Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "b[1]") || !strings.Contains(out, "[1] http://y.example") {
		t.Fatalf("the render does not number y.example 1:\n%s", out)
	}
	msg, ok := outlineCmd(md, dialect, "w", []string{out}, nil, true, outlineSlots{})().(outlineMsg)
	if !ok {
		t.Fatal("no outline")
	}
	if len(msg.links) != 1 || msg.links[0].URL != "http://y.example" {
		t.Errorf("links list %+v, want only http://y.example, as 1", msg.links)
	}
}
