package markdown

import (
	"bytes"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A post (or a piece of one) that ends with hundreds of notes of one line
// ("[^1]: b[^2]" repeated, or "[^1]: n") lists them as lines of one
// paragraph (listNotesAsLines), which Lower joins into a text per line
// (joinCopied): goldmark made a footnote, a paragraph, its lines, a text
// and a reference for each note, some 600 bytes, to be joined into a few
// bytes of text (a post of a thousand notes spent two thirds of its
// render's memory on them). A parser with Options.LinkRuns, in a parse
// of ParseNotes without notes across pieces, reads such a tail of notes
// without those nodes: noteTailBlock takes its lines as one block, the
// footnote references of the text before it are numbered from its labels
// (footnoteRef), and footnoteTransformer makes of it the rule and the
// paragraph of one NoteLines, which Lower draws as the texts joinCopied
// makes. Where the notes would not be drawn so (as few notes as a list
// shows, a paragraph too short to be joined, a reference read otherwise),
// the parse is done again without it (noteTail.failed).
// TestNoteTailDrawsAsTheNotes compares the two.
//
// The tail is read where readNotes reads one without a parse, of lines
// simpler still (tailNoteLine): the label letters and digits, the text a
// letter and then letters, digits, spaces and references "[^label]" of
// such labels, no space at its end.

// noteTailKey holds a parse's *noteTail.
var noteTailKey = parser.NewContextKey()

// noteTail is the tail of notes of a source, and how its parse read it.
type noteTail struct {
	split  int  // where the tail's lines start
	open   bool // the block parser took them (noteTailBlock)
	failed bool // they are not drawn as NoteLines: parse again without
	node   *noteTailNode
	notes  []tailNote
	// sorted are the notes' indexes sorted by label, then index: the
	// first of a label is its definition.
	sorted []int32
	src    []byte
}

// tailNote is a note of the tail: its label, its text to the end of its
// line, and its number (0 until referred to).
type tailNote struct {
	labelStart, labelStop, textStart, stop, num int32
	refs                                        int32 // its references to notes of the tail
}

// newNoteTail returns the tail of notes of src, if it ends with more
// such notes than a list shows (MaxListedNotes), after a blank line.
func newNoteTail(src []byte) *noteTail {
	if len(src) > 1<<30 {
		return nil // offsets are int32
	}
	split, lines := len(src), 0
	for split > 0 {
		start := bytes.LastIndexByte(src[:split-1], '\n') + 1
		if !tailNoteLine(bytes.TrimSuffix(src[start:split], []byte("\n"))) {
			break
		}
		split = start
		lines++
	}
	if lines <= MaxListedNotes(len(src)) || split > 0 && !bytes.HasSuffix(src[:split], []byte("\n\n")) {
		return nil
	}
	return &noteTail{split: split, src: src}
}

// tailNoteLine reports whether line (without its line break) is a note
// of a tail.
func tailNoteLine(line []byte) bool {
	k := 2
	if len(line) < 6 || line[0] != '[' || line[1] != '^' {
		return false
	}
	for k < len(line) && isAlnum(line[k]) {
		k++
	}
	if k == 2 || k+3 >= len(line) || line[k] != ']' || line[k+1] != ':' || line[k+2] != ' ' || !isLetter(line[k+3]) {
		return false
	}
	for i := k + 3; i < len(line); i++ {
		switch c := line[i]; {
		case isAlnum(c) || c == ' ':
		case c == '[':
			j := i + 2
			if j >= len(line) || line[i+1] != '^' {
				return false
			}
			for j < len(line) && isAlnum(line[j]) {
				j++
			}
			if j == i+2 || j >= len(line) || line[j] != ']' {
				return false
			}
			i = j
		default:
			return false
		}
	}
	return line[len(line)-1] != ' '
}

// read reads the tail's notes, from the line at split on.
func (t *noteTail) read() {
	src := t.src
	t.notes = make([]tailNote, 0, bytes.Count(src[t.split:], []byte{'\n'})+1)
	for at := t.split; at < len(src); {
		end := bytes.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at
		}
		k := bytes.IndexByte(src[at:end], ']') + at
		t.notes = append(t.notes, tailNote{labelStart: int32(at + 2), labelStop: int32(k), textStart: int32(k + 3), stop: int32(end)})
		at = end + 1
	}
	t.sorted = make([]int32, len(t.notes))
	for i := range t.sorted {
		t.sorted[i] = int32(i)
	}
	slices.SortStableFunc(t.sorted, func(a, b int32) int { return bytes.Compare(t.label(a), t.label(b)) })
}

func (t *noteTail) label(i int32) []byte {
	return t.src[t.notes[i].labelStart:t.notes[i].labelStop]
}

// find returns the note that defines label (its first), or -1.
func (t *noteTail) find(label []byte) int32 {
	i, ok := slices.BinarySearchFunc(t.sorted, label, func(n int32, l []byte) int { return bytes.Compare(t.label(n), l) })
	if !ok {
		return -1
	}
	return t.sorted[i]
}

// number numbers note i, if it is not, as the next note referred to.
func (t *noteTail) number(i int32, f *footnotes) int {
	if t.notes[i].num == 0 {
		f.count++
		t.notes[i].num = int32(f.count)
	}
	return int(t.notes[i].num)
}

// tailOf returns the parse's tail of notes, if its block was read.
func tailOf(pc parser.Context) *noteTail {
	t, _ := pc.Get(noteTailKey).(*noteTail)
	if t == nil || !t.open {
		return nil
	}
	return t
}

// KindNoteTail is the kind of noteTailBlock nodes.
var KindNoteTail = ast.NewNodeKind("NoteTail")

// noteTailNode is the block of a tail's lines while the parse reads the
// document; footnoteTransformer replaces it.
type noteTailNode struct{ ast.BaseBlock }

func (n *noteTailNode) Kind() ast.NodeKind { return KindNoteTail }

func (n *noteTailNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// noteTailBlock is the block parser of a tail of notes: it takes the
// lines of the source's noteTail as one block, at the document's level,
// where each would start a note of its own: after a paragraph, a heading
// or a rule and a blank line (see readNotes), and when no note is defined
// before it (the notes' list would stand there, its notes read before
// what follows).
type noteTailBlock struct{}

func (noteTailBlock) Trigger() []byte { return []byte{'['} }

func (noteTailBlock) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	t, _ := pc.Get(noteTailKey).(*noteTail)
	if t == nil || t.open || parent.Kind() != ast.KindDocument {
		return nil, parser.NoChildren
	}
	if _, seg := reader.PeekLine(); seg.Start != t.split || seg.Padding != 0 {
		return nil, parser.NoChildren
	}
	switch k := parent.LastChild(); {
	case k == nil, k.Kind() == ast.KindParagraph, k.Kind() == ast.KindHeading, k.Kind() == ast.KindThematicBreak:
	default:
		return nil, parser.NoChildren
	}
	if f, _ := pc.Get(footnotesKey).(*footnotes); f != nil && len(f.all) > 0 {
		return nil, parser.NoChildren
	}
	t.open = true
	t.read()
	// Every line of the tail at once, to the end of the source: the
	// parser's loop keeps a record of each line of an open block (24
	// bytes a line, grown by doubling) and asks the block to go on.
	for {
		reader.AdvanceLine()
		if line, _ := reader.PeekLine(); line == nil {
			break
		}
	}
	t.node = &noteTailNode{}
	return t.node, parser.NoChildren
}

func (noteTailBlock) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	reader.AdvanceToEOL() // (no line is left: see Open)
	return parser.Continue | parser.NoChildren
}

func (noteTailBlock) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (noteTailBlock) CanInterruptParagraph() bool { return false }

func (noteTailBlock) CanAcceptIndentedLine() bool { return false }

// KindNoteLines is the kind of NoteLines nodes.
var KindNoteLines = ast.NewNodeKind("NoteLines")

// NoteLines stands for the notes of a tail listed as lines
// (listNotesAsLines) in a paragraph of more than MaxTextRuns children:
// Lower replaces it by the texts joinCopied makes of them, a text for
// each line. No renderer draws it.
type NoteLines struct {
	ast.BaseInline
	tail *noteTail
	used []int32 // the notes listed, by number
}

// Kind implements ast.Node.
func (n *NoteLines) Kind() ast.NodeKind { return KindNoteLines }

// Dump implements ast.Node.
func (n *NoteLines) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Notes": strconv.Itoa(len(n.used))}, nil)
}

// transform numbers the references of the tail's notes, as the parse of
// their texts would in their order, and puts the notes used after doc, as
// footnoteTransformer and listNotesAsLines would, when Lower would join
// them (see NoteLines); else it marks the tail failed.
func (t *noteTail) transform(doc *ast.Document, pc parser.Context) {
	if p := t.node.Parent(); p != nil {
		p.RemoveChild(p, t.node)
	}
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil {
		f = &footnotes{}
	}
	src := t.src
	for i := range t.notes {
		n := &t.notes[i]
		line := src[n.textStart:n.stop]
		for k := 0; k < len(line); k++ {
			if line[k] != '[' {
				continue
			}
			end := k + bytes.IndexByte(line[k:], ']')
			if d := t.find(line[k+2 : end]); d >= 0 {
				t.number(d, f)
				n.refs++
			} else if end+1 < len(line) && line[end+1] == '[' {
				t.failed = true // goldmark's link parser reads it
				return
			} else if _, ok := pc.Reference(util.ToLinkReference(line[k+1 : end])); ok {
				t.failed = true // a link's label: goldmark's link parser's
				return
			}
			k = end
		}
	}
	used := make([]int32, f.count)
	numbered := 0
	for i := range t.notes {
		if num := t.notes[i].num; num > 0 {
			used[num-1] = int32(i)
			numbered++
		}
	}
	if numbered != len(used) {
		t.failed = true // a number is not a note of the tail's
		return
	}
	// The paragraph is joined when it has more than MaxTextRuns children
	// and soft breaks: each note is its number, a text and its
	// references at least, and a soft break between two short ones.
	crowd, prevShort := 0, false
	for k, i := range used {
		n := t.notes[i]
		short := n.stop-n.textStart < shortNote
		crowd += 2 + int(n.refs)
		if k > 0 && short && prevShort {
			crowd++
		}
		prevShort = short
	}
	if len(used) <= MaxListedNotes(len(src)) || crowd <= MaxTextRuns {
		t.failed = true
		return
	}
	doc.AppendChild(doc, ast.NewThematicBreak())
	para := ast.NewParagraph()
	para.Lines().Append(text.NewSegment(t.split, len(src))) // room for the renderer's buffer
	para.AppendChild(para, &NoteLines{tail: t, used: used})
	doc.AppendChild(doc, para)
}

// lowerNoteLines replaces n with the texts joinCopied makes of the
// paragraph listNotesAsLines makes of its notes: a line of text for each
// note of shortNote bytes or more, the shorter ones sharing lines a space
// apart, each note its number ("12. ") and then its text, each reference
// its number raised (refText), a reference to no note as written; every
// line but the last ends with a hard break.
func (l *lowerer) lowerNoteLines(n *NoteLines) {
	t := n.tail
	room := 0
	for _, i := range n.used {
		note := t.notes[i]
		room += int(note.stop-note.textStart) + 1 + refRoom(int(note.num)) + int(note.refs)*refRoom(len(t.notes))
	}
	l.src = slices.Grow(l.src, room)
	p := n.Parent()
	start, prevShort := len(l.src), false
	flush := func(hard bool) {
		txt := ast.NewTextSegment(text.NewSegment(start, len(l.src)))
		txt.SetHardLineBreak(hard)
		p.InsertBefore(p, n, txt)
		start = len(l.src)
	}
	for k, i := range n.used {
		note := t.notes[i]
		short := note.stop-note.textStart < shortNote
		if k > 0 {
			if short && prevShort {
				l.src = append(l.src, ' ')
			} else {
				flush(true)
			}
		}
		prevShort = short
		l.src = strconv.AppendInt(l.src, int64(note.num), 10)
		l.src = append(l.src, ". "...)
		line := t.src[note.textStart:note.stop]
		for len(line) > 0 {
			k := bytes.IndexByte(line, '[')
			if k < 0 {
				l.src = append(l.src, line...)
				break
			}
			l.src = append(l.src, line[:k]...)
			end := k + bytes.IndexByte(line[k:], ']')
			if d := t.find(line[k+2 : end]); d >= 0 {
				l.src = appendRaised(l.src, int(t.notes[d].num))
			} else {
				l.src = append(l.src, line[k:end+1]...)
			}
			line = line[end+1:]
		}
	}
	flush(false)
	p.RemoveChild(p, n)
}

// appendRaised appends refText of a reference to note num to b.
func appendRaised(b []byte, num int) []byte {
	var digits [20]byte
	for _, d := range strconv.AppendInt(digits[:0], int64(num), 10) {
		b = utf8.AppendRune(b, superscripts[rune(d)])
	}
	return b
}
