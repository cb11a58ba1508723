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
}

// postKey is the post version and features a render is cached under.
func (r Request) postKey() string { return r.Key + r.Features.keySuffix() }

// keySuffix sets renders with other features apart in the cache.
func (f Features) keySuffix() string {
	s := "|" + f.Lang
	if f.Emoji {
		s += "|emoji"
	}
	return s
}

// emojiParser is mdParser with emoji shortcodes, for sites that enable
// them. Only the render that glamour draws uses it: emoji change no
// layout that annotate or the highlighter's check would see.
var emojiParser = markdown.NewParser(markdown.Options{Linkify: true, DefinitionList: true, Emoji: true})

// parserFor returns the parser that reads a post with f.
func parserFor(f Features) parser.Parser {
	if f.Emoji {
		return emojiParser
	}
	return mdParser
}
