package render

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
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
	// The tags in order, each with what is at its offset.
	spots := make([]spot, len(edits))
	total := 0
	for i, e := range edits {
		if e.end != e.at || e.text == "" || i > 0 && edits[i-1].at >= e.at {
			return nil, false
		}
		total += len(e.text)
		spots[i] = spot{at: e.at, shift: total, leading: leadingTag(e.text)}
	}
	// find finds the tags at offsets, from the last one found.
	find := spotFinder{spots: spots}
	// spotAt returns the tag at offset p, or nil.
	spotAt := func(p int) *spot {
		i := find.index(p)
		if i < len(spots) && spots[i].at == p {
			return &spots[i]
		}
		return nil
	}
	lines, seen := 0, 0 // the lines of the node whose segments are counted, and its segments counted
	count := func(s text.Segment) text.Segment {
		if sp := spotAt(s.Start); sp != nil {
			sp.starts++
			if seen >= lines {
				sp.inlineStarts++
			}
		}
		if sp := spotAt(s.Stop); sp != nil {
			sp.stops++
			if seen >= lines {
				sp.inlineStops++
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
		if !retagKinds.has(n.Kind()) {
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
			if sp := spotAt(ls.At(0).Start); sp != nil && sp.leading {
				sp.para = n
			}
			if sp := spotAt(ls.At(ls.Len() - 1).Stop); sp != nil && !sp.leading {
				sp.para = n
			}
		}
		if t, isText := n.(*ast.Text); isText && t.Parent() != nil && isTextBlock(t.Parent()) {
			// A paragraph's first text node that starts at a leading
			// tag, its last that stops at a trailing one.
			if sp := spotAt(t.Segment.Start); sp != nil && sp.leading && sp.text == nil {
				sp.text = t
			}
			if sp := spotAt(t.Segment.Stop); sp != nil && !sp.leading {
				sp.text = t
			}
		}
		return ast.WalkContinue, nil
	})
	if !ok {
		return nil, false
	}
	// The trailing tags first: a leading tag's text node may end its line
	// only if a trailing tag follows it there.
	for i := range spots {
		sp := &spots[i]
		if sp.leading {
			continue
		}
		if sp.text == nil && sp.para != nil && sp.inlineStops == 0 && sp.starts == 0 && tagsBefore.has(sp.para.LastChild().Kind()) {
			// A paragraph that ends with a link, emphasis or code,
			// with no text after it: the tag is a text node after it.
			sp.node = sp.para.LastChild()
			continue
		}
		x := sp.text
		empty := x != nil && x.Segment.Len() == 0
		if x == nil || !endsLine(x) || sp.starts != b2i(empty) || sp.inlineStops != 1 || !breakAfter(x, sp.at, src) {
			return nil, false
		}
		if !empty && punctAt(src, x.Segment.Start) {
			return nil, false
		}
		if p, isText := x.PreviousSibling().(*ast.Text); isText && !empty && p.Segment.Stop == x.Segment.Start && !p.SoftLineBreak() && punctAt(src, p.Segment.Stop-1) && !quietAt(src, p.Segment.Stop-1) {
			return nil, false
		}
	}
	for i := range spots {
		sp := &spots[i]
		if !sp.leading {
			continue
		}
		if sp.stops != 0 {
			return nil, false
		}
		n := sp.text
		if n == nil {
			// A paragraph that starts with a link, emphasis or code:
			// the tag is a text node before it.
			if sp.para == nil || sp.inlineStarts != 0 || !punctAt(src, sp.at) || !tagsBefore.has(sp.para.FirstChild().Kind()) {
				return nil, false
			}
			sp.node = sp.para.FirstChild()
			continue
		}
		if sp.inlineStarts != 1 || n.Segment.Len() == 0 || punctAt(src, sp.at) && !quietAt(src, sp.at) {
			return nil, false
		}
		if endsLine(n) {
			if end := spotAt(n.Segment.Stop); end == nil || end.leading || end.text != n {
				return nil, false
			}
		}
	}
	// before is what is inserted before offset p; upTo also counts a tag
	// at p.
	before := func(p int) int {
		i := find.index(p) // the first tag at p or after
		if i == 0 {
			return 0
		}
		return spots[i-1].shift
	}
	upTo := func(p int) int { return before(p + 1) }
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
	for i, sp := range spots {
		tagLen := len(edits[i].text)
		start := sp.at + before(sp.at) // the tag's, in the tagged bytes
		switch {
		case sp.node != nil:
			// A tag before or after a link, emphasis or code is a
			// text node of its own there.
			parent := sp.node.Parent()
			t := ast.NewTextSegment(text.NewSegment(start, start+tagLen))
			if sp.leading {
				parent.InsertBefore(parent, sp.node, t)
			} else {
				parent.InsertAfter(parent, sp.node, t)
			}
		case !sp.leading:
			// A line end tag is cut out of the node that ended the
			// line, into a node of its own.
			x := sp.text
			x.Segment = x.Segment.WithStop(start)
			t := ast.NewTextSegment(text.NewSegment(start, start+tagLen))
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
	}
	out := make([]byte, 0, len(src)+total)
	last := 0
	for _, e := range edits {
		out = append(out, src[last:e.at]...)
		out = append(out, e.text...)
		last = e.at
	}
	out = append(out, src[last:]...)
	return out, true
}

// spot is a tag's offset in the markdown before the tags, the bytes the
// tags up to it insert, and what retagged finds there.
type spot struct {
	at, shift int
	leading   bool // the tag goes before text (see leadingTag)
	// text is the paragraph's first text node that starts at a leading
	// tag, or its last that stops at a trailing one; para the paragraph
	// whose first line starts at a leading tag or last line stops at a
	// trailing one; node the link, emphasis or code the tag goes before
	// or after as a text node of its own.
	text *ast.Text
	para ast.Node
	node ast.Node
	// The segments that start and stop there, and those of them that
	// are not lines.
	starts, stops             int32
	inlineStarts, inlineStops int32
}

// tagsBefore are the kinds of inline node a leading tag may go before as
// a text node of its own: nodes with no segment of their own, which
// start at punctuation a parser starts at ("[", "!", "*", "_", "`").
var tagsBefore = newKindSet(ast.KindLink, ast.KindImage, ast.KindEmphasis, ast.KindCodeSpan)

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
		rest := bytes.TrimSuffix(bytes.TrimSuffix(src[at:l.Stop], []byte("\n")), []byte("\r"))
		return len(rest) == 0 || t.HardLineBreak() && (string(rest) == "  " || string(rest) == "\\")
	}
	return false
}

// punctAt reports whether src has ASCII punctuation at i.
func punctAt(src []byte, i int) bool {
	return i >= 0 && i < len(src) && util.IsPunct(src[i])
}

// quietAt reports whether src has at i punctuation that no inline parser
// of the bounded parser starts at (see quietPunct): the bar of a table row
// left a paragraph (a list item of "| a |", as a post cut into pieces may
// end), an item of "- - a", of "#tag", of a quotation mark. goldmark cuts
// no text there, so a leading tag before it is as before a letter.
// TestRetaggedIsAParse has such items.
func quietAt(src []byte, i int) bool {
	return i >= 0 && i < len(src) && quietPunct[src[i]]
}

// quietPunct are the ASCII punctuation characters at which goldmark, with
// mdParser's inline parsers, cuts no text: none of those parsers starts at
// them (their triggers are linkify's " *_~(", the links' "[!]", code's
// "`", the autolinks' and raw HTML's "<", math's "$\\" and, with emoji,
// ":"), and linkify, tried at the space a leading tag puts before them,
// reads no address at punctuation. So the line of an item that starts with
// one is cut as one that starts with a letter, the tag and all.
var quietPunct = func() (set [256]bool) {
	for c := 0; c < 0x80; c++ {
		set[c] = util.IsPunct(byte(c)) && !strings.ContainsRune(" *_~([!]`<$\\:", rune(c))
	}
	return set
}()

// b2i is 1 for true, 0 for false.
func b2i(b bool) int32 {
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
// closing line, a plain table cell's text) are all they hold of the
// source's offsets. (A table row's and a cell's Pos are not read after
// the parse, and not moved.) A post with a table and a list was parsed
// twice. A link's
// destination and title are slices of the source, which the tagged bytes
// hold alike; an autolink keeps its text node unexported; footnotes,
// figures, math and the other nodes of our own keep offsets of their own.
var retagKinds = newKindSet(
	ast.KindDocument,
	ast.KindParagraph,
	ast.KindTextBlock,
	ast.KindHeading,
	ast.KindThematicBreak,
	ast.KindCodeBlock,
	ast.KindFencedCodeBlock,
	ast.KindBlockquote,
	ast.KindList,
	ast.KindListItem,
	ast.KindHTMLBlock,
	ast.KindText,
	ast.KindString,
	ast.KindCodeSpan,
	ast.KindEmphasis,
	ast.KindLink,
	ast.KindImage,
	ast.KindRawHTML,
	east.KindTaskCheckBox,
	east.KindStrikethrough,
	// Tables: goldmark's cells hold lines and text nodes; the bounded
	// parser's plain cells, rows and headers hold their texts' offsets
	// (see moveSegments).
	east.KindTable,
	east.KindTableHeader,
	east.KindTableRow,
	east.KindTableCell,
)

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
	case *markdown.PlainCell:
		t.Segment, t.Tail = moveCell(t.Segment, t.Tail, move)
	case *markdown.PlainHeader:
		moveRowCells(t.Cells, move)
	case *markdown.PlainRows:
		for _, r := range t.Rows {
			moveRowCells(r.Cells, move)
		}
	}
}

// moveCell moves a plain cell's text, and its Tail (where its second
// text node starts, 0 for none), as the text nodes it stands for.
func moveCell(seg text.Segment, tail int, move func(text.Segment) text.Segment) (text.Segment, int) {
	if tail == 0 {
		return move(seg), 0
	}
	first, second := move(seg.WithStop(tail)), move(seg.WithStart(tail))
	return text.NewSegment(first.Start, second.Stop), second.Start
}

// moveRowCells moves the texts of a plain row's or header's cells.
func moveRowCells(cells []markdown.PlainRowCell, move func(text.Segment) text.Segment) {
	for i := range cells {
		c := &cells[i]
		seg, tail := moveCell(text.NewSegment(int(c.Start), int(c.Stop)), int(c.Tail), move)
		c.Start, c.Stop, c.Tail = int32(seg.Start), int32(seg.Stop), int32(tail)
	}
}

// spotIndex returns the index of the first of spots (sorted by offset)
// at offset p or after, len(spots) if none: sort.Search's, without its
// function call at each step (retagged asks it twice for every segment
// of the tree, and for every segment it moves).
func spotIndex(spots []spot, p int) int {
	lo, hi := 0, len(spots)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if spots[m].at < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// spotFinder is spotIndex of its spots, which first looks at the index it
// last returned and the ones next to it: the tree's segments are walked
// mostly in the order of the source, each at or next to the tag the last
// one was at (an outline's paragraph lines, then their texts, start and
// stop at its tags), and a binary search for each was 5% of its render.
// TestSpotFinderIsSpotIndex compares the two.
type spotFinder struct {
	spots []spot
	last  int
}

// index returns spotIndex(f.spots, p).
func (f *spotFinder) index(p int) int {
	spots, n := f.spots, len(f.spots)
	// i is the answer when the tag before it is before p and it is at
	// p or after (or there is none).
	for i := max(f.last-1, 0); i <= f.last+1 && i <= n; i++ {
		if (i == 0 || spots[i-1].at < p) && (i == n || spots[i].at >= p) {
			f.last = i
			return i
		}
	}
	f.last = spotIndex(spots, p)
	return f.last
}

// kindSet is a set of node kinds, indexed by kind: goldmark numbers them
// from 0 as they are made, so the set is a few dozen bools, read for
// every node without a map's hashing.
type kindSet []bool

// newKindSet returns the set of kinds.
func newKindSet(kinds ...ast.NodeKind) kindSet {
	n := 0
	for _, k := range kinds {
		n = max(n, int(k)+1)
	}
	set := make(kindSet, n)
	for _, k := range kinds {
		set[k] = true
	}
	return set
}

// has reports whether k is in the set.
func (set kindSet) has(k ast.NodeKind) bool { return k >= 0 && int(k) < len(set) && set[k] }
