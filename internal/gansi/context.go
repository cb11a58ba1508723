package gansi

import (
	"html"
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/microcosm-cc/bluemonday"
)

// RenderContext holds the current rendering options and state.
//
// It is passed by value to every element's Render and Finish and copied
// for every node: the options (6 KB of styles) are held by pointer, which
// glamour's holds by value (copying them was 4% of a 2 MB post's cold
// render). Nothing changes them once the renderer is made.
type RenderContext struct {
	options *Options

	blockStack *BlockStack
	table      *TableElement

	stripper *bluemonday.Policy

	// themes holds the escape sequences of code highlighting, worked out
	// once per render (see highlight).
	themes map[themeKey]map[chroma.TokenType]string
	// chromas holds the chroma styles made from code block
	// configurations, once per render (see chromaStyleOf).
	chromas map[*Chroma]*chroma.Style

	// lexed, if set, has the tokens of code already lexed (see
	// SetLexed).
	lexed Lexed
	// code is highlight's buffer, kept for the render's code blocks.
	code *codeBuffer

	// sgr holds the sequences styles open with (see sgrMemo).
	sgr sgrMemo
	// text holds what text nodes are written with in the current
	// block's style (see writeText).
	text *textMemos
	// spacedBreaks draws a soft line break as a space (see
	// SetSpacedBreaks).
	spacedBreaks bool

	// formats holds the style formats parsed (see formats).
	formats formats

	// writers keeps margin writers and their cells for the next block
	// (see writerPool).
	writers *writerPool

	// headings holds the headings' styles (see headingStyle).
	headings *headingStyles
	// marginHeadings writes every heading through a margin writer, as
	// upstream does (see HeadingElement.Finish): the tests' way.
	marginHeadings bool
	// docHeadings holds how headings at the document's level are drawn
	// (see docHeading; nil: worked out for each heading).
	docHeadings *[h6 + 1]*docHeading
	// headingElems are the render's heading elements (see
	// headingElement).
	headingElems *headingElements
	// marginParagraphs writes every paragraph through a margin writer
	// (see ParagraphElement.Finish): the tests' way.
	marginParagraphs bool
	// padDefinitions has definition lists pad their own lines, as
	// upstream does (see definitionList): the tests' way.
	padDefinitions bool
	// indentBlanks has the document indent every line of indentation
	// alone, as upstream does (see quoteElement.finishLines): the
	// tests' way.
	indentBlanks bool
	// padQuotedLists has lists in quotes pad their own lines, as
	// upstream does (see quotedListTrimmed): the tests' way.
	padQuotedLists bool
	// padQuotedText has paragraphs in quotes pad their own lines, as
	// upstream does (see quotedTextTrimmed): the tests' way.
	padQuotedText bool
	// readMark marks the lines whose padding the caller reads (see
	// SetReadPadding); 0 for none.
	readMark rune

	// lists holds the elements of lists and their items (see
	// listElements).
	lists *listElements
	// definitions holds the elements of definition lists and their
	// descriptions (see definitionElements).
	definitions *definitionElements

	// trimmed, if set, accepts the padding cells that the caller
	// removes from the end of every line of the output (see
	// SetTrimmedPadding).
	trimmed func(cell string) bool

	// lineWriter, if set, writes the lines of the document that its
	// one-pass finish lays out (see SetLineWriter).
	lineWriter func(w io.Writer, line []byte)
}

// strictPolicy is the HTML policy every render strips tags with: built
// once, it is only read (a bluemonday policy may sanitize from many
// goroutines at once). Built for each render, its maps were some 30 KB,
// a tenth of what 16 KB of prose allocates.
var strictPolicy = bluemonday.StrictPolicy()

// NewRenderContext returns a new RenderContext.
func NewRenderContext(options Options) RenderContext {
	return RenderContext{
		options:      &options,
		blockStack:   &BlockStack{},
		table:        &TableElement{},
		stripper:     strictPolicy,
		themes:       map[themeKey]map[chroma.TokenType]string{},
		chromas:      map[*Chroma]*chroma.Style{},
		code:         &codeBuffer{},
		sgr:          sgrMemo{},
		text:         &textMemos{},
		formats:      formats{},
		writers:      &writerPool{},
		headings:     &headingStyles{},
		docHeadings:  &[h6 + 1]*docHeading{},
		headingElems: &headingElements{},
		lists:        &listElements{},
		definitions:  &definitionElements{},
	}
}

// SanitizeHTML sanitizes HTML content.
func (ctx RenderContext) SanitizeHTML(s string, trimSpaces bool) string {
	s = ctx.stripper.Sanitize(s)
	if trimSpaces {
		s = strings.TrimSpace(s)
	}

	return html.UnescapeString(s)
}
