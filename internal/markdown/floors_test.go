package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestFastPathsFire: the differential tests of setextAhead and of the
// shared tag nodes compare each with goldmark's path; they would pass as
// well if the fast path stopped being taken. This holds that it is, on
// the plainest input for each.
func TestFastPathsFire(t *testing.T) {
	if setextAhead(ast.NewDocument(), text.NewReader([]byte("Title\n=====\n\nText.\n"))) == nil {
		t.Error("setextAhead declines a plain setext heading: TestSetextAheadIsGoldmarks checks nothing")
	}
	p := NewParser(Glamour)
	pc := parser.NewContext()
	p.Parse(text.NewReader([]byte(strings.Repeat("a <mark>b <wbr>", 10)+"\n")), parser.WithContext(pc))
	if d, _ := pc.Get(droppedKey).(*droppedTags); d == nil || len(d.extra) == 0 {
		t.Error("no tags share a dropped-tags node: TestSharedTagNodesCountAsTheirTags checks nothing")
	}
	src := []byte(strings.Repeat("a </b></i> ", 10) + "\n")
	doc := p.Parse(text.NewReader(src))
	ends := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*ast.RawHTML); ok && entering && endRunTags(r, src) > 1 {
			ends++
		}
		return ast.WalkContinue, nil
	})
	if ends == 0 {
		t.Error("no run of end tags shares a node: TestSharedTagNodesCountAsTheirTags checks nothing")
	}
}
