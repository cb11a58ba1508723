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
}

// newCJKEmphasisParser replaces parser.NewEmphasisParser.
func newCJKEmphasisParser() parser.InlineParser {
	return &cjkDelimiterParser{proc: emphasisProc{}}
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
	d := scanCJKDelimiter(line, before, beforeCJK, p.proc)
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

// strikeProc is goldmark's strikethrough delimiter processor (unexported
// there).
type strikeProc struct{}

func (strikeProc) IsDelimiter(b byte) bool { return b == '~' }
func (strikeProc) CanOpenCloser(o, c *parser.Delimiter) bool {
	return o.Char == c.Char
}
func (strikeProc) OnMatch(consumes int) ast.Node { return east.NewStrikethrough() }
