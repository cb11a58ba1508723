package render

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/markdown"
)

// parsed is markdown parsed on first use, once, for the passes that read
// the same tree (figuresIn, lexesIn): a parse was about 5% of a long
// post's cold render, each. The tree may also be annotate's, of the
// markdown before its tags (see annotateParsed): md is then the annotated
// markdown, which the passes' quick tests read, and bytes, which the
// tree's segments point into, the markdown before.
type parsed struct {
	md    string
	refs  []parser.Reference
	bytes []byte
	root  ast.Node
}

func newParsed(md string, refs []parser.Reference) *parsed {
	return &parsed{md: md, refs: refs}
}

// src returns the bytes the tree's segments point into.
func (p *parsed) src() []byte {
	if p.bytes == nil {
		p.bytes = []byte(p.md)
	}
	return p.bytes
}

// tree returns the parse of md, made on the first call; callers only read it.
func (p *parsed) tree() ast.Node {
	if p.root == nil {
		p.root = markdown.Parse(mdParser, p.src(), p.refs)
	}
	return p.root
}
