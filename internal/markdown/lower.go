package markdown

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// LowerOptions say how Lower labels what it draws.
type LowerOptions struct {
	// Lang is the post's language: labels are in Chinese for "zh...",
	// else in English.
	Lang string
	// Colour lets labels carry colours (SGR sequences); off for plain
	// text.
	Colour bool
	// WrapCode, if set, splits a line of indented code that is too wide
	// into lines that continue under its indentation.
	WrapCode func(line string) []string
	// SpacedBreaks leaves the soft line breaks of the texts of a
	// paragraph or text block to the renderer, which draws each as a
	// text of one space after its text (gansi's SetSpacedBreaks), rather
	// than adding that text node here: a paragraph of thousands of short
	// lines made a node per line only to draw a space. The breaks of a
	// paragraph that Lower changes further (footnote references, math,
	// raw HTML) are made nodes as before.
	SpacedBreaks bool
	// Labels makes the line naming a fenced code block's language one
	// Label node, which gansi draws, rather than the paragraph of an
	// emphasis of a text it stands for (which glamour's own renderer
	// needs); so too an HTML block drawn as one run of plain, italic or
	// bold text (see htmlBlockText.pending). With it, the marks drawn
	// around nested pairs of tags, side by side in a paragraph, are
	// TextRun nodes, which gansi draws too.
	Labels bool
	// Terms leaves a definition list's term, when it is drawn in bold
	// and holds text nodes only, a block of its own (a DefinitionTerm
	// out of any definition list), which gansi draws as the paragraph of
	// strong emphasis of its texts it stands for; rather than making that
	// paragraph and emphasis, which glamour's own renderer needs (it draws
	// a term in its list). 16 KB of "a\n: b\n  : c\n" made an emphasis
	// for each of its 1,365 terms, 190 KB.
	Terms bool
}

// Lower rewrites doc, parsed from src by a parser of this package, into
// nodes glamour's renderer draws, for what it would drop or print as
// markup: footnote references become numbers, alerts ("> [!NOTE]") get
// their label, math is drawn as Unicode (or its source in the code
// style), fenced code gets a line naming its language (diagrams: "mermaid
// diagram"), and raw HTML becomes text and styles (see html.go).
//
// The text it adds (labels, converted math) has to live in the source
// the tree's segments point into, so Lower returns that source: src with
// the new text after it. Render the lowered tree with the returned
// source. src itself is not changed. Lower keeps the package's bounds:
// what it wraps in new containers is never drawn deeper than
// MaxInlineDepth, and it walks the tree once.
//
// A source that does not end in a line break gets one after it, before
// the new text: goldmark's Segment.Value appends a line break to the
// last line of a fenced code block left open at the end of the source
// (ForceNewline), in place, into the byte after the source, which was the
// first byte of the text added here (a link's mark "[1]" drew as "\n1]",
// an OSC 8 hyperlink lost its ESC and showed its URL and a BEL). The line
// break takes that write.
func Lower(doc ast.Node, src []byte, o LowerOptions) []byte {
	l := &lowerer{src: src[:len(src):len(src)], o: o, zh: strings.HasPrefix(strings.ToLower(o.Lang), "zh")}
	if len(src) > 0 && src[len(src)-1] != '\n' {
		l.src = append(l.src, '\n')
	}
	l.parsed = len(l.src)
	var (
		math      []*Math
		refs      []*east.FootnoteLink
		backs     []ast.Node
		quotes    []*ast.Blockquote
		code      []*ast.FencedCodeBlock
		htmlBlock []*ast.HTMLBlock
		htmlIn    []ast.Node // parents of raw inline HTML
		soft      []*ast.Text
		spans     []*ast.CodeSpan
		defs      []*east.DefinitionList
		indented  []*ast.CodeBlock
		noteLines []*NoteLines
		noteRuns  []*NoteRun
		endRuns   []endRun // runs of end tags (see endRunnable)
	)
	seenParent := map[ast.Node]bool{}
	// keep holds the paragraphs whose soft breaks become text nodes
	// whatever o.SpacedBreaks says: later steps read or move their
	// texts' neighbours.
	keep := map[ast.Node]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *Math:
			math = append(math, n)
			keep[n.Parent()] = true
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink:
			refs = append(refs, n)
			keep[n.Parent()] = true
		case *east.FootnoteBacklink:
			backs = append(backs, n)
		case *NoteLines:
			noteLines = append(noteLines, n)
		case *NoteRun:
			noteRuns = append(noteRuns, n)
			keep[n.Parent()] = true
		case *ast.Blockquote:
			quotes = append(quotes, n)
		case *ast.FencedCodeBlock:
			code = append(code, n)
		case *ast.CodeBlock:
			indented = append(indented, n)
		case *east.DefinitionList:
			defs = append(defs, n)
		case *ast.HTMLBlock:
			htmlBlock = append(htmlBlock, n)
		case *ast.Text:
			if n.SoftLineBreak() && !n.HardLineBreak() {
				soft = append(soft, n)
			}
		case *ast.CodeSpan:
			spans = append(spans, n)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if k := endRunTags(n, l.src); k > 0 {
				endRuns = append(endRuns, endRun{n, k})
			}
			if p := n.Parent(); p != nil && !seenParent[p] {
				seenParent[p] = true
				keep[p] = true
				htmlIn = append(htmlIn, p)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range quotes {
		l.alert(n) // before the soft breaks: it reads the first line's nodes
	}
	// Line breaks: the renderer is to keep the paragraph's line breaks
	// (glamour's PreserveNewLines), so that hard breaks, <br> and display
	// math keep theirs; a soft break is a space.
	//
	// In a paragraph crowded with footnote references (see joinCopied),
	// a text of its runs keeps its soft break, which joinCopied draws
	// as the space: a node of " " would only be joined into its run.
	// deferred counts those spaces, the children the paragraph would
	// have had: the count that tells it crowded.
	//
	// A NoteRun, or a run of end tags, counts as the nodes it stands for (extra: the nodes but
	// one).
	var deferred, final, extra map[ast.Node]int
	if len(refs) > 0 || len(noteRuns) > 0 {
		deferred, final, extra = map[ast.Node]int{}, map[ast.Node]int{}, map[ast.Node]int{}
		for _, n := range refs {
			final[n.Parent()] = 0
		}
		for _, n := range noteRuns {
			final[n.Parent()] = 0
			extra[n.Parent()] += n.extra()
		}
		for _, r := range endRuns {
			extra[r.n.Parent()] += r.tags - 1 // see runChildren
		}
		for _, t := range soft {
			if p := t.Parent(); p != nil {
				if _, ok := final[p]; ok {
					final[p]++
				}
			}
		}
		for p := range final {
			final[p] += p.ChildCount() + extra[p]
		}
	}
	for _, t := range soft {
		p := t.Parent()
		if p == nil {
			continue // an alert's marker line, removed
		}
		if final[p] > MaxTextRuns && l.runText(t) {
			deferred[p]++
			continue
		}
		if o.SpacedBreaks && !keep[p] && spacedParent(p) {
			continue // drawn by the renderer
		}
		t.SetSoftLineBreak(false)
		p.InsertAfter(p, t, l.text(" "))
	}
	for _, n := range spans {
		if s := n.Text(l.src); bytes.ContainsAny(s, "\r\n") { //nolint:staticcheck // the raw text is wanted
			n.RemoveChildren(n)
			n.AppendChild(n, l.text(lineEnds.Replace(string(s))))
		}
	}
	var crowded []ast.Node
	seenCrowded := map[ast.Node]bool{} // not seenParent: a tag's paragraph is in it
	for _, n := range noteRuns {
		if p := n.Parent(); p.ChildCount()+deferred[p]+extra[p] <= MaxTextRuns {
			// Not joined (the parse expands such runs): its nodes, drawn
			// as below.
			for _, c := range n.Nodes(l.src) {
				p.InsertBefore(p, n, c)
				if ref, ok := c.(*east.FootnoteLink); ok {
					refs = append(refs, ref)
				}
			}
			p.RemoveChild(p, n)
			extra[p] -= n.extra()
		}
	}
	for _, n := range noteRuns {
		if p := n.Parent(); p != nil && !seenCrowded[p] {
			seenCrowded[p] = true
			crowded = append(crowded, p)
		}
	}
	for _, n := range refs {
		p := n.Parent()
		if p.ChildCount()+deferred[p]+extra[p] <= MaxTextRuns {
			l.footnoteRef(n)
			continue
		}
		// Drawn as its text by joinCopied, in its run of text: a text
		// node of its own would be joined into the run's first.
		if !seenCrowded[p] {
			seenCrowded[p] = true
			crowded = append(crowded, p)
		}
	}
	for _, p := range crowded {
		l.joinCopied(p)
	}
	for _, n := range noteLines {
		l.lowerNoteLines(n)
	}
	for _, n := range backs {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range code {
		l.codeLabel(n)
	}
	if len(defs) > 0 {
		n, strong := l.countTerms(defs)
		if strong > 0 {
			l.strong = make([]ast.Emphasis, strong)
		}
		l.spare = takeSpareParas(doc, defs)
		for p := l.spare; p != nil && n > 0; p = nextSpare(p) {
			n-- // a term's paragraph
		}
		l.paras = make([]ast.Paragraph, n)
	}
	for _, n := range defs {
		l.definitions(n)
	}
	if o.WrapCode != nil {
		for _, n := range indented {
			l.wrapCode(n)
		}
	}
	for _, p := range htmlIn {
		l.inlineHTML(p)
	}
	for _, n := range htmlBlock {
		l.htmlBlock(n)
	}
	for _, n := range math {
		l.math(n)
	}
	return l.src
}

type lowerer struct {
	src []byte
	o   LowerOptions
	zh  bool
	// displays counts the formulas drawn on lines of their own in the
	// block displayBlock (see math).
	displayBlock ast.Node
	displays     int
	// texts are the text nodes text hands out (see slab).
	texts slab[ast.Text]
	// labels are the Label nodes codeLabel hands out, and lastLabel the
	// language of the last label added to the source, at lastAt: most
	// blocks of a post share their label ("mermaid diagram"), added once.
	labels    slab[Label]
	lastLabel string
	lastAt    text.Segment
	// paras and strong are the nodes of the terms definitions lowers
	// (see term), made for all of them at once.
	paras  []ast.Paragraph
	strong []ast.Emphasis
	// spare holds the paragraphs the parse dropped (see
	// descriptionParser), chained through their next sibling: the terms'
	// paragraphs are taken from them first.
	spare *ast.Paragraph
	// htmlRaw holds the text of the HTML block htmlBlock reads, and
	// htmlLine the text of its current run (see htmlBlockText.line).
	htmlRaw  []byte
	htmlLine []byte
	// parsed is the length of the source as parsed: the texts Lower
	// adds lie past it (see addMark).
	parsed int
}

// text returns a text node of s, added to the source.
func (l *lowerer) text(s string) *ast.Text {
	start := len(l.src)
	l.src = append(l.src, s...)
	t := l.texts.get() // ast.NewTextSegment's node
	t.Segment = text.NewSegment(start, len(l.src))
	return t
}

// slab hands out zero values of T from slices made a chunk at a time,
// of 4, then of slabChunk: Lower makes a node for every tag
// it draws as text ("^(" and ")" around each of thousands of nested
// <sup>), and made each on its own, an allocation of 176 bytes every few
// bytes of markdown. A chunk lives as long as any of its values, which
// live as long as the tree. A Lower that makes no node allocates none.
type slab[T any] struct {
	free []T
	last int
}

// slabChunk is the most values a slab makes at once: the chunk last made
// is used in part, and a post's Lower makes a few dozen text nodes at
// most, so chunks doubling further left more unused than they spared (a
// written math post: 4 KB more). Eight text nodes take what they take
// apart (168 bytes each in a chunk, 176 alone: 1,408 either way), in one
// allocation.
const slabChunk = 8

// get returns a new zero T.
func (s *slab[T]) get() *T {
	if len(s.free) == 0 {
		s.last = min(max(2*s.last, 4), slabChunk)
		s.free = make([]T, s.last)
	}
	t := &s.free[0]
	s.free = s.free[1:]
	return t
}

// escaped adds s to the source as decoded does, escaped as
// html.EscapeString escapes it (x/net/html's escape.go, escape: the same
// six bytes), and returns where it is: without the string EscapeString
// takes, which htmlBlockText would have made of its run for each block.
// TestEscapedIsEscapeString compares the two.
func (l *lowerer) escaped(s []byte) text.Segment {
	start := len(l.src)
	for _, c := range s {
		switch c {
		case '&':
			l.src = append(l.src, "&amp;"...)
		case '\'':
			l.src = append(l.src, "&#39;"...)
		case '<':
			l.src = append(l.src, "&lt;"...)
		case '>':
			l.src = append(l.src, "&gt;"...)
		case '"':
			l.src = append(l.src, "&#34;"...)
		case '\r':
			l.src = append(l.src, "&#13;"...)
		default:
			l.src = append(l.src, c)
		}
	}
	return text.NewSegment(start, len(l.src))
}

// decoded returns a text node of s, which the HTML tokenizer has decoded
// (character references): glamour decodes text again, so s is encoded
// for it. Else "&amp;#27;" in a post would reach the terminal as ESC.
func (l *lowerer) decoded(s string) *ast.Text { return l.text(html.EscapeString(s)) }

// lineBreak returns an empty text that ends its line.
func (l *lowerer) lineBreak() *ast.Text {
	t := l.text("")
	t.SetHardLineBreak(true)
	return t
}

// label returns s in bold (level 2) or italics (1), coloured with the 256-colour palette entry
// colour when colours are on.
func (l *lowerer) label(s string, colour, level int) ast.Node {
	if !l.o.Colour {
		return l.text(s) // plain text has no bold, and no markers for it
	}
	if colour > 0 {
		s = "\x1b[38;5;" + strconv.Itoa(colour) + "m" + s + "\x1b[39m"
	}
	e := ast.NewEmphasis(level)
	e.AppendChild(e, l.text(s))
	return e
}

// footnoteRef draws a reference as its note's number, raised.
func (l *lowerer) footnoteRef(n *east.FootnoteLink) {
	n.Parent().ReplaceChild(n.Parent(), n, l.text(refText(n)))
}

// spacedParent reports whether p is a node whose texts' soft breaks
// LowerOptions.SpacedBreaks leaves to the renderer: a paragraph or text
// block, whose texts the renderer draws one by one (it draws the texts
// of inlines, such as emphasis, with their parent).
func spacedParent(p ast.Node) bool {
	k := p.Kind()
	return k == ast.KindParagraph || k == ast.KindTextBlock
}

// runText reports whether t is part of a run of text joinCopied joins:
// plain text of the source without "&".
func (l *lowerer) runText(t *ast.Text) bool {
	return joinable(t) && bytes.IndexByte(t.Segment.Value(l.src), '&') < 0
}

// refText is the text a footnote reference is drawn as: its number
// raised, or "N. " for a note listed as a line (see listNotesAsLines).
func refText(n *east.FootnoteLink) string {
	if n.Index < 0 {
		return strconv.Itoa(-n.Index) + ". "
	}
	num := strconv.Itoa(n.Index)
	s, ok := Superscript(num)
	if !ok {
		s = "[" + num + "]"
	}
	return s
}

// joinCopied joins each run of plain text children of p into one text
// node, their text copied into the source: p is a node of more than
// MaxTextRuns children whose footnote references were drawn as text
// ("a[^1] " repeated: two text nodes every six bytes, each styled, drawn
// and measured on its own by the renderer). The text is drawn the same,
// in fewer style sequences; a node of fewer children, every paragraph a
// post is written with, is left as it is (see textJoiner). A text with
// "&" is left on its own: joined to its neighbours, an escaped "\&" could
// make a character reference the renderer would decode.
func (l *lowerer) joinCopied(p ast.Node) {
	// As joinRuns, but a footnote reference of p, not drawn yet (see
	// Lower), is part of a run as its text: a run of "a[^1] " repeated
	// made a text node per reference only to join it.
	part := func(n ast.Node) bool {
		switch t := n.(type) {
		case *ast.Text:
			return l.runText(t)
		case *east.FootnoteLink, *NoteRun:
			return true
		}
		return false
	}
	// A text of a run with a soft break is one whose space Lower left
	// to be drawn here (after it); a hard break ends the run.
	spaced := func(n ast.Node) bool {
		t, ok := n.(*ast.Text)
		return ok && t.SoftLineBreak() && !t.HardLineBreak()
	}
	breaks := func(n ast.Node) bool {
		t, ok := n.(*ast.Text)
		return ok && t.HardLineBreak()
	}
	// Room for the copies at once: appended run by run, the source was
	// copied whole every time it grew by a quarter.
	room := 0
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			room += t.Segment.Len() + 1
		case *east.FootnoteLink:
			room += refRoom(t.Index)
		case *NoteRun:
			room += t.room()
		}
	}
	l.src = slices.Grow(l.src, room)
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		if !part(c) {
			c = next
			continue
		}
		last := c
		for !breaks(last) && next != nil && part(next) {
			last, next = next, next.NextSibling()
		}
		if _, run := c.(*NoteRun); last == c && !spaced(c) && !run {
			if ref, ok := c.(*east.FootnoteLink); ok {
				l.footnoteRef(ref)
			}
			c = next
			continue
		}
		start := len(l.src)
		for n := c; ; n = n.NextSibling() {
			if t, ok := n.(*ast.Text); ok {
				l.src = append(l.src, t.Segment.Value(l.src)...)
				if spaced(t) {
					l.src = append(l.src, ' ')
				}
			} else if r, ok := n.(*NoteRun); ok {
				l.src = r.appendText(l.src, l.src)
			} else {
				l.src = append(l.src, refText(n.(*east.FootnoteLink))...)
			}
			if n == last {
				break
			}
		}
		first, ok := c.(*ast.Text)
		if !ok {
			first = ast.NewTextSegment(text.Segment{})
			p.ReplaceChild(p, c, first)
		}
		first.Segment = text.NewSegment(start, len(l.src))
		first.SetSoftLineBreak(false) // a soft break's space is drawn
		first.SetHardLineBreak(breaks(last))
		for n := first.NextSibling(); n != next; {
			after := n.NextSibling()
			p.RemoveChild(p, n)
			n = after
		}
		c = next
	}
}

// refRoom is at least the length of refText for a reference of index
// i: a superscript digit is at most three bytes, and "[", "]" or ". "
// come around the number.
func refRoom(i int) int {
	n := 1
	for i = max(i, -i); i >= 10; i /= 10 {
		n++
	}
	return 3*n + 2
}

// alertLine is the first line of a GitHub alert, as Hugo reads it
// (Obsidian's "[!NOTE]- Title" form included).
var alertLine = regexp.MustCompile(`^\[!([A-Za-z]+)\][-+]?[ \t]*(.*?)\s*$`)

type alertKind struct {
	en, zh string
	colour int
}

var alertKinds = map[string]alertKind{
	"NOTE":      {"Note", "注意", 39},
	"TIP":       {"Tip", "提示", 35},
	"IMPORTANT": {"Important", "重要", 141},
	"WARNING":   {"Warning", "警告", 214},
	"CAUTION":   {"Caution", "小心", 203},
}

// alert labels a blockquote that starts with "[!NOTE]" (or TIP,
// IMPORTANT, WARNING, CAUTION): the marker line becomes the label, in the
// post's language and the alert's colour, or the title written after it.
func (l *lowerer) alert(q *ast.Blockquote) {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return
	}
	first := p.Lines().At(0)
	if !bytes.HasPrefix(first.Value(l.src), []byte("[!")) {
		return
	}
	m := alertLine.FindSubmatch(first.Value(l.src))
	if m == nil {
		return
	}
	kind, ok := alertKinds[strings.ToUpper(string(m[1]))]
	if !ok {
		return
	}
	name := kind.en
	if l.zh {
		name = kind.zh
	}
	if title := strings.TrimSpace(string(m[2])); title != "" {
		name = title
	}
	// Drop the inline nodes of the marker line.
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		if !onLine(c, first) {
			break
		}
		p.RemoveChild(p, c)
		c = next
	}
	lbl := l.label(name, kind.colour, 2)
	if p.HasChildren() {
		p.InsertBefore(p, p.FirstChild(), l.lineBreak())
		p.InsertBefore(p, p.FirstChild(), lbl)
	} else {
		p.AppendChild(p, lbl)
	}
}

// onLine reports whether inline node n lies within the line seg (nodes
// without a segment of their own go by their first text, a run of
// references by its first label).
func onLine(n ast.Node, seg text.Segment) bool {
	if r, ok := n.(*RefRun); ok {
		return int(r.Uses[0].Start) < seg.Stop
	}
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start < seg.Stop
		}
	}
	return true
}

// diagrams are the fence languages that hold a diagram's source.
var diagrams = map[string]bool{
	"mermaid": true, "plantuml": true, "puml": true, "graphviz": true, "dot": true,
	"flowchart": true, "sequence": true, "d2": true, "ditaa": true, "goat": true,
	"wavedrom": true, "abc": true, "vega": true, "vega-lite": true,
}

// codeLabel puts a line naming the language before a fenced code block:
// "go", or "mermaid diagram" for a diagram (drawn as its source).
func (l *lowerer) codeLabel(n *ast.FencedCodeBlock) {
	raw := n.Language(l.src)
	if len(raw) == 0 {
		return
	}
	if !l.o.Labels {
		lang := strings.ToLower(string(raw))
		p := ast.NewParagraph()
		p.AppendChild(p, l.label(l.codeName(lang), 0, 1))
		n.Parent().InsertBefore(n.Parent(), n, p)
		return
	}
	var level uint8
	if l.o.Colour {
		level = 1
	}
	var seg text.Segment
	if start := n.Info.Segment.Start; isLowerASCII(raw) && !diagrams[string(raw)] && start+len(raw) <= len(l.src) && string(l.src[start:start+len(raw)]) == string(raw) {
		// The language as written: its bytes in the source.
		seg = text.NewSegment(start, start+len(raw))
	} else {
		seg = l.labelText(raw)
	}
	lb := l.labels.get()
	if !lb.set(seg, level) {
		// Past what a label holds: the paragraph it stands for.
		n.Parent().InsertBefore(n.Parent(), n, labelParagraph(seg, level))
		return
	}
	n.Parent().InsertBefore(n.Parent(), n, lb)
}

// codeName is the label of a code block of language lang (lower case):
// lang, or "lang diagram" for a diagram.
func (l *lowerer) codeName(lang string) string {
	if !diagrams[lang] {
		return lang
	}
	if l.zh {
		return lang + " 图"
	}
	return lang + " diagram"
}

// labelText returns the segment in the source of the label of a block
// of language raw, added to it unless it is the last label's.
func (l *lowerer) labelText(raw []byte) text.Segment {
	if string(raw) != l.lastLabel || l.lastAt.Stop == 0 {
		start := len(l.src)
		l.src = append(l.src, l.codeName(strings.ToLower(string(raw)))...)
		l.lastLabel, l.lastAt = string(raw), text.NewSegment(start, len(l.src))
	}
	return l.lastAt
}

// isLowerASCII reports whether b holds no upper-case letter and no byte
// outside ASCII: strings.ToLower leaves it as it is.
func isLowerASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// math draws a formula as Unicode where TeXToUnicode knows it, else as
// its source in the code style. Inline math never breaks across lines
// (its spaces do not break); display math stands on lines of its own.
func (l *lowerer) math(n *Math) {
	if n.Parent() == nil {
		// Dropped with the tags around it (<script>, <style>: see
		// drawPair), which are lowered first.
		return
	}
	tex := n.TeX(l.src)
	var out ast.Node
	if s, ok := TeXToUnicode(tex); ok && s != "" {
		out = l.mathText(n, nonBreaking(s))
	} else {
		cs := ast.NewCodeSpan()
		cs.AppendChild(cs, l.mathText(n, nonBreaking(strings.Join(htmlFields(tex), " "))))
		out = cs
	}
	parent := n.Parent()
	parent.ReplaceChild(parent, n, out)
	if !n.Display {
		return
	}
	// Each formula on lines of its own costs the layout a few padded
	// lines: "$$a " repeated made three lines of output every four bytes
	// of input, thirty times prose's cost. A block draws at most
	// MaxDisplays so; further ones stay in the text, as inline math does
	// (formulas are lowered in document order).
	if parent != l.displayBlock {
		l.displayBlock, l.displays = parent, 0
	}
	if l.displays++; l.displays > MaxDisplays {
		return
	}
	// On lines of its own: break before it, unless it starts its block,
	// and after it, unless it ends it.
	if run, ok := out.PreviousSibling().(*TextRun); ok {
		l.lastOfRun(parent, run) // its last text is broken after
	}
	if prev, ok := out.PreviousSibling().(*ast.Text); ok {
		prev.SetSoftLineBreak(false)
		prev.SetHardLineBreak(true)
	} else if out.PreviousSibling() != nil {
		parent.InsertBefore(parent, out, l.lineBreak())
	}
	// The line end after it (an empty text with a soft break, which
	// became a space) is the break made here: drawn, it started the next
	// line with a space.
	for next, ok := out.NextSibling().(*ast.Text); ok && len(bytes.TrimSpace(next.Segment.Value(l.src))) == 0; next, ok = out.NextSibling().(*ast.Text) {
		parent.RemoveChild(parent, next)
	}
	if next := out.NextSibling(); next != nil {
		br := l.lineBreak()
		parent.InsertAfter(parent, out, br)
		if run, ok := next.(*TextRun); ok && run.Segment.Len() > 0 && l.src[run.Segment.Start] == ' ' {
			next = l.firstOfRun(parent, run) // its first text is trimmed
		}
		if t, ok := next.(*ast.Text); ok && t.Segment.Len() > 0 && l.src[t.Segment.Start] == ' ' {
			t.Segment = t.Segment.TrimLeftSpace(l.src)
		}
	}
}

// mathText is l.text(s) for formula n, made of the node of its TeX's
// first line, which is read and dropped with n: a node less for each
// formula (168 bytes; "$$a " repeated makes hundreds). The node is made
// what a new one is, zero but for its text.
func (l *lowerer) mathText(n *Math, s string) *ast.Text {
	t, ok := n.FirstChild().(*ast.Text)
	if !ok {
		return l.text(s)
	}
	n.RemoveChild(n, t)
	*t = ast.Text{}
	start := len(l.src)
	l.src = append(l.src, s...)
	t.Segment = text.NewSegment(start, len(l.src))
	return t
}

// lineEnds are what a code span's line ends become: spaces (CommonMark).
var lineEnds = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// nonBreaking makes the spaces of s no-break spaces, which the wrapper
// does not break at.
func nonBreaking(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

// definitions takes a definition list's terms out of it, as paragraphs
// of their own in bold, each followed by a list of its definitions, which
// the style indents: glamour draws a term and its definitions as one
// block, and wraps a long definition back to the margin. The definitions
// after the last term stay in dl, which so serves as their list: a new
// list for each term (most lists have one) was a tenth of what 16 KB of
// definitions nested in definitions allocated. A term gansi draws itself
// (see drawsTerm) is left as it is, moved out of dl likewise.
func (l *lowerer) definitions(dl *east.DefinitionList) {
	parent := dl.Parent()
	var last ast.Node // dl's last term
	for c := dl.LastChild(); c != nil && last == nil; c = c.PreviousSibling() {
		if c.Kind() == east.KindDefinitionTerm {
			last = c
		}
	}
	var cur *east.DefinitionList
	for c := dl.FirstChild(); c != nil; c = dl.FirstChild() {
		if t, ok := c.(*east.DefinitionTerm); ok {
			dl.RemoveChild(dl, t)
			var term ast.Node = t
			if !l.drawsTerm(t) {
				term = l.termBlock(t)
			}
			parent.InsertBefore(parent, dl, term)
			cur = nil
			if c == last {
				if !dl.HasChildren() {
					parent.RemoveChild(parent, dl)
				}
				return
			}
			continue
		}
		if cur == nil {
			cur = east.NewDefinitionList(dl.Offset, nil)
			parent.InsertBefore(parent, dl, cur)
		}
		cur.AppendChild(cur, c) // moves c out of dl
	}
	parent.RemoveChild(parent, dl)
}

// termBlock returns the paragraph term t is lowered to, t's children
// moved into it, in strong emphasis when t is drawn coloured and holds
// plain inlines.
func (l *lowerer) termBlock(t *east.DefinitionTerm) *ast.Paragraph {
	p := l.termParagraph()
	var in ast.Node = p
	if l.o.Colour && plainInlines(t) {
		e := l.termStrong()
		p.AppendChild(p, e)
		in = e
	}
	for k := t.FirstChild(); k != nil; k = t.FirstChild() {
		in.AppendChild(in, k)
	}
	return p
}

// drawsTerm reports whether term t is left a block of its own, which
// gansi draws as a bold paragraph (see LowerOptions.Terms): coloured,
// with Terms, and of text nodes only, drawn as the strong emphasis of
// them would be (gansi's writeEmphasis, or the element of each text).
// The loop is over t's children.
func (l *lowerer) drawsTerm(t *east.DefinitionTerm) bool {
	if !l.o.Terms || !l.o.Colour {
		return false
	}
	for c := t.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.Text); !ok {
			return false
		}
	}
	return true
}

// countTerms counts the terms of defs, the definition lists Lower found
// (lowered one after the other, a term is never moved into another list),
// that are lowered to paragraphs (see drawsTerm), and of those the ones
// in strong emphasis (see termBlock). The loops are over the lists'
// children and the terms'.
func (l *lowerer) countTerms(defs []*east.DefinitionList) (paras, strong int) {
	for _, dl := range defs {
		for c := dl.FirstChild(); c != nil; c = c.NextSibling() {
			t, ok := c.(*east.DefinitionTerm)
			if !ok || l.drawsTerm(t) {
				continue
			}
			paras++
			if l.o.Colour && plainInlines(t) {
				strong++
			}
		}
	}
	return paras, strong
}

// termParagraph and termStrong return the nodes of a lowered term, its
// paragraph and the strong emphasis around its text when it is coloured,
// as ast.NewParagraph and ast.NewEmphasis(2) make them, from those made
// for all terms at once: a post of many short terms (16 KB of
// "a\n: b\n  : c\n" has 1,365) made both for each. A paragraph is one
// the parse dropped, zeroed, while there are (see descriptionParser).
func (l *lowerer) termParagraph() *ast.Paragraph {
	if p := l.spare; p != nil {
		l.spare = nextSpare(p)
		*p = ast.Paragraph{}
		return p
	}
	if len(l.paras) == 0 {
		return ast.NewParagraph()
	}
	p := &l.paras[0]
	l.paras = l.paras[1:]
	return p
}

// nextSpare is the paragraph chained after p (see lowerer.spare and
// pushPara).
func nextSpare(p *ast.Paragraph) *ast.Paragraph {
	next, _ := p.NextSibling().(*ast.Paragraph)
	return next
}

func (l *lowerer) termStrong() *ast.Emphasis {
	if len(l.strong) == 0 {
		return ast.NewEmphasis(2)
	}
	e := &l.strong[0]
	l.strong = l.strong[1:]
	e.Level = 2
	return e
}

// wrapCode wraps the long lines of indented code with o.WrapCode.
func (l *lowerer) wrapCode(n *ast.CodeBlock) {
	lines := n.Lines()
	var out *text.Segments
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(l.src)
		line := strings.TrimRight(string(v), "\r\n")
		parts := l.o.WrapCode(line)
		if len(parts) <= 1 {
			if out != nil {
				out.Append(seg)
			}
			continue
		}
		if out == nil {
			out = text.NewSegments()
			for j := 0; j < i; j++ {
				out.Append(lines.At(j))
			}
		}
		for _, p := range parts {
			t := l.text(p + "\n")
			out.Append(t.Segment)
		}
	}
	if out != nil {
		n.SetLines(out)
	}
}

// plainInlines reports whether n holds no inline container, so that one
// more around its children stays within MaxInlineDepth.
func plainInlines(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if isInlineContainer(c) || c.HasChildren() {
			return false
		}
	}
	return true
}

// endRun is a node of a run of end tags and the tags it stands for (see
// endRunTags), as Lower's walk found them.
type endRun struct {
	n    *ast.RawHTML
	tags int
}
