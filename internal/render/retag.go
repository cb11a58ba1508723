package render

import (
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// retagged returns annotate's parse of the markdown before its tags made a
// parse of the tagged markdown, and that markdown's bytes: every segment
// moved by the tags inserted before it, and the text nodes next to each
// tag made as a parse of the tagged text makes them. A post of lists was
// parsed twice, once by annotate and once again tagged for its layout: a
// third of an outline's render time and half its memory (goldmark makes a
// node per item, paragraph, text and line).
//
// goldmark cuts a line's text at each character an inline parser starts
// at (a space, for linkify; punctuation), merges each piece into the text
// node before it when they touch and that one ends no line, and appends
// the rest of the line, from the last such character, as a node of its
// own that ends the line (empty when the line ends with a link or code).
// So a tag that starts a paragraph's line (an item's or a later
// paragraph's, and a space) joins the text node it is put before, when
// that node does not end the line; a tag that ends a line (a space and
// the end or hard break tag) is the line's new last node, taking the
// line break of the node that ended it, which is merged into the node
// before it as a piece (or dropped when empty: a parse cuts no empty
// piece after a link or code).
//
// It says no, leaving tree as it was, unless every edit inserts a tag
// (no line break deleted between CJK characters), every node of the tree
// is of a kind whose offsets it knows how to move (see retagKinds), and
// each tag has a text node of a paragraph to join, of those shapes, with
// no punctuation next to the tag or where pieces merge (an emphasis
// character left unmatched is turned into text after the line is cut,
// and merges otherwise). TestRetaggedIsAParse compares the two on many
// posts.
func retagged(tree ast.Node, src []byte, edits []edit) ([]byte, bool) {
	sorted := make([]edit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].at < sorted[j].at })
	// at[i] and shift[i]: where the i-th tag goes, and the bytes inserted
	// up to and including it.
	at := make([]int, len(sorted))
	shift := make([]int, len(sorted))
	total := 0
	for i, e := range sorted {
		total += len(e.text)
		at[i], shift[i] = e.at, total
	}
	// tag returns the index of the tag at offset p, or -1.
	tag := func(p int) int {
		if i := sort.SearchInts(at, p); i < len(at) && at[i] == p {
			return i
		}
		return -1
	}
	// What is at each tag's offset: the paragraphs' first text node that
	// starts there and last that stops there, the paragraph whose first
	// line starts or last line stops there, how many segments start and
	// stop there, and how many of those are not lines.
	n := len(at)
	starts, stops := make([]*ast.Text, n), make([]*ast.Text, n)
	paras, paraEnds := make([]ast.Node, n), make([]ast.Node, n)
	anyStart, anyStop := make([]int, n), make([]int, n)
	textStarts, textStops := make([]int, n), make([]int, n)
	lines, seen := 0, 0 // the lines of the node whose segments are counted, and its segments counted
	count := func(s text.Segment) text.Segment {
		if i := tag(s.Start); i >= 0 {
			anyStart[i]++
			if seen >= lines {
				textStarts[i]++
			}
		}
		if i := tag(s.Stop); i >= 0 {
			anyStop[i]++
			if seen >= lines {
				textStops[i]++
			}
		}
		seen++
		return s
	}
	ok := true
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if !retagKinds[n.Kind()] {
			ok = false
			return ast.WalkStop, nil
		}
		// The segments other than lines are those a tag may join
		// (texts) or must not (raw HTML, a fenced block's info...).
		lines, seen = 0, 0
		if n.Type() == ast.TypeBlock {
			lines = n.Lines().Len()
		}
		moveSegments(n, count)
		if isTextBlock(n) && n.Lines().Len() > 0 {
			ls := n.Lines()
			if i := tag(ls.At(0).Start); i >= 0 {
				paras[i] = n
			}
			if i := tag(ls.At(ls.Len() - 1).Stop); i >= 0 {
				paraEnds[i] = n
			}
		}
		if t, isText := n.(*ast.Text); isText && t.Parent() != nil && isTextBlock(t.Parent()) {
			if i := tag(t.Segment.Start); i >= 0 && starts[i] == nil {
				starts[i] = t
			}
			if i := tag(t.Segment.Stop); i >= 0 {
				stops[i] = t
			}
		}
		return ast.WalkContinue, nil
	})
	if !ok {
		return nil, false
	}
	trailing := map[*ast.Text]string{} // the line ends to retag, with their tags
	var ends []*ast.Text               // the same, in order
	// The inline nodes a tag goes before or after as a text node of its
	// own, with the tag's edit.
	var before1, after1 []tagNode
	for i, e := range sorted {
		if e.end != e.at || e.text == "" || i > 0 && sorted[i-1].at == e.at {
			return nil, false
		}
		if !leadingTag(e.text) {
			if para := paraEnds[i]; stops[i] == nil && para != nil && textStops[i] == 0 && anyStart[i] == 0 && tagsBefore[para.LastChild().Kind()] {
				// A paragraph that ends with a link, emphasis or
				// code, with no text after it: the tag is a
				// text node after it.
				after1 = append(after1, tagNode{para.LastChild(), e})
				continue
			}
			x := stops[i]
			empty := x != nil && x.Segment.Len() == 0
			if x == nil || !endsLine(x) || anyStart[i] != b2i(empty) || textStops[i] != 1 || !breakAfter(x, e.at, src) {
				return nil, false
			}
			if !empty && punctAt(src, x.Segment.Start) {
				return nil, false
			}
			if p, isText := x.PreviousSibling().(*ast.Text); isText && !empty && p.Segment.Stop == x.Segment.Start && !p.SoftLineBreak() && punctAt(src, p.Segment.Stop-1) {
				return nil, false
			}
			trailing[x] = e.text
			ends = append(ends, x)
		}
	}
	for i, e := range sorted {
		if !leadingTag(e.text) {
			continue
		}
		if anyStop[i] != 0 {
			return nil, false
		}
		n := starts[i]
		if n == nil {
			// A paragraph that starts with a link, emphasis or code:
			// the tag is a text node before it.
			para := paras[i]
			if para == nil || textStarts[i] != 0 || !punctAt(src, e.at) || !tagsBefore[para.FirstChild().Kind()] {
				return nil, false
			}
			before1 = append(before1, tagNode{para.FirstChild(), e})
			continue
		}
		if textStarts[i] != 1 || n.Segment.Len() == 0 || punctAt(src, e.at) {
			return nil, false
		}
		if _, retagged := trailing[n]; endsLine(n) && !retagged {
			return nil, false
		}
	}
	// before is what is inserted before offset p; upTo also counts a tag
	// at p.
	before := func(p int) int {
		i := sort.SearchInts(at, p) // the first tag at p or after
		if i == 0 {
			return 0
		}
		return shift[i-1]
	}
	upTo := func(p int) int {
		i := sort.SearchInts(at, p+1)
		if i == 0 {
			return 0
		}
		return shift[i-1]
	}
	// A segment's start is moved past the tags before it, its stop past
	// the tags up to it: a tag at a text node's start or stop is then
	// in it (and in no other node's segment, checked above).
	move := func(s text.Segment) text.Segment {
		s.Start += before(s.Start)
		s.Stop += upTo(s.Stop)
		return s
	}
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			moveSegments(n, move)
		}
		return ast.WalkContinue, nil
	})
	// A leading tag before a link, emphasis or code is a text node of
	// its own, before it: the bytes of its line before the node's.
	for _, b := range before1 {
		start := b.e.at + before(b.e.at)
		parent := b.n.Parent()
		parent.InsertBefore(parent, b.n, ast.NewTextSegment(text.NewSegment(start, start+len(b.e.text))))
	}
	for _, a := range after1 {
		start := a.e.at + before(a.e.at)
		parent := a.n.Parent()
		parent.InsertAfter(parent, a.n, ast.NewTextSegment(text.NewSegment(start, start+len(a.e.text))))
	}
	// Each line end tag is cut out of the node that ended the line, into
	// a node of its own.
	for _, x := range ends {
		tag := trailing[x]
		stop := x.Segment.Stop
		x.Segment = x.Segment.WithStop(stop - len(tag))
		t := ast.NewTextSegment(text.NewSegment(stop-len(tag), stop))
		t.SetSoftLineBreak(x.SoftLineBreak())
		t.SetHardLineBreak(x.HardLineBreak())
		parent := x.Parent()
		parent.InsertAfter(parent, x, t)
		x.SetSoftLineBreak(false)
		x.SetHardLineBreak(false)
		p, isText := x.PreviousSibling().(*ast.Text)
		switch {
		case x.Segment.Len() == 0:
			parent.RemoveChild(parent, x)
		case isText && p.Segment.Stop == x.Segment.Start && !p.SoftLineBreak():
			p.Segment = p.Segment.WithStop(x.Segment.Stop)
			parent.RemoveChild(parent, x)
		}
	}
	out := make([]byte, 0, len(src)+total)
	last := 0
	for _, e := range sorted {
		out = append(out, src[last:e.at]...)
		out = append(out, e.text...)
		last = e.at
	}
	out = append(out, src[last:]...)
	return out, true
}

// tagNode is an inline node that a tag goes before or after as a text
// node of its own, and the tag's edit.
type tagNode struct {
	n ast.Node
	e edit
}

// tagsBefore are the kinds of inline node a leading tag may go before as
// a text node of its own: nodes with no segment of their own, which
// start at punctuation a parser starts at ("[", "!", "*", "_", "`").
var tagsBefore = map[ast.NodeKind]bool{
	ast.KindLink:     true,
	ast.KindImage:    true,
	ast.KindEmphasis: true,
	ast.KindCodeSpan: true,
}

// endsLine reports whether t is the last text node of its line, as
// goldmark appends it: one that breaks the line, or the paragraph's last.
func endsLine(t *ast.Text) bool {
	return t.SoftLineBreak() || t.HardLineBreak() || t.NextSibling() == nil
}

// breakAfter reports whether what follows at on its line of t's paragraph
// is only the line's break: nothing, a newline, or for a hard break the
// two spaces or the backslash that make it. (Spaces beyond those are cut
// into pieces of their own.)
func breakAfter(t *ast.Text, at int, src []byte) bool {
	lines := t.Parent().Lines()
	for i := 0; i < lines.Len(); i++ {
		l := lines.At(i)
		if at < l.Start || at > l.Stop {
			continue
		}
		rest := string(src[at:l.Stop])
		rest = strings.TrimSuffix(strings.TrimSuffix(rest, "\n"), "\r")
		return rest == "" || t.HardLineBreak() && (rest == "  " || rest == "\\")
	}
	return false
}

// punctAt reports whether src has ASCII punctuation at i.
func punctAt(src []byte, i int) bool {
	return i >= 0 && i < len(src) && util.IsPunct(src[i])
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// leadingTag reports whether a tag's text goes before the text it tags
// (an item's or a later paragraph's start: the tag and a space) rather
// than after it (a space and the tag: an end or a hard break).
func leadingTag(s string) bool { return s != "" && s[0] != ' ' }

// retagKinds are the kinds of node retagged moves the offsets of: their
// segments (lines, text, raw HTML, a fenced block's info, an HTML block's
// closing line) are all they hold of the source's offsets. A link's
// destination and title are slices of the source, which the tagged bytes
// hold alike; an autolink keeps its text node unexported; footnotes,
// figures, math and the other nodes of our own keep offsets of their own.
var retagKinds = map[ast.NodeKind]bool{
	ast.KindDocument:        true,
	ast.KindParagraph:       true,
	ast.KindTextBlock:       true,
	ast.KindHeading:         true,
	ast.KindThematicBreak:   true,
	ast.KindCodeBlock:       true,
	ast.KindFencedCodeBlock: true,
	ast.KindBlockquote:      true,
	ast.KindList:            true,
	ast.KindListItem:        true,
	ast.KindHTMLBlock:       true,
	ast.KindText:            true,
	ast.KindString:          true,
	ast.KindCodeSpan:        true,
	ast.KindEmphasis:        true,
	ast.KindLink:            true,
	ast.KindImage:           true,
	ast.KindRawHTML:         true,
	east.KindTaskCheckBox:   true,
	east.KindStrikethrough:  true,
}

// eachSegment calls f with every segment of n's own (not its children's):
// see retagKinds.
func eachSegment(n ast.Node, f func(text.Segment)) {
	moveSegments(n, func(s text.Segment) text.Segment {
		f(s)
		return s
	})
}

// moveSegments sets every segment of n's own to what move makes of it.
func moveSegments(n ast.Node, move func(text.Segment) text.Segment) {
	if n.Type() == ast.TypeBlock {
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			lines.Set(i, move(lines.At(i)))
		}
	}
	switch t := n.(type) {
	case *ast.Text:
		t.Segment = move(t.Segment)
	case *ast.RawHTML:
		for i := 0; i < t.Segments.Len(); i++ {
			t.Segments.Set(i, move(t.Segments.At(i)))
		}
	case *ast.FencedCodeBlock:
		if t.Info != nil {
			t.Info.Segment = move(t.Info.Segment)
		}
	case *ast.HTMLBlock:
		if t.HasClosure() {
			t.ClosureLine = move(t.ClosureLine)
		}
	}
}
