package render

import (
	"fmt"
	"math"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/gansi"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/sanitize"
)

// Notice says why a render shows the post's plain text instead of its
// layout.
type Notice int

// The notices a render can carry.
const (
	// Laid out: the post rendered normally.
	LaidOut Notice = iota
	// TooLarge: the post is over the maximum size that is rendered.
	TooLarge
	// Failed: rendering failed or ran over its budget.
	Failed
)

// Rendered is a finished render of one post at one width and style: an
// immutable value, kept in the cache and shared by every session showing
// it. Its lines are laid out once; a pager slices them.
type Rendered struct {
	// Lines are at most the render's width in cells each.
	Lines []string
	// Notice is why Lines are the post's plain text, if they are, and
	// Reason says more (for logs and `problems`).
	Notice Notice
	Reason string
	// Figures are the images and embeds on lines of their own, in order.
	Figures []Figure
	// Headings are the indexes in Lines of the lines the headings start
	// on, in document order (markdown.Headings' order). A piece shown as
	// plain text has none: fewer than the post's headings say so.
	Headings []int
}

// String is the render as one text.
func (r *Rendered) String() string { return strings.Join(r.Lines, "\n") }

func (r *Rendered) size() int64 {
	n := int64(64 + len(r.Reason))
	for _, l := range r.Lines {
		n += int64(len(l)) + 16
	}
	for _, f := range r.Figures {
		n += int64(64 + len(f.Src) + len(f.Alt) + len(f.Title) + len(f.Caption))
	}
	return n + 8*int64(len(r.Headings))
}

// Options bound the rendering of one post and say where failures go.
type Options struct {
	// MaxPostSize is the largest post, in bytes, that is laid out; larger
	// ones are shown as plain text.
	MaxPostSize int
	// Budget is the work time a post of size bytes may take before it is
	// shown as plain text instead.
	Budget func(size int) time.Duration
	// OnFailure, if set, is told of each post version shown as plain text
	// because its render failed (for the logs).
	OnFailure func(Problem)
	// OnRendered, if set, is told the work time (as the budget counts
	// it) of each render completed, for metrics. It runs under the
	// pool's lock: it must be quick.
	OnRendered func(work time.Duration)
}

// DefaultMaxPostSize is the default for Options.MaxPostSize: 10 MB.
const DefaultMaxPostSize = 10 << 20

// DefaultBudget allows 5 s plus 10 µs a byte of work (CPU time, see
// timeStep): ordinary prose takes about 1 µs a byte, so no written post
// comes near it, while a post built to be expensive is stopped at about
// 100 s of one worker's time for 10 MB.
func DefaultBudget(size int) time.Duration {
	return 5*time.Second + time.Duration(size)*10*time.Microsecond
}

func (l Options) withDefaults() Options {
	if l.MaxPostSize <= 0 {
		l.MaxPostSize = DefaultMaxPostSize
	}
	if l.Budget == nil {
		l.Budget = DefaultBudget
	}
	return l
}

// work renders one post at one width and style, a piece per step (see
// split), so that a worker can switch posts, see a cancellation and report
// progress between pieces. Cutting the post into pieces and reading the
// link definitions of a long one go a piece per step too: they read the
// whole post. Only one goroutine steps a work at a time.
type work struct {
	md     string
	width  int
	style  Style
	feat   Features
	plain  bool  // the whole post is shown as plain text
	docs   []doc // the pieces prepared: given (from the cache) or built
	given  bool  // docs came prepared
	cut    *cutter
	pieces []string
	units  []int // the cost units of each piece (see split)
	refs   []parser.Reference
	notes  *markdown.Notes // footnotes across pieces, if any
	defs   int             // the pieces whose definitions were read
	next   int             // the next piece to lay out
	lines  []string        // the lines so far
	links  linkTable
	base   string   // the page's permalink, for figures
	figs   []Figure // the figures so far
	heads  []int    // the lines headings start on so far
	// themes are the code highlighting sequences of its renders, worked
	// out once for all its pieces (see gansi.Themes).
	themes *gansi.Themes
	// writers are the margin writers and buffers of its renders, kept
	// from one piece to the next (see gansi.Writers).
	writers *gansi.Writers
	// draw, if set, makes the lines instead (a picture, see pictures.go).
	draw func() ([]string, error)
}

func newWork(md string, width int, style Style, docs []doc) *work {
	return &work{md: md, width: width, style: style, docs: docs, given: docs != nil}
}

// step does the next piece of work and reports whether the render is
// complete: cutting off the next piece, else reading the link definitions
// of the next piece, else laying out the next piece.
func (w *work) step() (done bool, err error) {
	defer func() {
		// A bug in glamour or here fails this render, not the process.
		if r := recover(); r != nil {
			done, err = false, fmt.Errorf("render panicked: %v\n%s", r, debug.Stack())
		}
	}()
	if w.draw != nil {
		w.lines, err = w.draw()
		return err == nil, err
	}
	if w.pieces == nil && w.cut == nil {
		w.start()
	}
	if w.cut != nil {
		if !w.cutPieces() {
			return false, nil
		}
		if len(w.pieces) == 0 {
			return true, nil
		}
		// Cut: the rest of the step goes on to the next phase.
	}
	if w.readDefinitions() {
		return false, nil
	}
	i := w.next
	var (
		lines []string
		figs  []Figure
		heads []int
	)
	// The rows of the piece's headings that its render places (see
	// fitHeads) are appended to w.heads as they are found, counted from
	// the piece's first line until it is placed (see below).
	placed := len(w.heads)
	switch {
	case w.plain || w.dense(i) && !w.listsNotes(i),
		len(w.pieces) > 1 && w.notes != nil && !w.notesListed() && definesOthers(w.pieces[i]):
		// Laid out straight into w.lines: a post shown as plain text
		// is one of many short lines, whose slice of strings is most
		// of its cost (16 bytes a line).
		w.growLines(strings.Count(w.pieces[i], "\n")+2, i)
		if len(w.lines) > 0 {
			w.lines = append(w.lines, "") // glamour's space between blocks
		}
		w.lines = appendPlainLines(w.lines, w.pieces[i], w.width)
		if !w.plain {
			// Its links keep their numbers, so that later pieces' numbers
			// are the post's (markdown.Links).
			w.links.add(w.pieces[i], w.refs)
		}
		if !w.given {
			w.docs = append(w.docs, doc{})
		}
	default:
		if w.themes == nil {
			w.themes, w.writers = gansi.NewThemes(), gansi.NewWriters()
		}
		var d doc
		if w.given {
			d = w.docs[i]
			d.themes, d.writers = w.themes, w.writers
			d.heads = &w.heads
			d.room = w.lineRoom(i)
			if lines, err = d.render(w.width, w.style, &w.links); err != nil {
				return false, err
			}
		} else {
			// Prepared here, its items' texts taken by its first render.
			d = w.prepare(i)
			d.themes, d.writers = w.themes, w.writers
			d.heads = &w.heads
			d.room = w.lineRoom(i)
			if lines, d, err = d.renderFirst(w.width, w.style, &w.links); err != nil {
				return false, err
			}
			kept := d
			kept.lexed, kept.prose, kept.themes, kept.first, kept.heads, kept.writers = nil, nil, nil, nil, nil, nil // they served this render only
			kept.room = lineRoom{}
			w.docs = append(w.docs, kept)
		}
		if d.media {
			figs = placeFigures(lines, d.figures)
			heads = placeHeadings(lines)
		}
	}
	if cap(w.lines) == 0 && len(lines) > 0 {
		// The first piece laid out: fit made its lines a slice of
		// their own, which becomes the post's rather than copied
		// into a new one (16 bytes a line).
		w.lines = lines[:0]
	} else if len(lines) > 0 {
		w.growLines(len(lines)+1, -1)
	}
	if len(w.lines) > 0 && len(lines) > 0 {
		w.lines = append(w.lines, "") // glamour's space between blocks
	}
	for _, f := range figs {
		f.Line += len(w.lines)
		w.figs = append(w.figs, f)
	}
	for j := placed; j < len(w.heads); j++ {
		w.heads[j] += len(w.lines)
	}
	for _, h := range heads {
		w.heads = append(w.heads, h+len(w.lines))
	}
	w.lines = append(w.lines, lines...)
	w.next++
	if w.next == len(w.pieces) {
		if len(w.links.urls) > 0 {
			w.lines = append(w.lines, linkList(&w.links, w.width, w.style, chinese(w.md))...)
		}
		return true, nil
	}
	return false, nil
}

// lineRoom is the room the lines of piece i, about to be laid out, are
// made with for the pieces after it: none unless it is the first piece
// laid out, whose lines become the post's (see step), and pieces follow.
func (w *work) lineRoom(i int) lineRoom {
	if cap(w.lines) > 0 || i+1 >= len(w.pieces) {
		return lineRoom{}
	}
	var r lineRoom
	for j, p := range w.pieces {
		if j <= i {
			r.done += len(p)
		} else {
			r.rest += len(p)
		}
	}
	return r
}

// growLines makes room in w.lines for n more lines, when it has none,
// doubling it: append grows a large slice by a quarter, so that a post
// of a million lines copied its lines some twenty times (87 MB for the
// 16 MB of a million blank lines of code). When next >= 0, the pieces
// from next on are about to be drawn as plain text, one line at least
// for each of their source lines: room is made for those of them shown
// so (or half again the slice, if more), so that a post of many short
// lines, all of it drawn so, is sized once (doubled, a million blank
// lines of code in four pieces held room for two million: 32 MB).
func (w *work) growLines(n, next int) {
	need := len(w.lines) + n
	if need <= cap(w.lines) {
		return
	}
	grown := max(need, 2*cap(w.lines))
	if next < 0 && w.next+1 == len(w.pieces) {
		// The last piece: room for its lines and the list of links
		// after them (a few lines a link), no more. Doubled, the
		// slice of a post of short lines in two pieces was half
		// empty.
		grown = need + 4*len(w.links.urls) + 4
	} else if next < 0 && w.next+1 < len(w.pieces) {
		// Laid out, with pieces still to come: room for as many lines
		// again for each of their bytes as the pieces so far drew,
		// and an eighth more. Doubled at each piece, the slice of a
		// post of short lines in three pieces was made three times,
		// seven times a piece's lines in all.
		done, rest := 0, 0
		for j, p := range w.pieces {
			if j <= w.next {
				done += len(p)
			} else {
				rest += len(p)
			}
		}
		if done > 0 {
			est := need + int(int64(need)*int64(rest)/int64(done))
			grown = max(need, est+est/8)
		}
	}
	if next >= 0 {
		plain := 0
		for j := next; j < len(w.pieces); j++ {
			if w.plain || w.dense(j) {
				plain += strings.Count(w.pieces[j], "\n") + 2 // and the space before it
			}
		}
		grown = max(need+plain, cap(w.lines)+cap(w.lines)/2)
	}
	w.lines = slices.Grow(w.lines, grown-len(w.lines))
}

// listsNotes reports whether piece i is to be laid out for the post's
// footnotes, which are listed after the last piece when they are read
// (see prepare): the last piece, which lists them, and a piece that
// defines some, whose definitions the list shows. As plain text, the
// last would not list them, and the others would show them twice.
func (w *work) listsNotes(i int) bool {
	if !w.notesListed() {
		return false
	}
	return i == len(w.pieces)-1 || strings.Contains(w.pieces[i], "[^") && noteDefinition(w.pieces[i])
}

// notesListed reports whether the post's footnotes are listed after its
// last piece, numbered across its pieces (see markdown.Notes): there are
// some, no more than markdown.MaxNotes bytes of them, and no more than
// markdown.MaxListedNotes(len(w.md)) of them (a list item costs about
// 50 µs, what 300 bytes of prose cost: 4,000 notes of a letter in 64 KB
// cost 16 times prose of its size). Otherwise each piece lists the notes
// it defines and refers to, and a piece of tiny definitions ("[^1]: n"
// repeated) is shown as its plain text (see dense): nothing the author
// wrote is dropped.
func (w *work) notesListed() bool {
	return w.notes != nil && w.notes.Usable() && w.notes.Count() <= markdown.MaxListedNotes(len(w.md))
}

// definesOthers reports whether piece defines a footnote it does not
// refer to. When a post's notes are not listed after its last piece
// (notesListed), a piece lists only the notes it both defines and refers
// to, as goldmark does, so the others' definitions would vanish: such a
// piece is shown as its text (a post of more notes than
// markdown.MaxListedNotes, cut into pieces between its references and
// its definitions).
func definesOthers(piece string) bool {
	if !strings.Contains(piece, "[^") {
		return false
	}
	// The labels, sorted at the end: a slice costs a third of what a
	// set costs, and a piece of thousands of notes (64 KB of them) made
	// one for all its references, a tenth of its render's memory. Each
	// is where it lies in piece (8 bytes, a string's header is 16).
	if len(piece) > math.MaxInt32 {
		return true // shown as its text: offsets are int32 (never met: posts that long are plain text)
	}
	var refs, defs []labelAt
	label := func(l labelAt) string { return piece[l.at : l.at+l.n] }
	// next is the first "]" or newline at or after at's last search:
	// each "[^" before it ends there too, so a line of "[^" repeated is
	// read once, not a label's bound (999 bytes) for each.
	next := -1
	for at := 0; ; {
		i := strings.Index(piece[at:], "[^")
		if i < 0 {
			break
		}
		start := at + i
		at = start + 2
		if next < at {
			next = strings.IndexAny(piece[at:], "]\n")
			if next < 0 {
				break // no label closes after here
			}
			next += at
		}
		// A label is at most 999 bytes (CommonMark's, goldmark's).
		j := next - at
		if j <= 0 || j > maxLabel || piece[next] != ']' {
			continue
		}
		l := labelAt{int32(at), int32(j)}
		if strings.HasPrefix(piece[at+j:], "]:") && atLineStart(piece, start) {
			defs = append(defs, l)
		} else {
			if len(refs) == cap(refs) && len(refs) >= 256 {
				// Doubled: append grows a slice this long by a quarter,
				// five times the final slice over (a tenth of the
				// memory of 64 KB of notes).
				refs = slices.Grow(refs, len(refs))
			}
			refs = append(refs, l)
		}
	}
	if len(defs) == 0 {
		return false
	}
	slices.SortFunc(refs, func(a, b labelAt) int { return strings.Compare(label(a), label(b)) })
	for _, d := range defs {
		if _, found := slices.BinarySearchFunc(refs, label(d), func(r labelAt, l string) int { return strings.Compare(label(r), l) }); !found {
			return true
		}
	}
	return false
}

// labelAt is a label of definesOthers' piece: its offset and length.
type labelAt struct{ at, n int32 }

// maxLabel is the longest link or footnote label, CommonMark's bound.
const maxLabel = 999

// atLineStart reports whether only quote markers and spaces come before
// s[i] on its line (read back to the first other byte: a line of a
// thousand references is not read again for each).
func atLineStart(s string, i int) bool {
	for ; i > 0; i-- {
		switch s[i-1] {
		case '\n':
			return true
		case ' ', '>':
		default:
			return false
		}
	}
	return true
}

func (w *work) start() {
	if w.plain {
		w.pieces = plainChunks(w.md)
		w.units = make([]int, len(w.pieces))
		return
	}
	w.cut = newCutter(w.md)
}

// progress is the share of the pieces done.
func (w *work) progress() float64 {
	if len(w.pieces) == 0 {
		return 0
	}
	return float64(w.next) / float64(len(w.pieces))
}

// maxRefs bounds the link definitions carried into every piece: a post of
// a million definitions would otherwise cost a million map entries per
// piece. Written posts have tens.
const maxRefs = 4096

// mayDefine reports whether p has a line that may be a link reference
// definition (mayDefineLabel). The regular expression cannot match without
// "]:", which most pieces do not hold: looking for it first spares them
// the expression's scan, 2% of a 2 MB post's cold render.
func mayDefine(p string) bool {
	return strings.Contains(p, "]:") && mayDefineLabel.MatchString(p)
}

// mayDefineLink reports whether p has a line that may be a link
// reference definition and is not a footnote's definition: a line of
// mayDefineLabel indented by at most three spaces, outside quotes, whose
// label is "^" and then one goldmark's footnote parser takes (noteLabel)
// is a note's, never a link's, as the note parser is tried first. (Nested
// as deep as blocks go, in quotes or lists, the note parser is not tried:
// the line defines a link.)
func mayDefineLink(p string) bool {
	if !strings.Contains(p, "]:") {
		return false
	}
	var d definitionScan
	for at := 0; ; {
		if prefix, label, end, ok := d.at(p, at); ok {
			note := len(prefix) <= 3 && !strings.Contains(prefix, ">") && strings.HasPrefix(label, "^") && noteLabel(label[1:])
			if !note {
				return true
			}
			at = end
		}
		nl := strings.IndexByte(p[at:], '\n')
		if nl < 0 {
			return false
		}
		at += nl + 1
	}
}

// definitionScan finds the matches of mayDefineLabel one line start after
// another, as FindAllStringSubmatchIndex does, without its allocations (a
// slice of submatches a match: a piece of thousands of notes' definitions
// made thousands, and the expression's scan cost a fifth of its time).
type definitionScan struct {
	// close is the first "]" at or after the last label's start (-1:
	// none), so that lines of "[" without one are not each read to the
	// piece's end.
	close, from int
}

// at matches mayDefineLabel at the line start at of p: the quote markers
// and spaces before the label, the label (to the first "]", at least a
// byte, which may span lines), and where the match ends, after "]:".
func (d *definitionScan) at(p string, at int) (prefix, label string, end int, ok bool) {
	b := at
	for b < len(p) && (p[b] == ' ' || p[b] == '>') {
		b++
	}
	if b == len(p) || p[b] != '[' {
		return "", "", 0, false
	}
	if d.from == 0 || d.close >= 0 && d.close <= b {
		d.from = b + 1
		d.close = strings.IndexByte(p[b+1:], ']')
		if d.close >= 0 {
			d.close += b + 1
		}
	}
	c := d.close
	if c < 0 || c == b+1 || c+1 >= len(p) || p[c+1] != ':' {
		return "", "", 0, false
	}
	return p[at:b], p[b+1 : c], c + 2, true
}

// noteLabel reports whether goldmark's footnote parser takes label (what
// comes between "[^" and "]:") for a note's: it is neither blank nor
// holds a bracket or a backslash, and is under CommonMark's bound.
func noteLabel(label string) bool {
	return len(label) < maxLabel && strings.TrimSpace(label) != "" && !strings.ContainsAny(label, "[]\\")
}

// mayDefineLabel finds lines that may be link reference definitions,
// with what comes before the label and the label as its groups.
var mayDefineLabel = regexp.MustCompile(`(?m)^([ >]*)\[([^\]]+)\]:`)

// cutsPerStep is how many pieces a step cuts off at most: cutting a
// piece reads its lines once, a small part of what laying it out costs.
const cutsPerStep = 16

// cutPieces cuts off the next pieces and reports whether the post is all
// cut.
func (w *work) cutPieces() bool {
	for range cutsPerStep {
		piece, units, ok := w.cut.next()
		if !ok {
			w.cut = nil
			if w.given && len(w.docs) != len(w.pieces) {
				w.docs, w.given = nil, false // prepared by another version of the code
			}
			return true
		}
		w.pieces, w.units = append(w.pieces, piece), append(w.units, units)
	}
	return false
}

// readDefinitions reads the link definitions of the next piece that may
// have some, so that a link in one piece finds its definition in another,
// and reports whether it read any. Prepared pieces (given) carry theirs;
// a post of one piece reads its own as it is laid out.
func (w *work) readDefinitions() bool {
	if w.plain || w.given || len(w.pieces) < 2 {
		return false
	}
	for ; w.defs < len(w.pieces) && len(w.refs) < maxRefs; w.defs++ {
		p := w.pieces[w.defs]
		if !mayDefine(p) {
			continue
		}
		// Once the post has more notes than are listed after its last
		// piece, reading more of them changes nothing (notesListed is
		// false for good): a piece whose only possible definitions are
		// notes' need not be parsed.
		unlisted := w.notes != nil && (w.notes.Over() || w.notes.Count() > markdown.MaxListedNotes(len(w.md)))
		if unlisted && !mayDefineLink(p) {
			continue
		}
		var refs []parser.Reference
		if strings.Contains(p, "[^") && !unlisted {
			if w.notes == nil {
				w.notes = markdown.NewNotesUpTo(markdown.MaxListedNotes(len(w.md)))
			}
			refs = w.notes.ReadNotes(defParser, []byte(p)) // one parse for both
		} else {
			refs = markdown.Definitions(defParser, []byte(p))
		}
		w.refs = append(w.refs, refs...)
		w.refs = w.refs[:min(len(w.refs), maxRefs)]
		w.defs++
		return true
	}
	return false
}

// denseUnits: a piece of half a piece's units or more (see split) whose
// cost units exceed this many per byte is expected to cost glamour over
// six times what prose of its size does: lines under 6.4 bytes on average
// ("a\n\n", "- a\n", "***\n", blank code lines: a padded output line or
// more per few bytes), or tables of short cells. Such a piece of a long
// post is shown as plain text, which costs about nothing, instead of
// 10-50 times what prose costs.
//
// A post under denseFrom pieces is laid out whatever it holds, unless a
// piece is of denseAlone units, which only a line too long to be cut
// whole makes (a line of raw tags: "<b><i>" repeated over 128 KB is one
// piece of 1.3 million units, and cost 2.4 times prose's memory laid
// out). The units cannot tell a short post of tiny blocks from an
// ordinary one of lists and tables: a reading list of 200 links (10 KB,
// 78,000 units), an outline three levels deep of 2.6 KB, a table of 400
// short rows cost glamour 6-8 times prose of their size too, and are
// what posts are written with. Shown as written they read worse; laid
// out they cost a few tens of milliseconds, once per width, cached.
const (
	denseUnits = 6
	denseFrom  = 4
	denseAlone = 4 * pieceUnits
)

func dense(piece string, units int) bool {
	return units >= pieceUnits/2 && units > denseUnits*len(piece)
}

// dense reports whether piece i is shown as plain text for its density:
// in a post of denseFrom pieces or more, or a piece of denseAlone units,
// it is dense, or it is the last piece after a dense one and as dense per
// byte (the tail of 256 KB of "- a\n" is a few hundred lines; laid out
// they cost more than the rest of the post shown plain). Pieces are cut
// at a piece's units, so only the last one is under half of them.
func (w *work) dense(i int) bool {
	if len(w.pieces) < denseFrom && w.units[i] < denseAlone {
		return false
	}
	if dense(w.pieces[i], w.units[i]) {
		return true
	}
	last := len(w.pieces) - 1
	return i > 0 && i == last && dense(w.pieces[i-1], w.units[i-1]) && w.units[i] > denseUnits*len(w.pieces[i])
}

// plainChunks cuts a post shown as plain text into chunks of lines, so
// that laying out even a huge one takes turns with other renders.
func plainChunks(md string) []string {
	const chunk = 256 << 10
	var out []string
	for len(md) > chunk {
		i := strings.LastIndexByte(md[:chunk], '\n') + 1
		if i == 0 {
			i = chunk
			for i < len(md) && md[i]&0xC0 == 0x80 {
				i++ // not inside a character
			}
		}
		out = append(out, md[:i])
		md = md[i:]
	}
	return append(out, md)
}

// appendPlainLines appends to dst markdown source laid out as plain
// text: cleaned of control sequences, tabs expanded, each line wrapped
// at width within the same margin as rendered text.
func appendPlainLines(dst []string, src string, width int) []string {
	const margin = "  "
	src = ExpandTabs(sanitize.Text(src), TabWidth)
	src = strings.TrimSuffix(src, "\n")
	avail := width - len(margin)
	// The lines are written into one string, a newline after each but
	// the last, and sliced from it: a post shown as plain text is one of
	// many short lines (that is why it is shown so), which one
	// allocation each made costly, and so did a slice of where each
	// ended. No line holds a newline: src is cut at them, and so is
	// what Wrap returns.
	var b strings.Builder
	b.Grow(len(src) + len(src)/4 + len(margin))
	for rest := src; ; {
		l := rest
		nl := strings.IndexByte(rest, '\n')
		if nl >= 0 {
			l = rest[:nl]
		}
		l = trimSpaceCR(l)
		switch {
		case l == "":
		case len(l) <= avail && printableASCII(l):
			// Fits as it is: Wrap and Hardwrap would change nothing.
			b.WriteString(margin)
			b.WriteString(l)
		default:
			// Wrap breaks at spaces; a run of spaces wider than the
			// line survives it and is cut by Hardwrap.
			wrapped := xansi.Hardwrap(xansi.Wrap(l, avail, ""), avail, true)
			first := true
			for w := range strings.SplitSeq(wrapped, "\n") {
				if !first {
					b.WriteByte('\n')
				}
				first = false
				b.WriteString(margin)
				b.WriteString(w)
			}
		}
		if nl < 0 {
			break
		}
		b.WriteByte('\n')
		rest = rest[nl+1:]
	}
	all := b.String()
	dst = slices.Grow(dst, strings.Count(all, "\n")+1)
	for l := range strings.SplitSeq(all, "\n") {
		dst = append(dst, l)
	}
	return dst
}

// printableASCII reports whether s is printable ASCII only, one cell a
// byte.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// prepare prepares piece i. In a post of pieces with footnotes, the notes
// are numbered across the pieces and listed after the last one (see
// markdown.Notes), as in a post of one piece.
func (w *work) prepare(i int) doc {
	src, last := w.pieces[i], i == len(w.pieces)-1
	if !w.notesListed() {
		return prepareDocAt(src, w.style, w.refs, w.base, w.feat, nil, false, w.width)
	}
	if last {
		src += "\n" + w.notes.Defs()
	}
	return prepareDocAt(src, w.style, w.refs, w.base, w.feat, w.notes, last, w.width)
}

// trimSpaceCR is strings.TrimRight(s, " \r") without the cutset's table,
// made for every call (every line of a post shown as plain text).
func trimSpaceCR(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
