package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// htmlBlockOpen is goldmark's HTML block parser, asked only about the
// lines that may open an HTML block. For a line that starts with a tag,
// goldmark tries its seven kinds of HTML block with regexps, and the
// sixth (a block-level tag: <div>, <p>...) reads the whole line through
// `.*` whatever the tag is, so that a long line that starts with <b> or
// <mark> cost a pass of the regexp NFA over all of it, about as much as
// the rest of its parse. mayOpenHTMLBlock answers false where goldmark's
// answer is no: a line that does not start with "<", or starts with a
// tag that is neither block-level (goldmark's list, htmlBlockTag) nor
// one of the first kind (script, pre, style, textarea), and is not a
// tag alone on its line (the seventh kind, goldmark's own regexp, which
// fails at the first byte after the tag). TestHTMLBlocksMatchGoldmark
// holds both to the same blocks.
type htmlBlockOpen struct{ parser.BlockParser }

// Open implements parser.BlockParser.
func (b htmlBlockOpen) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if !mayOpenHTMLBlock(line) {
		return nil, parser.NoChildren
	}
	if blockTagLine(line) {
		// What goldmark's Open makes of it, without its regexps.
		node := ast.NewHTMLBlock(ast.HTMLBlockType6)
		reader.AdvanceToEOL()
		if nextLineBlank(reader.Source(), seg.Stop) {
			node.Lines().Append(seg)
		} else {
			// Room for the line goldmark's Continue adds next, in the
			// allocation of this one: the lines were grown from one
			// (a "<details>\n<summary>a</summary>" block: two
			// allocations, 96 bytes, for 64).
			two := [2]text.Segment{seg}
			node.Lines().AppendAll(two[:])
			node.Lines().SetSliced(0, 1)
		}
		return node, parser.NoChildren
	}
	return b.BlockParser.Open(parent, reader, pc)
}

// nextLineBlank reports whether the source line after the one ending at
// stop (its newline included) is blank, or there is none: where an HTML
// block of the sixth kind most likely ends (a guess, for the room its
// lines are made with; a container's markers make a line not blank).
func nextLineBlank(src []byte, stop int) bool {
	if stop <= 0 || stop > len(src) || src[stop-1] != '\n' {
		return true
	}
	for i := stop; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

// blockTagLine reports a line that opens an HTML block of the sixth kind
// as goldmark reads it (its htmlBlockType6Regexp, with a name of
// htmlBlockTag): a block-level tag's start or end ("<details>",
// "</div>", "<p class=x>"), its name followed by a space, ">", "/>" or
// the line's end. Goldmark tried the first five kinds and the seventh
// (which reads the whole line through the regexp package's backtracker)
// before it, each with a regexp: a tenth of the render of a post of
// short HTML blocks (<details> and <summary> lines). None of those
// starts so but the first (script, pre, style, textarea: not block
// tags) and the seventh, which gives a block tag the sixth kind as well.
func blockTagLine(line []byte) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i >= len(line) || line[i] != '<' {
		return false
	}
	i++
	if i < len(line) && line[i] == '/' {
		for i++; i < len(line) && line[i] == ' '; i++ {
		}
	}
	j := i
	for j < len(line) && (isASCIILetter(line[j]) || j > i && (isDigit(line[j]) || line[j] == '-')) {
		j++
	}
	var buf [16]byte
	if j == i || j-i > 16 || !htmlBlockTag(string(lowerASCII(buf[:0], line[i:j]))) {
		return false
	}
	switch rest := line[j:]; {
	case len(rest) == 0, rest[0] == ' ', rest[0] == '>', bytes.HasPrefix(rest, []byte("/>")):
		// "[ ].*", ">.*", "/>.*": the rest of the line, its newline
		// excepted, which PeekLine gives at its end only.
		return true
	default:
		return string(rest) == "\n" || string(rest) == "\r\n"
	}
}

// htmlBlockType7 is goldmark's htmlBlockType7Regexp: a line of one open
// or closing tag.
var htmlBlockType7 = regexp.MustCompile(`^[ ]{0,3}<(/[ ]*)?([a-zA-Z]+[a-zA-Z0-9\-]*)(` +
	`(?:[\r\n \t]+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:[\r\n \t]*=[\r\n \t]*(?:[^\"'=<>` + "`" + `\x00-\x20]+|'[^']*'|"[^"]*"))?)` +
	`*)[ ]*(?:>|/>)[ ]*(?:\r\n|\n)?$`)

// MayOpenHTMLBlock reports whether an HTML block may start at line (a
// line of a post, without its containers' markers): false is sure.
func MayOpenHTMLBlock(line string) bool { return mayOpenHTMLBlock(line) }

// mayOpenHTMLBlock reports whether goldmark's HTML block parser may open
// a block at line (false: it does not).
func mayOpenHTMLBlock[T string | []byte](line T) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i+1 >= len(line) || line[i] != '<' {
		return false // every kind starts so
	}
	i++
	if line[i] == '!' || line[i] == '?' {
		return true // comments, declarations... (kinds two to five)
	}
	if line[i] == '/' {
		i++
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	// The tag's name: all of it (goldmark's patterns want what follows
	// it to be no part of a name).
	var name [16]byte // longer than any name of htmlBlockTag
	j := i
	for ; j < len(line) && (isASCIILetter(line[j]) || j > i && (isDigit(line[j]) || line[j] == '-')); j++ {
		if j-i < len(name) {
			name[j-i] = line[j] | 0x20 // lower case (digits and '-' have the bit)
		}
	}
	if j == i {
		return false // kinds one, six and seven start with a name
	}
	if j-i <= len(name) {
		if n := string(name[:j-i]); htmlBlockTag(n) || n == "script" || n == "pre" || n == "style" || n == "textarea" {
			return true
		}
	}
	if s, ok := any(line).(string); ok {
		return htmlBlockType7.MatchString(s)
	}
	return htmlBlockType7.Match([]byte(line)) // no copy: line is []byte
}

// htmlBlockTag reports goldmark's allowedBlockTags (parser/html_block.go):
// the tags that open an HTML block of the sixth kind.
func htmlBlockTag(name string) bool {
	switch name {
	case "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
		"col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
		"figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
		"header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "meta",
		"nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section", "summary",
		"table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul":
		return true
	}
	return false
}
