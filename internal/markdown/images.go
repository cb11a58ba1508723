package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// plainImages reads an image of plain alt text and plain destination,
// "![alt](dest)" on one line, into the node goldmark's link parser makes
// of it, without the parser's way there: at "![" it pushes an opener (a
// link label state, some 200 bytes, and a link bottom), at "]" it makes
// a Link, moves the alt text into it, then makes the Image and moves the
// text again, dropping the Link and the opener. A line of images and
// tags (16 KB of "![a](b) <img src=c> x ") made and dropped 300 KB so.
//
// It takes only what goldmark's parser reads as nothing but that image:
// an alt text of letters, digits, spaces and hyphens (no byte any inline
// parser of ours is triggered by, but the spaces, at which only linkify
// is, and it needs a dot, a colon or an at sign to take anything), which
// goldmark's parseBlock makes one text node of (ast.MergeOrAppendTextSegment
// merges the pieces either side of a space where linkify takes nothing);
// then "](", a destination of printable ASCII but "(", ")", "\", "<"
// and spaces (parseLinkDestination in goldmark's parser/link.go takes it
// whole, as it is, up to the ")"), and ")": no title, no reference,
// nothing to unescape. Delimiters inside the label, which
// linkParser.processLinkLabel would process, there are none; those before
// it it leaves alone, as processLinkLabel does (it processes those after
// the opener's bottom only). With MaxLinkOpeners openers open, where
// linkGuard leaves "![" as text, it takes nothing either: goldmark's own
// bound (998) is never reached. Anything else is left to goldmark's
// parser. The scan reads the rest of the line once at most, up to the
// ")": bounded by the line. TestPlainImagesAreGoldmarks compares the
// trees with goldmark's.
type plainImages struct {
	// taken, if set, counts the images read: the tests' way.
	taken *int
}

var _ parser.InlineParser = plainImages{}

// Trigger implements parser.InlineParser.
func (plainImages) Trigger() []byte { return []byte{'!'} }

// Parse implements parser.InlineParser.
func (p plainImages) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 6 || line[1] != '[' {
		return nil
	}
	if open, _ := pc.Get(openersKey).(int); open >= MaxLinkOpeners {
		return nil
	}
	i := 2
	for i < len(line) && plainAlt(line[i]) {
		i++
	}
	if i == 2 || i+1 >= len(line) || line[i] != ']' || line[i+1] != '(' {
		return nil
	}
	altStop := i
	i += 2
	destStart := i
	for i < len(line) && plainDestination(line[i]) {
		i++
	}
	if i == destStart || i >= len(line) || line[i] != ')' {
		return nil
	}
	// The span the figures transformer would make of goldmark's Image,
	// made here (see newParsedImage), its text the alt text.
	span := newParsedImage(string(line[destStart:i]), string(line[2:altStop]),
		text.NewSegment(seg.Start+2, seg.Start+altStop), seg.Start)
	block.Advance(i + 1)
	if p.taken != nil {
		*p.taken++
	}
	return span
}

// newParsedImage returns the figure span the figures transformer would
// make of an image of src and alt (imageMedia's media) at pos, its text
// at seg: the Image, its text node and the span were three allocations
// (584 bytes; 16 KB of "![a](b) <img src=c> x " makes 1,400 of them),
// this is one of 216 bytes (224 allocated), the text node the span's own
// and Media's empty strings left out (see FigureSpan). The flattener,
// which runs before the transformer, unwraps a span too deep as it does
// an Image, into its text (see unwrap).
func newParsedImage(src, alt string, seg text.Segment, pos int) *FigureSpan {
	span := &FigureSpan{src: src, alt: alt}
	span.Segment = seg
	span.SetPos(pos)
	return span
}

// plainAlt reports whether c may stand in a plain image's alt text (see
// plainImages).
func plainAlt(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-'
}

// plainDestination reports whether c may stand in a plain image's
// destination (see plainImages).
func plainDestination(c byte) bool {
	return c > ' ' && c < 0x7f && c != '(' && c != ')' && c != '\\' && c != '<'
}
