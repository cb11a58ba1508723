// Package render turns post markdown into terminal text with glamour and
// keeps the results in a cache shared by every session.
package render

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/gansi"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/sanitize"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// Style is a rendering style.
type Style string

// The styles a post can be rendered in.
const (
	Dark  Style = "dark"
	Light Style = "light"
	// Plain has no escape codes at all: for scripts and pipes.
	Plain Style = "plain"
)

// MinWidth and MaxWidth bound the wrap width; windows outside are clamped.
const (
	MinWidth = 20
	MaxWidth = 1000
)

// TabWidth is how many columns a tab in post text advances to. Terminal UIs
// drop raw tabs, so they are expanded before rendering.
const TabWidth = 4

// quoteBar is drawn before quoted lines (see styleConfig).
const quoteBar = "▏"

func styleConfig(s Style) ansi.StyleConfig {
	var c ansi.StyleConfig
	switch s.base() {
	case Light:
		c = styles.LightStyleConfig
	default:
		// Plain is the dark layout with its escape codes removed (see
		// fit), so that `read` prints what the pager shows, glyph for
		// glyph. Its code is not coloured: the colours are removed anyway.
		c = styles.DarkStyleConfig
		if s == Plain {
			c.CodeBlock.Chroma, c.CodeBlock.Theme = nil, ""
		}
	}
	// Glamour subtracts a quote's indent (1 cell) from the wrap width but
	// draws the 2-cell token "│ ", so a quote line that fills the width
	// (every line of a CJK quote does) overflows by one cell and is broken
	// again, losing its bar. A 1-cell token keeps the arithmetic right;
	// "▏" sits at the left of its cell, so the text still stands apart.
	bar := quoteBar
	c.BlockQuote.IndentToken = &bar
	headingStyles(&c, s)
	markHeadings(&c)
	definitionStyles(&c)
	codeStyles(&c)
	// Glamour pads every line to the width, cell by cell, in its block's
	// style: with the document's colour set, each padding cell of every
	// line is a colour sequence (about 1 KB for an 80-cell line), which
	// was most of the work on posts of short lines (headings, code) and
	// most of what a render keeps. The colour goes on the blocks that hold
	// text instead (and on the quote bar, drawn in the document's style):
	// the text looks the same, the document's padding is blank (and fit
	// trims what padding is left). Text itself cannot carry it: its
	// colour would override the headings'.
	if col := c.Document.Color; col != nil {
		c.Document.Color = nil
		c.Paragraph.Color = col
		c.List.Color = col
		c.Table.Color = col
		c.DefinitionList.Color = col
		colored := "\x1b[38;5;" + *col + "m" + bar + "\x1b[m"
		c.BlockQuote.IndentToken = &colored
	}
	return c
}

// Markdown renders markdown at the given width, piece by piece as the
// pool does (see split), without a budget: for tests, benchmarks and tools.
// Every output line is at most width cells wide.
func Markdown(md string, width int, style Style) (string, error) {
	return MarkdownWith(md, width, style, Features{})
}

// MarkdownWith is Markdown for a post with features f.
func MarkdownWith(md string, width int, style Style, f Features) (string, error) {
	w := newWork(md, max(MinWidth, min(width, MaxWidth)), style, nil)
	w.feat = f
	for {
		done, err := w.step()
		if err != nil {
			return "", err
		}
		if done {
			return strings.Join(w.lines, "\n"), nil
		}
	}
}

// doc is markdown made ready to render at any width: tabs expanded, list
// items tagged (see annotate) and, when it has list items, their text from
// a render without wrapping (see hangItems). refs are the link definitions
// of the whole post, which a piece may use. plainCode draws its code
// without colours: it does not lex in time (see lexesIn).
type doc struct {
	annotated string
	items     []string
	refs      []parser.Reference
	plainCode bool
	base      string           // the page's permalink, for figures (see Destination)
	figures   []markdown.Media // its figures on lines of their own (see placeFigures)
	media     bool             // it may have figures or figure spans
	feat      Features
	// notes number and list the footnotes of a post in pieces (nil for
	// one piece); last is whether this is the last piece.
	notes *markdown.Notes
	last  bool
	// lexed has the tokens of its code, lexed by lexesIn, for its first
	// render only (see work.step; nil in the cache).
	lexed lexedCode
	// themes, if set, are the highlighting sequences its renders share
	// with the other pieces' (see work.themes; nil in the cache).
	themes *gansi.Themes
	// writers, if set, are the margin writers and buffers its renders
	// share with the other pieces' (see work.writers; nil in the cache).
	writers *gansi.Writers
	// prose has prepare's lines outside code from the render of the
	// items' texts, for its first render only (nil in the cache).
	prose *proseMemo
	// first is a parse made while preparing it, for its first render
	// only (nil in the cache; see firstParse).
	first *firstParse
	// upstreamANSI lays d out with glamour's own ansi renderer instead of
	// our fork of it (see ansiRenderer): for the tests that compare both.
	upstreamANSI bool
	// expandRuns lays d out from the nodes goldmark makes of each run of
	// references (markdown.ExpandRuns), not from the runs: for the test
	// that compares both.
	expandRuns bool
	// upstreamStyles, if set, changes the styles given to glamour's own
	// renderer (the comparison test's way round an upstream bug).
	upstreamStyles func(ansi.StyleConfig) ansi.StyleConfig
	// keepPadding lays d out with all of glamour's padding, which fit
	// trims (see gansi's SetTrimmedPadding): for the tests that compare
	// the fork's output with glamour's, byte for byte.
	keepPadding bool
	// wrapItems lays out every line as glamour wraps it, whole items too
	// (see keptItemLine): for the tests that compare the two.
	wrapItems bool
	// heads, if set, has render place the headings of its first render
	// (see fitHeads): their marks are removed from the lines, their rows
	// appended here (nil in the cache).
	heads *[]int
	// dropped, if set, has the heading marks its layout dropped (see
	// droppedMarks; nil in the cache).
	dropped *droppedMarks
	// lists, if set, collects the texts of the lists its layout lays
	// out (see listTexts; nil in the cache).
	lists *listTexts
	// room, for the first piece of a post laid out, is the room fit
	// makes in its lines for the pieces after it (see lineRoom).
	room lineRoom
}

func prepareDoc(md string, style Style, refs []parser.Reference, links *linkTable) (doc, error) {
	return prepareDocWith(md, style, refs, links, "", Features{}, nil, false)
}

// prepareDocWith is prepareDoc for a page at base (its permalink, which
// figures resolve against), read with f, with its footnotes numbered in
// notes when it is a piece of a longer post.
func prepareDocWith(md string, style Style, refs []parser.Reference, links *linkTable, base string, f Features, notes *markdown.Notes, last bool) (doc, error) {
	d := prepareDocBase(md, style, refs, base, f, notes, last)
	if strings.ContainsRune(d.annotated, itemMark) {
		items, err := d.itemTexts(style, links, true)
		if err != nil {
			return doc{}, err
		}
		d.items = items
	}
	return d, nil
}

// prepareDocBase is prepareDocWith without the items' texts, which the
// first render may take from its own tree (see renderFirst).
func prepareDocBase(md string, style Style, refs []parser.Reference, base string, f Features, notes *markdown.Notes, last bool) doc {
	return prepareDocAt(md, style, refs, base, f, notes, last, 0)
}

// prepareDocAt is prepareDocBase for a first render at width (0: not
// known), whose code it lexes as that render draws it (see lexesAt).
func prepareDocAt(md string, style Style, refs []parser.Reference, base string, f Features, notes *markdown.Notes, last bool, width int) doc {
	annotated, shared, whole := annotateParsed(ExpandTabs(md, TabWidth), refs, notes, last)
	d := doc{annotated: annotated, refs: refs, base: base, feat: f, notes: notes, last: last}
	d.media = mayHaveMedia(d.annotated)
	// Figures and code are found in one parse, made only if either may
	// be there, or taken from annotate's when it serves (see annotateParsed).
	p := newParsed(d.annotated, refs)
	if shared != nil {
		p.bytes, p.root = shared.bytes, shared.root
	}
	d.figures = figuresIn(p)
	if colours(styleConfig(style)) {
		var lexes bool
		d.lexed, lexes = lexedAt(p, width)
		d.plainCode = !lexes
	}
	if strings.ContainsRune(d.annotated, itemMark) {
		d.prose = &proseMemo{}
	}
	switch {
	case parserFor(d.feat) != mdParser:
		// A site's own syntax (math, emoji) parses apart: the tree
		// would be kept for nothing.
	case whole != nil:
		d.first = &firstParse{md: d.annotated, p: mdParser, bytes: whole.bytes, root: whole.root}
	case shared == nil && p.root != nil && notes == nil:
		// parsed's own parse of the annotated markdown, without notes
		// as doc.lowered parses a piece that has none.
		d.first = &firstParse{md: d.annotated, p: mdParser, bytes: p.bytes, root: p.root}
	}
	return d
}

// size is roughly the memory d holds, for the cache's byte bound.
func (d doc) size() int64 {
	n := int64(len(d.annotated))
	for _, it := range d.items {
		n += int64(len(it))
	}
	return n
}

// render lays d out at width, in lines, numbering its links in links.
func (d doc) render(width int, style Style, links *linkTable) ([]string, error) {
	width = max(MinWidth, min(width, MaxWidth))
	if d.heads != nil && !d.media && !d.keepPadding && !d.upstreamANSI && style.ambiguous() == textwrap.Narrow &&
		!strings.ContainsRune(d.annotated, itemMark) {
		// Its headings placed as the layout drops their marks (see
		// droppedMarks).
		d.dropped = &droppedMarks{}
	}
	src := prepareWith(d.annotated, width, style.ambiguous(), d.prose)
	tree, b, _ := d.lowered(src, width, style, links)
	if d.dropped != nil {
		// A row for each heading at the document's level at least,
		// made once: grown by doubling, the rows of 16 KB of headings
		// were twice what they came to.
		d.dropped.rows = make([]int, 0, topHeadings(tree))
	}
	out, err := d.layoutItems(tree, b, width, style)
	if err != nil {
		return nil, err
	}
	return d.fit(out, width, style), nil
}

// droppedMarks are the heading marks the layout of a doc dropped as the
// document's one-pass finish wrote its lines (see gansi's SetLineWriter),
// instead of fit copying its whole output again to drop them (see
// joinHeads): rows has the output's lines they were dropped from, counted
// from its first byte. Only a render whose lines fit places headings so:
// its lines are cut from the output one for one, none wrapped again (the
// one-pass finish lays out only lines no wider than the document's
// width, as wide as fit measures them where ambiguous characters are
// narrow) nor laid out again (list items, see hangItems). Where the
// one-pass finish does not lay the document out, the marks are left in
// the output for fit to drop. TestDroppedMarksAreJoinHeads compares the
// two.
type droppedMarks struct {
	rows []int
	// lines counts the newlines of the output's first counted bytes.
	lines, counted int
}

// writer returns the line writer that drops the marks of the lines the
// layout writes to out and logs their rows.
func (m *droppedMarks) writer(out *layoutOut) func(io.Writer, []byte) {
	return func(_ io.Writer, line []byte) {
		if len(line) == 0 {
			return
		}
		l := unsafe.String(&line[0], len(line))
		if !strings.ContainsRune(l, headMark) {
			out.WriteString(l)
			return
		}
		// The lines before it: the newlines written since the last.
		m.lines += strings.Count(out.String()[m.counted:], "\n")
		m.counted = out.Len()
		m.rows = append(m.rows, m.lines)
		writeDroppingHeadMarks(&out.Builder, l)
	}
}

// fit is fit for d's output at width in style: fitHeads, placing the
// headings in d.heads when it is set and d has no figures (placeFigures
// reads the lines before their heading marks are removed).
func (d doc) fit(out string, width int, style Style) []string {
	heads := d.heads
	if d.media {
		heads = nil
	}
	return fitHeadsDropped(out, width, d.items, style.base() == Plain, style.ambiguous(), heads, d.room, d.dropped)
}

// lineRoom is the room fit makes in the lines of a post's first piece
// laid out, whose slice becomes the post's (see work.step), for the
// pieces after it: rest bytes of them, after done bytes so far. Made to
// the piece's lines alone, the slice was made again for the next piece's,
// 16 bytes a line of a post of short lines copied.
type lineRoom struct{ done, rest int }

// lines is the capacity for n lines drawn from r.done bytes: as many
// again for each byte of the rest as those drew, and an eighth more, as
// work.growLines grows the slice for later pieces.
func (r lineRoom) lines(n int) int {
	if r.done <= 0 || r.rest <= 0 {
		return n
	}
	est := n + int(int64(n)*int64(r.rest)/int64(r.done))
	return max(n, est+est/8)
}

// glamourRender lays src, prepared from d, out with glamour's ANSI
// renderer, as glamour.TermRenderer does, but on a tree from the bounded
// parser (see package markdown), with the link definitions of d known
// beforehand, and its links numbered in links (see markLinks). The
// renderer is made per call: it keeps state while it runs. Width 0 does
// not wrap.
func glamourRender(src string, width int, style Style, d doc, links *linkTable) (string, error) {
	return glamourRenderItems(src, width, style, d, links, false)
}

// itemTexts takes the texts of d's tagged list items from a render
// without wrapping (see itemTexts), of only the blocks that hold them
// when onlyItems (see keepItemBlocks).
func (d doc) itemTexts(style Style, links *linkTable, onlyItems bool) ([]string, error) {
	flat, err := glamourRenderItems(prepareWith(d.annotated, MaxWidth, style.ambiguous(), d.prose), 0, style, d, links, onlyItems)
	if err != nil {
		return nil, err
	}
	return itemTexts(flat), nil
}

// glamourRenderItems is glamourRender, of only the top-level blocks with
// list items when onlyItems.
func glamourRenderItems(src string, width int, style Style, d doc, links *linkTable, onlyItems bool) (string, error) {
	tree, b, _ := d.lowered(src, width, style, links)
	if onlyItems {
		keepItemBlocks(tree, b)
	}
	return d.layout(tree, b, width, style)
}

// lowered parses src, prepared from d for width, and makes it ready for
// layout: footnotes, alerts, math, raw HTML... lowered to nodes glamour
// draws, links numbered in links, figures dressed. It returns the tree,
// the bytes its segments point into, and whether a line of indented code
// was wrapped at width (a tree for width 0 would not have it wrapped).
func (d doc) lowered(src string, width int, style Style, links *linkTable) (ast.Node, []byte, bool) {
	p := parserFor(d.feat)
	tree, b := d.first.take(src, p)
	if tree == nil {
		b = []byte(src)
		tree = markdown.ParseNotes(p, b, d.refs, d.notes, d.last)
	}
	if d.expandRuns {
		markdown.ExpandRuns(tree, b)
	}
	// What glamour does not draw becomes nodes it does (footnotes, alerts,
	// math, raw HTML...): see markdown.Lower.
	lo := markdown.LowerOptions{Lang: d.feat.Lang, Colour: style != Plain,
		// Our renderer draws soft breaks as spaces (see ansiRenderer);
		// glamour's own needs them as nodes.
		SpacedBreaks: !d.upstreamANSI,
		// Glamour's own renderer knows a code block's label only as the
		// paragraph it stands for; and a bold term as its paragraph too.
		Labels: !d.upstreamANSI, Terms: !d.upstreamANSI}
	wrapped := false
	if width > 0 {
		// Fenced code was wrapped by prepare; indented code is wrapped
		// here, where the tree tells it from a list's continuation.
		lo.WrapCode = func(l string) []string {
			if !codeMayWrap(l, width-codeMargins) {
				return nil // kept as it is, as a line of one part
			}
			parts := wrapCode(l, width-codeMargins)
			wrapped = wrapped || len(parts) > 1 // Lower keeps a line of one part as it is
			return parts
		}
	}
	b = markdown.Lower(tree, b, lo)
	// Links next: a linked image on a line of its own is a figure whose
	// link is numbered in its place, as markdown.Links numbers it.
	b = markLinks(tree, b, links, style != Plain)
	if d.upstreamANSI {
		// Glamour's own renderer knows goldmark's nodes only.
		markdown.ExpandRuns(tree, b)
	}
	b = dressFigures(b, tree, d.base)
	return tree, b, wrapped
}

// layout lays tree (from lowered) out with glamour's ANSI renderer at
// width (0: no wrapping). It does not change the tree.
func (d doc) layout(tree ast.Node, b []byte, width int, style Style) (string, error) {
	return d.layoutKeeping(tree, b, width, style, nil)
}

// layoutKeeping is layout, which, when kept is not nil and width is not
// 0, has the nested blocks wrap the lines of tagged items only as
// keptItemLine says, and counts those lines in *kept: hangItems then
// reads them as it reads glamour's wrap of them as long as it lays every
// item out again (see hangsAll).
func (d doc) layoutKeeping(tree ast.Node, b []byte, width int, style Style, kept *int) (string, error) {
	tableWrap := true
	c := styleConfig(style)
	if d.plainCode {
		// Glamour's code without chroma: the code block's own style.
		c.CodeBlock.Chroma, c.CodeBlock.Theme = nil, ""
	}
	g := d.ansiRenderer(ansi.Options{
		WordWrap:  width,
		TableWrap: &tableWrap,
		// A link in a table is numbered like any other (markLinks), not
		// listed under the table.
		InlineTableLinks: true,
		Styles:           c,
		// Lower makes soft line breaks spaces: the line breaks left are
		// hard breaks, <br> and display math, which must stay.
		PreserveNewLines: true,
	})
	r := renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(g, 1000),
		// Ours for tables (table.go): goldmark registers renderers from
		// the largest priority value to the smallest, the last one wins.
		util.Prioritized(newTableRenderer(g, c, width, style.ambiguous()), 100),
	))
	gr, keeps := g.(*gansi.ANSIRenderer)
	keeps = keeps && kept != nil && width > 0 && !d.wrapItems
	if keeps {
		gr.SetKeptItems(keptItemLine)
	}
	var out layoutOut
	if gr, ok := g.(*gansi.ANSIRenderer); ok && d.dropped != nil {
		gr.SetLineWriter(d.dropped.writer(&out))
	}
	lists := d.lists != nil && gr != nil && width > 0
	if lists {
		gr.SetListTexts(d.lists.add)
		if keeps {
			gr.SetKeptListTexts(d.lists.addKept)
		}
	}
	if err := r.Render(&out, b, tree); err != nil {
		return "", fmt.Errorf("glamour render: %w", err)
	}
	if keeps {
		*kept = gr.KeptItems()
	}
	if lists {
		d.lists.seen, d.lists.nested = true, gr.ListsNested()
	}
	return out.String(), nil
}

// layoutOut is where layout has glamour's output written: a
// strings.Builder that goldmark's renderer takes as its buffered writer
// as it is, growing by doubling, and that the renderer grows to the
// document's size before writing it (see gansi.BlockElement.Finish). A
// bytes.Buffer behind goldmark's bufio.Writer grew from 4 KB by doubling
// and was then copied into a string: 37 MB of the 327 MB a 2 MB post's
// render allocated.
type layoutOut struct{ strings.Builder }

// layoutOut must be a util.BufWriter, or goldmark wraps it in a bufio.Writer.
var _ util.BufWriter = (*layoutOut)(nil)

// room makes room for n more bytes, doubling the capacity when it grows
// (Grow makes twice the capacity and n; Write alone grows by a quarter).
func (o *layoutOut) room(n int) { o.Grow(n) }

// Write appends p.
func (o *layoutOut) Write(p []byte) (int, error) {
	o.room(len(p))
	return o.Builder.Write(p)
}

// WriteString appends s.
func (o *layoutOut) WriteString(s string) (int, error) {
	o.room(len(s))
	return o.Builder.WriteString(s)
}

// Available is the room left before the buffer grows.
func (o *layoutOut) Available() int { return o.Cap() - o.Len() }

// Buffered is what is written and not flushed: nothing, it is all there.
func (o *layoutOut) Buffered() int { return 0 }

// Flush does nothing: the output is the buffer.
func (o *layoutOut) Flush() error { return nil }

// colours reports whether c colours code (the plain style does not).
func colours(c ansi.StyleConfig) bool { return c.CodeBlock.Chroma != nil || c.CodeBlock.Theme != "" }

// mdParser parses posts for glamour and for annotate alike, so that both
// see the same (bounded) tree. A goldmark parser never changes once built
// and is safe for concurrent use.
var mdParser = (*markdown.Dialect)(nil).DrawParser(false)

// defParser reads the link and footnote definitions of a long post's
// pieces as mdParser would, without parsing their inlines: a full parse
// of each piece for its definitions was a third of the render of a post
// of many footnotes.
var defParser = markdown.NewDefinitionParser(markdown.Glamour)

// fit trims the blank lines glamour adds around the text and the padding
// after each line, lays list items out again (see hangItems; items are
// their unwrapped texts), and hard-wraps any line that is still wider than
// the window (long code lines, wide tables), so no line is ever cut off at
// the window edge.
func fit(out string, width int, items []string, plain bool, amb textwrap.Ambiguous) []string {
	return fitHeads(out, width, items, plain, amb, nil)
}

// fitHeads is fit, which also places the headings when heads is not nil:
// it removes the heading marks from the lines, as placeHeadings does, as
// it copies them into the string they are cut from, and appends to
// *heads the lines the headings start on. Copied again by placeHeadings,
// every heading line was a string of its own, a second copy of a post of
// headings. TestFitHeadsIsPlaceHeadings compares the two.
func fitHeads(out string, width int, items []string, plain bool, amb textwrap.Ambiguous, heads *[]int) []string {
	return fitHeadsRoom(out, width, items, plain, amb, heads, lineRoom{})
}

// fitHeadsRoom is fitHeads, its lines made with room for the lines of
// the pieces after it (see lineRoom).
func fitHeadsRoom(out string, width int, items []string, plain bool, amb textwrap.Ambiguous, heads *[]int, room lineRoom) []string {
	return fitHeadsDropped(out, width, items, plain, amb, heads, room, nil)
}

// fitHeadsDropped is fitHeadsRoom for an output whose layout dropped the
// heading marks of the rows in dropped (see droppedMarks): their lines'
// rows are appended to *heads as they are cut, the output copied only if
// a line changes. Marks left in the output (the one-pass finish did not
// lay it out) are dropped by fitHeadsRoom's way.
func fitHeadsDropped(out string, width int, items []string, plain bool, amb textwrap.Ambiguous, heads *[]int, room lineRoom, dropped *droppedMarks) []string {
	var rows []int // the lines of out (trimmed) whose marks were dropped
	if dropped != nil && heads != nil && len(items) == 0 && len(dropped.rows) > 0 && !strings.ContainsRune(out, headMark) {
		lead := len(out) - len(strings.TrimLeft(out, "\n"))
		rows = dropped.rows
		for i := range rows {
			rows[i] -= lead
		}
	}
	if len(rows) > 0 {
		*heads = slices.Grow(*heads, len(rows))
	}
	out = strings.Trim(out, "\n")
	var lines []string
	if len(items) > 0 {
		// Without items' texts, hangItems gives every line back as
		// it is.
		lines = hangItems(strings.Split(out, "\n"), width, items)
	}
	n := len(lines)
	if lines == nil {
		n = strings.Count(out, "\n") + 1
	}
	res := make([]string, 0, room.lines(n))
	// same says every line so far is the output's line or a start of
	// it, cut from it in place (see cutInPlace): lines read in place (no
	// items), none of them changed but trimmed; left counts the bytes
	// trimmed.
	whole, same, left := out, lines == nil, 0
	// What no line of the output holds, no line is looked at for: a
	// post of short lines spent a tenth of its fit asking each line.
	mayMark := lines != nil || strings.IndexByte(whole, markLead) >= 0
	mayTab := lines != nil || strings.IndexByte(whole, '\t') >= 0
	for i := 0; i < n; i++ {
		var l string
		if lines != nil {
			l = lines[i]
		} else if nl := strings.IndexByte(out, '\n'); nl >= 0 {
			// The lines read in place: a split of the output was a
			// slice of every line, dropped right here.
			l, out = out[:nl], out[nl+1:]
		} else {
			l = out
		}
		if len(rows) > 0 && rows[0] == i {
			*heads = append(*heads, len(res))
			rows = rows[1:]
		}
		was := l
		if mayMark {
			l = marks.Replace(l)
		}
		l = trimPadding(l)
		if mayTab && strings.Contains(l, "\t") {
			// A tab left after ExpandTabs came from a character
			// reference ("&#9;"): a tab would move the terminal's cursor
			// to a tab stop, off the layout. HTML shows it as a space.
			l = strings.ReplaceAll(l, "\t", " ")
		}
		if plain {
			// The plain style is the dark one without its escape
			// codes; scripts get none.
			l = strings.TrimRight(sanitize.Text(l), " ")
		}
		// A line of no more bytes than the width fits: no character
		// is wider in cells than in bytes (a wide or ambiguous one is
		// at least two bytes), and sequences are no cells at all. Most
		// lines of a post of tiny blocks are that short once trimmed.
		// An invalid byte counts two cells where ambiguous characters
		// are wide: such a line is measured.
		if (len(l) > width || amb == textwrap.Wide && !utf8.ValidString(l)) && lineWidth(l, amb) > width {
			if amb == textwrap.Wide {
				res = append(res, textwrap.Lines(l, width, amb)...)
			} else {
				res = appendHardwrapped(res, l, width)
			}
			same = false
			continue
		}
		same = same && cutInPlace(l, was)
		left += len(was) - len(l)
		res = append(res, l)
	}
	balanced := lines != nil || hasOSC8(whole)
	if balanced {
		// Only a line with a link, or after one, changes: without
		// any in the output, every line was looked at for nothing
		// (items' lines come from their own texts).
		res = balanceLinks(res)
	}
	if same && left <= len(whole)/leftOut && (!balanced || prefixesIn(res, whole)) &&
		(heads == nil || !strings.ContainsRune(whole, headMark)) {
		// The lines are the output's, few bytes trimmed from their
		// ends: cut from it already, as they would be from a copy
		// of it. (A post that starts with a quote or a list starts
		// with a line of the document's indentation alone, which is
		// trimmed: its whole output was copied for those two bytes.)
		return res
	}
	// The lines are parts of glamour's output, padding and all: copied
	// into one string of their own, they stop holding it (a render keeps
	// about what the cache counts it at, not four times that). They are
	// cut from it into res again, rather than split into a new slice.
	if heads == nil || dropped != nil && !strings.ContainsRune(whole, headMark) {
		return cutLines(res, strings.Join(res, "\n"))
	}
	return joinHeads(res, heads)
}

// leftOut bounds the bytes that fit may trim from the ends of the
// output's lines and still give lines cut from the output: a sixteenth of
// it. They are held with the lines (the cache counts a render by its
// lines); more than that, the lines are copied into a string of their
// own.
const leftOut = 16

// cutInPlace reports whether l is was or a start of it, cut from it (the
// same bytes, not a copy).
func cutInPlace(l, was string) bool {
	return len(l) <= len(was) && (len(l) == 0 || unsafe.StringData(l) == unsafe.StringData(was))
}

// prefixesIn reports whether lines are the lines of whole, whole split at
// its newlines, or starts of them cut from them in place (see
// cutInPlace).
func prefixesIn(lines []string, whole string) bool {
	for i, l := range lines {
		line, rest := whole, ""
		nl := strings.IndexByte(whole, '\n')
		if nl >= 0 {
			line, rest = whole[:nl], whole[nl+1:]
		}
		if (nl < 0) != (i == len(lines)-1) || !cutInPlace(l, line) {
			return false
		}
		whole = rest
	}
	return len(lines) > 0
}

// hasOSC8 is strings.Contains(s, osc8), looking for the sequence's "]"
// rather than its ESC: a layout's output has an ESC every few bytes (two
// sequences around each styled run), at each of which strings.Contains
// compared the rest, and spent a twentieth of the render of a post of
// headings learning that it had no link.
func hasOSC8(s string) bool {
	for {
		i := strings.Index(s, osc8[1:])
		if i < 0 {
			return false
		}
		if i > 0 && s[i-1] == osc8[0] {
			return true
		}
		s = s[i+1:]
	}
}

// joinHeads is cutLines(lines, strings.Join(lines, "\n")) after
// placeHeadings(lines), the headings' lines appended to *heads: each line
// is copied without its heading marks (see dropHeadMarks) into the string
// the lines are cut from.
func joinHeads(lines []string, heads *[]int) []string {
	size := len(lines) - 1
	for _, l := range lines {
		size += len(l)
	}
	var b strings.Builder
	b.Grow(max(size, 0))
	before := len(*heads)
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if strings.ContainsRune(l, headMark) {
			*heads = append(*heads, i)
			writeDroppingHeadMarks(&b, l)
		} else {
			b.WriteString(l)
		}
	}
	joined := b.String()
	if strings.Count(joined, "\n") != len(lines)-1 {
		// A line held a newline: the lines cut are not these, and
		// neither are the headings' rows. The way this replaces.
		*heads = (*heads)[:before]
		cut := cutLines(lines, strings.Join(lines, "\n"))
		*heads = append(*heads, placeHeadings(cut)...)
		return cut
	}
	for i := range lines {
		n := strings.IndexByte(joined, '\n')
		if n < 0 {
			n = len(joined)
		}
		lines[i], joined = joined[:n], joined[min(n+1, len(joined)):]
	}
	return lines
}

// cutLines returns strings.Split(joined, "\n") for joined, lines joined
// with newlines: lines itself, its lines set to joined's, when none of
// them holds a newline.
func cutLines(lines []string, joined string) []string {
	if strings.Count(joined, "\n") != len(lines)-1 {
		return strings.Split(joined, "\n")
	}
	for i := range lines {
		n := len(lines[i])
		lines[i], joined = joined[:n], joined[min(n+1, len(joined)):]
	}
	return lines
}

// lineWidth is textwrap.StringWidth(l, amb): for narrow ambiguous
// punctuation, x/ansi's StringWidth, which the fork measures without
// asking the grapheme segmenter about most characters of a Chinese post
// (fit measures every line of a render: 3% of a long post's).
func lineWidth(l string, amb textwrap.Ambiguous) int {
	if amb == textwrap.Narrow {
		return gansi.StringWidth(l)
	}
	return textwrap.StringWidth(l, amb)
}

// marks removes what prepare and annotate add for layout from glamour's
// output.
var marks = newMarkReplacer(markPairs...)

// markPairs are marks' old and new strings.
var markPairs = []string{string(lineBreak), "", string(widthFiller), "", string(itemMark), "", string(paraMark), "", string(hardMark), "", string(endMark), ""}

// prepare rewrites annotated markdown (see annotate) so glamour lays it
// out well in a terminal: outside code, CJK text gets break opportunities
// (see cjkBreaks), and long code lines are wrapped under their indentation;
// for a terminal with wide ambiguous punctuation, glamour is told its
// width (see widen).
func prepare(md string, width int, amb textwrap.Ambiguous) string {
	return prepareWith(md, width, amb, nil)
}

// proseMemo keeps what prepare made of each line outside code (by line
// number; a line is the same at every width), for the next prepare of the
// same markdown at another width: a piece is prepared for the items'
// texts and then at the window's width, right after. It serves that first
// render only, and is not kept in the cache.
type proseMemo struct {
	amb   textwrap.Ambiguous
	lines []string
	done  []bool
}

// prepareWith is prepare, taking lines outside code from memo, and
// putting them there, when memo is not nil.
func prepareWith(md string, width int, amb textwrap.Ambiguous, memo *proseMemo) string {
	if strings.Contains(md, "```") || strings.Contains(md, "~~~") {
		return prepareSplit(md, width, amb, memo)
	}
	return prepareProse(md, amb, memo)
}

// prepareProse is prepareSplit for md without code fences, whose every
// line is prose: it reads the lines in place, and copies them only from
// the first one that changes. The slice of its lines and the slice of
// what they became (16 bytes a line each) were most of what preparing a
// post of short lines allocated, for an English post to give md back.
// TestPrepareProseIsPrepareSplit compares the two.
func prepareProse(md string, amb textwrap.Ambiguous, memo *proseMemo) string {
	if memo != nil {
		n := strings.Count(md, "\n") + 1
		if memo.lines == nil || memo.amb != amb || len(memo.lines) != n {
			*memo = proseMemo{amb: amb, lines: make([]string, n), done: make([]bool, n)}
		}
	}
	var b strings.Builder
	changed := false // b holds md up to the current line, changed
	rest := md
	for i, start := 0, 0; ; i++ {
		l, last := rest, true
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			l, rest, last = rest[:nl], rest[nl+1:], false
		}
		was := l
		if memo == nil && amb == textwrap.Narrow {
			if l = sanitize.Refs(l); hasCJK(l) {
				// Its breaks written straight after the lines
				// before it: a string of the line's own, copied
				// here, was most of what a Chinese post's prepare
				// allocated.
				if !changed {
					changed = true
					b.Grow(len(md) + cjkRoom(md[start:]) + len(md)/64)
					b.WriteString(md[:start])
				}
				cjkBreaksTo(&b, l)
				if last {
					break
				}
				b.WriteByte('\n')
				start += len(was) + 1
				continue
			}
		} else if memo != nil && memo.done[i] {
			l = memo.lines[i]
		} else {
			l = cjkBreaks(sanitize.Refs(l))
			if amb == textwrap.Wide {
				l = widen(l)
			}
			if memo != nil {
				memo.lines[i], memo.done[i] = l, true
			}
		}
		if !changed && l != was {
			changed = true
			b.Grow(len(md) + len(md)/8)
			b.WriteString(md[:start])
		}
		if changed {
			b.WriteString(l)
			if !last {
				b.WriteByte('\n')
			}
		}
		if last {
			break
		}
		start += len(was) + 1
	}
	if !changed {
		// Nothing changed (most English posts): md itself, not a copy.
		return md
	}
	return b.String()
}

// prepareSplit is prepareWith for md of any lines, code fences too.
func prepareSplit(md string, width int, amb textwrap.Ambiguous, memo *proseMemo) string {
	lines := strings.Split(md, "\n")
	if memo != nil && (memo.lines == nil || memo.amb != amb || len(memo.lines) != len(lines)) {
		*memo = proseMemo{amb: amb, lines: make([]string, len(lines)), done: make([]bool, len(lines))}
	}
	out := make([]string, 0, len(lines))
	fence := ""
	same := true            // out is lines so far, line for line
	var charts *chartBudget // made at the first fence
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		trimmed := trimQuoteIndent(l)
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
				break
			}
			if !codeMayWrap(l, width-codeMargins) {
				out = append(out, l) // as wrapCode gives it, without a slice a line
				continue
			}
			parts := wrapCode(l, width-codeMargins)
			same = same && len(parts) == 1 && parts[0] == l
			out = append(out, parts...)
			continue
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			if charts == nil {
				charts = newChartBudget(len(md))
			}
			drawn, next, ok, over := drawnDiagram(lines, i, width, amb, charts)
			if ok {
				// A mermaid chart, drawn (see diagrams.go).
				out = append(out, drawn...)
				i = next
				same = false
				continue
			}
			fence = trimmed[:3]
			if over {
				// Its source, saying why it is not drawn.
				out = append(out, l, l[:len(l)-len(trimmed)]+chartOverBudget)
				same = false
				continue
			}
		default:
			if memo != nil && memo.done[i] {
				l = memo.lines[i]
				break
			}
			l = cjkBreaks(sanitize.Refs(l))
			if amb == textwrap.Wide {
				l = widen(l)
			}
			if memo != nil {
				memo.lines[i], memo.done[i] = l, true
			}
		}
		same = same && l == lines[i]
		out = append(out, l)
	}
	if same {
		// Nothing changed (most English posts): md itself, not a copy.
		return md
	}
	return strings.Join(out, "\n")
}

// codeMargins is what glamour takes from the wrap width for code: the
// document's margin and the code block's, 2 cells on each side.
const codeMargins = 8

// wrapCode splits a code line wider than width into lines that continue
// under its own indentation, one step further in, after a continuation
// mark (codeCont). Glamour would wrap it at the block's margin, so
// continuations of deeply indented code landed in the first column and
// read as new statements.
func wrapCode(l string, width int) []string {
	if width < 8 || len(l) <= width || codeWidth(l) <= width {
		return []string{l}
	}
	// The indentation includes a list item's indentation and a quote's
	// markers: a continuation with less would leave the item or quote,
	// and change what the rest of the document is.
	indent := l[:len(l)-len(trimQuoteIndent(l))]
	cont := indent + strings.Repeat(" ", TabWidth-2) + codeCont
	if len(indent)+TabWidth > width/2 {
		cont = indent + codeCont
	}
	contCells := xansi.StringWidth(cont)
	if contCells+TabWidth > width {
		return []string{l} // no room: fit hard-wraps the rendered line
	}
	var out []string
	rest, prefix, cells := l, "", 0
	for {
		n := fitting(rest, width-cells)
		if n == len(rest) {
			return append(out, prefix+rest)
		}
		head := rest[:n]
		// Prefer to break after a space in the second half of the line;
		// else where the text may break (a Chinese comment does not
		// start a line with ，).
		if i := strings.LastIndexByte(head, ' '); i > len(head)/2 {
			head = head[:i+1]
		} else {
			head = head[:kinsokuCut(rest, n)]
		}
		out = append(out, strings.TrimRight(prefix+head, " "))
		rest = strings.TrimLeft(rest[len(head):], " ")
		prefix, cells = cont, contCells
	}
}

// codeWidth is the cells of l, a line of code: its bytes when it is
// printable ASCII (measuring a long line with the grapheme segmenter was
// a fifth of its wrapping's time), else x/ansi's StringWidth.
func codeWidth(l string) int {
	if printableASCII(l) {
		return len(l)
	}
	return xansi.StringWidth(l)
}

// codeMayWrap reports whether wrapCode may cut l at width: a line of no
// more bytes than width is no wider (a character is at most as many
// cells as its bytes), and wrapCode gives it as it is, in a slice of its
// own (one for each line of code, drawn at every width).
func codeMayWrap(l string, width int) bool {
	return width >= 8 && len(l) > width
}

// kinsokuCut moves a cut of s at byte n back (by up to 4 characters)
// until it falls neither before CJK closing punctuation nor after CJK
// opening punctuation; it returns n when there is no such place.
func kinsokuCut(s string, n int) int {
	at := n
	for range 4 {
		next, _ := utf8.DecodeRuneInString(s[at:])
		prev, size := utf8.DecodeLastRuneInString(s[:at])
		if !(next >= 0x80 && textwrap.IsClosing(next)) && !(prev >= 0x80 && textwrap.IsOpening(prev)) {
			return at
		}
		if at-size <= 0 {
			break
		}
		at -= size
	}
	return n
}

// codeCont marks a code line that continues the line above it. It is
// one cell wide in every terminal (not of ambiguous width).
const codeCont = "↪ "

// fitting returns the length in bytes of the longest start of s that is
// at most cells wide, whole characters only. It reads no further than
// that: measuring or truncating the rest of a long line for each wrapped
// line made wrapping quadratic in the line's length.
func fitting(s string, cells int) int {
	n, w := 0, 0
	for n < len(s) {
		if w < cells && s[n] >= 0x20 && s[n] < 0x7f && (n+1 == len(s) || s[n+1] < utf8.RuneSelf) {
			// A printable ASCII character followed by ASCII is a
			// cluster of its own, a cell wide: no segmenting (a long
			// line of code was most of its wrapping's time).
			n, w = n+1, w+1
			continue
		}
		c, cw := xansi.FirstGraphemeCluster(s[n:], xansi.GraphemeWidth)
		if w+cw > cells {
			break
		}
		n, w = n+len(c), w+cw
	}
	return n
}

// lineBreak is inserted between CJK characters as a break opportunity.
// U+2028 LINE SEPARATOR is white space to the wrapper (unicode.IsSpace) but
// zero cells wide, so the text lays out exactly as without it; fit removes
// it from the output.
const lineBreak = '\u2028'

// cjkBreaks marks where a line may break inside CJK text, outside inline
// code, by the rules of package textwrap (the one rule every wrapped text
// of the reader follows).
//
// Why: glamour wraps a paragraph with lipgloss.Wrap inside its own block
// buffers (unexported: no renderer of ours can take that step over), and
// lipgloss.Wrap breaks lines only at spaces and hyphens. Chinese has no
// spaces, so a sentence is one long "word" that is pushed whole to the
// next line, leaving the previous one half empty (a list item's text
// drops below its number, for instance). Chinese may break between any
// two characters and between a Han character and a Latin word, except
// before closing punctuation (，。、）」…) or after opening punctuation
// (（「“…), the rule called kinsoku: where textwrap allows a break, a
// zero-width space character tells lipgloss.Wrap it may break there.
//
// Marks go only between two characters of text (Han, kana, full-width
// punctuation, letters, digits): next to markdown syntax (*, _, [, `)
// white space would change what the syntax means (a closing ** after a
// space closes nothing). Nor between Han and Latin inside what may be a
// URL (a word holding "/", "@" or "."): nothing is inserted into a URL.
// A space where the rule forbids a break ("Go ，", "（ like") becomes a
// no-break space, which looks the same.
func cjkBreaks(l string) string {
	if !hasCJK(l) {
		return l
	}
	var b strings.Builder
	b.Grow(len(l) + cjkRoom(l))
	cjkBreaksTo(&b, l)
	return b.String()
}

// cjkRoom bounds the bytes cjkBreaks adds to the lines of s: a line break
// (three bytes) goes only between two characters of which one is CJK, a
// space becomes a no-break space (a byte more) only next to a character
// that is not ASCII, at the end of its run of spaces, and each byte that
// is not UTF-8 becomes U+FFFD (two more). Its output was grown by doubling
// from half as much again as its line, and a line of Chinese is twice
// its size once broken.
func cjkRoom(s string) int {
	n := 0
	prevCJK := false // the character before is CJK, on the same line
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if prevCJK && c != '\n' {
				n += len(string(lineBreak))
			}
			if c == ' ' {
				j := i
				for j < len(s) && s[j] == ' ' {
					j++
				}
				if i > 0 && s[i-1] >= utf8.RuneSelf || j < len(s) && s[j] >= utf8.RuneSelf {
					n += j - i
				}
				i = j
			} else {
				i++
			}
			prevCJK = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n += len(string(utf8.RuneError)) - 1
		}
		z := isCJK(r)
		if z && i > 0 && s[i-1] != '\n' || prevCJK {
			n += len(string(lineBreak))
		}
		prevCJK = z
		i += size
	}
	return n
}

// cjkBreaksTo writes cjkBreaks(l) to b, l a line with a CJK character.
func cjkBreaksTo(b *strings.Builder, l string) {
	if !utf8.ValidString(l) {
		// Each byte that is not UTF-8 becomes U+FFFD, as it always did.
		l = string([]rune(l))
	}
	// The line is read a character at a time and copied in runs between
	// the characters inserted or replaced: converting it to runes and
	// writing them back one by one was half of the work.
	inCode, urlish := false, false
	var last rune // the last character that is not a space
	from := 0     // l[from:i] is still to be copied
	r, size := utf8.DecodeRuneInString(l)
	a := isCJK(r)
	for i := 0; i < len(l); {
		switch r {
		case '`':
			inCode = !inCode
		case ' ':
			urlish = false
			if !inCode && last != 0 && !spaceMayBreak(last, l[i+1:]) {
				// "Go ，" or "（ like": a break here would start a
				// line with the comma or end one with the bracket.
				b.WriteString(l[from:i])
				b.WriteRune('\u00a0')
				from = i + 1
			}
		case '/', '@', '.':
			urlish = true
		}
		if r != ' ' {
			last = r
		}
		i += size
		if i == len(l) {
			break
		}
		next, nsize := utf8.DecodeRuneInString(l[i:])
		z := isCJK(next)
		if !inCode && (a && z || !urlish && (a && isAlnum(next) || isAlnum(r) && z)) && canBreak(r, next) {
			b.WriteString(l[from:i])
			b.WriteRune(lineBreak)
			from = i
		}
		r, size, a = next, nsize, z
	}
	b.WriteString(l[from:])
}

// canBreak is textwrap.CanBreak, answered without its tables for two
// characters of the CJK Unified Ideographs block, the most common pair
// in Chinese text (TestCanBreakShortcut checks the shortcut).
func canBreak(r, next rune) bool {
	if r >= 0x4e00 && r <= 0x9fff && next >= 0x4e00 && next <= 0x9fff {
		return true
	}
	return textwrap.CanBreak(r, next)
}

// spaceMayBreak reports whether a line may break at a space after last,
// before rest: not before CJK closing punctuation nor after CJK opening
// punctuation (see textwrap.CanBreakAtSpace).
func spaceMayBreak(last rune, rest string) bool {
	next := rune(0)
	for _, r := range rest {
		if r != ' ' {
			next = r
			break
		}
	}
	if next == 0 {
		return true
	}
	return !(last >= 0x80 && textwrap.IsOpening(last)) && !(next >= 0x80 && textwrap.IsClosing(next))
}

// isAlnum reports letters and digits of scripts other than CJK.
func isAlnum(r rune) bool {
	return !isCJK(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// hasCJK reports whether s holds a character isCJK takes. Every one is
// U+2E80 or above, whose UTF-8 starts with a byte of 0xE2 or more: the
// bytes below are stepped over, eight at a time while they are ASCII
// (the test reads every line of a post, and all of an English one).
func hasCJK(s string) bool {
	for i := 0; i < len(s); {
		if i+8 <= len(s) && (uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56)&0x8080808080808080 == 0 {
			i += 8
			continue
		}
		if s[i] < 0xe2 {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isCJK(r) {
			return true
		}
		i += size
	}
	return false
}

// isCJK reports characters of scripts written without spaces between
// words (Chinese, Japanese), where a line may break between any two.
// Korean separates words with spaces and is left to the usual wrapping.
func isCJK(r rune) bool {
	// Most runes of a post are ASCII or Han: answered without the tables
	// (TestIsCJKShortcuts checks the shortcuts against them).
	switch {
	case r < 0x2e80:
		return false
	case r >= 0x4e00 && r <= 0x9fff:
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef // CJK and full-width punctuation
}

// ExpandTabs replaces tabs with spaces up to the next multiple of width,
// counting columns in terminal cells.
func ExpandTabs(s string, width int) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for rest := s; rest != ""; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		// Only the columns before a line's last tab matter: the rest
		// of the line, and lines without a tab, are copied as they are
		// (measuring every rune was 3% of a 2 MB post's render).
		last := strings.LastIndexByte(line, '\t')
		if last < 0 {
			writeRunes(&b, line)
			continue
		}
		col := 0
		for _, r := range line[:last+1] {
			if r == '\t' {
				n := width - col%width
				b.WriteString(strings.Repeat(" ", n))
				col += n
				continue
			}
			b.WriteRune(r)
			col += xansi.StringWidth(string(r))
		}
		writeRunes(&b, line[last+1:])
	}
	return b.String()
}

// writeRunes writes s rune by rune as ExpandTabs always did: a byte that
// is not UTF-8 becomes U+FFFD.
func writeRunes(b *strings.Builder, s string) {
	if utf8.ValidString(s) {
		b.WriteString(s)
		return
	}
	for _, r := range s {
		b.WriteRune(r)
	}
}
