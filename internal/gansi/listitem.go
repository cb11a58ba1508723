package gansi

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark/ast"
)

// An ItemElement is used to render items inside a list.
type ItemElement struct {
	IsOrdered   bool
	Enumeration uint
}

// Render renders an ItemElement.
func (e *ItemElement) Render(w io.Writer, ctx RenderContext) error {
	var el *BaseElement
	if e.IsOrdered {
		el = &BaseElement{
			Style:  ctx.options.Styles.Enumeration,
			Prefix: strconv.FormatInt(int64(e.Enumeration), 10), //nolint:gosec
		}
	} else {
		el = &BaseElement{
			Style: ctx.options.Styles.Item,
		}
	}

	return el.Render(w, ctx)
}

// leavesPadding reports whether the list being finished (the current
// block, written with mw) may leave its lines unpadded, to be padded by
// the list it is nested in: whether that list pads with the same cells,
// and pads a line of this list's at least as wide as this list would
// (its width is this list's, its indentation and margin, and the margin
// again, when no width is cut to zero). Then the line is the same, byte
// for byte, whoever pads it: the padding comes after the text and the
// reset that ends it, before the newline, and each cell closes its own
// style. An outline of three levels had each item's line padded to the
// window by its innermost list (a styled space per cell: about 1 KB a
// line at 80 columns), and that kilobyte scanned again by every list
// around it. The parent list pads its lines, or leaves them to its own
// parent list on the same terms, so the outermost list pads them all.
// (The document pads with plain spaces, the lists with styled ones: a
// top-level list pads its own lines, or, when its caller trims that
// padding, leaves it out: see SetTrimmedPadding.)
func leavesPadding(ctx RenderContext, mw *MarginWriter) bool {
	bs := *ctx.blockStack
	if len(bs) < 2 || mw.pw.Padding <= 0 || mw.pw.cells == nil {
		return false
	}
	parent := bs[len(bs)-2]
	if !parent.list || !parent.Margin {
		return false
	}
	// A definition list may start after a description's prefix, on a
	// line of its parent's (see parentPads).
	if int(bs[:len(bs)-1].Width(ctx)) < mw.iw.Indent+mw.pw.Padding || !atLineStart(parent.Block) {
		return false
	}
	return ctx.writers.cellRun(ctx.sgr, parent.Style.StylePrimitive, " ").cell == mw.pad.cell
}

// quotedListTrimmed reports whether the list being finished (the current
// block, written with mw), in a quote, may leave its lines unpadded: its
// padding cells are trimmed by the caller (see SetTrimmedPadding), and so
// are those of every block around it, each a quote or the document (see
// trimmedAround), which write a line of the list's as their indentation,
// the line and their padding, so that the list's padding is followed by
// padding only, to the end of the line, and trimmed with it; but for the
// lines whose padding the caller reads (see SetReadPadding and
// writeReadPadded). A list at the document's level leaves its padding out
// through its margin writer (see padTrimmed); a list in a list, to that
// list (see leavesPadding). A list of tables or code blocks in a quote
// had each line padded to the window, a styled space per cell (about
// 1.1 KB a line at 80 columns), which the quote and then the document
// copied for the caller to trim: 13 MB for 16 KB of them, fifty times
// prose.
func quotedListTrimmed(ctx RenderContext, mw *MarginWriter) bool {
	if ctx.padQuotedLists || ctx.blockStack.Len() < 3 || mw.pw.Padding <= 0 || mw.pw.cells == nil {
		return false
	}
	return ctx.trimmedAround(mw.pad.cellRun)
}

// cleanLines reports whether every line of s is clean (see cleanLine)
// and fits in width: a line a margin writer pads with its cells and
// nothing else, which the quote around it lays out as it is, so that it
// is the same, but for those cells, left unpadded. A line wider than its
// quote has the quote wrap its text, which writes the pen's sequences
// after a padded line.
func cleanLines(s string, width int) bool {
	for len(s) > 0 {
		line := s
		if nl := strings.IndexByte(s, '\n'); nl >= 0 {
			line, s = s[:nl], s[nl+1:]
		} else {
			s = ""
		}
		if w, ok := cleanLine(unsafe.Slice(unsafe.StringData(line), len(line))); !ok || w > width {
			return false
		}
	}
	return true
}

// SetReadPadding tells r that its caller reads the padding of the lines
// that hold mark (render's list item tags: it cuts the lead of an item's
// continuation lines from the item's first line, every sequence of it,
// the padding's too): a list that leaves its padding to be trimmed (see
// quotedListTrimmed) pads those lines still, as upstream does, so that
// their bytes stay the same.
func (r *ANSIRenderer) SetReadPadding(mark rune) {
	r.context.readMark = mark
}

// writeReadPadded writes s, a list's text, with mw as writeFlow does,
// mw leaving its lines unpadded, but for those that hold mark, padded to
// padding as they were (see SetReadPadding). mw pads a line as it writes
// its newline, so s is written a run of lines at a time, each run ending
// on a newline, with the padding of its lines set before it.
func writeReadPadded(mw *MarginWriter, s string, idle bool, mark rune, padding int) error {
	for len(s) > 0 {
		// The run: up to the line that holds mark, or that line.
		run := len(s)
		pad := 0
		if at := strings.IndexRune(s, mark); at >= 0 {
			start := strings.LastIndexByte(s[:at], '\n') + 1
			if start > 0 {
				run = start
			} else {
				pad = padding
				if nl := strings.IndexByte(s[at:], '\n'); nl >= 0 {
					run = at + nl + 1
				}
			}
		}
		mw.pw.Padding = pad
		if err := mw.writeFlow(s[:run], idle); err != nil {
			return err
		}
		s = s[run:]
	}
	mw.pw.Padding = 0
	return nil
}

// listElements are the elements NewElement makes for lists and their
// items, one of each for a render. NewElement makes a node's element
// again for each node the render enters or leaves, and an element is used
// only while its Render or Finish runs (a list's Render pushes a copy of
// it onto the block stack, and its Finish reads the stack's), so one
// serves every list: an outline of 300 items made 400 list elements (one
// to enter and one to leave each list) of 350 bytes each, most of it the
// block's style.
type listElements struct {
	list BlockElement
	item ItemElement
	// placed are the ordered list items last numbered, one a list
	// (nested lists take turns), with their places: an item's place is
	// one more than the item's before it, not a walk back over its list,
	// which made a list of n items cost n² steps.
	placed [8]placedItem
	next   int // the slot of placed to use next
	// keepLine, if set, says how blocks wrap the lines it is asked
	// about (see SetKeptItems).
	keepLine func(line string) Keep
	// kept counts the lines kept so (see KeptItems).
	kept int
	// texts, if set, is given the text of every list at the document's
	// level (see SetListTexts); nested says a list was laid out
	// elsewhere.
	texts  func(text string)
	nested bool
	// keptTexts, if set, is given the text of every list in a block
	// that has no list in it and whose lines were kept (see
	// SetKeptListTexts).
	keptTexts func(text string)
}

// SetListTexts has r call f with the text of every list it lays out at
// the document's level and wraps (a line of it wider than the list
// broken), as the list holds it before laying it out: its items' lines
// unwrapped, before its indentation, margins and padding (the string is
// valid during the call only). A list it keeps as it is, whose items'
// lines the caller finds whole in the output, is not given; nor is a
// list anywhere else (in a list, a quote, a definition), and ListsNested
// then reports true. Glamour writes an item's text into its list as it
// is, whatever the width: render takes the texts of items that wrap
// from these (see itemTexts) instead of laying the document out again
// without wrapping.
func (r *ANSIRenderer) SetListTexts(f func(text string)) {
	r.context.lists.texts = f
}

// SetKeptListTexts has r call f with the text of every list it lays out
// in a block (not at the document's level) that has no list in it and
// whose lines it kept or cut as SetKeptItems' keep said, as the list holds
// it before laying it out (the string is valid during the call only), in
// the order the lists end: the order of their items, as no such list is
// in another. An item nested in lists that wraps (16 KB of "- - - ...")
// has its text there, the caller's to take (see SetListTexts) when every
// tagged item is in such a list, on a line of it, instead of laying the
// document out again without wrapping.
func (r *ANSIRenderer) SetKeptListTexts(f func(text string)) {
	r.context.lists.keptTexts = f
}

// keepsListTexts reports whether the lists' kept texts are asked for
// (see SetKeptListTexts).
func (ctx RenderContext) keepsListTexts() bool {
	return ctx.lists != nil && ctx.lists.keptTexts != nil
}

// hasList reports whether a list is among n's descendants.
func hasList(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeBlock {
			continue // inline nodes hold no lists: not walked
		}
		if c.Kind() == ast.KindList || hasList(c) {
			return true
		}
	}
	return false
}

// ListsNested reports whether a list r laid out was not at the
// document's level (see SetListTexts).
func (r *ANSIRenderer) ListsNested() bool { return r.context.lists.nested }

// seeList gives text, the text of the list being finished, to the
// lists' texts (see SetListTexts) when the list wrapped it into s.
func (ctx RenderContext) seeList(text, s string) {
	l := ctx.lists
	if l == nil || l.texts == nil || l.nested {
		// Once a list was nested, the texts do not serve: a list
		// nested in another is finished first, and its parent's text
		// is not given (an outline's, kept whole).
		return
	}
	if ctx.blockStack.Len() != 2 {
		l.nested = true
		return
	}
	// Wrapped: lines broken (the pass that sets the pen again after
	// each newline, which a list of links has, adds none).
	if strings.Count(s, "\n") != strings.Count(text, "\n") {
		l.texts(text)
	}
}

// Keep says how a block wraps a line wider than it (see SetKeptItems).
type Keep int

// The ways SetKeptItems' keep may have a line wrapped.
const (
	// KeepWrap: as ansiWrap wraps it.
	KeepWrap Keep = iota
	// KeepWhole: not at all.
	KeepWhole
	// KeepFirst: its first line as ansiWrap makes it, then the rest of
	// it unwrapped, on a line of its own, cut to what the caller reads
	// of it (see keptRest).
	KeepFirst
)

// keptRest returns what a block keeps of the rest of a line that keep
// says KeepFirst of, after its first line (see SetKeptItems): the rest,
// a line of the plain form plainPen reads, without the printable ASCII
// before its last character beyond ASCII, which the caller does not
// read: it reads of that line only its tags (characters beyond ASCII,
// kept) and what follows the last of them (kept as it is: padding, or
// text that makes the caller keep glamour's layout), and the blocks
// around it, the pen its sequences leave (kept, in order). A line kept
// so is thrown away by the caller (it lays the item out again), and
// was copied whole into the block of each level of a nest around it. A
// rest with no such ASCII is itself. TestKeptRest checks it.
func keptRest(rest string) string {
	// tail is where the text after the last character beyond ASCII
	// starts; drop counts the printable ASCII before it.
	tail, drop := 0, 0
	for i := 0; i < len(rest); {
		switch n := seqAt(rest, i); {
		case n > 0:
			i += n
		case rest[i] >= 0x20 && rest[i] < 0x7f:
			drop++
			i++
		case rest[i] >= utf8.RuneSelf:
			_, size := utf8.DecodeRuneInString(rest[i:])
			i += size
			tail = i
		default:
			i++
		}
	}
	if tail == 0 {
		return rest // nothing follows the last tag: no tag at all
	}
	for i := tail; i < len(rest); {
		if n := seqAt(rest, i); n > 0 {
			i += n
			continue
		}
		if rest[i] >= 0x20 && rest[i] < 0x7f {
			drop--
		}
		i++
	}
	if drop == 0 {
		return rest
	}
	b := make([]byte, 0, len(rest)-drop)
	for i := 0; i < tail; {
		if n := seqAt(rest, i); n > 0 {
			b = append(b, rest[i:i+n]...)
			i += n
			continue
		}
		if c := rest[i]; c < 0x20 || c >= 0x7f {
			b = append(b, c)
		}
		i++
	}
	return string(append(b, rest[tail:]...))
}

// seqAt is the length of the SGR sequence or OSC 8 link (as plainPen
// reads them) s has at i, or 0.
func seqAt(s string, i int) int {
	if s[i] != 0x1b || i+1 == len(s) {
		return 0
	}
	switch s[i+1] {
	case '[':
		return SGRLen(s[i:])
	case ']':
		n, _ := osc8Len(s[i:])
		return n
	}
	return 0
}

// SetKeptItems tells r that its caller lays out again, under their own
// text, the list items on lines that keep says to keep, and reads of
// glamour's layout of such an item only its first line (its prefix, and
// the lead of its continuation lines) and where its text ends: the blocks
// (lists, quotes, the document) wrap a line of the plain form (penIdle's)
// wider than them as keep says (a paragraph still wraps its text). keep
// is asked only about such lines. An item wrapped at the innermost level
// of a nest was wrapped again at every level around it, a line of
// indentation cells at each, its lines then thrown away: with KeepFirst
// for its first line and KeepWhole for the rest, each level has two lines
// of it.
func (r *ANSIRenderer) SetKeptItems(keep func(line string) Keep) {
	r.context.lists.keepLine = keep
}

// KeptItems is how many lines the blocks of r's renders kept or cut as
// SetKeptItems' keep said, rather than wrap them.
func (r *ANSIRenderer) KeptItems() int { return r.context.lists.kept }

// keptLine is the lists' keepLine (see SetKeptItems), nil when none.
func (ctx RenderContext) keptLine() func(string) Keep {
	if ctx.lists == nil {
		return nil
	}
	return ctx.lists.keepLine
}

// placedItem is an ordered list item and its 1-based place in its list.
type placedItem struct {
	item ast.Node
	num  uint
}

// place is the 1-based place of item n in its list. NewElement asks for
// it as the render enters n and again as it leaves.
func (l *listElements) place(n ast.Node) uint {
	p := n.PreviousSibling()
	for i := range l.placed {
		switch s := &l.placed[i]; {
		case s.item == n:
			return s.num
		case p != nil && s.item == p:
			s.item, s.num = n, s.num+1
			return s.num
		}
	}
	num := uint(1)
	for ; p != nil && p.Kind() == ast.KindListItem; p = p.PreviousSibling() {
		num++
	}
	l.placed[l.next] = placedItem{n, num}
	l.next = (l.next + 1) % len(l.placed)
	return num
}
