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
// tree's segments point into, the markdown before; or annotate's with its
// tags put in (see retagged), and bytes the annotated markdown.
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

// firstParse is a parse made while a piece was prepared (annotate's, or
// parsed's for figures and code) of exactly the markdown its first render
// lays out, which that render takes instead of parsing it again (see
// doc.lowered): the parse was a fifth of the render of a post of
// footnotes, made twice. A render lowers the tree it lays out, so the
// parse serves once; a doc in the cache has none.
type firstParse struct {
	md    string        // the markdown parsed
	p     parser.Parser // the parser; the refs and notes are the doc's, as doc.lowered reads them, set by prepare before the first render
	bytes []byte
	root  ast.Node
}

// take returns the tree and its bytes, once, if they are a parse of src
// by p.
func (f *firstParse) take(src string, p parser.Parser) (ast.Node, []byte) {
	if f == nil || f.root == nil || f.p != p || f.md != src {
		return nil, nil
	}
	root, b := f.root, f.bytes
	f.root, f.bytes = nil, nil
	return root, b
}
