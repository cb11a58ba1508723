package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/atom"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// rawHTML is goldmark's inline raw HTML parser with a fast path for the
// tags that end on the line they start on (nearly all of them): goldmark
// matches a tag with a regexp run on its block reader, which goes through
// the regexp package's slowest engine (the NFA, one rune at a time
// through an interface): about a microsecond a tag, several times what
// the rest of a tag costs, so a post of a hundred thousand small tags
// took several times as long to parse as prose of the same size.
// scanTag reads the same syntax (CommonMark's open and closing tags, as
// goldmark's openTagRegexp and closeTagRegexp write it) byte by byte;
// what it cannot decide on the line (a tag that goes on to the next
// line, comments, declarations...) goes to goldmark's parser, as before.
// TestRawHTMLMatchesGoldmark and FuzzRawHTMLMatchesGoldmark hold the two
// to the same nodes.
type rawHTML struct {
	parser.InlineParser
	// shares lets the tags Lower drops unread share a node (see
	// sharedDropped).
	shares bool
	// spans, if set (with the figures transformer, as plainImages),
	// reads a plain <img src=...> into its figure span (see plainImgTag).
	spans bool
	// taken, if set, counts the tags so read: the tests' way.
	taken *int
}

// Parse implements parser.InlineParser.
func (r rawHTML) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if r.spans {
		if n := plainImgTag(line); n > 0 {
			span := newParsedImage(string(line[len(`<img src=`):n-1]), "",
				text.NewSegment(seg.Start, seg.Start+n), seg.Start)
			span.tag = true
			block.Advance(n)
			if r.taken != nil {
				*r.taken++
			}
			return span
		}
	}
	n, sure := scanTag(line)
	if !sure {
		return r.InlineParser.Parse(parent, block, pc)
	}
	if n == 0 {
		return nil
	}
	joins := runnable
	if endRunnable(line[:n]) {
		joins = endRunnable
	}
	if first := n; joins(line[:n]) {
		for {
			m, sure := scanTag(line[n:])
			if !sure || m == 0 || !joins(line[n:n+m]) {
				break
			}
			n += m
		}
		if n > first && line[1] == '/' {
			pc.Set(runsKey, true) // textJoiner counts the tags (runChildren)
		}
	}
	if r.shares {
		if node := sharedDropped(parent, block, pc, line[:n]); node != nil {
			block.Advance(n)
			return node
		}
	}
	node := ast.NewRawHTML()
	node.Segments.Append(text.NewSegment(seg.Start, seg.Start+n))
	block.Advance(n)
	return node
}

// runnable reports a tag that may share its node with the start tags
// right after it (a run of tags, one node, one segment): a start tag
// whose only meaning is the pair it makes (see inlineHTML, which splits
// a run whose tags may be closed, and drops the others unread). A node
// is about 200 bytes: a line of tags that stay open ("<mark>a <sup>"
// repeated) cost twice prose of its size in nodes alone. Media, void
// tags, <abbr> (its title is drawn) and the tags figures read are left
// one to a node.
func runnable(tag []byte) bool {
	if len(tag) < 3 || tag[1] == '/' || bytes.HasSuffix(tag, []byte("/>")) {
		return false
	}
	i, j, _ := tagName(tag)
	switch a := nameAtom(tag[i:j]); a {
	case 0, atom.Br, atom.Wbr, atom.Hr, atom.Abbr, atom.Acronym:
		return false
	default:
		return !isMedia(a) && !layoutAtom(a)
	}
}

// droppedKey holds a parse's *droppedTags.
var droppedKey = parser.NewContextKey()

// droppedTags are the nodes that tags Lower drops unread share, one a
// block (see sharedDropped).
type droppedTags struct {
	// block is the block last asked about, node the node its dropped tags
	// share (nil: none yet), and ok and noEnds what it holds (see
	// sharedDropped).
	block      ast.Node
	node       *ast.RawHTML
	ok, noEnds bool
	// extra is, for each shared node, the nodes it stands for less one.
	extra map[*ast.RawHTML]int
}

// sharedDropped returns the node that the tag (or run of start tags)
// tags, in block parent, shares with the other tags of the block that
// Lower drops unread, or nil if tags is not one of those. A node is
// about 200 bytes: "<mark>a <sup>" repeated, tags left open, cost prose's
// memory in nodes alone, for nothing drawn.
//
// They are the tags inlineHTML drops whatever their place: <wbr> and
// <hr>, and, in a block that holds no end tag (no "</": every tag of it
// is left unpaired), start tags that only pair (runnable). The node is
// the first such tag's; each further one returns it, which goldmark
// moves to the end of the block's children (Node.AppendChild takes it
// from where it was): the other nodes keep their order, and the texts
// around each tag stay apart, as they were (no text node is last
// where one was not). Only in blocks that hold no "[", "*", "_" or "~",
// and no tag of media or layout (plainTags): no emphasis, link or figure takes nodes out of
// the block, whose count of children, the one textJoiner reads, is then
// what it was with a node a tag (runChildren counts extra); and no
// footnote reference is there to count them (Lower's crowded
// paragraphs).
func sharedDropped(parent ast.Node, block text.Reader, pc parser.Context, tags []byte) *ast.RawHTML {
	if tags[1] == '/' {
		return nil
	}
	a := runAtom(tags)
	void := a == atom.Wbr || a == atom.Hr
	if !void && !runnable(tags) {
		return nil
	}
	d, _ := pc.Get(droppedKey).(*droppedTags)
	if d == nil {
		d = &droppedTags{}
		pc.Set(droppedKey, d)
	}
	if d.block != parent {
		d.block, d.node = parent, nil
		d.ok, d.noEnds = true, true
		src := block.Source()
		lines := parent.Lines()
		for i := 0; i < lines.Len() && d.ok; i++ {
			seg := lines.At(i)
			d.ok = plainTags(seg.Value(src), &d.noEnds)
		}
	}
	if !d.ok || !void && !d.noEnds {
		return nil
	}
	if d.node == nil {
		_, seg := block.PeekLine()
		d.node = ast.NewRawHTML()
		d.node.Segments.Append(text.NewSegment(seg.Start, seg.Start+len(tags)))
		pc.Set(runsKey, true) // textJoiner counts the tags (runChildren)
		return d.node
	}
	if d.extra == nil {
		d.extra = map[*ast.RawHTML]int{}
	}
	d.extra[d.node]++
	return d.node
}

// plainTags reports a line of a block whose tags sharedDropped may
// share: it holds no "[", "*", "_" or "~", nor a tag of media or layout
// (isMedia, layoutAtom: the tags figures read) but <br>; and clears
// noEnds if it holds "</".
func plainTags(l []byte, noEnds *bool) bool {
	if bytes.ContainsAny(l, "[*_~") {
		return false
	}
	for k := bytes.IndexByte(l, '<'); k >= 0; {
		i, j, end := tagName(l[k:])
		if end {
			*noEnds = false
		}
		if a := nameAtom(l[k+i : k+j]); isMedia(a) || a != atom.Br && layoutAtom(a) {
			return false
		}
		next := bytes.IndexByte(l[k+1:], '<')
		if next < 0 {
			break
		}
		k += 1 + next
	}
	return true
}

// endRunnable reports an end tag that may share its node with the end
// tags right after it (a run of end tags: one node, one segment, as
// runnable's start tags): one whose only meaning is the pair it closes
// (inlineHTML pairs each of a run's tags as it would the tag alone).
// "<b><i>" repeated, then as many "</b></i>", made a node of every end
// tag: half of that post's memory, for a post that draws one letter.
// Media and the tags figures read are left one to a node.
func endRunnable(tag []byte) bool {
	if len(tag) < 4 || tag[1] != '/' {
		return false
	}
	switch a := runAtom(tag); a {
	case 0:
		return false
	default:
		return !isMedia(a) && !layoutAtom(a)
	}
}

// endRunTags returns the number of end tags n holds if it is a run of
// them (see endRunnable), else 0: each is a node in goldmark's parse,
// as textJoiner and Lower count a paragraph's children. An end tag holds
// no "<" but the one it starts with.
func endRunTags(n *ast.RawHTML, src []byte) int {
	if n.Segments.Len() != 1 {
		return 0
	}
	seg := n.Segments.At(0)
	t := seg.Value(src)
	if len(t) < 8 || t[0] != '<' || t[1] != '/' {
		return 0
	}
	if k := bytes.Count(t, []byte("<")); k > 1 {
		return k
	}
	return 0
}

// runText returns the text of a run node (see runnable and endRunnable:
// an end tag's run starts with "</"), nil for a node of one tag: its
// tags are read with scanTag, one after another.
func runText(n *ast.RawHTML, src []byte) []byte {
	if n.Segments.Len() != 1 {
		return nil
	}
	seg := n.Segments.At(0)
	t := seg.Value(src)
	if k, sure := scanTag(t); !sure || k == 0 || k == len(t) {
		return nil
	}
	return t
}

// scanTag reports the length of the open or closing tag line starts
// with (0: none), and whether that is sure: false when the answer lies
// past the line's end, or line does not start like a tag.
func scanTag(l []byte) (int, bool) {
	if len(l) < 3 || l[0] != '<' {
		return 0, false
	}
	i, closing := 1, l[1] == '/'
	if closing {
		i = 2
	}
	if !isASCIILetter(l[i]) {
		return 0, false
	}
	for i++; i < len(l) && (isASCIILetter(l[i]) || isDigit(l[i]) || l[i] == '-'); i++ {
	}
	blank := func(i int) int {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		return i
	}
	// A line break (or the end of the block) is where goldmark's
	// patterns may go on: not ours to decide.
	onLine := func(i int) bool { return i < len(l) && l[i] != '\r' && l[i] != '\n' }
	if closing {
		i = blank(i)
		if !onLine(i) {
			return 0, false
		}
		if l[i] == '>' {
			return i + 1, true
		}
		return 0, true
	}
	for {
		ws := i
		i = blank(i)
		if !onLine(i) {
			return 0, false
		}
		switch {
		case l[i] == '>':
			return i + 1, true
		case l[i] == '/':
			if i+1 < len(l) && l[i+1] == '>' {
				return i + 2, true
			}
			return 0, i+1 < len(l) // "/" then the end: goldmark's answer
		case i == ws || !attrNameStart(l[i]):
			return 0, true // an attribute starts after white space
		}
		for i++; i < len(l) && attrNameByte(l[i]); i++ {
		}
		j := blank(i)
		if !onLine(j) {
			return 0, false
		}
		if l[j] != '=' {
			continue // an attribute without a value
		}
		j = blank(j + 1)
		if !onLine(j) {
			return 0, false
		}
		switch q := l[j]; q {
		case '"', '\'':
			k := bytes.IndexByte(l[j+1:], q)
			if k < 0 || !utf8.Valid(l[j+1:j+1+k]) {
				// It may end on a later line; goldmark's reader stops at
				// bytes that are not UTF-8.
				return 0, false
			}
			i = j + 1 + k + 1
		default:
			k := j
			for k < len(l) && unquotedByte(l[k]) {
				k++
			}
			if k == j {
				return 0, true
			}
			if !utf8.Valid(l[j:k]) {
				return 0, false
			}
			i = k
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func attrNameStart(c byte) bool { return isASCIILetter(c) || c == '_' || c == ':' }

func attrNameByte(c byte) bool {
	return attrNameStart(c) || isDigit(c) || c == '.' || c == '-'
}

// unquotedByte is goldmark's [^"'=<>`\x00-\x20].
func unquotedByte(c byte) bool {
	switch c {
	case '"', '\'', '=', '<', '>', '`':
		return false
	}
	return c > 0x20
}

// plainImgTag returns the length of the tag that starts line if it is a
// plain "<img src=V>" (V of letters, digits and ".", "/", "_", "-", ":",
// "#": an unquoted attribute value as goldmark's openTagRegexp reads it,
// with nothing for the HTML tokenizer to decode), else 0. rawHTML reads
// such a tag into the figure span the figures transformer would make of
// it (tagMedia: an image of that src, nothing else), rather than a RawHTML
// node that the transformer would tokenize, replace with a span and drop:
// a line of images and tags made three objects a tag so. The span holds
// the tag's source as its text, as the RawHTML node's Text was: an
// image's alt text ("![<img src=c>](d)") reads it so (imageMedia), and
// dressFigures makes the span its own text node (Become). The scan is
// bounded by the line.
func plainImgTag(line []byte) int {
	const open = "<img src="
	if len(line) < len(open)+2 || string(line[:len(open)]) != open {
		return 0
	}
	i := len(open)
	for i < len(line) && plainTagValue(line[i]) {
		i++
	}
	if i == len(open) || i >= len(line) || line[i] != '>' {
		return 0
	}
	return i + 1
}

// plainTagValue reports whether c may stand in a plain <img>'s src (see
// plainImgTag).
func plainTagValue(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("./_-:#", c) >= 0
}
