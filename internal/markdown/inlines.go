package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Per-block counters, kept in the parser's context (one per Parse call)
// and reset when the block's inline parsing ends.
var (
	delimitersKey = parser.NewContextKey()
	openersKey    = parser.NewContextKey()
)

// delimiterCap leaves emphasis and strikethrough delimiter runs beyond
// MaxDelimiters in a block as literal text.
//
// goldmark matches each closing run against every earlier opening run
// (CommonMark's "openers bottom" shortcut is missing), so a block of runs
// that never match ("*a_ *a_ ...") costs time quadratic in their number:
// 80 KB took 5 s. The matched runs also become nested emphasis, which the
// cap keeps shallow before anything walks it. A written paragraph has a
// few dozen runs.
type delimiterCap struct{ parser.InlineParser }

func (d *delimiterCap) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if line[0] == '~' {
		// goldmark's strikethrough takes runs of one or two tildes and
		// rescans a longer run from each of its tildes (quadratic in
		// its length): a longer run is text, consumed at once.
		run := 1
		for run < len(line) && line[run] == '~' {
			run++
		}
		if run > 2 {
			block.Advance(run)
			return ast.NewTextSegment(seg.WithStop(seg.Start + run))
		}
	}
	n, _ := pc.Get(delimitersKey).(int)
	if n >= MaxDelimiters {
		return nil
	}
	node := d.InlineParser.Parse(parent, block, pc)
	if node != nil {
		pc.Set(delimitersKey, n+1)
	}
	return node
}

// CloseBlock resets the count for the next block. (Both wrapped parsers
// reset the one shared count; the wrapped ones have nothing to close.)
func (d *delimiterCap) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	pc.Set(delimitersKey, nil)
}

// linkGuard wraps goldmark's link parser ("[", "![" and "]") against two
// quadratic cases:
//
//   - every "]" looks through the whole text after its "[" (containsLink)
//     and copies it, so many unclosed "[" and then many "]" cost time
//     quadratic in their number (80 KB of nested brackets: 1 s, 100 MB):
//     at most MaxLinkOpeners openers are pending at once; more are text;
//   - an inline link's destination is scanned to its end, which may be
//     the end of the line, again for every "](" on it ("[a](b" x 20,000:
//     5 s): a destination that does not end within MaxLinkTail bytes makes
//     no link.
type linkGuard struct {
	parser.InlineParser
	// failed reads the links that fail on a line's last destination
	// without goldmark's parser (see failedLink), in a parser with
	// Options.LinkRuns; emoji says it reads emoji shortcodes.
	failed, emoji bool
}

func (g *linkGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if g.failed {
		if b := bracketsOf(pc); b.ownsBlock(parent, block.Source(), pc) {
			return g.owned(b, parent, line, seg, block, pc)
		}
	}
	open, _ := pc.Get(openersKey).(int)
	if line[0] != ']' { // "[" or "!"
		if open >= MaxLinkOpeners {
			return nil
		}
		if g.failed && line[0] == '[' {
			if n := g.failedLink(parent, line, seg, block, pc); n != nil {
				return n
			}
		}
		node := g.InlineParser.Parse(parent, block, pc)
		if node != nil {
			pc.Set(openersKey, open+1)
		}
		return node
	}
	if open == 0 {
		return nil // no opener: goldmark leaves "]" as text too
	}
	if len(line) > 1 && line[1] == '(' && !tailsOf(pc).destinationEnds(line[2:], seg.Start+2) {
		// The opener stays pending, as if this "]" were text; goldmark
		// turns it into text when the block ends.
		return nil
	}
	// Every path of goldmark's "]" removes the last opener.
	pc.Set(openersKey, open-1)
	return g.InlineParser.Parse(parent, block, pc)
}

// owned reads the bracket at line[0] in a block whose bracket stack
// linkGuard keeps (see brackets), with no link to form: an opener is
// pushed, with the stretch after it when it has one, a "]" takes the
// last one, as goldmark's link parser would; beyond MaxLinkOpeners pending,
// an opener is text, as in linkGuard's other blocks.
func (g *linkGuard) owned(b *brackets, parent ast.Node, line []byte, seg text.Segment, block text.Reader, pc parser.Context) ast.Node {
	if line[0] == ']' {
		return b.close(pc)
	}
	image := line[0] == '!'
	if image && (len(line) < 2 || line[1] != '[') || len(b.pending) >= MaxLinkOpeners {
		return nil
	}
	if !escapeMayLeak(parent, block.Source(), seg.Start, pc) {
		if n := b.stretch(parent, line, seg, block, pc, g.emoji); n != nil {
			return n
		}
	}
	return b.open(seg, image, block, pc)
}

func (g *linkGuard) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if b, _ := pc.Get(bracketsKey).(*brackets); b != nil && b.block == parent {
		b.closeBlock()
	}
	pc.Set(openersKey, nil)
	if cb, ok := g.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// failedLink returns the text goldmark's link parser leaves of
// "[label](destination" at line[0] when the link fails there because its
// destination runs to the end of the block: a label of plain text (see
// runStretch: no node inside, no bracket) that is no link definition's,
// and a destination of neither ")" nor space up to the line's end (so
// that goldmark's scan takes it to there, within MaxLinkTail bytes, as
// destinationEnds answers), on the block's last line or with a next one
// that starts with none of ")", "(" and quotes (what could close the
// link or start its title). Goldmark's parser would push an opener (a
// link label state, some 200 bytes), and at the "]" scan the rest of
// the line for the destination, then turn the opener into text, merged
// into the text before it as ast.MergeOrReplaceTextSegment merges: the
// label and the "]" stay a text node of their own, which the text after
// them is merged into. That is done here, the opener's "[" merged or
// appended, the label and "]" returned. "[a](b" repeated on lines of
// 2 KB cost twelve times prose's time (each "](" scanned the rest of its
// line) and seven times its memory. The node returned has the position
// goldmark gives the nodes a parser returns (Pos), where its own label
// text has none; nothing reads the position of a text.
func (g *linkGuard) failedLink(parent ast.Node, line []byte, seg text.Segment, block text.Reader, pc parser.Context) ast.Node {
	scan := runScan{line: line, pc: pc, colons: !g.emoji, plain: true}
	end := scan.stretch(1)
	if end == 1 || end+2 >= len(line) || line[end] != ']' || line[end+1] != '(' {
		return nil
	}
	rest := line[end+2:]
	if len(rest) > MaxLinkTail || rest[0] == '<' || util.IsSpace(rest[0]) || rest[0] == ')' {
		return nil
	}
	t := tailsOf(pc)
	stop := t.plain.stop(rest, seg.Start+end+2, plainStop)
	if stop < len(rest) && rest[stop] == ')' {
		// Goldmark's scan goes on past a ")" that closes a "(" of the
		// destination's own: where it stops, the last segment knows.
		if stop = t.last.stop(rest, seg.Start+end+2); stop < 0 {
			return nil
		}
	}
	switch {
	case stop == len(rest):
	case stop == len(rest)-1 && rest[stop] == '\n':
		l, pos := block.Position()
		block.AdvanceLine()
		next, _ := block.PeekLine()
		block.SetPosition(l, pos)
		if next != nil {
			next = util.TrimLeftSpace(next)
			if len(next) == 0 || bytes.IndexByte([]byte(")(\"'"), next[0]) >= 0 {
				return nil
			}
		}
	default:
		return nil
	}
	if _, ok := pc.Reference(util.ToLinkReference(line[1:end])); ok {
		return nil // a shortcut link
	}
	if escapeMayLeak(parent, block.Source(), seg.Start, pc) {
		// An escape pending at the "[" would be spent in the label;
		// here on the "(", or after the link "(www..." makes.
		return nil
	}
	if t, ok := parent.LastChild().(*ast.Text); ok && t.Segment.Stop == seg.Start && !t.SoftLineBreak() {
		t.Segment = t.Segment.WithStop(seg.Start + 1)
	} else {
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1)))
	}
	block.Advance(end + 1)
	return ast.NewTextSegment(text.NewSegment(seg.Start+1, seg.Start+end+1))
}

// tailsKey keeps a document's tails (one per Parse call).
var tailsKey = parser.NewContextKey()

// tails remembers, for the destination scans of destinationEnds, the
// next byte after a position that can end a destination (plain: a
// space or ")"; in angle brackets: ">"), so that the
// scans of a line of thousands of "](" read it once: "[a](b" or "[a](<b"
// repeated scanned MaxLinkTail bytes for every 5 or 6 of input, 400 times
// the work of prose of its size. Positions are offsets in the source,
// which every block of the document shares.
type tails struct {
	plain, angle nextStop
	// parens answers the scans that go further than directScan bytes
	// (see parenScan); nil until one does.
	parens *parenScan
	// last answers failedLink's scans of destinations with
	// parentheses (see lastSegment).
	last lastSegment
}

// lastSegment answers, for destinations that start in the last segment of
// a line (after its last space but a final one) and come in order along
// it, where goldmark's parseLinkDestination stops: at the line's end
// (its last byte when a space) when no ")" closes more than the
// destination opened, which it reads once for the line. "[a]((()"
// repeated failed a link at each "](" of a line's last MaxLinkTail
// bytes, each scanning the rest of the line (and a label state, 200
// bytes, each): failedLink reads them all from one scan now.
type lastSegment struct {
	lineEnd int // the source offset where the line read ends
	asked   int // the source offset the line was read from
	from    int // the source offset of the segment's first byte
	// depth has the depth before each position from from ("(" less
	// ")" since from), closing the least depth of a ")" at or after
	// it (maxDepth where none). A segment is at most MaxLinkTail
	// bytes: its depths fit in 16 bits.
	depth, closing []int16
	// escaped says the segment holds an escape, which this does not
	// read (nor depth).
	read, escaped bool
	// served counts the stops found (for the tests).
	served int
}

const maxDepth = 1<<15 - 1

// stop returns the index in rest (the destination, from offset pos of the
// source to the end of its line) where goldmark's destination scan stops
// when it stops at the line's end or at its last byte, a space; else,
// or where it does not know, -1.
func (l *lastSegment) stop(rest []byte, pos int) int {
	if len(rest) > MaxLinkTail {
		return -1
	}
	lineEnd := pos + len(rest)
	if !l.read || l.lineEnd != lineEnd || pos < l.asked {
		l.scan(rest, pos)
	}
	if l.escaped || pos < l.from {
		return -1
	}
	i := pos - l.from
	if i >= len(l.depth) || l.closing[i] <= l.depth[i] {
		return -1 // a space before the last byte, or a ")" closes it
	}
	l.served++
	return len(l.depth) - i
}

// scan reads the line of rest from pos: the segment from pos to its end
// (but a final space), which holds no space, or none (depth nil).
func (l *lastSegment) scan(rest []byte, pos int) {
	l.read, l.escaped, l.lineEnd, l.asked, l.from = true, false, pos+len(rest), pos, pos
	n := len(rest)
	if n > 0 && util.IsSpace(rest[n-1]) {
		n--
	}
	// The segment starts after the last space before its end.
	start := n
	for start > 0 && !util.IsSpace(rest[start-1]) {
		start--
	}
	if bytes.IndexByte(rest[start:n], '\\') >= 0 {
		l.escaped = true
		return
	}
	l.from = pos + start
	seg := rest[start:n]
	if cap(l.depth) < len(seg) {
		both := make([]int16, 2*len(seg))
		l.depth, l.closing = both[:0:len(seg)], both[len(seg):]
	}
	l.depth, l.closing = l.depth[:len(seg)], l.closing[:len(seg)]
	d := int16(0)
	for i, c := range seg {
		l.depth[i] = d
		switch c {
		case '(':
			d++
		case ')':
			d--
		}
	}
	low := int16(maxDepth)
	for i := len(seg) - 1; i >= 0; i-- {
		if seg[i] == ')' {
			low = min(low, l.depth[i])
		}
		l.closing[i] = low
	}
}

// nextStop says that the first stop at or after any position in
// [from, at) of the source is at (the end of its line if none).
type nextStop struct{ from, at int }

func tailsOf(pc parser.Context) *tails {
	t, _ := pc.Get(tailsKey).(*tails)
	if t == nil {
		t = &tails{plain: nextStop{-1, -1}, angle: nextStop{-1, -1}}
		pc.Set(tailsKey, t)
	}
	return t
}

// stop returns the index in rest (which starts at offset pos of the
// source and runs to the end of its line) of the first byte isStop
// accepts, or len(rest), using and updating s.
func (s *nextStop) stop(rest []byte, pos int, isStop func(byte) bool) int {
	if pos >= s.from && pos < s.at {
		return min(s.at-pos, len(rest))
	}
	k := 0
	for k < len(rest) && !isStop(rest[k]) {
		k++
	}
	s.from, s.at = pos, pos+k
	return k
}

// A backslash is not a stop: an escape ends no destination, it only
// keeps the byte after it from ending one, so a destination with no stop
// within MaxLinkTail bytes ends on none whatever its escapes (200 KB of
// "[a](\(" parsed in 48 ms with it a stop, 7.9 ms without; prose 1.6).
func plainStop(c byte) bool { return c == ')' || util.IsSpace(c) }
func angleStop(c byte) bool { return c == '>' }

// destinationEnds reports whether the link destination starting in rest
// (the line after "](", at offset pos of the source) ends within
// MaxLinkTail bytes, scanning as goldmark's parseLinkDestination does. A
// destination on a later line (rest is blank) is goldmark's to find:
// that scan ends with the line it is on, and only one "](" can end a
// line. Where no byte that can end a destination comes within
// MaxLinkTail bytes (the tails know), the answer is known without the
// scan: only the line's end can end it.
func (t *tails) destinationEnds(rest []byte, pos int) bool {
	i := 0
	for i < len(rest) && util.IsSpace(rest[i]) {
		i++
	}
	if i == len(rest) {
		return true
	}
	end := min(len(rest), i+MaxLinkTail)
	if rest[i] == '<' {
		if i+1+t.angle.stop(rest[i+1:], pos+i+1, angleStop) >= end {
			return end == len(rest)
		}
		for j := i + 1; j < end; j++ {
			switch {
			case rest[j] == '\\' && j+1 < len(rest) && util.IsPunct(rest[j+1]):
				j++
			case rest[j] == '>':
				return true
			}
		}
		return end == len(rest) // the line ended first: no link, found cheaply
	}
	if i+t.plain.stop(rest[i:], pos+i, plainStop) >= end {
		return end == len(rest)
	}
	if t.parens != nil && t.parens.serves(rest[i:], pos+i) {
		// A scan of this line went long before: it goes on from there
		// (the destinations of "[a]((()" repeated would each scan
		// directScan bytes again).
		return t.parens.ends(rest[i:], pos+i)
	}
	opened := 0
	for j := i; j < min(end, i+directScan); j++ {
		switch c := rest[j]; {
		case c == '\\' && j+1 < len(rest) && util.IsPunct(rest[j+1]):
			j++
		case c == '(':
			opened++
		case c == ')':
			opened--
			if opened < 0 {
				return true
			}
		case util.IsSpace(c):
			return true
		}
	}
	if i+directScan >= end {
		return end == len(rest)
	}
	// Parentheses that open more than they close ("[a]((()" repeated)
	// kept the scan going to MaxLinkTail bytes for every "](" on the
	// line: the rest is answered from one scan of the line.
	if t.parens == nil {
		t.parens = &parenScan{}
	}
	return t.parens.ends(rest[i:], pos+i)
}

// directScan is how far destinationEnds scans a destination itself: a
// written link's destination ends well within it.
const directScan = 256

// parenScan answers destinationEnds' scan of a plain destination (its
// parentheses balanced, ending at a space or at a ")" closing more than
// were opened) for starts that come in order along one line, reading each
// byte once: a scan from s ends within MaxLinkTail bytes if, among the
// spaces and ")" at or after s within them, one is a space or a ")" whose
// depth (the "(" less the ")" before it, counted from where the line's
// scan started) is at most s's. The spaces and ")" of the window are
// kept in a deque of rising depths (a sliding window's minimum), the
// depth at each position of the window in a ring.
type parenScan struct {
	lineEnd int // the source offset where the line ends
	last    int // the last start asked for
	at      int // the next position to read
	depth   int // the depth before at
	// depths has the depth before each position of the window, at its
	// offset modulo its length; noToken where an escape's second byte is.
	depths [2 * MaxLinkTail]int32
	window []parenEnd // the window's spaces and ")", depths rising
	head   int        // the first of window in the window; before, ends passed
}

// parenEnd is a space or a ")" at pos, its depth (minDepth for a space,
// which ends any destination).
type parenEnd struct{ pos, depth int }

const (
	noToken  = -1 << 31
	minDepth = -1 << 62
)

// ends reports whether the destination starting at rest (at offset pos of
// the source, rest running to the end of its line) ends within
// MaxLinkTail bytes, as destinationEnds' scan finds.
func (p *parenScan) ends(rest []byte, pos int) bool {
	lineEnd := pos + len(rest)
	if !p.serves(rest, pos) {
		// Another line, or a start the scan so far does not serve.
		p.lineEnd, p.at, p.depth, p.window, p.head = lineEnd, pos, 0, p.window[:0], 0
	}
	p.last = pos
	base := p.depth
	if pos < p.at {
		base = int(p.depths[pos%len(p.depths)])
	}
	end := min(lineEnd, pos+MaxLinkTail)
	for p.at < end {
		j := p.at - pos
		p.depths[p.at%len(p.depths)] = int32(p.depth)
		switch c := rest[j]; {
		case c == '\\' && j+1 < len(rest) && util.IsPunct(rest[j+1]):
			p.depths[(p.at+1)%len(p.depths)] = noToken
			p.at += 2
			continue
		case c == '(':
			p.depth++
		case c == ')':
			p.push(parenEnd{p.at, p.depth})
			p.depth--
		case util.IsSpace(c):
			p.push(parenEnd{p.at, minDepth})
		}
		p.at++
	}
	for p.head < len(p.window) && p.window[p.head].pos < pos {
		p.head++
	}
	if p.head > 0 && 2*p.head >= len(p.window) {
		// The ends passed are dropped by moving the window down once
		// they are as many as the ends it holds, so a move copies no
		// more ends than were passed, each once: linear. Resliced
		// from its front instead, the window lost its room, and
		// append copied it again and again (80 KB for a 16 KB line
		// of "[a]((()").
		p.window = p.window[:copy(p.window, p.window[p.head:])]
		p.head = 0
	}
	win := p.window[p.head:]
	if len(win) > 0 && win[0].pos < end {
		// The lowest end of the window; or, as the scan it stands for
		// answers, the line ending within reach (goldmark trims a
		// paragraph's last line: it may end with no space at all).
		return win[0].depth <= base || end == lineEnd
	}
	return end == lineEnd
}

// serves reports whether the scan so far answers a start at rest (at
// offset pos of the source, rest running to the end of its line) by going
// on: the same line, a start neither before the last one nor beyond what
// was read, and not on an escape's second byte.
func (p *parenScan) serves(rest []byte, pos int) bool {
	return pos+len(rest) == p.lineEnd && pos >= p.last && pos <= p.at &&
		(pos == p.at || p.depths[pos%len(p.depths)] != noToken)
}

// push adds e to the window, dropping the ends before it that are no
// lower: e outlives them in the window.
func (p *parenScan) push(e parenEnd) {
	n := len(p.window)
	for n > p.head && p.window[n-1].depth >= e.depth {
		n--
	}
	p.window = append(p.window[:n], e)
}
