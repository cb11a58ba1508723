package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/width"
)

// CommonMark's flanking rules make `**要点：**正文` or
// `以**缓存行（cache line）**为单位` literal asterisks: a closing run after
// punctuation must be followed by space or punctuation, and Chinese puts
// neither between a full-width colon and the next word. The
// "CJK-friendly amendments" (github.com/tats-u/markdown-cjk-friendly,
// specification.md, the rule markdown-it-cjk-friendly and
// remark-cjk-friendly implement) relax the rule next to CJK characters.
// Its goldmark port (goldmark-cjk-friendly) is not served by our module
// proxy, so the amended delimiter scan is written here, as a replacement
// for goldmark's emphasis and strikethrough inline parsers, still wrapped
// in delimiterCap (MaxDelimiters holds as before).

// cjkDelimiterParser scans emphasis ("*", "_") or strikethrough ("~")
// delimiter runs with the CJK-friendly flanking rules.
type cjkDelimiterParser struct {
	proc parser.DelimiterProcessor
	// strike: goldmark's strikethrough takes runs of one or two tildes,
	// not after another tilde.
	strike bool
	// chain: emphasis matched by the parse's emphasisChain, which does
	// not make the nodes the flattener would unwrap.
	chain bool
}

// newCJKEmphasisParser replaces parser.NewEmphasisParser.
func newCJKEmphasisParser() parser.InlineParser {
	return &cjkDelimiterParser{proc: emphasisProc{}, chain: true}
}

// newCJKStrikethroughParser replaces extension.NewStrikethroughParser.
func newCJKStrikethroughParser() parser.InlineParser {
	return &cjkDelimiterParser{proc: strikeProc{}, strike: true}
}

func (p *cjkDelimiterParser) Trigger() []byte {
	if p.strike {
		return []byte{'~'}
	}
	return []byte{'*', '_'}
}

func (p *cjkDelimiterParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	before, beforeCJK := precedingCharacter(block.Source(), seg.Start)
	proc := p.proc
	if p.chain {
		proc = chainOf(pc)
	}
	d := scanCJKDelimiter(line, before, beforeCJK, proc)
	if d == nil || p.strike && (d.OriginalLength > 2 || before == '~') {
		return nil
	}
	d.Segment = seg.WithStop(seg.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// precedingCharacter returns the character before pos in src (a line
// start counts as a newline, which is white space) and whether it ends a
// CJK sequence: a CJK character, possibly followed by a non-emoji
// variation selector, or an ideographic variation selector.
func precedingCharacter(src []byte, pos int) (rune, bool) {
	if pos <= 0 {
		return '\n', false
	}
	r, n := utf8.DecodeLastRune(src[:pos])
	if r == utf8.RuneError && n <= 1 {
		return r, false
	}
	switch {
	case isIdeographicVS(r):
		return r, true
	case isGeneralVS(r):
		// The run's flanking is decided by what the selector follows.
		prev, _ := utf8.DecodeLastRune(src[:pos-n])
		return prev, isCJKChar(prev)
	}
	return r, isCJKChar(r)
}

// scanCJKDelimiter is goldmark's parser.ScanDelimiter with the amended
// definitions of left- and right-flanking runs (specification.md §6.2):
//
//   - left-flanking: not followed by white space, and either not followed
//     by non-CJK punctuation, or preceded by white space, non-CJK
//     punctuation or a CJK sequence;
//   - right-flanking: not preceded by white space, and either not preceded
//     by non-CJK punctuation, or followed by white space, non-CJK
//     punctuation or a CJK character.
//
// Rules 2 and 6 for "_" use "preceded by punctuation" (any).
func scanCJKDelimiter(line []byte, before rune, beforeCJK bool, proc parser.DelimiterProcessor) *parser.Delimiter {
	c := line[0]
	if !proc.IsDelimiter(c) {
		return nil
	}
	j := 1
	for j < len(line) && line[j] == c {
		j++
	}
	after := rune('\n')
	if j < len(line) {
		after = util.ToRune(line, j)
	}
	beforeSpace := util.IsSpaceRune(before)
	afterSpace := util.IsSpaceRune(after)
	beforePunct := util.IsPunctRune(before)
	afterPunct := util.IsPunctRune(after)
	beforeNonCJKPunct := beforePunct && !beforeCJK
	afterNonCJKPunct := afterPunct && !isCJKChar(after)

	isLeft := !afterSpace && (!afterNonCJKPunct || beforeSpace || beforeNonCJKPunct || beforeCJK)
	isRight := !beforeSpace && (!beforeNonCJKPunct || afterSpace || afterNonCJKPunct || isCJKChar(after))

	canOpen, canClose := isLeft, isRight
	if c == '_' {
		canOpen = isLeft && (!isRight || beforePunct)
		canClose = isRight && (!isLeft || afterPunct)
	}
	return parser.NewDelimiter(canOpen, canClose, j, c, proc)
}

// isCJKChar reports a "CJK character" of the specification: East Asian
// Width W, F or H and not an emoji shown as such by default, or Hangul.
func isCJKChar(r rune) bool {
	if r < 0x1100 {
		return false
	}
	if unicode.Is(unicode.Hangul, r) {
		return true
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianHalfwidth:
		return !isEmojiPresentation(r)
	}
	return false
}

// isEmojiPresentation approximates Unicode's Emoji_Presentation property
// for wide characters: the pictograph blocks and the wide symbols of
// Miscellaneous Symbols, Dingbats and Technical.
func isEmojiPresentation(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF:
		return true
	case r >= 0x2300 && r <= 0x23FF, r >= 0x2600 && r <= 0x27BF, r >= 0x2B00 && r <= 0x2BFF:
		return true
	}
	return false
}

func isIdeographicVS(r rune) bool { return r >= 0xE0100 && r <= 0xE01EF }

// isGeneralVS reports the non-emoji general-use variation selectors
// (U+FE00-U+FE0E; U+FE0F asks for emoji presentation).
func isGeneralVS(r rune) bool { return r >= 0xFE00 && r <= 0xFE0E }

// emphasisProc is goldmark's emphasis delimiter processor (unexported
// there).
type emphasisProc struct{}

func (emphasisProc) IsDelimiter(b byte) bool { return b == '*' || b == '_' }
func (emphasisProc) CanOpenCloser(o, c *parser.Delimiter) bool {
	return o.Char == c.Char
}
func (emphasisProc) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

// chainKey keeps a parse's emphasisChain.
var chainKey = parser.NewContextKey()

// emphasisChain is emphasisProc for one parse, which does not make the
// levels of emphasis the flattener would unwrap: a run of n "*" before
// and after a word ("***…a***…") nests n/2 strong emphases, one node
// each (64 KB of it: 16,384 nodes, 1.3 MB, which the flattener then
// unwraps but for MaxInlineDepth). When a match would wrap a chain of
// at least MaxInlineDepth emphases of its own level, each the only
// content of the one above, its outermost node is taken out and given
// back as the new one: the chain stays as long, and the flattener,
// which draws only the outer MaxInlineDepth levels of it, draws the same.
type emphasisChain struct {
	emphasisProc
	// opener and closer are the delimiters of the last pair
	// CanOpenCloser accepted, which goldmark's ProcessDelimiters matches
	// right after.
	opener, closer *parser.Delimiter
}

func chainOf(pc parser.Context) *emphasisChain {
	c, _ := pc.Get(chainKey).(*emphasisChain)
	if c == nil {
		c = &emphasisChain{}
		pc.Set(chainKey, c)
	}
	return c
}

func (p *emphasisChain) CanOpenCloser(o, c *parser.Delimiter) bool {
	if o.Char != c.Char {
		return false
	}
	p.opener, p.closer = o, c
	return true
}

func (p *emphasisChain) OnMatch(consumes int) ast.Node {
	if n := p.reuse(consumes); n != nil {
		return n
	}
	return ast.NewEmphasis(consumes)
}

// reuse returns the outermost node of the chain between the last opener
// and closer, taken out of the tree with its children left in its place,
// if the chain is at least MaxInlineDepth emphases of level deep.
func (p *emphasisChain) reuse(level int) ast.Node {
	if p.opener == nil {
		return nil
	}
	top, ok := p.opener.NextSibling().(*ast.Emphasis)
	if !ok || top.Level != level || top.NextSibling() != p.closer {
		return nil
	}
	depth := 1
	for n := ast.Node(top); depth < MaxInlineDepth; depth++ {
		c, ok := n.FirstChild().(*ast.Emphasis)
		if !ok || c.Level != level || c.NextSibling() != nil {
			return nil
		}
		n = c
	}
	parent := top.Parent()
	inner := top.FirstChild()
	parent.InsertBefore(parent, top, inner) // moves inner out of top
	parent.RemoveChild(parent, top)
	return top
}

// strikeProc is goldmark's strikethrough delimiter processor (unexported
// there).
type strikeProc struct{}

func (strikeProc) IsDelimiter(b byte) bool { return b == '~' }
func (strikeProc) CanOpenCloser(o, c *parser.Delimiter) bool {
	return o.Char == c.Char
}
func (strikeProc) OnMatch(consumes int) ast.Node { return east.NewStrikethrough() }
