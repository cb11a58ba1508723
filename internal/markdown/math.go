package markdown

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// KindMath is the kind of Math nodes.
var KindMath = ast.NewNodeKind("Math")

// Math is TeX between math delimiters, as Hugo's passthrough extension
// (and KaTeX or MathJax in the browser) reads them: "$…$" and "\(…\)"
// inline, "$$…$$" and "\[…\]" displayed on lines of their own. Its
// children are the TeX's raw text, one segment per source line.
type Math struct {
	ast.BaseInline
	Display bool
}

// Kind implements ast.Node.
func (n *Math) Kind() ast.NodeKind { return KindMath }

// IsRaw implements ast.Node: nothing inside math is markdown.
func (n *Math) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *Math) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// TeX returns the math's source, its lines joined by spaces.
func (n *Math) TeX(src []byte) string {
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.Write(bytes.TrimSpace(t.Segment.Value(src)))
		}
	}
	return b.String()
}

// MaxMath bounds the TeX of one formula, in bytes from its opener to its
// closer: far above a written formula, and it bounds the scan for a
// closer that never comes.
const MaxMath = 4096

// MaxFormulas and FormulaBytes bound the formulas of a document: the
// first MaxFormulas, then one per FormulaBytes bytes of the source on
// average; past that budget, math delimiters stay text (and the text
// around them one text node). A formula is a few nodes, drawn and styled
// each on its own, so "$$a " repeated cost several times prose of its
// size; a written post, even a mathematical one, stays far within it.
const (
	MaxFormulas  = 256
	FormulaBytes = 32
)

// mathCountKey counts the formulas of the document parsed so far (a
// *int): it is not reset between blocks.
var mathCountKey = parser.NewContextKey()

// mathScannedKey keeps, per closing delimiter, where the last fruitless
// scan for it stopped: no closer lies before that position in the block,
// so the next opener's scan starts there. Without it every "$" of a line
// of thousands would scan MaxMath bytes again.
var mathScannedKey = parser.NewContextKey()

type scanned struct {
	line int
	seg  text.Segment
}

// mathScans holds the scans of mathScannedKey: one per closing delimiter
// of the block, a few at most, found by a walk (a map hashed the
// delimiter for every opener: a post of a line of "\\(a" per formula
// spent a twentieth of its render there).
type mathScans []closerScan

type closerScan struct {
	close string
	at    scanned
}

// find returns where the last fruitless scan for close stopped (none
// for a nil s).
func (s *mathScans) find(close string) (scanned, bool) {
	if s == nil {
		return scanned{}, false
	}
	for _, c := range *s {
		if c.close == close {
			return c.at, true
		}
	}
	return scanned{}, false
}

// set records where the last fruitless scan for close stopped.
func (s *mathScans) set(close string, at scanned) {
	for i := range *s {
		if (*s)[i].close == close {
			(*s)[i].at = at
			return
		}
	}
	*s = append(*s, closerScan{close, at})
}

// MathDelimiter is a pair of math delimiters of a site's own, as Hugo's
// passthrough extension is configured with
// (markup.goldmark.extensions.passthrough.delimiters): Display for its
// block list, else inline.
type MathDelimiter struct {
	Open, Close string
	Display     bool
}

// MaxMathDelimiters bounds the delimiters of a site's own that are used, and
// MaxMathDelimiterLen their length: a few short pairs is what sites write,
// and each is tried at every character that may open it.
const (
	MaxMathDelimiters   = 16
	MaxMathDelimiterLen = 32
)

// usableDelimiters are the pairs of ds that can be read (see Usable), the
// first MaxMathDelimiters, the longest openers first (so that "$$" is
// tried before "$").
func usableDelimiters(ds []MathDelimiter) []MathDelimiter {
	var out []MathDelimiter
	for _, d := range ds {
		if len(out) == MaxMathDelimiters {
			break
		}
		if d.Usable() {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b MathDelimiter) int { return len(b.Open) - len(a.Open) })
	return out
}

// Usable reports whether the parser can read d: both sides set, on one
// line, without surrounding spaces, at most MaxMathDelimiterLen bytes.
func (d MathDelimiter) Usable() bool {
	ok := func(s string) bool {
		return s != "" && len(s) <= MaxMathDelimiterLen && strings.TrimSpace(s) == s && !strings.ContainsAny(s, "\r\n")
	}
	return ok(d.Open) && ok(d.Close)
}

// mathParser reads math between the built-in delimiters and the site's
// own (extra, see usableDelimiters).
type mathParser struct {
	extra []MathDelimiter
}

func (m mathParser) Trigger() []byte {
	t := []byte{'$', '\\'}
	for _, d := range m.extra {
		if !bytes.ContainsRune(t, rune(d.Open[0])) {
			t = append(t, d.Open[0])
		}
	}
	return t
}

// delimiters returns the closer and kind of the math opened at the start
// of line, if any: a site's own delimiters first, then the built-in ones.
func (m mathParser) delimiters(line []byte) (open, close string, display bool) {
	for _, d := range m.extra {
		if bytes.HasPrefix(line, []byte(d.Open)) {
			return d.Open, d.Close, d.Display
		}
	}
	switch {
	case bytes.HasPrefix(line, []byte("$$")):
		return "$$", "$$", true
	case bytes.HasPrefix(line, []byte(`\[`)):
		return `\[`, `\]`, true
	case bytes.HasPrefix(line, []byte(`\(`)):
		return `\(`, `\)`, false
	case len(line) > 1 && line[0] == '$' && !isBlankByte(line[1]):
		// Pandoc's rule, which keeps prices ("$5 and $10") text: the
		// opener is followed by non-space, the closer preceded by
		// non-space and not followed by a digit.
		return "$", "$", false
	}
	return "", "", false
}

func isBlankByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// closes reports whether the closer starts at line[i].
func closes(line []byte, i int, close string) bool {
	if !bytes.HasPrefix(line[i:], []byte(close)) {
		return false
	}
	if close == "$" {
		if i == 0 || isBlankByte(line[i-1]) {
			return false
		}
		if j := i + 1; j < len(line) && (line[j] >= '0' && line[j] <= '9' || line[j] == '$') {
			return false
		}
	}
	return true
}

func (m mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	open, close, display := m.delimiters(line)
	if open == "" {
		return nil
	}
	count, _ := pc.Get(mathCountKey).(*int)
	if count == nil {
		count = new(int)
		pc.Set(mathCountKey, count)
	}
	if *count >= MaxFormulas+seg.Start/FormulaBytes {
		return nil // over the budget: the delimiters stay text
	}
	start := seg.Start
	limit := start + MaxMath
	known, _ := pc.Get(mathScannedKey).(*mathScans)
	startLine, startSeg := block.Position()
	block.Advance(len(open))
	contentLine, contentSeg := block.Position()
	if k, ok := known.find(close); ok && k.seg.Start > contentSeg.Start {
		block.SetPosition(k.line, k.seg) // no closer before there
	}
	found, stop := false, false
	for !found && !stop {
		l, s := block.PeekLine()
		if l == nil {
			break
		}
		i := 0
		for ; i < len(l); i++ {
			if s.Start+i >= limit {
				// Remember the exact place: a long line is scanned
				// once, whatever its number of openers.
				stop = true
				break
			}
			if l[i] == '\\' && close == "$" {
				i++ // an escaped dollar
				continue
			}
			if closes(l, i, close) {
				found = true
				break
			}
			if l[i] == '\\' {
				i++ // an escaped character: "\\)" closes nothing
			}
		}
		if found || stop {
			block.Advance(min(i, len(l)))
		} else {
			block.AdvanceLine()
		}
	}
	if !found {
		if known == nil {
			known = new(mathScans)
			pc.Set(mathScannedKey, known)
		}
		ln, s := block.Position()
		known.set(close, scanned{ln, s})
		block.SetPosition(startLine, startSeg)
		return nil
	}
	endLine, endSeg := block.Position()
	n := &Math{Display: display}
	// The content: from after the opener to the closer, line by line.
	block.SetPosition(contentLine, contentSeg)
	for {
		l, s := block.PeekLine()
		ln, _ := block.Position()
		if ln == endLine {
			s = s.WithStop(endSeg.Start)
			if !s.IsEmpty() {
				n.AppendChild(n, ast.NewRawTextSegment(s))
			}
			break
		}
		if l == nil {
			break
		}
		n.AppendChild(n, ast.NewRawTextSegment(s))
		block.AdvanceLine()
	}
	block.SetPosition(endLine, endSeg)
	block.Advance(len(close))
	if n.ChildCount() == 0 {
		// "$$$$" or "\(\)": nothing to show; the delimiters stay text.
		block.SetPosition(startLine, startSeg)
		return nil
	}
	*count++
	return n
}

// CloseBlock forgets the scans of the block that ends (their room is
// kept for the next block's).
func (mathParser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if known, _ := pc.Get(mathScannedKey).(*mathScans); known != nil {
		*known = (*known)[:0]
	}
}
