package render

import (
	"fmt"

	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/markdown"
)

// Features are what a post's site and language change in how the post
// reads, beyond its text.
type Features struct {
	// Lang is the post's language ("zh-cn", "en"): the labels drawn for
	// alerts and diagrams are in it.
	Lang string
	// Emoji turns :shortcodes: into emoji, as the site's enableEmoji does
	// in Hugo.
	Emoji bool
	// Math are the site's own math delimiters (Hugo's passthrough
	// extension), read besides the built-in ones.
	Math []markdown.MathDelimiter

	// parser reads posts with Math, built once for a render (withParser).
	parser parser.Parser
}

// withParser is f with the parser of its Math built, for the pieces of a
// render to share: building one costs about 0.2 ms (BenchmarkParserFor),
// once per piece and width otherwise.
func (f Features) withParser() Features {
	if len(f.Math) > 0 && f.parser == nil {
		f.parser = newMathParser(f)
	}
	return f
}

func newMathParser(f Features) parser.Parser {
	o := markdown.Glamour
	o.Emoji, o.Math = f.Emoji, f.Math
	return markdown.NewParser(o)
}

// postKey is the post version and features a render is cached under.
func (r Request) postKey() string { return r.Key + r.Features.keySuffix() }

// keySuffix sets renders with other features apart in the cache.
func (f Features) keySuffix() string {
	s := "|" + f.Lang
	if f.Emoji {
		s += "|emoji"
	}
	for _, d := range f.Math {
		s += fmt.Sprintf("|math%t%q%q", d.Display, d.Open, d.Close)
	}
	return s
}

// emojiParser is mdParser with emoji shortcodes, for sites that enable
// them. Only the render that glamour draws uses it: emoji change no
// layout that annotate or the highlighter's check would see.
var emojiParser = markdown.NewParser(markdown.Options{Linkify: true, DefinitionList: true, Emoji: true})

// parserFor returns the parser that reads a post with f.
func parserFor(f Features) parser.Parser {
	if f.parser != nil {
		return f.parser
	}
	if len(f.Math) > 0 {
		// A site's delimiters are its own: its parser is built for the
		// render (see withParser).
		return newMathParser(f)
	}
	if f.Emoji {
		return emojiParser
	}
	return mdParser
}
