package markdown

import (
	"bytes"
	"math"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Brackets in a block where no link can form.
//
// Goldmark's link parser (parser/link.go, linkParser.Parse) pushes a link
// label state (some 200 bytes, a node among the block's children) and a
// link bottom for every "[" and "![", and at every "]" takes the last one
// off again, copies its label (blockReader.Value), looks it up as a
// reference, and turns the state into text: merged into the text node
// before it when that one ends where it starts (ast.MergeOrReplaceTextSegment),
// else a text node of its own; pending ones become text nodes of their
// own when the block ends (linkParser.CloseBlock). The text between is a
// node after each state. Where no link can form, that is all it does:
// "[a][b " repeated (16 KB: 2,700 states, their bottoms and text nodes)
// cost six times prose's memory, "[" x 8,000 "a" "]" x 8,000 twice (each
// of 32 "]" copied a label of 8 KB).
//
// A block where no link can form is one whose lines hold no "](" (no
// inline link or image: goldmark reads a destination only right after
// the "]") and no label that goldmark looks up and finds defined (no
// reference link: see readRefs). There linkGuard keeps the bracket stack
// itself (owned), as goldmark would keep it, bounded by MaxLinkOpeners
// as goldmark's is: a pending opener is a bracketOpener, a node as
// goldmark's state is, turned into text as goldmark turns its own. A
// stretch of a line of brackets and plain text (see brackets.stretch) is
// read at once, the text nodes goldmark makes of it recorded as one text
// node and its cuts (a text run: textJoiner joins it as goldmark's
// nodes, or splits it into them). Nothing but the brackets' own nodes
// changes: no link, no delimiter processing (goldmark's link parser
// processes delimiters only for a link it makes).

// bracketsKey holds a parse's brackets.
var bracketsKey = parser.NewContextKey()

// brackets is the bracket stack of the block being parsed, when linkGuard
// owns it, and scratch kept between its stretches (one per Parse call).
type brackets struct {
	// block is the block the rest is of; owned says linkGuard keeps
	// its stack (see ownsBlock).
	block ast.Node
	owned bool
	// refs is 1 when the document has no link reference definition, 2
	// when it has some, none of whose labels holds a bracket, 3 when
	// one's does (0: not asked yet); labels are theirs, as goldmark
	// looks them up (util.ToLinkReference), and key is scratch.
	refs   int8
	labels map[string]struct{}
	key    []byte
	// pending are the openers pending in the block, first to last.
	pending []*bracketOpener
	// items and local are stretch's scratch.
	items []bracketItem
	local []int
	// stretches and opened count the stretches read and the openers
	// pushed alone, steps the brackets stretch's simulation reads (for
	// the tests).
	stretches, opened, steps int
}

// bracketsOf returns pc's brackets.
func bracketsOf(pc parser.Context) *brackets {
	b, _ := pc.Get(bracketsKey).(*brackets)
	if b == nil {
		b = &brackets{}
		pc.Set(bracketsKey, b)
	}
	return b
}

// bracketsPending reports whether an opener is pending in a block whose
// stack linkGuard keeps: what goldmark's Context.IsInLinkLabel says of
// its own stack, which linkify asks (a link label holds no bare link).
func bracketsPending(pc parser.Context) bool {
	b, _ := pc.Get(bracketsKey).(*brackets)
	return b != nil && len(b.pending) > 0
}

// ownsBlock reports whether linkGuard keeps the bracket stack of parent,
// a paragraph or text block where no link can form (see above): every
// "[", "![" and "]" of it is then read by linkGuard alone. The block's
// lines are read once, when its first bracket is.
func (b *brackets) ownsBlock(parent ast.Node, src []byte, pc parser.Context) bool {
	if b.block == parent {
		return b.owned
	}
	b.block, b.owned, b.pending = parent, false, b.pending[:0]
	if k := parent.Kind(); k != ast.KindParagraph && k != ast.KindTextBlock || len(src) > math.MaxInt32 {
		return false
	}
	if b.refs == 0 {
		b.readRefs(pc)
	}
	if b.refs == 3 {
		return false
	}
	// The bracket before, in the block: ']', or '[' at open of the
	// line, or '[' of a line before (-1).
	var last byte
	open := -1
	lines := parent.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := src[seg.Start:seg.Stop]
		if bytes.Contains(line, []byte("](")) {
			return false
		}
		if b.refs == 1 {
			continue
		}
		open = -1
		for k := bytes.IndexAny(line, "[]"); k >= 0; {
			if line[k] == '[' {
				last, open = '[', k
			} else {
				if last == '[' && (open < 0 || b.defined(line[open+1:k])) {
					// A label over lines, or one of a definition's.
					return false
				}
				last = ']'
			}
			j := bytes.IndexAny(line[k+1:], "[]")
			if j < 0 {
				break
			}
			k += 1 + j
		}
	}
	b.owned = true
	return true
}

// readRefs reads the document's link reference definitions into refs and
// labels. With definitions, no link forms in a block where no label that
// goldmark looks up at a "]" is one's: such a label runs from an opener
// to the "]" (a shortcut or collapsed reference), or from the "[" after
// it to the next "]" (a full one); one that holds a bracket is no
// definition's, when no definition's label holds one. So the labels to
// look up are the texts between a "[" and the next bracket, a "]" on
// the same line (see ownsBlock; a label over lines is not read: such a
// block is goldmark's).
func (b *brackets) readRefs(pc parser.Context) {
	b.refs = 1
	refs := pc.References()
	if len(refs) == 0 {
		return
	}
	b.refs = 2
	b.labels = make(map[string]struct{}, len(refs))
	for _, r := range refs {
		if bytes.ContainsAny(r.Label(), "[]") {
			b.refs = 3
			return
		}
		b.labels[util.ToLinkReference(r.Label())] = struct{}{}
	}
}

// defined reports whether label is a definition's, as goldmark's lookup
// finds (util.ToLinkReference: spaces trimmed and runs of them made one,
// case folded); for an ASCII label without allocating.
func (b *brackets) defined(label []byte) bool {
	key := b.key[:0]
	label = util.TrimRightSpace(util.TrimLeftSpace(label))
	space := false
	for _, c := range label {
		switch {
		case c >= 0x80:
			_, ok := b.labels[util.ToLinkReference(label)]
			return ok
		case util.IsSpace(c):
			space = true
			continue
		case space:
			key = append(key, ' ')
			space = false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		key = append(key, c)
	}
	b.key = key
	_, ok := b.labels[string(key)]
	return ok
}

// bracketOpener is a "[" or "![" pending in an owned block, as
// goldmark's linkLabelState is in its: a node among the block's children
// that no text merges into, turned into text when a "]" takes it or the
// block ends.
type bracketOpener struct {
	ast.BaseInline
	Segment text.Segment
}

// kindBracketOpener is bracketOpener's kind; no tree holds one once its
// block is parsed.
var kindBracketOpener = ast.NewNodeKind("BracketOpener")

func (o *bracketOpener) Kind() ast.NodeKind { return kindBracketOpener }

func (o *bracketOpener) Dump(src []byte, level int) { ast.DumpHelper(o, src, level, nil, nil) }

// open returns an opener at line[0] ("[", or "![" when image), pushed.
func (b *brackets) open(seg text.Segment, image bool, block text.Reader, pc parser.Context) ast.Node {
	w := 1
	if image {
		w = 2
	}
	o := &bracketOpener{Segment: text.NewSegment(seg.Start, seg.Start+w)}
	b.opened++
	b.pending = append(b.pending, o)
	pc.Set(openersKey, len(b.pending))
	block.Advance(w)
	return o
}

// close takes the last pending opener, at a "]", as goldmark's link
// parser does where no link forms: the opener becomes text, merged into
// the text before it or in its place; the "]" is text (nil).
func (b *brackets) close(pc parser.Context) ast.Node {
	if len(b.pending) == 0 {
		return nil
	}
	o := b.pending[len(b.pending)-1]
	b.pending = b.pending[:len(b.pending)-1]
	pc.Set(openersKey, len(b.pending))
	ast.MergeOrReplaceTextSegment(o.Parent(), o, o.Segment)
	return nil
}

// closeBlock turns the openers still pending into text nodes of their
// own, as goldmark's linkParser.CloseBlock turns its states, and forgets
// the block.
func (b *brackets) closeBlock() {
	for _, o := range b.pending {
		o.Parent().ReplaceChild(o.Parent(), o, ast.NewTextSegment(o.Segment))
	}
	clear(b.pending)
	b.block, b.owned, b.pending = nil, false, b.pending[:0]
}

// bracketItem is a node goldmark's parse makes in a stretch: from pos to
// the next item's pos (or the stretch's end), an opener still pending
// (state) or text. Offsets fit in 32 bits: ownsBlock owns no block of a
// larger source.
type bracketItem struct {
	pos   int32
	state bool
}

// Item kinds of a stretch's first item, which stands for the block's
// last child before it: text the stretch's first text may merge into,
// or anything else.
const (
	beforeText  = -1
	beforeOther = -2
)

// stretch reads, at an opener at line[0] (of segment seg) that goldmark
// would push, the stretch of the line after it that is brackets and plain
// text (runScan's stretch, which no inline parser reads), as goldmark's
// parse of it, and returns its last node, the ones before appended to
// parent, or nil where it reads no more than the opener. It ends where
// goldmark's inline loop would go on as after it: after an opener pushed
// (a node returned) or at a bracket (where the loop ends a text to ask
// the parsers); never at the end of a line, whose last text goldmark
// makes a node of its own. The items are simulated first, then made: a
// pending opener a node, each run of text items one text node that
// records where goldmark's nodes start (a text run). What it reads up to
// its end it takes, even where all of it merged into the last child, so
// that no byte is simulated again from a later bracket. The simulation
// reads each byte once; taking an opener off the middle of the items
// moves the items after it, each at most MaxLinkOpeners times (as many
// openers as were pending when it was made), so it is linear.
func (b *brackets) stretch(parent ast.Node, line []byte, seg text.Segment, block text.Reader, pc parser.Context, emoji bool) ast.Node {
	items, local := b.items[:0], b.local[:0]
	// items[0] stands for the block's last child.
	first := bracketItem{pos: beforeOther}
	if t, ok := parent.LastChild().(*ast.Text); ok && t.Segment.Stop == seg.Start && !t.SoftLineBreak() {
		first.pos = beforeText
	}
	items = append(items, first)
	isText := func(i int) bool { return i == 0 && items[0].pos == beforeText || i > 0 && !items[i].state }
	addText := func(at int) {
		if !isText(len(items) - 1) {
			items = append(items, bracketItem{pos: int32(seg.Start + at)})
		}
	}
	bracket := func(j int) bool {
		return j < len(line) && (line[j] == '[' || line[j] == ']' || line[j] == '!' && j+1 < len(line) && line[j+1] == '[')
	}
	scan := runScan{line: line, pc: pc, colons: !emoji, plain: true}
	outer := len(b.pending)
	end := 0
	for j := 0; ; {
		b.steps++
		c := line[j]
		if c == '[' && j+1 < len(line) && line[j+1] == '^' {
			break // the footnote parser's first
		}
		w := 1
		if c == '!' {
			w = 2
		}
		if c != ']' && outer+len(local) < MaxLinkOpeners {
			items = append(items, bracketItem{pos: int32(seg.Start + j), state: true})
			local = append(local, len(items)-1)
			j += w
			end = j
			k := scan.stretch(j)
			if !bracket(k) {
				break
			}
			if k > j {
				items = append(items, bracketItem{pos: int32(seg.Start + j)})
			}
			j = k
			continue
		}
		if c == ']' && len(local) == 0 && outer > 0 {
			break // the "]" takes an opener of a stretch before
		}
		k := scan.stretch(j + 1)
		if !bracket(k) {
			break // the text after would end the line
		}
		if c == ']' && len(local) > 0 {
			i := local[len(local)-1]
			local = local[:len(local)-1]
			if isText(i - 1) {
				items = append(items[:i], items[i+1:]...)
			} else {
				items[i].state = false
			}
		}
		// The bracket and the text after it: "!" before "[" is text
		// alone here, when no opener can be pushed.
		addText(j)
		j, end = k, k
	}
	b.items, b.local = items, local
	if end == 0 || len(items) == 2 && items[1].state && int(items[1].pos) == seg.Start {
		// Nothing read, or no more than the opener: open pushes it.
		return nil
	}
	b.stretches++
	if len(items) == 1 {
		// All merged into the last child, a text ("x[][]...[]"
		// before a "[^", a "]" of an opener before or the line's
		// last text): it is extended to the stretch's end and
		// returned, which parseBlock appends again where it was. Left
		// to open, the stretch would be read again from each of its
		// brackets, quadratic in its length (64 KB of "x[]" took 46
		// s): what is read is taken.
		t := parent.LastChild().(*ast.Text)
		parent.RemoveChild(parent, t)
		t.Segment = t.Segment.WithStop(seg.Start + end)
		block.Advance(end)
		return t
	}
	if items[0].pos == beforeText && int(items[1].pos) > seg.Start {
		// The stretch's first items merged into the last child.
		t := parent.LastChild().(*ast.Text)
		t.Segment = t.Segment.WithStop(int(items[1].pos))
	}
	var last ast.Node
	put := func(n ast.Node) {
		if last != nil {
			parent.AppendChild(parent, last)
		}
		last = n
	}
	for i := 1; i < len(items); {
		stop := seg.Start + end
		if items[i].state {
			if i+1 < len(items) {
				stop = int(items[i+1].pos)
			}
			o := &bracketOpener{Segment: text.NewSegment(int(items[i].pos), stop)}
			b.pending = append(b.pending, o)
			put(o)
			i++
			continue
		}
		k := i + 1
		for k < len(items) && !items[k].state {
			k++
		}
		if k < len(items) {
			stop = int(items[k].pos)
		}
		t := ast.NewTextSegment(text.NewSegment(int(items[i].pos), stop))
		if k-i > 1 {
			cuts := make([]int32, 0, k-i-1)
			for _, it := range items[i+1 : k] {
				cuts = append(cuts, it.pos)
			}
			runs, _ := pc.Get(textRunsKey).(map[*ast.Text]textRun)
			if runs == nil {
				runs = map[*ast.Text]textRun{}
				pc.Set(textRunsKey, runs)
			}
			runs[t] = textRun{refs: k - i, cuts: cuts}
			pc.Set(runsKey, true) // textJoiner counts the nodes it stands for
		}
		put(t)
		i = k
	}
	pc.Set(openersKey, len(b.pending))
	block.Advance(end)
	return last
}
