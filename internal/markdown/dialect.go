package markdown

import (
	"fmt"
	"strings"
	"sync"

	"github.com/yuin/goldmark/parser"
)

// Dialect is how one site writes its posts beyond the syntax every post
// shares: its own math delimiters (Hugo's passthrough extension), with
// the parsers that read them. It is made once per configuration of the
// site (NewDialect), kept in the snapshot's site settings, and every
// reader of the site's posts takes its parser from it: word counts,
// summaries and search text (TextParser), renders, the feed and the
// outline (Parser). Building a parser and its first parse cost about
// 25 µs and 150 allocations more than a parse (a short post's parse is
// 25 allocations); a Dialect builds each of its parsers once, on first
// use, and a goldmark parser is safe for concurrent use once built.
//
// A nil *Dialect is the built-in syntax: the built-in delimiters only.
type Dialect struct {
	key string
	// text reads for the text (Options{}); glamour and emoji as glamour
	// reads (Glamour), emoji the site's :shortcodes: too.
	text, glamour, emoji func() parser.Parser
	// drawGlamour and drawEmoji are glamour and emoji with PlainCells,
	// for renders (DrawParser).
	drawGlamour, drawEmoji func() parser.Parser
}

// builtin is the Dialect of a site without delimiters of its own, for a
// nil *Dialect: its parsers are built once for the process, on first use.
var builtin = newDialect(nil)

// NewDialect returns the dialect of a site whose own math delimiters are
// math; nil when none of them can be read (MathDelimiter.Usable), which
// reads as the built-in syntax.
func NewDialect(math []MathDelimiter) *Dialect {
	if len(usableDelimiters(math)) == 0 {
		return nil
	}
	return newDialect(math)
}

func newDialect(math []MathDelimiter) *Dialect {
	var key strings.Builder
	for _, m := range math {
		fmt.Fprintf(&key, "|math%t%q%q", m.Display, m.Open, m.Close)
	}
	build := func(o Options) func() parser.Parser {
		o.Math = math
		return sync.OnceValue(func() parser.Parser { return NewParser(o) })
	}
	emoji := Glamour
	emoji.Emoji = true
	drawGlamour, drawEmoji := Glamour, emoji
	drawGlamour.PlainCells, drawEmoji.PlainCells = true, true
	drawGlamour.LinkRuns, drawEmoji.LinkRuns = true, true
	return &Dialect{
		key:         key.String(),
		text:        build(Options{}),
		glamour:     build(Glamour),
		emoji:       build(emoji),
		drawGlamour: build(drawGlamour),
		drawEmoji:   build(drawEmoji),
	}
}

// or is d, or the built-in dialect for nil.
func (d *Dialect) or() *Dialect {
	if d == nil {
		return builtin
	}
	return d
}

// Key tells dialects apart in cache keys: "" for the built-in one, else
// its delimiters spelled out, made once.
func (d *Dialect) Key() string { return d.or().key }

// TextParser is the parser of posts for their text (word counts,
// summaries, search): like Hugo's goldmark setup for what changes plain
// text, without linkify (it changes no words and is the slowest part)
// and without definition lists.
func (d *Dialect) TextParser() parser.Parser { return d.or().text() }

// Parser is the parser of posts as glamour reads them (Glamour), with
// emoji shortcodes when the site enables them (Hugo's enableEmoji).
func (d *Dialect) Parser(emoji bool) parser.Parser {
	if emoji {
		return d.or().emoji()
	}
	return d.or().glamour()
}

// DrawParser is Parser for a reader that draws tables itself (package
// render): its trees have the table cells of plain text as PlainCells
// (Options.PlainCells), which goldmark's renderers do not know.
func (d *Dialect) DrawParser(emoji bool) parser.Parser {
	if emoji {
		return d.or().drawEmoji()
	}
	return d.or().drawGlamour()
}
