// Package markdown is the one goldmark parser every post goes through
// (rendering, list annotation, word counts), built like glamour's
// (CommonMark with GFM and definition lists) but bounded for untrusted
// input: whatever a post's structure, parsing it costs time and memory in
// proportion to its size, and the tree it yields is shallow enough for the
// recursive walks of goldmark's and glamour's renderers.
//
// goldmark and glamour recurse once per nesting level and do work per
// level, so deep input is slow and, deep enough, overflows the Go stack,
// which kills the process (recover cannot catch it). Some inline
// constructs also make goldmark's parser scan far ahead again and again.
// The bounds, each chosen far above what a written post uses:
//
//   - block containers (quotes, lists, definition lists) open at most
//     MaxBlockDepth deep; deeper markers stay in the text (blocks.go);
//   - inline containers (emphasis, strikethrough, links, images) are
//     drawn at most MaxInlineDepth deep; deeper ones are unwrapped into
//     their parent, keeping their text (flatten.go);
//   - a block has at most MaxDelimiters emphasis and strikethrough
//     delimiter runs and MaxLinkOpeners pending link or image openers;
//     further ones are literal text, and a link's destination and title
//     must end within MaxLinkTail bytes (inlines.go);
//   - a list draws at most MaxListItems items; longer lists continue as
//     further lists, numbered on (flatten.go);
//   - a node of more than MaxTextRuns children has its adjacent text
//     nodes joined (texts.go);
//   - a document has at most MaxFormulas math formulas, then one per
//     FormulaBytes bytes of its source; further delimiters are literal
//     text (math.go); a block draws at most MaxDisplays display
//     formulas on lines of their own, further ones in the text, as
//     inline math is (lower.go);
//   - a document lists at most MaxListedNotes footnotes as list items,
//     further ones as lines of one paragraph, every note kept
//     (footnotes.go); a node of more than MaxTextRuns children whose
//     footnote references were drawn has its runs of text joined
//     (lower.go).
//
// Emphasis and strikethrough follow the CJK-friendly flanking rules
// (cjkemphasis.go), so `**要点：**正文` is bold as a Chinese writer means.
package markdown

import (
	emoji "github.com/yuin/goldmark-emoji"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The bounds on a parsed document (see the package comment).
const (
	MaxBlockDepth  = 6
	MaxInlineDepth = 8
	MaxDelimiters  = 256
	MaxLinkOpeners = 32
	MaxLinkTail    = 2048
	MaxListItems   = 500
	MaxDisplays    = 128
)

// Options chooses the syntax extensions beyond CommonMark, tables,
// strikethrough and task lists, which are always on.
type Options struct {
	// Linkify turns bare URLs and www. addresses into links.
	Linkify bool
	// DefinitionList parses PHP Markdown Extra definition lists.
	DefinitionList bool
	// Emoji turns shortcodes such as :tada: into emoji (Hugo's
	// enableEmoji).
	Emoji bool
	// Math are the site's own math delimiters (Hugo's passthrough
	// extension), read besides the built-in "$…$", "\\(…\\)", "$$…$$" and
	// "\\[…\\]".
	Math []MathDelimiter
	// PlainCells makes the table cells of plain text PlainCells (see
	// tables.go), for a reader that draws tables itself (package render);
	// without math delimiters of the site's own only.
	PlainCells bool
	// LinkRuns parses runs of plain shortcut references as RefRun
	// nodes, which goldmark's renderers do not know either (see
	// RefRun); for package render.
	LinkRuns bool
	// goldmarkImages leaves every image to goldmark's link parser, and
	// imagesTaken, if set, counts the images plainImages reads: the
	// tests' way.
	goldmarkImages bool
	imagesTaken    *int
	// imgTagsTaken, if set, counts the <img> tags rawHTML reads into
	// spans (plainImgTag): the tests' way.
	imgTagsTaken *int
}

// Glamour is the syntax glamour's renderer uses (GFM and definition
// lists).
var Glamour = Options{Linkify: true, DefinitionList: true}

// NewParser returns a bounded parser. A goldmark parser is safe for
// concurrent use once built.
func NewParser(o Options) parser.Parser {
	return newParser(o, footnoteRef{undefinedAsText: true, runs: noteRuns(o)})
}

// newParser is NewParser with refs reading footnote references.
func newParser(o Options, refs footnoteRef) parser.Parser {
	return newParserShortcuts(o, refs, true)
}

// newParserShortcuts is newParser, with shortcutRefs reading plain
// shortcut references and our linkify bare URLs when shortcuts (else
// goldmark's link and linkify parsers do all).
func newParserShortcuts(o Options, refs footnoteRef, shortcuts bool) parser.Parser {
	blocks := blockParsers(o)
	refs.emoji = o.Emoji
	if noteRuns(o) && refs.undefinedAsText {
		// Before the footnotes' (999).
		blocks = append(blocks, util.Prioritized(noteTailBlock{}, 998))
	}
	inlines := []util.PrioritizedValue{
		util.Prioritized(parser.NewCodeSpanParser(), 100),
		util.Prioritized(&linkGuard{InlineParser: parser.NewLinkParser(), failed: refs.runs, emoji: o.Emoji}, 200),
		util.Prioritized(parser.NewAutoLinkParser(), 300),
		util.Prioritized(rawHTML{InlineParser: parser.NewRawHTMLParser(), shares: true, spans: !o.goldmarkImages, taken: o.imgTagsTaken}, 400),
		util.Prioritized(&delimiterCap{newCJKEmphasisParser()}, 500),
		util.Prioritized(&delimiterCap{newCJKStrikethroughParser()}, 500),
		util.Prioritized(extension.NewTaskCheckBoxParser(), 0),
		util.Prioritized(refs, 101),
		util.Prioritized(mathParser{extra: usableDelimiters(o.Math)}, 150),
	}
	if !o.goldmarkImages {
		// Before the link parser, which makes the images it leaves.
		inlines = append(inlines, util.Prioritized(plainImages{taken: o.imagesTaken}, 190))
	}
	if shortcuts {
		// After the task check boxes and the footnote references, before
		// the link parser.
		inlines = append(inlines, util.Prioritized(shortcutRefs{runs: noteRuns(o)}, 199))
	}
	if o.Emoji {
		inlines = append(inlines, util.Prioritized(emoji.NewParser(), 999))
	}
	if o.Linkify && shortcuts {
		inlines = append(inlines, util.Prioritized(newLinkify(noteRuns(o)), 999))
	} else if o.Linkify {
		inlines = append(inlines, util.Prioritized(extension.NewLinkifyParser(), 999))
	}
	var tables parser.ParagraphTransformer = extension.NewTableParagraphTransformer()
	if o.PlainCells && len(usableDelimiters(o.Math)) == 0 {
		tables = newTableTransformer()
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(append(paragraphTransformers(),
			util.Prioritized(tableCap{tables}, 200))...),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
			util.Prioritized(figures{}, -500),
			// Before the flattener (goldmark runs lower priorities first),
			// which splits the list of notes as any list.
			util.Prioritized(footnoteTransformer{}, -2000),
			// After the footnotes, before figures, tables and the
			// text joiner, which so read a tree of bounded depth.
			util.Prioritized(flattener{}, -1000),
			// After the flattener, whose unwrapping makes text nodes
			// neighbours, and after figures and tables, which read the
			// tree as goldmark made it.
			util.Prioritized(textJoiner{}, 1000),
			// After the text joiner, which counts a run as its nodes.
			util.Prioritized(noteRunExpander{}, 1001),
		),
	)
}

// NewDefinitionParser returns a parser that finds what Definitions and
// Notes.ReadNotes read, the link and footnote definitions, as NewParser's
// does, at a fraction of its cost: they are blocks, found by the same
// block parsers and paragraph transformer, so it parses no inlines (the
// text of each block stays a node of plain text) and transforms nothing.
// Its trees are for those two only: they are not a post's.
func NewDefinitionParser(o Options) parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(blockParsers(o)...),
		parser.WithParagraphTransformers(paragraphTransformers()...),
	)
}

// blockParsers are the block parsers of a bounded parser with o.
func blockParsers(o Options) []util.PrioritizedValue {
	blocks := []util.PrioritizedValue{
		util.Prioritized(parser.NewSetextHeadingParser(), 100),
		util.Prioritized(thematicBreaks{parser.NewThematicBreakParser()}, 200),
		util.Prioritized(capDepth(parser.NewListParser()), 300),
		util.Prioritized(parser.NewListItemParser(), 400),
		util.Prioritized(indentedLines{parser.NewCodeBlockParser()}, 500),
		util.Prioritized(parser.NewATXHeadingParser(), 600),
		util.Prioritized(fencedLines{parser.NewFencedCodeBlockParser()}, 700),
		util.Prioritized(capDepth(parser.NewBlockquoteParser()), 800),
		util.Prioritized(htmlBlockOpen{parser.NewHTMLBlockParser()}, 900),
		util.Prioritized(paragraphLines{BlockParser: parser.NewParagraphParser()}, 1000),
		util.Prioritized(capDepth(footnoteBlock{extension.NewFootnoteBlockParser()}), 999),
	}
	if o.DefinitionList {
		blocks = append(blocks,
			util.Prioritized(capDepth(extension.NewDefinitionListParser()), 101),
			util.Prioritized(descriptionParser{extension.NewDefinitionDescriptionParser()}, 102),
		)
	}
	return blocks
}

// Parse parses src with p, with the link reference definitions in refs
// known beforehand (a piece of a long post sees the definitions of the
// whole post; see Definitions). The document's own definitions come after
// them: as in CommonMark, the first definition of a label wins.
func Parse(p parser.Parser, src []byte, refs []parser.Reference) ast.Node {
	return ParseNotes(p, src, refs, nil, false)
}

// ParseNotes is Parse for one piece of a post laid out in pieces, whose
// footnotes are numbered and listed across its pieces by notes (see
// Notes); last says whether this is the last piece, where the notes are
// listed.
//
// A parser with Options.LinkRuns reads a tail of notes listed as lines
// without a node each (see NoteLines), in a parse without notes.
func ParseNotes(p parser.Parser, src []byte, refs []parser.Reference, notes *Notes, last bool) ast.Node {
	ctx := parser.NewContext()
	for _, r := range refs {
		ctx.AddReference(r)
	}
	if notes != nil {
		ctx.Set(notesKey, notesIn{notes, last})
	}
	var tail *noteTail
	if notes == nil {
		if tail = newNoteTail(src); tail != nil {
			ctx.Set(noteTailKey, tail)
		}
	}
	doc := p.Parse(text.NewReader(src), parser.WithContext(ctx))
	if tail != nil && tail.failed {
		// Drawn otherwise: goldmark's nodes, as without the tail.
		ctx = parser.NewContext()
		for _, r := range refs {
			ctx.AddReference(r)
		}
		doc = p.Parse(text.NewReader(src), parser.WithContext(ctx))
	}
	keepSpareParas(doc, ctx)
	return doc
}

// Definitions returns the link reference definitions of src, one per
// label (the first of each).
func Definitions(p parser.Parser, src []byte) []parser.Reference {
	ctx := parser.NewContext()
	p.Parse(text.NewReader(src), parser.WithContext(ctx))
	return ctx.References()
}
