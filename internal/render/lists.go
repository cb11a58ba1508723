package render

import (
	"bytes"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/gansi"
	"github.com/sshblog/sshblog/internal/markdown"
)

// Glamour lays list items out as one block wrapped at the list's margin:
// a wrapped item continues under its number instead of under its text, a
// line break in the source starts a new line at the margin, and the second
// paragraph of a loose item is glued to the end of the first with no space
// (charmbracelet/glamour#167, open in v2.0.1). Numbered and bulleted lists
// of long Chinese sentences, which wrap on every item, read badly.
//
// So items are laid out again after glamour. annotate tags, in the
// markdown, where each item's text starts and ends, where its later
// paragraphs start and where it has hard line breaks. The document is
// rendered twice: at the window width, and without wrapping. itemTexts
// takes each item's styled text from the unwrapped render (where the only
// line breaks are the source's, so nothing needs guessing), and hangItems
// replaces the lines between an item's start and end tags in the wrapped
// render with that text, wrapped under itself. Writing a list renderer
// instead would mean redoing glamour's inline styling (links, code,
// emphasis), which this keeps.

// The tags are punctuation characters nobody writes (annotate replaces any
// in the text), and are set apart from the text by a space, so that what
// is next to them parses as without them: a bare URL is still linked,
// emphasis still opens and closes; their width does not matter because
// every tagged item is wrapped again. itemTexts drops the spaces.
const (
	itemMark = '\u2E3B' // THREE-EM DASH: an item's text starts here
	paraMark = '\u2E3A' // TWO-EM DASH: a later paragraph of the item starts here
	hardMark = '\u2E39' // TOP HALF SECTION SIGN: a hard line break
	endMark  = '\u2E38' // TURNED DAGGER: the item's text ends here
)

// ownMarks replaces tag characters written in a post with look-alikes.
var ownMarks = newMarkReplacer(ownMarkPairs...)

// ownMarkPairs are ownMarks' old and new strings.
var ownMarkPairs = []string{string(itemMark), "———", string(paraMark), "——", string(hardMark), "§", string(endMark), "†", string(widthFiller), "†", string(figMark), "†", string(headMark), ""}

// annotate rewrites the markdown in one parse: it tags each list item
// whose first block is a paragraph with itemMark where its text starts
// (after a task checkbox), paraMark where each later paragraph that
// directly follows starts, hardMark at its hard line breaks and endMark
// where the last of those paragraphs ends; and it joins lines that break
// between two CJK characters (see cjkSoftBreak).
func annotate(md string, refs []parser.Reference, notes *markdown.Notes, lastPiece bool) string {
	s, _, _ := annotateParsed(md, refs, notes, lastPiece)
	return s
}

// annotateParsed is annotate, also returning its parse of md when that
// parse can stand for a parse of the annotated markdown in figuresIn and
// lexesIn (nil else), which then need no parse of their own: a parse was
// 4% of a 2 MB post's cold render. It can when there are no notes (the
// parses are then of one parser with the same references) and no edit
// goes around a figure or into an image's alt text: the tags go at the
// start of a paragraph's first line, at the end of its last line and at
// its hard line breaks, set apart by a space so that the markdown parses
// as without them, and line breaks are deleted only between two CJK
// characters of a paragraph's text, so code and figures are not touched.
// (A figure's end tag goes at the end of its first line, inside an alt
// text written over several lines.)
// TestSharedParseHasTheFiguresAndCode checks the claim. The third result
// is annotate's parse when it is a parse, with notes, of the markdown it
// returns, which the first render may lay out (see firstParse): when it
// changed nothing, or when it only inserted tags that retagged could put
// in the tree as a parse of the tagged markdown has them (then the second
// result, if any, is that tree too, with the tagged bytes); nil else.
func annotateParsed(md string, refs []parser.Reference, notes *markdown.Notes, lastPiece bool) (string, *parsed, *parsed) {
	// The post's own tag characters (nobody writes them, but a post may)
	// would be taken for tags, and removed from the output: replace them.
	md = ownMarks.Replace(md)
	// hasCJK first: it answers at the first Han character of a Chinese
	// piece, where the expression reads up to the first list (1% of a
	// 2 MB post's render).
	if !hasCJK(md) && !mayHaveList(md) {
		return md, nil, nil
	}
	src := []byte(md)
	// Most items are tagged twice (where their text starts and ends):
	// room for that many edits, which grew from none by doubling.
	edits := make([]edit, 0, 2*itemStarts(md))
	// Whether this parse serves figuresIn and lexesIn: not with notes,
	// nor with an edit around a figure or in an image's alt text.
	shared := notes == nil
	doc := markdown.ParseNotes(mdParser, src, refs, notes, lastPiece)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindText:
			if at, end, ok := cjkSoftBreak(n.(*ast.Text), src); ok {
				edits = append(edits, edit{at, end, ""})
				shared = shared && !inImage(n)
			}
		case ast.KindListItem:
			first := n.FirstChild()
			var start, end int
			switch f, isFig := first.(*markdown.Figure); {
			case isFig && f.Stop > f.Start: // an item that starts with a picture
				start, end = f.Start, f.Stop
				shared = false
			case first == nil || !isTextBlock(first) || first.Lines().Len() == 0:
				return ast.WalkContinue, nil // starts with code, a heading...: left to glamour
			default:
				start, end = textStart(first), textEnd(first, src)
			}
			edits = append(edits, edit{start, start, string(itemMark) + " "})
			last := first
			for c := first.NextSibling(); c != nil; c = c.NextSibling() {
				// A figure on a line of its own is a later paragraph too:
				// its picture is drawn under the item's text.
				if f, ok := c.(*markdown.Figure); ok && f.Stop > f.Start {
					edits = append(edits, edit{f.Start, f.Start, string(paraMark) + " "})
					last, end = c, f.Stop
					shared = false
					continue
				}
				if c.Kind() != ast.KindParagraph || c.Lines().Len() == 0 {
					break
				}
				at := c.Lines().At(0).Start
				edits = append(edits, edit{at, at, string(paraMark) + " "})
				last, end = c, textEnd(c, src)
			}
			for c := first; ; c = c.NextSibling() {
				hard, alt := hardBreaks(c, src)
				edits = append(edits, hard...)
				shared = shared && !alt
				if c == last {
					break
				}
			}
			edits = append(edits, edit{end, end, " " + string(endMark)})
		}
		return ast.WalkContinue, nil
	})
	var tree *parsed
	if shared {
		tree = &parsed{md: md, refs: refs, bytes: src, root: doc}
	}
	if len(edits) == 0 {
		return md, tree, &parsed{md: md, refs: refs, bytes: src, root: doc}
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	// The tags alone, where retagged can make annotate's parse the tagged
	// markdown's: no second parse.
	if b, ok := retagged(doc, src, edits); ok {
		// The tagged markdown is b's bytes, not a copy of them (16 KB
		// of an item): b is retagged's own, and nothing writes a
		// parse's bytes (Lower and the links append to a copy).
		// TestTaggedBytesStay checks a render leaves them.
		tagged := unsafe.String(unsafe.SliceData(b), len(b))
		if shared {
			tree = &parsed{md: tagged, refs: refs, bytes: b, root: doc}
		}
		return tagged, tree, &parsed{md: tagged, refs: refs, bytes: b, root: doc}
	}
	var b strings.Builder
	b.Grow(len(md) + 3*len(edits))
	last := 0
	for _, e := range edits {
		if e.at < last {
			continue // overlaps an earlier edit
		}
		b.Write(src[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return b.String(), tree, nil
}

// itemStarts counts the lines of md that may start a list item: after
// quote markers and indentation, a bullet or a number and a space or tab
// (as mayHaveList reads them).
func itemStarts(md string) int {
	n := 0
	for at := 0; at < len(md); {
		i := skipQuoteIndent(md, at)
		if k, ok := bulletOrNumber(md, i); ok && k < len(md) && (md[k] == ' ' || md[k] == '\t') {
			n++
		}
		nl := strings.IndexByte(md[i:], '\n')
		if nl < 0 {
			break
		}
		at = i + nl + 1
	}
	return n
}

// inImage reports whether n is inside an image (its alt text).
func inImage(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindImage {
			return true
		}
	}
	return false
}

// cjkSoftBreak reports the bytes to delete when the text node t ends a
// line with a CJK character and the next line goes on with one: in
// Chinese a line break of the source is no space, but glamour (like a
// browser) would show one in the middle of a sentence. The bytes are the
// line break and the next line's indentation or quote markers.
func cjkSoftBreak(t *ast.Text, src []byte) (int, int, bool) {
	if !t.SoftLineBreak() || t.HardLineBreak() {
		return 0, 0, false
	}
	next, ok := t.NextSibling().(*ast.Text)
	if !ok || t.Parent() == nil || t.Parent().Kind() == ast.KindCodeSpan {
		return 0, 0, false
	}
	end, start := t.Segment.Stop, next.Segment.Start
	if end <= 0 || start >= len(src) || start <= end || bytes.IndexByte(src[end:start], '\n') < 0 {
		return 0, 0, false
	}
	last, _ := utf8.DecodeLastRune(src[:end])
	first, _ := utf8.DecodeRune(src[start:])
	if !isCJK(last) || !isCJK(first) {
		return 0, 0, false
	}
	return end, start, true
}

// edit replaces the bytes [at, end) of the markdown with text: a mark, or
// nothing.
type edit struct {
	at, end int
	text    string
}

// hardBreaks tags the hard line breaks of a paragraph, also inside
// emphasis or links: after the text that ends the line, before the
// backslash or spaces that make the break. alt says whether one is in an
// image's alt text.
func hardBreaks(block ast.Node, src []byte) (edits []edit, alt bool) {
	_ = ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering && t.HardLineBreak() {
			at := t.Segment.Stop
			for at > t.Segment.Start && (src[at-1] == ' ' || src[at-1] == '\\') {
				at--
			}
			edits = append(edits, edit{at, at, " " + string(hardMark)})
			alt = alt || inImage(t)
		}
		return ast.WalkContinue, nil
	})
	return edits, alt
}

// textStart returns where an item's text starts: after a task checkbox
// (the tag before it would unmake the box), else at its first line.
func textStart(block ast.Node) int {
	if c := block.FirstChild(); c != nil && c.Kind() == east.KindTaskCheckBox {
		if t, ok := c.NextSibling().(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return block.Lines().At(0).Start
}

// textEnd returns where the text of a paragraph ends: the end of its last
// line, before the line break and trailing spaces.
func textEnd(block ast.Node, src []byte) int {
	lines := block.Lines()
	seg := lines.At(lines.Len() - 1)
	end := seg.Stop
	for end > seg.Start && strings.ContainsRune(" \t\r\n", rune(src[end-1])) {
		end--
	}
	return end
}

func isTextBlock(n ast.Node) bool {
	return n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock
}

// rightMargin is the document margin glamour keeps at the right edge.
const rightMargin = 2

// minItemWidth is the narrowest text column worth a hanging indent.
const minItemWidth = 8

// itemTexts returns the text of every tagged item, in order, from the
// unwrapped render: from the item tag to the end tag, with the item's
// source line breaks joined (a space: breaks inside CJK text were removed
// by annotate; hard breaks are tagged) and paragraph and hard break tags
// kept. An item whose end is not found gets "" and keeps glamour's layout.
func itemTexts(flat string) []string {
	lines := strings.Split(flat, "\n")
	var texts []string
	for i := 0; i < len(lines); i++ {
		k := strings.IndexRune(lines[i], itemMark)
		if k < 0 {
			continue
		}
		leadW := xansi.StringWidth(leadOf(xansi.Strip(lines[i][:k])))
		text := trimPad(lines[i][k+utf8.RuneLen(itemMark):])
		for j := i + 1; !strings.ContainsRune(text, endMark) && j < len(lines) && !strings.ContainsRune(lines[j], itemMark); j++ {
			next := trimPad(xansi.TruncateLeft(lines[j], leadW, ""))
			if !strings.HasSuffix(xansi.Strip(text), string(hardMark)) {
				text += " "
			}
			text += next
		}
		if e := strings.IndexRune(text, endMark); e >= 0 {
			texts = append(texts, text[:e])
		} else {
			texts = append(texts, "")
		}
	}
	return texts
}

// oneLineItems returns the items' texts as itemTexts takes them from the
// render without wrapping, from the render at width out, when every
// tagged item's text is on one line of it (a line with an item tag has
// the item's end tag after it, and no other item tag): an outline, a
// reading list, short items at any width. A line that is not wrapped is
// laid out as without wrapping, sequence for sequence (the wrap keeps a
// line that fits as it is, and the margin writers write the text of a
// line as it is, before its padding, which itemTexts trims), so the
// texts are the same, and renderFirst needs no second layout: a fifth
// of an outline's render. It says no when an item's text wraps.
// TestOneLineItemsAreItemTexts compares the two.
func oneLineItems(out string) ([]string, bool) {
	// A first pass tells whether every item is on a line, and how many
	// bytes their texts are at most: the builder below grew by doubling
	// (a reading list's texts, links and all, are 30 KB, which cost
	// twice that).
	size, items := 0, 0
	ok := eachItemLine(out, func(text string) {
		size += len(text)
		items++
	})
	if !ok {
		return nil, false
	}
	// The texts are copied into one string of their own: out is the
	// whole layout, padding and all, which the cached doc would hold.
	var all strings.Builder
	all.Grow(size)
	ends := make([]int, 0, items)
	eachItemLine(out, func(text string) {
		// itemTexts trims the padding after the end tag and drops
		// the empty styles of the whole line: before the tag, a
		// character, those are the empty styles of the text alone.
		all.WriteString(dropEmptyStyles(text))
		ends = append(ends, all.Len())
	})
	s := all.String()
	texts := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		texts[i], start = s[start:end], end
	}
	return texts, true
}

// eachItemLine calls f with the text between the item tag and the end
// tag of every line of out with an item tag, in order, and says whether
// every such line has its end tag after the item tag, and no other item
// tag (see oneLineItems); it stops at the first that does not.
func eachItemLine(out string, f func(text string)) bool {
	for rest := out; rest != ""; {
		line := rest
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = ""
		}
		k := strings.IndexRune(line, itemMark)
		if k < 0 {
			continue
		}
		after := line[k+utf8.RuneLen(itemMark):]
		e := strings.IndexRune(after, endMark)
		if e < 0 || strings.ContainsRune(after, itemMark) {
			return false
		}
		f(after[:e])
	}
	return true
}

// leadOf returns what comes before a list marker on its line: the
// margins, indentation and quote bars.
func leadOf(prefix string) string {
	return prefix[:len(prefix)-len(strings.TrimLeft(prefix, " "+quoteBar))]
}

// hangItems replaces the lines of every tagged list item of glamour's
// wrapped output with the item's text (from items, in order) wrapped to
// width, with continuation lines under the text, later paragraphs after
// a blank line and hard breaks kept.
func hangItems(lines []string, width int, items []string) []string {
	out := make([]string, 0, len(lines))
	n := 0
	// One wrapper for the items that wrap: its pen keeps the styles of
	// the sequences it read from item to item (see gansi.Wrapper).
	var wr gansi.Wrapper
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		k := strings.IndexRune(raw, itemMark)
		if k < 0 {
			out = append(out, raw)
			continue
		}
		text := ""
		if n < len(items) {
			text = items[n]
		}
		n++
		end := itemEnd(lines, i)
		prefix := raw[:k]
		hang, leadW := prefixWidths(prefix)
		avail := width - rightMargin - hang
		if end < 0 || text == "" || avail < minItemWidth {
			out = append(out, raw) // glamour's layout, tags removed later
			continue
		}
		// Breaks at spaces, hyphens and U+2028 (CJK) only: glamour also
		// breaks after ",.;+|", which splits "finished.**" or "a,b".
		open := openStyle(prefix)
		if !strings.ContainsRune(text, paraMark) && !strings.ContainsRune(text, hardMark) {
			// An item of one paragraph without hard breaks that
			// fits on its line (most items of an outline or a
			// reading list) is its prefix and its text, made in one
			// string: what the loop below makes of it.
			// Asked of its parts: an item that does not fit (16 KB of
			// one) was made whole for nothing.
			body, reset := trimSpacesParts(text)
			if fitsAsIsParts(avail, open, body, reset) {
				out = append(out, prefix+open+body+reset)
				i = end
				continue
			}
		}
		// The lead of the lines after the first, made when there is one
		// (most items of an outline are a line).
		var leadRaw, lead string
		leadMade := false
		makeLead := func() {
			if !leadMade {
				leadRaw = itemLead(raw, leadW)
				lead = leadRaw + strings.Repeat(" ", hang-leadW)
				leadMade = true
			}
		}
		first := true
		for p, para := range strings.Split(text, string(paraMark)) {
			if p > 0 {
				makeLead()
				out = append(out, trimPad(leadRaw)) // a quote keeps its bar
			}
			for _, line := range strings.Split(para, string(hardMark)) {
				// The open style, the text and its reset made in
				// one string (trimSpaces' own was copied again).
				body, reset := trimSpacesParts(line)
				pre := prefix
				if !first {
					makeLead()
					pre = lead
				}
				first = false
				out = hangLines(&wr, out, open+body+reset, avail, pre, func() string {
					makeLead()
					return lead
				})
			}
		}
		i = end
	}
	return out
}

// itemLead returns the lead of an item's continuation lines, cut from
// its first line, raw: leadCut(raw, leadW), the first leadW cells and
// every sequence after them, which leave the pen as raw's end does.
// When no style or link is open at the cut nor at raw's end (the last
// SGR sequence before each is a reset, or none, and likewise the last
// OSC 8 one closes its link), those sequences end where they start and
// are left out: the lead draws the same cells, and the line after it
// starts with the same pen. That is the common case, where raw's
// sequences (its text's, and the padding's of a list that pads its
// lines: a styled space a cell, about 1 KB at 80 columns) are dead
// bytes on every continuation line. TestItemLeadDrawsAsLeadCut compares
// the two.
func itemLead(raw string, leadW int) string {
	if cut, ok := neutralCut(raw, leadW); ok {
		return raw[:cut]
	}
	return leadCut(raw, leadW)
}

// neutralCut returns where raw's first n cells end, when raw is of the
// plain form leadCutPlain cuts (else false), is wider than n, and no
// style or link is open there (after the n-th cell, before any sequence
// that follows it) nor at raw's end (see itemLead). leadCut keeps raw up
// to the character after those cells and every sequence after it: the
// same bytes as raw up to that end, and every sequence after it.
func neutralCut(raw string, n int) (int, bool) {
	cells, end, cut := 0, 0, -1
	var pen gansi.OpenPen
	// endOpen says whether a style or a link is open at end.
	endOpen := false
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == 0x1b:
			l := seqLen(raw[i:])
			if l == 0 {
				return 0, false
			}
			pen.See(raw[i : i+l])
			i += l
			continue
		case c >= ' ' && c < 0x7f:
			if cut < 0 {
				if cells+1 > n {
					cut = end
				} else {
					cells++
					end, endOpen = i+1, pen.Open()
				}
			}
			i++
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(raw[i:])
			if cut < 0 {
				if !markRune(r) || i+size < len(raw) && raw[i+size] >= utf8.RuneSelf {
					return 0, false
				}
				if w := xansi.StringWidth(raw[i : i+size]); cells+w > n {
					cut = end
				} else {
					cells += w
					end, endOpen = i+size, pen.Open()
				}
			} else if r == utf8.RuneError && size <= 1 {
				return 0, false
			}
			i += size
			continue
		}
		return 0, false
	}
	return cut, cut >= 0 && !endOpen && !pen.Open()
}

// prefixWidths returns the width of an item's prefix (what its line has
// before the item's tag: margins, indentation, quote bars, the marker)
// and of its lead (what comes before the marker, see leadOf), both of its
// text without sequences: for a prefix of plain form (printable ASCII,
// seqLen's sequences, and marks, see markRune, each followed in the text
// by ASCII or nothing, so that each is a grapheme cluster of its own) in
// one pass; else by x/ansi. hangItems measures the prefix of every item,
// and x/ansi stripped it with a parser. TestPrefixWidths compares the
// two.
func prefixWidths(prefix string) (hang, leadW int) {
	if hang, leadW, ok := prefixWidthsPlain(prefix); ok {
		return hang, leadW
	}
	return prefixWidthsSlow(prefix)
}

// prefixWidthsPlain is prefixWidths for a prefix of plain form, and false
// for any other.
func prefixWidthsPlain(prefix string) (hang, leadW int, ok bool) {
	inLead, afterMark := true, false
	for i := 0; i < len(prefix); {
		c := prefix[i]
		switch {
		case c == 0x1b:
			n := seqLen(prefix[i:])
			if n == 0 {
				return 0, 0, false
			}
			i += n
			continue
		case c >= ' ' && c < 0x7f:
			hang++
			inLead = inLead && c == ' '
			if inLead {
				leadW++
			}
			i++
			afterMark = false
			continue
		case c >= utf8.RuneSelf && !afterMark:
			r, size := utf8.DecodeRuneInString(prefix[i:])
			if !markRune(r) {
				return 0, 0, false
			}
			w := gansi.StringWidth(prefix[i : i+size]) // x/ansi's, without its parser (see TestMarkWidths)
			hang += w
			inLead = inLead && string(r) == quoteBar
			if inLead {
				leadW += w
			}
			i += size
			afterMark = true
			continue
		}
		return 0, 0, false
	}
	return hang, leadW, true
}

// prefixWidthsSlow is prefixWidths by x/ansi, for any prefix.
func prefixWidthsSlow(prefix string) (hang, leadW int) {
	plain := xansi.Strip(prefix)
	return xansi.StringWidth(plain), xansi.StringWidth(leadOf(plain))
}

// hangLines appends to out the lines of lipgloss.Wrap(s, width, " "),
// the first after pre and the others after lead(): s as it is when it
// fits, of the plain form fitsAsIs reads; wrapped by wr, gansi's copy of
// lipgloss.Wrap, else (which measures Chinese without the grapheme
// segmenter, and sizes its output: lipgloss's grew buffers by doubling,
// a third of what a paragraph-long item's render allocated), its lines
// and their leads cut from one string (see gansi.Wrapper.WrapLines).
// Most items of an outline or a reading list fit on their line, and
// lipgloss read each with a parser and copied it twice (a seventh of a
// reading list's time).
func hangLines(wr *gansi.Wrapper, out []string, s string, width int, pre string, lead func() string) []string {
	if fitsAsIs(s, width) {
		return append(out, pre+s)
	}
	return wr.WrapLines(out, s, width, " ", pre, lead())
}

// fitsAsIs reports whether lipgloss.Wrap(s, width, " ") is s: whether s
// is printable ASCII, SGR sequences and links (see seqLen), no wider than
// width (x/ansi's wrap then breaks no line, and drops no space), and ends
// with no style or link open (its writer would close them). TestWrapItem
// compares hangLines with lipgloss.Wrap.
func fitsAsIs(s string, width int) bool { return fitsAsIsParts(width, s) }

// fitsAsIsParts is fitsAsIs(strings.Join(parts, ""), width), read part by
// part, and no further than the cell that makes the text wider than
// width. TestFitsAsIsParts compares the two.
func fitsAsIsParts(width int, parts ...string) bool {
	cells := 0
	var pen gansi.OpenPen
	for k, s := range parts {
		for i := 0; i < len(s); {
			c := s[i]
			switch {
			case c >= ' ' && c < 0x7f:
				if cells++; cells > width {
					return false
				}
				i++
			case c == 0x1b:
				n := seqLen(s[i:])
				if n == 0 {
					if k < len(parts)-1 {
						// A sequence the next part may end.
						return fitsAsIs(strings.Join(parts, ""), width)
					}
					return false
				}
				pen.See(s[i : i+n])
				i += n
			default:
				return false
			}
		}
	}
	return width >= 1 && cells <= width && !pen.Open()
}

// itemEnd returns the line of the end tag of the item starting on line i,
// or -1 when it is not there before the next item or when more than
// padding follows it on its line.
func itemEnd(lines []string, i int) int {
	for j := i; j < len(lines); j++ {
		if j > i && strings.ContainsRune(lines[j], itemMark) {
			return -1
		}
		if e := strings.IndexRune(lines[j], endMark); e >= 0 {
			rest := lines[j][e+utf8.RuneLen(endMark):]
			if !onlyPadding(rest) && strings.TrimSpace(xansi.Strip(rest)) != "" {
				return -1
			}
			return j
		}
	}
	return -1
}

// trimSpaces removes the spaces at both ends of styled text, keeping its
// style sequences (and closing them, since the end may be cut off).
func trimSpaces(raw string) string {
	body, reset := trimSpacesParts(raw)
	return body + reset
}

// trimSpacesParts is trimSpaces in two parts: raw trimmed, and the reset
// that closes its styles ("" when it needs none), for the caller to
// write after it without making the string in between.
func trimSpacesParts(raw string) (body, reset string) {
	out, ok := dropLeadingSpaces(raw)
	if !ok {
		plain := xansi.Strip(raw)
		out = xansi.TruncateLeft(raw, len(plain)-len(strings.TrimLeft(plain, " ")), "")
	}
	out = trimPad(out)
	if strings.Contains(out, "\x1b[") && !strings.HasSuffix(out, "\x1b[m") {
		return out, "\x1b[m"
	}
	return out, ""
}

// dropLeadingSpaces is xansi.TruncateLeft(raw, n, "") for n the spaces
// raw's text starts with (the sequences among them kept), for raw whose
// first character that is not a space is printable ASCII or CJK, which
// x/ansi measures as a cell or two of its own: raw with those spaces cut
// out, in one pass. It says no for any other raw. Only a space after a
// sequence makes it copy raw: spaces before the first sequence are cut
// off as a substring, and so are the sequences after them when no space
// follows (" ESC[m ESC[1mtext", a linked item's text, is "ESC[m ESC[1mtext").
// TestDropLeadingSpaces compares the two.
func dropLeadingSpaces(raw string) (string, bool) {
	var b strings.Builder
	// raw[:lead] are spaces, with no sequence among them: they are cut
	// off as a substring.
	lead := 0
	seq := false // a sequence was met after them
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == ' ':
			if i == lead {
				// Spaces raw starts with: cut off, not copied.
				lead++
				i++
				continue
			}
			if b.Cap() == 0 {
				// A space after a sequence: raw[lead:i] is the
				// result so far, the space cut out of it.
				b.Grow(len(raw))
				b.WriteString(raw[lead:i])
			}
			i++
			continue
		case c == 0x1b:
			n := seqLen(raw[i:])
			if n == 0 {
				return "", false
			}
			seq = true
			if b.Cap() > 0 {
				b.WriteString(raw[i : i+n])
			}
			i += n
			continue
		case c > ' ' && c < 0x7f:
		case c >= utf8.RuneSelf:
			if r, _ := utf8.DecodeRuneInString(raw[i:]); !isCJK(r) || !unicode.Is(unicode.Han, r) {
				return "", false
			}
		default:
			return "", false
		}
		if b.Cap() == 0 {
			return raw[lead:], true
		}
		b.WriteString(raw[i:])
		return b.String(), true
	}
	if b.Cap() > 0 {
		return b.String(), true
	}
	// No text: spaces, then sequences and no space after them.
	return raw[lead:], lead == len(raw) || lead > 0 && seq
}

// trimPadding removes the blank cells glamour pads a line with: plain
// spaces, and spaces styled by a sequence that sets no background,
// underline or reverse (invisible on a space), keeping everything before.
func trimPadding(l string) string {
	for {
		switch {
		case strings.HasSuffix(l, " "):
			l = l[:len(l)-1]
		case strings.HasSuffix(l, " \x1b[m"):
			body := l[:len(l)-len(" \x1b[m")]
			i := strings.LastIndex(body, "\x1b[")
			if i < 0 || !strings.HasSuffix(body, "m") || !invisibleOnSpace(body[i+2:len(body)-1]) {
				return l
			}
			l = body[:i]
		default:
			return l
		}
	}
}

// invisibleOnSpace reports whether SGR parameters only set a foreground
// colour, weight or italics: nothing that shows on a space. It reads the
// parameters in place: trimPadding asks it about every padding cell of
// every line (about 80 on a line of one word), and splitting them was
// most of the work of a post of many short lines.
func invisibleOnSpace(params string) bool {
	rest, more := params, true
	// field returns the next parameter, and false after the last.
	field := func() (string, bool) {
		if !more {
			return "", false
		}
		i := strings.IndexByte(rest, ';')
		if i < 0 {
			f := rest
			rest, more = "", false
			return f, true
		}
		f := rest[:i]
		rest = rest[i+1:]
		return f, true
	}
	for {
		p, ok := field()
		if !ok {
			return true
		}
		switch p {
		case "38": // 38;5;N or 38;2;R;G;B
			skip := 3
			if q, _ := field(); q == "5" {
				skip = 1
			}
			for range skip {
				field()
			}
		case "1", "2", "3", "22", "23", "39":
		default:
			if n := len(p); n == 2 && p[0] == '3' && p[1] >= '0' && p[1] <= '7' || n == 2 && p[0] == '9' && p[1] >= '0' && p[1] <= '7' {
				continue // 30-37, 90-97: foreground
			}
			return false
		}
	}
}

// openStyle returns the style sequences left open at the end of s (glamour
// opens the text style right before an item's text), so that wrapped
// lines keep it.
func openStyle(s string) string {
	tail := openTail(s)
	if open, ok := openStylePlain(tail); ok {
		return open
	}
	return openStyleOf(tail)
}

// openTail is the part of s that openStyle reads: from its last reset.
func openTail(s string) string {
	cut := max(strings.LastIndex(s, "\x1b[m"), strings.LastIndex(s, "\x1b[0m"))
	if cut < 0 {
		cut = 0
	}
	return s[cut:]
}

// openStylePlain is openStyleOf(tail) for a tail of valid UTF-8 of no
// control character but the SGR sequences of gansi.SGRLen's plain form,
// in one pass, without x/ansi's parser and, when one sequence is open (an
// item's text style: most items), without a copy; it says no for any
// other tail. hangItems asks it of every item's prefix (3% of an
// outline's render by x/ansi). TestOpenStylePlain compares the two.
func openStylePlain(tail string) (string, bool) {
	if !utf8.ValidString(tail) {
		return "", false
	}
	// first is the first sequence kept; more the others, copied when
	// there are any.
	first := ""
	var more strings.Builder
	for i := 0; i < len(tail); {
		c := tail[i]
		switch {
		case c == 0x1b:
			n := gansi.SGRLen(tail[i:])
			if n == 0 {
				return "", false
			}
			if seq := tail[i : i+n]; seq != "\x1b[m" && seq != "\x1b[0m" {
				if first == "" {
					first = seq
				} else {
					if more.Len() == 0 {
						more.WriteString(first)
					}
					more.WriteString(seq)
				}
			}
			i += n
		case c < 0x20 || c == 0x7f:
			return "", false
		default:
			i++
		}
	}
	if more.Len() > 0 {
		return more.String(), true
	}
	return first, true
}

// openStyleOf is openStyle of s's tail (see openTail), read by x/ansi.
func openStyleOf(tail string) string {
	var b strings.Builder
	for i := 0; i < len(tail); {
		seq, w, n, _ := xansi.DecodeSequence(tail[i:], xansi.NormalState, nil)
		if w == 0 && strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m") && seq != "\x1b[m" && seq != "\x1b[0m" {
			b.WriteString(seq)
		}
		i += n
	}
	return b.String()
}

// keptItemLine says how the layout wraps a line wider than its block
// that hangItems lays out again under the item's own text (see gansi's
// SetKeptItems): the line an item starts on, its first line as glamour
// wraps it (hangItems reads its prefix and the lead of the continuation
// lines there), the rest of it unwrapped; the line it ends on, with only
// padding after its end tag (as itemEnd reads it), unwrapped. Each level
// of a nest of lists wrapped such a line, the lines thrown away.
func keptItemLine(line string) gansi.Keep {
	k := strings.IndexRune(line, itemMark)
	if k >= 0 {
		if strings.ContainsRune(line[k+utf8.RuneLen(itemMark):], itemMark) {
			return gansi.KeepWrap
		}
		return gansi.KeepFirst
	}
	e := strings.IndexRune(line, endMark)
	if e < 0 {
		return gansi.KeepWrap
	}
	rest := line[e+utf8.RuneLen(endMark):]
	if !strings.ContainsRune(rest, endMark) && (onlyPadding(rest) || strings.TrimSpace(xansi.Strip(rest)) == "") {
		return gansi.KeepWhole
	}
	return gansi.KeepWrap
}

// hangsAll reports whether hangItems lays every tagged item of out, a
// layout at width, out again under its own text (items, in order): none
// keeps glamour's layout (an item's end tag not found, its text unknown,
// or too narrow a column). When one does, a layout that wrapped items'
// lines as keptItemLine says is made again as glamour wraps them.
func hangsAll(out string, width int, items []string) bool {
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	n := 0
	for i, raw := range lines {
		k := strings.IndexRune(raw, itemMark)
		if k < 0 {
			continue
		}
		text := ""
		if n < len(items) {
			text = items[n]
		}
		n++
		hang, _ := prefixWidths(raw[:k])
		if text == "" || width-rightMargin-hang < minItemWidth || itemEnd(lines, i) < 0 {
			return false
		}
	}
	return true
}

// layoutItems is layout at width, its items' lines wrapped as
// keptItemLine says when hangItems lays every item out again with
// d.items; else laid out again as glamour wraps them.
func (d doc) layoutItems(tree ast.Node, b []byte, width int, style Style) (string, error) {
	if len(d.items) == 0 {
		return d.layout(tree, b, width, style)
	}
	kept := 0
	out, err := d.layoutKeeping(tree, b, width, style, &kept)
	if err != nil || kept == 0 || hangsAll(out, width, d.items) {
		return out, err
	}
	return d.layout(tree, b, width, style)
}
