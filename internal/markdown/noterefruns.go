package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindNoteRun is the kind of NoteRun nodes.
var KindNoteRun = ast.NewNodeKind("NoteRun")

// NoteRun is a run of two or more references to notes defined, with
// plain text between them ("[^1] a[^2], b c[^3]": see runStretch), on
// one line of a paragraph of the document's, as a parser with
// Options.LinkRuns parses it: one node where goldmark makes a footnote
// link for each reference and a text for each stretch between (some 300
// bytes a reference: "a[^1] " repeated over 8 KB, a paragraph of 1,300
// references, cost its render three times prose's memory). It stays in
// the tree only in a paragraph that Lower joins (of more than
// MaxTextRuns children and soft breaks, counting the nodes it stands
// for), which draws it as the text joinCopied makes of its nodes; in
// others it is expanded to them when the parse ends (noteRunExpander).
// TestNoteRunsDrawAsTheirNodes compares the two.
type NoteRun struct {
	ast.BaseInline
	// Start and Stop are the run's bytes: from the first reference's
	// "[" to the last one's "]".
	Start, Stop int
	// Nums are the references' numbers, in order.
	Nums []int32
	// Cuts are the offsets, in the source, right after each run of "*"
	// or "_" in the texts between that goldmark's parse makes a
	// delimiter of (see runStretch): that text is cut there into two
	// text nodes, the delimiter's merged into the one before. None once
	// the text joiner joins its parent's texts (see textJoiner).
	Cuts []int32
}

// Kind implements ast.Node.
func (r *NoteRun) Kind() ast.NodeKind { return KindNoteRun }

// Dump implements ast.Node.
func (r *NoteRun) Dump(src []byte, level int) {
	ast.DumpHelper(r, src, level, map[string]string{"Text": string(src[r.Start:r.Stop]), "Refs": strconv.Itoa(len(r.Nums))}, nil)
}

// extra is the number of nodes r stands for, less one.
func (r *NoteRun) extra() int { return 2*len(r.Nums) - 2 + len(r.Cuts) }

// Nodes returns the nodes goldmark's parse makes of r, in order,
// unattached: a footnote link for each reference, a text for each
// stretch between two, cut at Cuts.
func (r *NoteRun) Nodes(src []byte) []ast.Node {
	out := make([]ast.Node, 0, r.extra()+1)
	at, cuts := r.Start, r.Cuts
	for i, num := range r.Nums {
		open := at + bytes.IndexByte(src[at:r.Stop], '[')
		if i > 0 {
			for len(cuts) > 0 && int(cuts[0]) < open {
				out = append(out, ast.NewTextSegment(text.NewSegment(at, int(cuts[0]))))
				at, cuts = int(cuts[0]), cuts[1:]
			}
			out = append(out, ast.NewTextSegment(text.NewSegment(at, open)))
		}
		ref := east.NewFootnoteLink(int(num))
		ref.SetPos(open) // where goldmark's parser places it: its "["
		out = append(out, ref)
		at = open + bytes.IndexByte(src[open:r.Stop], ']') + 1
	}
	return out
}

// appendText appends the text joinCopied makes of r's nodes to b: the
// stretches between its references as they are, each reference its
// number raised (refText).
func (r *NoteRun) appendText(b, src []byte) []byte {
	at := r.Start
	for _, num := range r.Nums {
		open := at + bytes.IndexByte(src[at:r.Stop], '[')
		b = append(b, src[at:open]...)
		b = appendRaised(b, int(num))
		at = open + bytes.IndexByte(src[open:r.Stop], ']') + 1
	}
	return b
}

// room is at least the length of appendText's text.
func (r *NoteRun) room() int {
	return r.Stop - r.Start + len(r.Nums)*refRoom(int(r.Nums[len(r.Nums)-1]))
}

// noteRuns reports whether a parser with o reads runs (NoteRuns, RefRuns
// of shortcut references and of bare links) and tails of notes
// (NoteLines): with Options.LinkRuns, and without math delimiters of the
// site's own, which may start with a letter or a bracket and so be read
// in the plain text those take whole.
func noteRuns(o Options) bool { return o.LinkRuns && len(usableDelimiters(o.Math)) == 0 }

// noteRunsKey holds the NoteRuns of a parse ([]*NoteRun).
var noteRunsKey = parser.NewContextKey()

// noteRun returns the run of references that starts at line[0], whose
// first reference, of label line[2:end], is numbered first, when more
// references to notes defined follow it, each after plain text, on the
// line: numbered, as goldmark's parse of them would. Else it returns nil
// and numbers nothing more.
func noteRun(line []byte, seg text.Segment, end int, first int, f *footnotes, pc parser.Context, emoji bool) *NoteRun {
	var nums, cuts []int32
	delims, _ := pc.Get(delimitersKey).(int)
	scan := runScan{line: line, base: seg.Start, room: MaxDelimiters - delims, pc: pc, colons: !emoji}
	at := end + 1
	for {
		scan.cuts = cuts
		j := scan.stretch(at)
		if j == at || j+3 >= len(line) || line[j] != '[' || line[j+1] != '^' {
			break
		}
		k := j + 2
		for k < len(line) && isAlnum(line[k]) {
			k++
		}
		if k == j+2 || k >= len(line) || line[k] != ']' {
			break
		}
		num := 0
		if fn, ok := f.byLabel[string(line[j+2:k])]; ok {
			if fn.Index < 0 {
				f.count++
				fn.Index = f.count
			}
			num = fn.Index
		} else if t := tailOf(pc); t != nil {
			if i := t.find(line[j+2 : k]); i >= 0 {
				num = t.number(i, f)
			}
		}
		if num == 0 {
			break // to no note: goldmark's parsers read it
		}
		if nums == nil {
			nums = append(make([]int32, 0, 8), int32(first))
		}
		nums = append(nums, int32(num))
		cuts = scan.cuts // the text before it is the run's
		at = k + 1
	}
	if nums == nil {
		return nil
	}
	if len(cuts) > 0 {
		// Counted as the emphasis parser counts the delimiters it makes.
		pc.Set(delimitersKey, delims+len(cuts))
	}
	r := &NoteRun{Start: seg.Start, Stop: seg.Start + at, Nums: nums[:len(nums):len(nums)], Cuts: cuts}
	runs, _ := pc.Get(noteRunsKey).([]*NoteRun)
	pc.Set(noteRunsKey, append(runs, r))
	pc.Set(runsKey, true) // textJoiner counts the nodes it stands for
	return r
}

// runScan reads the texts between the references of a NoteRun on line,
// whose first byte is at base in the source.
type runScan struct {
	line []byte
	base int
	// room is the delimiters the emphasis parser may still make in the
	// block (MaxDelimiters, see delimiterCap); cuts are the run's
	// Cuts so far.
	room int
	cuts []int32
	pc   parser.Context
	// colons says a ":" is text where no link starts (no emoji
	// shortcodes read).
	colons bool
	// plain ends a stretch at any "*" or "_" (a text run's: the
	// delimiter would be a node of its own).
	plain bool
	// opens says, once asked, whether an emphasis delimiter that may
	// open, of "*" (bit 0) or "_" (bit 1), is pending in the block.
	asked, opens uint8
}

// stretch returns where the plain text that starts at line[at] ends: the
// bytes up to there are ones goldmark's parse leaves as text, cut only
// after the delimiters it appends to s.cuts. They are letters, digits,
// spaces, bytes of non-ASCII characters and punctuation that no inline
// parser starts at (",", ";", "?", quotes, "-", "/", "(", ...); those
// linkify reads where a link starts, when none can ("." not after "www",
// ":" not after "http", "https" or "ftp" nor with emoji shortcodes read,
// "@" before no letter or digit: no e-mail address); "!" not before "["
// (an image); and runs of "*"
// or "_" followed by a space that no pending delimiter of theirs may
// open: they can open none themselves and close none, and the parse
// turns them into text (see runDelimiter). Prose between references
// ("a[^1], b[^2]. c[^3]") was a footnote link and a text a stretch, and
// "a[^1] b[^1]* " repeated a delimiter, its text and a text more (some
// 550 bytes every 13 bytes of the source, parsed twice: seven times
// prose's memory).
func (s *runScan) stretch(at int) int {
	line := s.line
	j := at
	for j < len(line) {
		c := line[j]
		switch {
		case c >= 0x80 || isAlnum(c) || c == ' ' || runPunct[c]:
			j++
		case c == '.':
			if j >= 3 && bytes.EqualFold(line[j-3:j], []byte("www")) {
				return j
			}
			j++
		case c == '!':
			if j+1 < len(line) && line[j+1] == '[' {
				return j
			}
			j++
		case c == ':':
			if !s.colons || schemeBefore(line[:j]) {
				return j
			}
			j++
		case c == '@':
			if j+1 < len(line) && isAlnum(line[j+1]) {
				return j
			}
			j++
		case (c == '*' || c == '_') && !s.plain:
			k, ok := s.runDelimiter(j)
			if !ok {
				return j
			}
			j = k
		default:
			return j
		}
	}
	return j
}

// schemeBefore reports whether b ends with a scheme linkify reads
// ("http", "https" or "ftp", in any case).
func schemeBefore(b []byte) bool {
	for _, p := range []string{"http", "https", "ftp"} {
		if len(b) >= len(p) && bytes.EqualFold(b[len(b)-len(p):], []byte(p)) {
			return true
		}
	}
	return false
}

// runPunct are the punctuation bytes no inline parser of a parser with
// runs starts at, nor linkify reads as part of a link after a space.
var runPunct = [256]bool{
	',': true, ';': true, '?': true, '"': true, '\'': true, '-': true, '+': true,
	'=': true, '#': true, '%': true, '/': true, '^': true, '|': true, '{': true,
	'}': true, '(': true, ')': true, '>': true,
}

// runDelimiter returns the end of the run of "*" or "_" at line[j] when
// it is text to a run: followed by a space (so it opens nothing, by
// every flanking rule) and with no delimiter of its character that may
// open pending (so it closes nothing); a delimiter the emphasis parser
// would make of it (within MaxDelimiters) is then a cut.
func (s *runScan) runDelimiter(j int) (int, bool) {
	line, c := s.line, s.line[j]
	k := j + 1
	for k < len(line) && line[k] == c {
		k++
	}
	if k >= len(line) || line[k] != ' ' {
		return j, false
	}
	bit := uint8(1)
	if c == '_' {
		bit = 2
	}
	if s.asked&bit == 0 {
		s.asked |= bit
		for d := s.pc.LastDelimiter(); d != nil; d = d.PreviousDelimiter {
			if d.Char == c && d.CanOpen {
				s.opens |= bit
				break
			}
		}
	}
	if s.opens&bit != 0 {
		return j, false
	}
	if len(s.cuts) < s.room {
		s.cuts = append(s.cuts, int32(s.base+k))
	}
	return k, true
}

// escapeMayLeak reports whether goldmark's parse of parent, a block,
// may be under an escape at offset at, where a run would start.
// Goldmark's inline loop sets an escape at a backslash and spends it on
// the next byte that it reads and no parser makes a node of: at once
// for a letter or punctuation (no parser starts at an escaped one), but
// not at a space, where linkify may make a node of a bare link after it
// ("\\ www.a.o"), nor at a line's end ("\\" and a hard break's spaces):
// then it is spent on the first byte after the nodes, maybe lines later.
// A run ends where goldmark's nodes do not, and moves it: the byte
// after the run, not one inside, was escaped, and where that byte is a
// backslash or a line's end the parse went on differently
// ("\\ www.a.o[a] [a]\\\\": the last two backslashes, one escaped
// backslash, drew as two). So no run is made in a block after a
// backslash that may leave its escape pending: an odd run of
// backslashes before a line's end, or before a space or tab where
// linkify makes a link (see pendingEscape). Read once per block.
func escapeMayLeak(parent ast.Node, src []byte, at int, pc parser.Context) bool {
	m, _ := pc.Get(leakKey).(*firstEscape)
	if m == nil {
		m = &firstEscape{}
		pc.Set(leakKey, m)
	}
	if m.block != parent {
		m.block, m.at = parent, pendingEscape(parent.Lines(), src)
	}
	return m.at <= at
}

// spaceLink reports whether line starts with a space or tab where
// linkify makes a node: a bare link or an e-mail address after it.
func spaceLink(line []byte) bool {
	if len(line) == 0 || line[0] != ' ' && line[0] != '\t' {
		return false
	}
	rest := line[1:]
	if end, _ := matchLinkify(rest); end >= 0 {
		return true
	}
	return len(rest) > 0 && !util.IsPunct(rest[0]) && util.FindEmailIndex(rest) >= 0
}

// leakKey holds a parse's firstEscape.
var leakKey = parser.NewContextKey()

// firstEscape is where an escape may first be pending in block (see
// escapeMayLeak).
type firstEscape struct {
	block ast.Node
	at    int
}

// pendingEscape returns the offset in src after the first odd run of
// backslashes of lines, in the part of its line goldmark's inline loop
// reads (readPart), that ends that part or is followed by a space or tab
// where linkify makes a link (spaceLink), or the end of src. (A run that
// follows an escape already pending may be read otherwise, but that
// escape comes from such a run before it.)
func pendingEscape(lines *text.Segments, src []byte) int {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := src[seg.Start:seg.Stop]
		n := readPart(line)
		for k := 0; k < n; {
			b := bytes.IndexByte(line[k:n], '\\')
			if b < 0 {
				break
			}
			j := k + b
			for j < n && line[j] == '\\' {
				j++
			}
			if (j-k-b)%2 == 1 && (j == n || spaceLink(line[j:])) {
				return seg.Start + j
			}
			k = j
		}
	}
	return len(src)
}

// readPart returns the length of the part of line goldmark's inline loop
// reads: without a hard break's two spaces or backslash and the line
// break, up to the first "\n".
func readPart(line []byte) int {
	n := len(line)
	switch {
	case n >= 3 && line[n-3] == ' ' && line[n-2] == ' ' && line[n-1] == '\n':
		n -= 3
	case n >= 4 && line[n-4] == ' ' && line[n-3] == ' ' && line[n-2] == '\r' && line[n-1] == '\n':
		n -= 4
	case n >= 2 && line[n-2] == '\\' && line[n-1] == '\n' && (n < 3 || line[n-3] != '\\'):
		n -= 2
	case n >= 3 && line[n-3] == '\\' && line[n-2] == '\r' && line[n-1] == '\n' && (n < 4 || line[n-4] != '\\'):
		n -= 3
	}
	if nl := bytes.IndexByte(line[:n], '\n'); nl >= 0 {
		n = nl
	}
	return n
}

// noteRunParent reports whether a reference in parent may start a
// NoteRun: parent is a paragraph of the document's (not a note's, which
// the notes' list moves, nor a quote's, whose alert Lower reads).
func noteRunParent(parent ast.Node) bool {
	return parent.Kind() == ast.KindParagraph && parent.Parent() != nil && parent.Parent().Kind() == ast.KindDocument
}

// noteRunExpander is the AST transformer that expands the NoteRuns of
// a paragraph Lower does not join into the nodes they stand for.
type noteRunExpander struct{}

func (noteRunExpander) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	runs, _ := pc.Get(noteRunsKey).([]*NoteRun)
	if runs == nil {
		return
	}
	pc.Set(noteRunsKey, nil)
	src := reader.Source()
	expandNoteRuns(runs, src, func(p ast.Node) bool { return joined(p, src) })
}

// expandNoteRuns expands runs, in the order parsed, into their nodes but
// in paragraphs that joined says Lower joins. A paragraph's runs come one
// after another, and joined is asked once for them all: expanding a run
// leaves the count it makes as it was (extra). Asked for each run, it
// walked the paragraph's children each time: 16 KB of "a[^1] b[^1]* ",
// a run every 13 bytes, took 27 ms to render, 64 KB 0.5 s, 256 KB 15 s.
func expandNoteRuns(runs []*NoteRun, src []byte, joined func(ast.Node) bool) {
	var last ast.Node
	skip := false
	for _, r := range runs {
		p := r.Parent()
		if p == nil {
			continue
		}
		if p != last {
			last, skip = p, joined(p)
		}
		if skip {
			continue
		}
		for _, n := range r.Nodes(src) {
			p.InsertBefore(p, r, n)
		}
		p.RemoveChild(p, r)
	}
}

// joined reports whether Lower joins the texts of p, a paragraph of
// footnote references (see joinCopied): its children, counting those a
// NoteRun or a run of end tags stands for, and its texts' soft breaks are more than
// MaxTextRuns.
func joined(p ast.Node, src []byte) bool {
	n := p.ChildCount()
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *NoteRun:
			n += c.extra()
		case *ast.RawHTML:
			n += max(endRunTags(c, src)-1, 0) // see runChildren
		case *ast.Text:
			if c.SoftLineBreak() && !c.HardLineBreak() {
				n++
			}
		}
	}
	return n > MaxTextRuns
}
