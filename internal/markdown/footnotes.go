package markdown

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Footnotes ("text[^1]" and "[^1]: the note") are parsed by goldmark's
// footnote block parser, but its reference parser and AST transformer are
// replaced: the reference parser looks each label up by walking every
// definition (references times definitions: quadratic), and the
// transformer sorts the notes by insertion into a linked list (quadratic
// too). Here definitions are kept in a map and the notes sorted once.
//
// The transformer also gives the notes the shape they are drawn in, out
// of nodes glamour draws: a rule, then an ordered list of the notes in
// the order of their first reference, at the end of the document (as
// Hugo does), so that list items and their wrapping work as for any list.
// A note nobody refers to is dropped, as Hugo drops it. References become
// numbers when the tree is lowered (see Lower).

// footnotesKey holds a parse's definitions (*footnotes).
var footnotesKey = parser.NewContextKey()

type footnotes struct {
	byLabel map[string]*east.Footnote
	all     []*east.Footnote
	count   int // notes referred to so far
}

func footnotesOf(pc parser.Context) *footnotes {
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil {
		f = &footnotes{byLabel: map[string]*east.Footnote{}}
		pc.Set(footnotesKey, f)
	}
	return f
}

// footnoteBlock is goldmark's definition parser, recording each
// definition as it closes.
type footnoteBlock struct{ parser.BlockParser }

func (b footnoteBlock) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	_, seg := reader.PeekLine()
	n, st := b.BlockParser.Open(parent, reader, pc)
	if at, ok := pc.Get(openedAtKey).(map[ast.Node]int); ok && n != nil {
		at[n] = seg.Start
	}
	return n, st
}

// openedAtKey holds where each definition of a parse starts
// (map[ast.Node]int), in a parse for ReadNotes only: the parses of a
// post's layout need not know (a map entry and a range a note, a tenth of
// the parse of a post of thousands of tiny notes).
var openedAtKey = parser.NewContextKey()

func (b footnoteBlock) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	fn, ok := node.(*east.Footnote)
	if ok {
		// Before goldmark's Close, which moves the definition into the
		// list of notes: for a definition nested in another, that list
		// lies inside the outer one, which then holds itself (the parser
		// never walks that detached cycle; the transformer breaks it).
		if at, ok := pc.Get(openedAtKey).(map[ast.Node]int); ok {
			recordRange(pc, fn, reader.Source(), at[fn])
		}
	}
	b.BlockParser.Close(node, reader, pc)
	if !ok {
		return
	}
	f := footnotesOf(pc)
	f.all = append(f.all, fn)
	if _, dup := f.byLabel[string(fn.Ref)]; !dup { // the first definition wins
		f.byLabel[string(fn.Ref)] = fn
	}
}

// footnoteLabelLimit is goldmark's bound on a label.
const footnoteLabelLimit = 1000

// footnoteRef parses "[^label]" where label is defined, and, if
// undefinedAsText, most others as their text (see undefined).
type footnoteRef struct {
	undefinedAsText bool
	// runs parses runs of references as NoteRuns (Options.LinkRuns).
	runs bool
	// emoji says the parser reads emoji shortcodes (Options.Emoji),
	// which a run's texts then may not hold (see runScan).
	emoji bool
}

func (footnoteRef) Trigger() []byte { return []byte{'['} }

func (r footnoteRef) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	end := refEnd(line)
	if end < 0 {
		return nil
	}
	f := footnotesOf(pc)
	label := string(block.Value(text.NewSegment(seg.Start+2, seg.Start+end)))
	fn, ok := f.byLabel[label]
	if n, _ := pc.Get(notesKey).(notesIn); n.notes != nil {
		// A post in pieces: the number is the post's, the note may be
		// in another piece.
		if !ok && !n.notes.labels[label] {
			return r.undefined(parent, line, end, seg, block, pc)
		}
		i := n.notes.number(label)
		if ok {
			fn.Index = i
		}
		block.Advance(end + 1)
		return east.NewFootnoteLink(i)
	}
	num := 0
	if ok {
		if fn.Index < 0 {
			f.count++
			fn.Index = f.count
		}
		num = fn.Index
	} else if t := tailOf(pc); t != nil {
		if i := t.find(line[2:end]); i >= 0 {
			num = t.number(i, f)
		}
	}
	if num == 0 {
		return r.undefined(parent, line, end, seg, block, pc)
	}
	if r.runs && noteRunParent(parent) && !escapeMayLeak(parent, block.Source(), seg.Start, pc) {
		if run := noteRun(line, seg, end, num, f, pc, r.emoji); run != nil {
			block.Advance(run.Stop - seg.Start)
			return run
		}
	}
	block.Advance(end + 1)
	return east.NewFootnoteLink(num)
}

// undefined takes "[^label]" (line[:end+1]), whose note is not
// defined, as the text it is, when goldmark's link parser could make
// nothing else of it: it is followed by neither "(" nor "[" (no inline or
// full reference link), its label is not a link's (no link definition
// has it), the link openers are not all taken (linkGuard), and the label
// is of letters, digits, "-" and non-ASCII bytes only, which no inline
// parser reads (no emphasis, code, math, link or emoji inside). Else it
// returns nil, and goldmark's link parser turns it into text: a link
// label opened and closed for nothing, some 300 bytes and two text nodes
// a reference, which made a post of thousands of references to notes
// defined in other pieces cost twice prose's memory.
//
// With runs, in a paragraph of the document's, more such references
// that follow on the line, each after plain text, are taken with it
// (see textRun).
func (r footnoteRef) undefined(parent ast.Node, line []byte, end int, seg text.Segment, block text.Reader, pc parser.Context) ast.Node {
	if !r.asText(line, end, pc) {
		return nil
	}
	stop, run := end+1, textRun{refs: 1}
	if r.runs && noteRunParent(parent) && !escapeMayLeak(parent, block.Source(), seg.Start, pc) {
		stop, run = r.textRun(line, stop, pc)
	}
	block.Advance(stop)
	t := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+stop))
	if run.refs > 1 {
		runs, _ := pc.Get(textRunsKey).(map[*ast.Text]textRun)
		if runs == nil {
			runs = map[*ast.Text]textRun{}
			pc.Set(textRunsKey, runs)
		}
		run.last += seg.Start
		runs[t] = run
		pc.Set(runsKey, true) // textJoiner counts the nodes it stands for
	}
	return t
}

// textRun is what a text node of references to no note stands for (see
// footnoteRef.textRun): refs references, the last one's "[" at offset
// last of the source.
//
// A run of brackets' texts (see brackets.stretch) records where each of
// its nodes but the first starts instead, in cuts, and has no last.
type textRun struct {
	refs, last int
	cuts       []int32
}

// asText reports whether undefined takes "[^label]" (line[:end+1]), to
// no note, as its text.
func (r footnoteRef) asText(line []byte, end int, pc parser.Context) bool {
	if !r.undefinedAsText || end+1 < len(line) && (line[end+1] == '(' || line[end+1] == '[') {
		return false
	}
	label := line[2:end]
	for _, c := range label {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c >= 0x80) {
			return false
		}
	}
	if open, _ := pc.Get(openersKey).(int); open >= MaxLinkOpeners {
		return false
	}
	_, ok := pc.Reference(util.ToLinkReference(line[1:end]))
	return !ok
}

// textRunsKey holds the text runs of a parse (see textRun): a
// map[*ast.Text]textRun.
var textRunsKey = parser.NewContextKey()

// textRun returns where the text of references to no note that
// undefined takes ends, from line[at] after the first one's, and how
// many it takes: the references that follow, each after plain text
// (runStretch, without delimiters), that Parse would take as text too.
// Goldmark's parse makes a text node of each, the text after it merged
// into it (ast.MergeOrAppendTextSegment): one text node stands for
// them, which the text joiner joins with its neighbours as it would
// join theirs, or splits at each "[" into those nodes where it does not
// join them (see splitTextRuns). A piece of a long post whose notes
// are in other pieces, "a[^12] " repeated, made a text node every 7
// bytes (a third of footnotes' memory at 64 KB). The run's last is
// returned as an offset in line.
func (r footnoteRef) textRun(line []byte, at int, pc parser.Context) (int, textRun) {
	run := textRun{refs: 1}
	scan := runScan{line: line, pc: pc, colons: !r.emoji, plain: true}
	for {
		j := scan.stretch(at)
		if j == at || j+3 >= len(line) || line[j] != '[' || line[j+1] != '^' {
			return at, run
		}
		end := refEnd(line[j:])
		if end < 0 || r.defined(line[j+2:j+end], pc) || !r.asText(line[j:], end, pc) {
			return at, run
		}
		at, run.refs, run.last = j+end+1, run.refs+1, j
	}
}

// refEnd returns the index of the "]" that ends the footnote reference
// "[^label" at line[0], as Parse reads it, or -1.
func refEnd(line []byte) int {
	if len(line) < 4 || line[1] != '^' {
		return -1
	}
	for i := 2; i < len(line) && i < 2+footnoteLabelLimit; i++ {
		if line[i] == ']' {
			if i <= 2 {
				return -1
			}
			return i
		}
		if line[i] == '[' || util.IsSpace(line[i]) {
			return -1
		}
	}
	return -1
}

// defined reports whether Parse takes a reference of label as one to a
// note: one of the document's, of the post's (in pieces) or of its tail
// of notes.
func (r footnoteRef) defined(label []byte, pc parser.Context) bool {
	f := footnotesOf(pc)
	if _, ok := f.byLabel[string(label)]; ok {
		return true
	}
	if n, _ := pc.Get(notesKey).(notesIn); n.notes != nil {
		return n.notes.labels[string(label)]
	}
	t := tailOf(pc)
	return t != nil && t.find(label) >= 0
}

// footnoteTransformer lays the notes out at the end of the document.
type footnoteTransformer struct{}

func (footnoteTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if t := tailOf(pc); t != nil {
		// No note defined before the tail (see noteTailBlock): its
		// notes are the document's.
		t.transform(doc, pc)
		pc.Set(footnotesKey, nil)
		return
	}
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil {
		return
	}
	pc.Set(footnotesKey, nil)
	n, _ := pc.Get(notesKey).(notesIn)
	var used []*east.Footnote
	for _, fn := range f.all {
		if p := fn.Parent(); p != nil {
			list := p
			list.RemoveChild(list, fn)
			if list.ChildCount() == 0 && list.Parent() != nil {
				list.Parent().RemoveChild(list.Parent(), list)
			}
		}
		if n.notes != nil {
			// A post in pieces: its notes are listed after the last
			// piece, numbered as referred to in any piece.
			if i, ok := n.notes.index[string(fn.Ref)]; ok && n.last {
				fn.Index = i
			} else {
				fn.Index = -1
			}
		}
		if fn.Index > 0 && f.byLabel[string(fn.Ref)] == fn {
			used = append(used, fn)
		}
	}
	if len(used) == 0 {
		return
	}
	sort.Slice(used, func(i, j int) bool { return used[i].Index < used[j].Index })
	doc.AppendChild(doc, ast.NewThematicBreak())
	if n.notes == nil && len(used) > MaxListedNotes(len(reader.Source())) {
		listNotesAsLines(doc, used)
		return
	}
	list := ast.NewList('.')
	list.Start = used[0].Index
	list.IsTight = true
	for _, fn := range used {
		item := ast.NewListItem(3)
		for c := fn.FirstChild(); c != nil; c = fn.FirstChild() {
			item.AppendChild(item, c) // moves c out of fn
		}
		list.AppendChild(list, item)
	}
	doc.AppendChild(doc, list)
}

// MaxListedNotes bounds the footnotes of a post (or of a piece of one,
// parsed on its own) of size bytes that are listed as items of a list:
// 128, or one per 256 bytes. A list item costs glamour about 50 µs and 15
// KB, what 300 bytes of prose cost: "a[^1] " and "[^1]: n" repeated, 1,000
// notes in 16 KB, cost 18 times prose of its size. Past the bound, the
// notes are listed all the same, a line each (see listNotesAsLines).
func MaxListedNotes(size int) int { return max(128, size/256) }

// A note listed as a line ("12. the note") is numbered by a footnote
// reference of the negated number, which Lower draws as "12. ". (A node
// kind of its own would be unknown to renderers of trees that are not
// lowered, such as the feed's.)

// listNotesAsLines lists the notes used after doc as lines of one
// paragraph, each its number then its text, cheaper than list items by
// far: a note of one paragraph (almost every one) has its text moved into
// the paragraph; a note of other blocks is a list item of its own,
// numbered as its place in the list. Notes of under shortNote bytes
// share lines, a space apart ("1. n 2. n"): a line costs the layout
// about what 100 bytes of prose do. Nothing of a note is dropped.
func listNotesAsLines(doc *ast.Document, used []*east.Footnote) {
	var para *ast.Paragraph
	prevShort := false
	for _, fn := range used {
		only := fn.FirstChild()
		if only != nil && (only.NextSibling() != nil || (only.Kind() != ast.KindParagraph && only.Kind() != ast.KindTextBlock)) {
			para = nil
			list := ast.NewList('.')
			list.Start = fn.Index
			list.IsTight = true
			item := ast.NewListItem(3)
			for c := fn.FirstChild(); c != nil; c = fn.FirstChild() {
				item.AppendChild(item, c)
			}
			list.AppendChild(list, item)
			doc.AppendChild(doc, list)
			continue
		}
		short := only == nil || segmentsLen(only.Lines()) < shortNote
		if para == nil {
			para = ast.NewParagraph()
			doc.AppendChild(doc, para)
		} else {
			// The note before ends its line, unless both are short:
			// then they share it, a space apart.
			br, ok := para.LastChild().(*ast.Text)
			if !ok || br.SoftLineBreak() || br.HardLineBreak() {
				br = ast.NewTextSegment(text.NewSegment(0, 0))
				para.AppendChild(para, br)
			}
			if short && prevShort {
				br.SetSoftLineBreak(true)
			} else {
				br.SetHardLineBreak(true)
			}
		}
		prevShort = short
		para.AppendChild(para, east.NewFootnoteLink(-fn.Index))
		if only == nil {
			continue
		}
		for c := only.FirstChild(); c != nil; c = only.FirstChild() {
			para.AppendChild(para, c) // moves c out of the note
		}
		for i := 0; i < only.Lines().Len(); i++ {
			para.Lines().Append(only.Lines().At(i)) // copied: no array shared with the note's
		}
	}
}

// shortNote is the size under which notes listed as lines share them.
const shortNote = 32

// notesKey holds a parse's notesIn.
var notesKey = parser.NewContextKey()

type notesIn struct {
	notes *Notes
	last  bool
}

// Notes numbers and lists the footnotes of a post laid out in pieces,
// which are parsed one by one: a reference in one piece may name a note
// defined in another, the numbers follow the first references through the
// whole post, and the notes are listed after the last piece. Read the
// definitions of every piece first (ReadNotes), then parse the pieces in
// order with ParseNotes, the last one with Defs appended to it. Parsing a
// piece again (at another width) numbers nothing anew: the numbers are
// given once, by the first parse that meets each reference.
type Notes struct {
	labels map[string]bool
	index  map[string]int
	defs   strings.Builder
	over   bool
	// most, if above 0, is the count past which the notes are not
	// listed after the last piece (see NewNotesUpTo).
	most int
}

// MaxNotes bounds the definitions Notes carries to the last piece, in
// bytes: the last piece is laid out with them, in one glamour run, which
// the pieces are there to keep small. A post with more has its notes
// numbered and listed piece by piece (see Usable).
const MaxNotes = 64 << 10

// NewNotes returns Notes with no definitions.
func NewNotes() *Notes { return &Notes{labels: map[string]bool{}, index: map[string]int{}} }

// NewNotesUpTo returns Notes with no definitions that stop reading them
// once they hold more than most (MaxListedNotes of the post), as they do
// past MaxNotes bytes: a post of more notes has them listed piece by
// piece, not carried to the last piece, so reading more of them would
// only make a map entry and a copy of each (a post of a thousand tiny
// notes spent a seventh of its render's memory on them). Count is then
// most+1, and the notes are not Usable.
func NewNotesUpTo(most int) *Notes {
	n := NewNotes()
	n.most = max(most, 0)
	return n
}

// Usable reports whether definitions were read, no more than MaxNotes
// bytes of them, and no more than NewNotesUpTo's count.
func (n *Notes) Usable() bool { return len(n.labels) > 0 && !n.over && !n.full() }

// full reports whether n holds more notes than NewNotesUpTo let it read.
func (n *Notes) full() bool { return n.most > 0 && len(n.labels) > n.most }

// Over reports whether more than MaxNotes bytes of definitions were met:
// no more are read, and the notes are not Usable.
func (n *Notes) Over() bool { return n.over }

// Count is the number of notes read.
func (n *Notes) Count() int { return len(n.labels) }

// Defs returns the markdown of the definitions read, to append to the
// last piece.
func (n *Notes) Defs() string { return n.defs.String() }

func (n *Notes) number(label string) int {
	i, ok := n.index[label]
	if !ok {
		i = len(n.index) + 1
		n.index[label] = i
	}
	return i
}

// ReadNotes reads the footnote definitions of one piece of a post, src
// parsed by p, into n (the first definition of a label wins), and returns
// the piece's link definitions, as Definitions does, from the same parse.
func (n *Notes) ReadNotes(p parser.Parser, src []byte) []parser.Reference {
	f, refs, split := readNotesHead(p, src)
	for _, d := range f {
		if !n.read(src, d.label, d.start, d.stop) {
			return refs
		}
	}
	// The lines of notes after split, one by one, as noteLines reads
	// them: no list of them is made, and reading stops with n full.
	for at := split; at < len(src); {
		end := bytes.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at
		}
		label, _ := noteLine(src[at:end])
		// A label read before costs no string: the look-up's
		// conversion makes no copy, a parameter's would.
		if !n.labels[string(label)] && !n.read(src, string(label), at, end) {
			return refs
		}
		at = end + 1
	}
	return refs
}

// read reads the note of label defined by src[start:stop] into n, unless
// one of its label was read first, and reports whether n reads more.
func (n *Notes) read(src []byte, label string, start, stop int) bool {
	if n.labels[label] {
		return true
	}
	if n.over || n.full() {
		return false
	}
	if n.defs.Len()+stop-start+2 > MaxNotes {
		n.over = true
		return false
	}
	n.labels[label] = true
	if n.full() {
		return false // too many to be listed: their text is not used
	}
	n.defs.WriteString("\n")
	n.defs.Write(src[start:stop])
	n.defs.WriteString("\n")
	return true
}

// readNotes returns where the footnote definitions of src lie, in order,
// and its link definitions, as parsedNotes does: the lines of notes it
// ends with (noteLines) are read without a parse when what comes before
// them, parsed alone, ends with a paragraph, a heading or a rule and a
// blank line (those lines then start blocks of their own: no fence or
// HTML block left open runs into them, no container holds them).
func readNotes(p parser.Parser, src []byte) ([]defRange, []parser.Reference) {
	f, refs, split := readNotesHead(p, src)
	if split < len(src) {
		more, _ := noteLines(src[split:])
		for _, d := range more {
			f = append(f, defRange{label: d.label, start: d.start + split, stop: d.stop + split})
		}
	}
	return f, refs
}

// readNotesHead is readNotes but for the lines of notes it reads without
// a parse: those from split on, which noteLines reads (split is len(src)
// when there are none).
func readNotesHead(p parser.Parser, src []byte) (f []defRange, refs []parser.Reference, split int) {
	split = len(src)
	for split > 0 {
		start := bytes.LastIndexByte(src[:split-1], '\n') + 1
		if _, ok := noteLine(bytes.TrimSuffix(src[start:split], []byte("\n"))); !ok {
			break
		}
		split = start
	}
	if split == 0 {
		return nil, nil, 0
	}
	if split == len(src) || !bytes.HasSuffix(src[:split], []byte("\n\n")) {
		f, refs, _ := parsedNotes(p, src)
		return f, refs, len(src)
	}
	f, refs, doc := parsedNotes(p, src[:split])
	switch k := doc.LastChild(); {
	case k == nil, k.Kind() == ast.KindParagraph, k.Kind() == ast.KindHeading, k.Kind() == ast.KindThematicBreak:
	default:
		f, refs, _ = parsedNotes(p, src)
		return f, refs, len(src)
	}
	return f, refs, split
}

// parsedNotes parses src with p and returns where its footnote
// definitions lie, in order, its link definitions and the tree.
func parsedNotes(p parser.Parser, src []byte) ([]defRange, []parser.Reference, ast.Node) {
	ctx := parser.NewContext()
	ctx.Set(openedAtKey, map[ast.Node]int{})
	doc := p.Parse(text.NewReader(src), parser.WithContext(ctx))
	// A parser's transformer may have moved the notes it lists (the
	// definition parser has none); the definitions' text is read from
	// the source: from the line of "[^label]:" to the end
	// of the note's last line.
	f, _ := ctx.Get(footnotesDefsKey).([]defRange)
	return f, ctx.References(), doc
}

// noteLines returns where the footnote definitions of src lie as
// parsedNotes does, without a parse, when every line of src is a note of
// one line of text that starts no block of its own: "[^label]: text",
// the label letters and digits, the text a letter and then letters,
// digits, spaces and brackets ("b[^2]"), not ending in a space. A piece
// of a post of thousands of such notes (each defined with a reference to
// the next) was parsed for its notes at a quarter of its render's cost
// and a third of its memory, a footnote, a paragraph and map entries for
// each line. Other sources are not read (false).
// TestNoteLinesReadAsTheParse compares the two.
func noteLines(src []byte) ([]defRange, bool) {
	if len(src) == 0 {
		return nil, false
	}
	f := make([]defRange, 0, bytes.Count(src, []byte{'\n'})+1)
	for at := 0; at < len(src); {
		end := bytes.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at
		}
		label, ok := noteLine(src[at:end])
		if !ok {
			return nil, false
		}
		f = append(f, defRange{label: string(label), start: at, stop: end})
		at = end + 1
	}
	return f, true
}

// noteLine returns the label of line (without its line break) when it is
// a note noteLines reads.
func noteLine(line []byte) ([]byte, bool) {
	if len(line) < 6 || line[0] != '[' || line[1] != '^' {
		return nil, false
	}
	k := 2
	for k < len(line) && isAlnum(line[k]) {
		k++
	}
	if k == 2 || k+3 >= len(line) || line[k] != ']' || line[k+1] != ':' || line[k+2] != ' ' || !isLetter(line[k+3]) {
		return nil, false
	}
	for _, c := range line[k+3:] {
		if !isAlnum(c) && c != ' ' && c != '[' && c != ']' && c != '^' {
			return nil, false
		}
	}
	if line[len(line)-1] == ' ' {
		return nil, false
	}
	return line[2:k], true
}

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// footnotesDefsKey holds where each definition of a parse lies in its
// source ([]defRange), for ReadNotes.
var footnotesDefsKey = parser.NewContextKey()

type defRange struct {
	label       string
	start, stop int
}

// recordRange notes where fn lies in src: from the start of its first
// line to the end of its last.
func recordRange(pc parser.Context, fn *east.Footnote, src []byte, open int) {
	stop := open
	// The chain of last children is as deep as the blocks (capped).
	for c, d := ast.Node(fn), 0; c != nil && d <= 4*MaxBlockDepth; c, d = c.LastChild(), d+1 {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			stop = max(stop, c.Lines().At(c.Lines().Len()-1).Stop)
		}
		switch p := c.(type) {
		case *PlainCell:
			stop = max(stop, p.Segment.Stop) // its one line's end
		case *PlainRows:
			stop = max(stop, lastCellLine(p.Rows[len(p.Rows)-1].Cells, len(p.Alignments)))
		case *PlainHeader:
			if t, ok := p.Parent().(*east.Table); ok {
				stop = max(stop, lastCellLine(p.Cells, len(t.Alignments)))
			}
		}
	}
	start := open
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	r, _ := pc.Get(footnotesDefsKey).([]defRange)
	pc.Set(footnotesDefsKey, append(r, defRange{string(fn.Ref), start, stop}))
}
