package page

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/sanitize"
)

// Counts follow Hugo: the plain text of a page is its rendered HTML with the
// tags removed, and
//
//   - WordCount counts whitespace-separated words, except that on CJK pages
//     a word that is not pure ASCII counts as many words as it has characters
//     (so Chinese text is counted character by character, like 字数);
//   - ReadingTime is (words+212)/213 minutes, or (words+500)/501 on CJK
//     pages (hugolib/page__per_output.go).

// IsCJK reports whether text contains Chinese, Japanese or Korean characters,
// the test Hugo applies when hasCJKLanguage is on (its regexp
// \p{Han}|\p{Hangul}|\p{Hiragana}|\p{Katakana}, as a loop: this runs on
// every file at load and the regexp engine was a tenth of load time).
func IsCJK(text string) bool {
	for _, r := range text {
		if r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// WordCount counts words in plain text with Hugo's rules: the words of
// strings.Fields, each non-ASCII one counted by its characters on CJK
// pages. It scans the text once and allocates nothing: strings.Fields
// made a slice of every word of every post at load.
func WordCount(plain string, cjk bool) int {
	n := 0
	start, runes := 0, 0 // of the current word; runes is 0 between words
	end := func(i int) {
		switch {
		case runes == 0:
		case cjk && runes != i-start: // not pure ASCII, as RuneCountInString tells
			n += runes
		default:
			n++
		}
		runes = 0
	}
	for i := 0; i < len(plain); {
		c := plain[i]
		size := 1
		space := false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else if 0xE4 <= c && c <= 0xEC && i+2 < len(plain) && plain[i+1]&0xC0 == 0x80 && plain[i+2]&0xC0 == 0x80 {
			size = 3 // U+4000 to U+CFFF, Han and hangul: no spaces there
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(plain[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			end(i)
		} else {
			if runes == 0 {
				start = i
			}
			runes++
		}
		i += size
	}
	end(len(plain))
	return n
}

// asciiSpace are the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// ReadingTime returns minutes of reading, rounded up, as Hugo computes it.
func ReadingTime(words int, cjk bool) int {
	if cjk {
		return (words + 500) / 501
	}
	return (words + 212) / 213
}

// plainText returns the text of markdown, as Hugo's .Plain does (the
// rendered HTML without its tags), but read straight from the parsed
// document: rendering HTML only to strip it again was half of load time.
// Block boundaries become line breaks so words of adjacent blocks do not
// run together. Raw HTML is left out, as Hugo's default renderer
// (markup.goldmark.renderer.unsafe = false) omits it. It reads in the
// site's dialect d (nil: the built-in syntax) with its text parser, the
// bounded one (package markdown): every file is parsed at load, so a
// hostile post must not be able to stall or crash the loader.
func plainText(markdown []byte, d *markdown.Dialect) string {
	if len(markdown) >= denseTextMin && parseUnits(markdown) > denseTextUnits*len(markdown) {
		return denseText(markdown)
	}
	doc := d.TextParser().Parse(text.NewReader(markdown))
	var b strings.Builder
	b.Grow(len(markdown))
	lines := func(n ast.Node) {
		segs := n.Lines()
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			b.Write(seg.Value(markdown))
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			b.WriteByte('\n')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(markdown))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.URL(markdown))
		case *ast.Image:
			// The alt text is an attribute in HTML: not in Hugo's .Plain.
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines(n)
		}
		return ast.WalkContinue, nil
	})
	// Entities are decoded here: "&#27;" would be an ESC in a summary.
	plain := sanitize.Text(html.UnescapeString(b.String()))
	// The text is kept for the page's life (search reads it), and b was
	// made as large as the markdown: a post of links and images, whose
	// text is a third of its markdown, would keep three times its text.
	if b.Cap()-len(plain) > len(plain)/8 {
		plain = strings.Clone(plain)
	}
	return plain
}

// Parsing costs goldmark far more for a node than for a byte of prose: a
// MB of "- a" lines (262,144 list items) took 31 times a MB of prose's
// load (523 ms, 261 MB allocated), of "|a|b|" rows 19 times, of links
// 15, of headings or HTML tags 11-14. parseUnits estimates a text's
// parse in bytes of prose: its bytes, plus what a line (a block) and a
// marker of links, HTML or emphasis cost. A text of at least denseTextMin
// bytes over denseTextUnits a byte is read by denseText instead, line by
// line without a parse, like render's dense pieces: ordinary posts, even
// long lists of links, are far under it (prose is about 1.6 units a byte).
const (
	denseTextMin   = 16 << 10
	denseTextUnits = 8
	lineUnits      = 64
	openerUnits    = 64 // "[" and "<"
	markUnits      = 32 // emphasis, code, table cells, entities, math
)

// Dense reports whether md, of minSize bytes or more, is too dense to
// parse as a post is parsed (see parseUnits): the feed gives such a post
// of 256 KB or more as its plain text rather than parse it for its HTML
// at each request, as it gives a post over the maximum size.
func Dense(md string, minSize int) bool {
	return len(md) >= max(minSize, denseTextMin) && parseUnits(md) > denseTextUnits*len(md)
}

// parseUnits is the estimated cost of parsing md, in bytes of prose.
func parseUnits[T string | []byte](md T) int {
	n := len(md)
	for i := 0; i < len(md); i++ {
		n += int(unitsOf[md[i]])
	}
	return n
}

// unitsOf are the units a byte adds to its own.
var unitsOf = func() (t [256]uint8) {
	t['\n'] = lineUnits
	t['['], t['<'] = openerUnits, openerUnits
	for _, c := range "*_`|&$" {
		t[c] = markUnits
	}
	return t
}()

// denseText is the plain text of md read line by line, without a parse:
// each line without the quote and list markers or heading marks it
// starts with, without HTML tags, link destinations ("[a](b)" is "a")
// and the marks of emphasis, code and tables, its entities decoded. It
// reads as plainText's text does for the words a page counts and a
// search finds, not exactly: it is for the posts too dense to parse at
// load (see parseUnits).
func denseText(md []byte) string {
	var b strings.Builder
	b.Grow(len(md))
	for rest := md; len(rest) > 0; {
		line := rest
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimLeft(line, " \t>")
		for { // list markers, nested
			switch {
			case len(line) > 1 && bytes.IndexByte([]byte("-*+"), line[0]) >= 0 && (line[1] == ' ' || line[1] == '\t'):
				line = bytes.TrimLeft(line[1:], " \t>")
				continue
			}
			digits := 0
			for digits < len(line) && digits < 9 && '0' <= line[digits] && line[digits] <= '9' {
				digits++
			}
			if digits > 0 && digits+1 < len(line) && (line[digits] == '.' || line[digits] == ')') && line[digits+1] == ' ' {
				line = bytes.TrimLeft(line[digits+1:], " \t>")
				continue
			}
			break
		}
		line = bytes.TrimLeft(line, "#")
		for i := 0; i < len(line); i++ {
			switch c := line[i]; c {
			case '<':
				if end := bytes.IndexByte(line[i:], '>'); end > 0 {
					i += end
					b.WriteByte(' ')
					continue
				}
				b.WriteByte(c)
			case ']':
				if i+1 < len(line) && line[i+1] == '(' {
					if end := bytes.IndexByte(line[i:], ')'); end > 0 {
						i += end
						continue
					}
				}
			case '*', '_', '`', '|', '[', '~', '!':
				if c == '!' && (i+1 >= len(line) || line[i+1] != '[') {
					b.WriteByte(c)
				}
				if c == '|' {
					b.WriteByte(' ')
				}
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte('\n')
	}
	plain := sanitize.Text(html.UnescapeString(b.String()))
	if cap := b.Cap(); cap-len(plain) > len(plain)/8 {
		plain = strings.Clone(plain)
	}
	return plain
}

var blockTags = map[string]bool{
	"p": true, "br": true, "li": true, "ul": true, "ol": true, "div": true,
	"blockquote": true, "pre": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "tr": true, "td": true, "th": true,
	"table": true, "hr": true, "dt": true, "dd": true,
}

func stripHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		name := strings.TrimPrefix(s[i+1:i+j], "/")
		if k := strings.IndexFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }); k >= 0 {
			name = name[:k]
		}
		if blockTags[strings.ToLower(name)] {
			b.WriteByte('\n')
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(b.String())
}

// Summarize returns the first n words of plain text (CJK characters counted
// one by one on CJK pages), with an ellipsis when it was cut.
func Summarize(plain string, n int, cjk bool) string {
	// The words one at a time: splitting all of the text into a slice
	// for its first 70 words was a tenth of a cold load.
	var b strings.Builder
	count := 0
	prev, first := "", true
	for w := range strings.FieldsSeq(plain) {
		if count >= n {
			b.WriteString(" …")
			break
		}
		if !first && !(cjk && !isASCII(w) && !isASCII(prev)) {
			b.WriteByte(' ')
		}
		prev, first = w, false
		if cjk && !isASCII(w) {
			runes := []rune(w)
			if count+len(runes) > n {
				b.WriteString(string(runes[:n-count]))
				b.WriteString("…")
				count = n
				break
			}
			count += len(runes)
		} else {
			count++
		}
		b.WriteString(w)
	}
	return b.String()
}

func isASCII(s string) bool { return utf8.RuneCountInString(s) == len(s) }
