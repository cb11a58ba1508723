package render

import (
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
	// Dialect is the site's own syntax (its math delimiters, Hugo's
	// passthrough extension, read besides the built-in ones) with its
	// parsers, made once per configuration (site.Config.Dialect); nil is
	// the built-in syntax.
	Dialect *markdown.Dialect
}

// postKey is the post version and features a render is cached under.
func (r Request) postKey() string { return r.Key + r.Features.keySuffix() }

// keySuffix sets renders with other features apart in the cache.
func (f Features) keySuffix() string {
	s := "|" + f.Lang
	if f.Emoji {
		s += "|emoji"
	}
	return s + f.Dialect.Key()
}

// parserFor returns the parser that reads a post with f: the site's,
// built once for its configuration, not once per render.
func parserFor(f Features) parser.Parser { return f.Dialect.DrawParser(f.Emoji) }
