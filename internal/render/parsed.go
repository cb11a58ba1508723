package render

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

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
// by p: the tree made, or moved to src when src is its markdown with the
// line breaks prepare puts in CJK text (see breaksMoved).
func (f *firstParse) take(src string, p parser.Parser) (ast.Node, []byte) {
	if f == nil || f.root == nil || f.p != p {
		return nil, nil
	}
	root, b := f.root, f.bytes
	if f.md != src {
		if b = breaksMoved(root, f.md, src); b == nil {
			return nil, nil
		}
	}
	f.root, f.bytes = nil, nil
	return root, b
}

// breaksMoved moves the segments of root, a parse of md, to src, and
// returns src's bytes, when src is md with line breaks (see lineBreak)
// put in, each inside the text of a text node that is not a link's nor an
// image's: a parse of src is then root, but for its offsets. Else it
// returns nil and leaves root as it was. The breaks are not white space
// to goldmark's parser (it reads ASCII spaces only), no inline parser
// starts at one, and cjkBreaks puts one only between two characters of
// text (CJK, letters, digits), never next to markdown syntax, so that
// the parser cuts the text of src where it cuts md's. A link's label (a
// reference's, which it looks up) would change: a break in a link's text
// or in any other node (a raw HTML tag, a code block, an autolink, a
// node of our own) makes src parse again. A Chinese post was parsed twice,
// by annotate and, with its breaks, for its layout: a sixth of its
// render's memory. TestBreaksMovedIsAParse compares the two.
func breaksMoved(root ast.Node, md, src string) []byte {
	// The offsets in md that src has a break at: as many as the bytes
	// src has more, made at once (grown by doubling, a Chinese post's
	// were twice its size).
	brk := string(lineBreak)
	if len(src) <= len(md) || (len(src)-len(md))%len(brk) != 0 {
		return nil
	}
	at := make([]int32, 0, (len(src)-len(md))/len(brk))
	i, j := 0, 0
	for {
		k := strings.Index(src[j:], brk)
		if k < 0 {
			break
		}
		if i+k > len(md) || md[i:i+k] != src[j:j+k] {
			return nil
		}
		i, j = i+k, j+k+len(brk)
		if len(at) == cap(at) {
			return nil
		}
		at = append(at, int32(i))
	}
	if len(at) == 0 || md[i:] != src[j:] {
		return nil
	}
	// Every break inside the text of a text node of the kinds retagged
	// moves, not under a link or an image.
	inside, links := 0, 0 // breaks counted inside texts; links and images open
	ok := true
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		k := n.Kind()
		if k == ast.KindLink || k == ast.KindImage {
			if entering {
				links++
			} else {
				links--
			}
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		if !retagKinds.has(k) {
			ok = false
			return ast.WalkStop, nil
		}
		if t, isText := n.(*ast.Text); isText && links == 0 {
			inside += breaksBefore(at, t.Segment.Stop) - breaksBefore(at, t.Segment.Start+1)
		}
		return ast.WalkContinue, nil
	})
	if !ok || inside != len(at) {
		return nil
	}
	// A segment's start moves past the breaks before it, its stop past
	// those up to it (as retagged moves them).
	move := func(s text.Segment) text.Segment {
		s.Start += len(brk) * breaksBefore(at, s.Start)
		s.Stop += len(brk) * breaksBefore(at, s.Stop+1)
		return s
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			moveSegments(n, move)
		}
		return ast.WalkContinue, nil
	})
	return []byte(src)
}

// breaksBefore returns how many of at (sorted) are before p.
func breaksBefore(at []int32, p int) int {
	lo, hi := 0, len(at)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(at[m]) < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
