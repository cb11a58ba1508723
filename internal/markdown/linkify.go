package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkify is goldmark's linkify parser (bare URLs and www. addresses
// become autolinks) with its two regular expressions, for "http://..."
// and "www...." (see extension.NewLinkifyParser), matched by hand
// (matchURL, matchWWW): the regexp machine was a quarter of the render of
// a post of bare www. addresses, and read a long URL byte by byte through
// its states. What they do not match (e-mail addresses, nothing) goes to
// goldmark's parser, which tries its expression again and then an
// address. TestLinkifyMatchesGoldmarks compares the matchers with the
// expressions, TestLinkifyParsesAsGoldmark the trees.
//
// With runs (Options.LinkRuns), two or more links it reads with only
// spaces between them, in a paragraph or a text block, are parsed as one
// RefRun (see autoRun).
type linkify struct {
	goldmark parser.InlineParser
	runs     bool
}

func newLinkify(runs bool) linkify {
	return linkify{goldmark: extension.NewLinkifyParser(), runs: runs}
}

func (linkify) Trigger() []byte {
	// ' ' stands for any space and the head of a line.
	return []byte{' ', '*', '_', '~', '('}
}

var (
	protoHTTP  = []byte("http:")
	protoHTTPS = []byte("https:")
	protoFTP   = []byte("ftp:")
	domainWWW  = []byte("www.")
)

// Parse is goldmark's linkifyParser.Parse for a URL or a www. address.
func (l linkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, segment := block.PeekLine()
	consumes := 0
	start := segment.Start
	c := line[0]
	// advance if current position is not a line head.
	if c == ' ' || c == '*' || c == '_' || c == '~' || c == '(' {
		consumes++
		start++
		line = line[1:]
	}
	if len(line) == 0 || util.IsPunct(line[0]) {
		// Neither a URL nor a www. address (see matchLinkify) nor an
		// e-mail address (goldmark's first test, below) starts with
		// punctuation: asked first, before the link label and the
		// matchers, as "- - - ..." tries this parser at each of its
		// spaces (13% of the render of 16 KB of it).
		return nil
	}
	if pc.IsInLinkLabel() || bracketsPending(pc) {
		return nil
	}
	end, protocol := matchLinkify(line)
	if end < 0 {
		// An e-mail address, or nothing. Goldmark's parser would ask
		// again whether it is in a link label, match its expressions
		// again and then look for an address: it is asked only where
		// it finds one (its own first test), so that a word of prose,
		// at each of whose spaces this parser is tried, costs no more
		// than with goldmark's parser alone (it cost a sixth of a
		// prose post's render, a third more than goldmark's alone).
		if util.FindEmailIndex(line) < 0 {
			return nil
		}
		return l.goldmark.Parse(parent, block, pc)
	}
	if consumes != 0 {
		s := segment.WithStop(segment.Start + 1)
		ast.MergeOrAppendTextSegment(parent, s)
	}
	i := trimLinkify(line, end)
	if l.runs && (parent.Kind() == ast.KindParagraph || parent.Kind() == ast.KindTextBlock) && !escapeMayLeak(parent, block.Source(), segment.Start, pc) {
		if run, n := autoRun(line, start, i, protocol, pc); run != nil {
			block.Advance(consumes + n)
			return run
		}
	}
	consumes += i
	block.Advance(consumes)
	n := ast.NewTextSegment(text.NewSegment(start, start+i))
	link := ast.NewAutoLink(ast.AutoLinkURL, n)
	link.Protocol = protocol
	return link
}

// matchLinkify returns the end of the URL or www. address linkify reads
// at the start of line (-1 for none) and the protocol it adds ("http"
// for a www. address).
func matchLinkify(line []byte) (int, []byte) {
	end := -1
	var protocol []byte
	if bytes.HasPrefix(line, protoHTTP) || bytes.HasPrefix(line, protoHTTPS) || bytes.HasPrefix(line, protoFTP) {
		end = matchURL(line)
	}
	if end < 0 && bytes.HasPrefix(line, domainWWW) {
		end = matchWWW(line)
		protocol = []byte("http")
	}
	return end, protocol
}

// trimLinkify returns the end of a link linkify matched up to end at the
// start of line, with the punctuation after it left out (as goldmark's
// linkify does: trailing ".", ",", an unbalanced ")", an entity...).
func trimLinkify(line []byte, end int) int {
	opening := bytes.Count(line[:end], []byte{'('})
	closing := bytes.Count(line[:end], []byte{')'})
	i := end
	for i > 1 {
		switch line[i-1] {
		case '?', '!', '.', ',', ':', '*', '_', '~':
			i--
		case ')':
			if closing <= opening {
				return i
			}
			closing--
			i--
		case ';':
			j := i - 2
			for ; j > 0; j-- {
				if util.IsAlphaNumeric(line[j]) {
					continue
				}
				break
			}
			if j == i-2 || line[j] != '&' {
				return i
			}
			i = j
		default:
			return i
		}
	}
	return i
}

// matchURL returns the end of goldmark's URL expression's match at the
// start of line, or -1:
//
//	^(?:http|https|ftp)://[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'">\^{}\[\]`]*)?
func matchURL(line []byte) int {
	var i int
	switch {
	case bytes.HasPrefix(line, []byte("http://")):
		i = len("http://")
	case bytes.HasPrefix(line, []byte("https://")):
		i = len("https://")
	case bytes.HasPrefix(line, []byte("ftp://")):
		i = len("ftp://")
	default:
		return -1
	}
	i = matchHost(line, i)
	if i < 0 {
		return -1
	}
	if i+1 < len(line) && line[i] == ':' && isDigit(line[i+1]) {
		i += 2
		for i < len(line) && isDigit(line[i]) {
			i++
		}
	}
	return matchPath(line, i, true)
}

// matchWWW returns the end of goldmark's www. expression's match at the
// start of line, or -1:
//
//	^www\.[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'">\^{}\[\]`]*)?
func matchWWW(line []byte) int {
	if !bytes.HasPrefix(line, domainWWW) {
		return -1
	}
	i := matchHost(line, len(domainWWW))
	if i < 0 {
		return -1
	}
	return matchPath(line, i, false)
}

// matchHost matches [-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+ at line[from:]
// as the expressions do (the first part as long as the rest allows, the
// letters as many as there are), returning its end or -1.
func matchHost(line []byte, from int) int {
	run := from
	for run < len(line) && run-from < 256 && hostByte(line[run]) {
		run++
	}
	for k := run; k > from; k-- {
		if k+1 < len(line) && line[k] == '.' && isLower(line[k+1]) {
			e := k + 2
			for e < len(line) && isLower(line[e]) {
				e++
			}
			return e
		}
	}
	return -1
}

// matchPath matches the optional path, query or fragment after a host
// at line[i:], with "$" when dollar (the URL expression's), returning its
// end (i for none).
func matchPath(line []byte, i int, dollar bool) int {
	if i >= len(line) || line[i] != '/' && line[i] != '#' && line[i] != '?' {
		return i
	}
	i++
	for i < len(line) && (pathByte(line[i]) || dollar && line[i] == '$') {
		i++
	}
	return i
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

func isAlnum(c byte) bool { return isLower(c) || 'A' <= c && c <= 'Z' || isDigit(c) }

// hostByte is the expressions' [-a-zA-Z0-9@:%._\+~#=].
func hostByte(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-@:%._+~#=", c) >= 0
}

// pathByte is the www. expression's [-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'">\^{}\[\]`].
func pathByte(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-@:%_+.~#!?&/=();,'\">^{}[]`", c) >= 0
}
