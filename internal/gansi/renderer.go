package gansi

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"charm.land/glamour/v2/ansi"

	east "github.com/yuin/goldmark-emoji/ast"
	"github.com/yuin/goldmark/ast"
	astext "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
)

// Options is used to configure an ANSIRenderer: upstream's, as an alias,
// so that one set of options configures either renderer.
type Options = ansi.Options

// ANSIRenderer renders markdown content as ANSI escaped sequences.
type ANSIRenderer struct { //nolint: revive
	context RenderContext
	// rule is the element every thematic break is drawn with (see
	// NewElement), made once.
	rule *ruleElement
	// openRules draws rules as BaseElement does (see ruleElement): the
	// tests' way.
	openRules bool
	// quoteExit is the element every quote is left with (see
	// leaveQuote), made once.
	quoteExit *quoteElement
	// quoteEnter is the element every quote is entered with, and para
	// every paragraph's (see NewElement), made once.
	quoteEnter *quoteElement
	para       *ParagraphElement
	// label holds the nodes labels are drawn with (see renderLabel).
	label *labelNodes
	// runText is the text node text runs are drawn with where they are
	// drawn a node at a time (see renderTextRun).
	runText *runNodes
}

// enteredQuote returns the element the render enters its quotes with,
// set to e. Its Render pushes a copy of its block on the block stack
// (see BlockElement.Render), which the quote is laid out and left with
// (see leaveQuote): the element itself is not read once Render returns,
// and a quote nested in it is entered after that. Made for every quote,
// with its style (some 450 bytes), it was a sixth of what an e-mail
// thread quoted three deep allocated.
func (r *ANSIRenderer) enteredQuote(e quoteElement) *quoteElement {
	if r.quoteEnter == nil {
		r.quoteEnter = &quoteElement{}
	}
	*r.quoteEnter = e
	return r.quoteEnter
}

// paragraph returns the element the render draws its paragraphs with,
// set to e: a paragraph holds no block, so no paragraph is entered
// before the last one has been left (see NewElement).
func (r *ANSIRenderer) paragraph(e ParagraphElement) *ParagraphElement {
	if r.para == nil {
		r.para = &ParagraphElement{}
	}
	*r.para = e
	return r.para
}

// leaveQuote returns the element a quote is left with: the one of the
// render, for what Finish reads of it is the same for every quote (it
// lays out the block on top of the stack, in its style, and writes the
// quote style's suffixes, which cascading leaves as they are). Upstream
// made the element again to leave the node, its style (some 450 bytes)
// cascaded again: a tenth of what an e-mail thread quoted three deep
// allocated. TestQuoteFinishIsBlockFinish and the dump compare the
// output.
func (r *ANSIRenderer) leaveQuote() Element {
	if r.quoteExit == nil {
		bq := r.context.options.Styles.BlockQuote
		r.quoteExit = &quoteElement{BlockElement{
			Style:  StyleBlock{StylePrimitive: StylePrimitive{Suffix: bq.Suffix, BlockSuffix: bq.BlockSuffix}},
			Margin: true,
		}}
	}
	return Element{Entering: "\n", Renderer: r.quoteExit, Finisher: r.quoteExit}
}

// NewRenderer returns a new ANSIRenderer with style and options set.
func NewRenderer(options Options) *ANSIRenderer {
	return &ANSIRenderer{
		context: NewRenderContext(options),
	}
}

// Lexed returns the tokens that the lexer picked for language and source
// (chroma's lexers.Get(language), else lexers.Analyse(source), else
// lexers.Fallback: see Pick) gave for source, tokenised without options,
// coalesced or not (see Coalesced), when it has them (see KeptTokens).
type Lexed func(language, source string) (*KeptTokens, bool)

// SetLexed makes r colour code with the tokens f has, instead of lexing
// it again: the caller lexed the code already (our renderer checks that
// code lexes in time before colouring it), and lexing was most of the
// colouring's work.
func (r *ANSIRenderer) SetLexed(f Lexed) { r.context.lexed = f }

// RegisterFuncs implements NodeRenderer.RegisterFuncs.
func (r *ANSIRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	// blocks
	reg.Register(ast.KindDocument, r.renderNode)
	reg.Register(ast.KindHeading, r.renderNode)
	reg.Register(ast.KindBlockquote, r.renderNode)
	reg.Register(ast.KindCodeBlock, r.renderNode)
	reg.Register(ast.KindFencedCodeBlock, r.renderNode)
	reg.Register(ast.KindHTMLBlock, r.renderNode)
	reg.Register(ast.KindList, r.renderNode)
	reg.Register(ast.KindListItem, r.renderNode)
	reg.Register(ast.KindParagraph, r.renderNode)
	reg.Register(ast.KindTextBlock, r.renderNode)
	reg.Register(ast.KindThematicBreak, r.renderNode)
	reg.Register(markdown.KindLabel, r.renderNode)
	reg.Register(markdown.KindTextRun, r.renderNode)

	// inlines
	reg.Register(ast.KindAutoLink, r.renderNode)
	reg.Register(ast.KindCodeSpan, r.renderNode)
	reg.Register(ast.KindEmphasis, r.renderNode)
	reg.Register(ast.KindImage, r.renderNode)
	reg.Register(ast.KindLink, r.renderNode)
	reg.Register(markdown.KindRefRun, r.renderNode)
	reg.Register(ast.KindRawHTML, r.renderNode)
	reg.Register(ast.KindText, r.renderNode)
	reg.Register(ast.KindString, r.renderNode)

	// tables
	reg.Register(astext.KindTable, r.renderNode)
	reg.Register(astext.KindTableHeader, r.renderNode)
	reg.Register(astext.KindTableRow, r.renderNode)
	reg.Register(astext.KindTableCell, r.renderNode)

	// definitions
	reg.Register(astext.KindDefinitionList, r.renderNode)
	reg.Register(astext.KindDefinitionTerm, r.renderNode)
	reg.Register(astext.KindDefinitionDescription, r.renderNode)

	// footnotes
	reg.Register(astext.KindFootnote, r.renderNode)
	reg.Register(astext.KindFootnoteList, r.renderNode)
	reg.Register(astext.KindFootnoteLink, r.renderNode)
	reg.Register(astext.KindFootnoteBacklink, r.renderNode)

	// checkboxes
	reg.Register(astext.KindTaskCheckBox, r.renderNode)

	// strikethrough
	reg.Register(astext.KindStrikethrough, r.renderNode)

	// emoji
	reg.Register(east.KindEmoji, r.renderNode)
}

func (r *ANSIRenderer) renderNode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	writeTo := io.Writer(w)
	bs := r.context.blockStack

	// children get rendered by their parent
	if isChild(node) {
		return ast.WalkContinue, nil
	}
	if l, ok := node.(*markdown.Label); ok {
		return r.renderLabel(w, l, source, entering)
	}
	if run, ok := node.(*markdown.TextRun); ok {
		return r.renderTextRun(w, run, source, entering)
	}
	if t, ok := loweredTerm(node); ok {
		return r.renderTerm(w, t, source, entering)
	}
	if !entering && leavesNothing(node.Kind()) {
		// Upstream makes the element again to leave the node, and
		// writes nothing: these have no finisher and no exiting text.
		return ast.WalkContinue, nil
	}

	if entering && bs.Len() > 0 {
		if t, ok := node.(*ast.Text); ok && r.context.spacedBreak(t) {
			if err := r.context.writeSpaced(bs.Current().Block, t, source); err != nil {
				return ast.WalkStop, fmt.Errorf("glamour: error rendering: %w", err)
			}
			return ast.WalkContinue, nil
		}
		if t, ok := node.(*ast.Text); ok && r.context.writeText(bs.Current().Block, t, source) {
			return ast.WalkContinue, nil
		}
		if l, ok := node.(*ast.Link); ok && r.context.writeLink(bs.Current().Block, l, source) {
			return ast.WalkSkipChildren, nil // its texts are written
		}
		if run, ok := node.(*markdown.RefRun); ok {
			return r.renderRun(w, run, source)
		}
		if em, ok := node.(*ast.Emphasis); ok && r.context.writeEmphasis(bs.Current().Block, em, source) {
			return ast.WalkSkipChildren, nil // its texts are written
		}
	}

	var e Element
	switch {
	case !entering && node.Kind() == ast.KindBlockquote:
		e = r.leaveQuote()
	case !entering && node.Kind() == astext.KindDefinitionList:
		e = r.leaveDefinitionList(node, source)
	default:
		e = r.NewElement(node, source)
	}
	if entering { //nolint: nestif
		// everything below the Document element gets rendered into a block buffer
		if bs.Len() > 0 {
			writeTo = io.Writer(bs.Current().Block)
		}

		_, _ = io.WriteString(writeTo, e.Entering)
		if e.Renderer != nil {
			err := e.Renderer.Render(writeTo, r.context)
			if err != nil {
				return ast.WalkStop, fmt.Errorf("glamour: error rendering: %w", err)
			}
		}
	} else {
		// everything below the Document element gets rendered into a block buffer
		if bs.Len() > 0 {
			writeTo = io.Writer(bs.Parent().Block)
		}

		// if we're finished rendering the entire document,
		// flush to the real writer
		if node.Type() == ast.TypeDocument {
			writeTo = w
		}

		if e.Finisher != nil {
			err := e.Finisher.Finish(writeTo, r.context)
			if err != nil {
				return ast.WalkStop, fmt.Errorf("glamour: error finishing render: %w", err)
			}
		}

		_, _ = io.WriteString(bs.Current().Block, e.Exiting)
	}

	return ast.WalkContinue, nil
}

// leavesNothing reports the kinds of node whose element (see NewElement)
// has no finisher and no exiting text, and is made without side effects:
// leaving such a node writes nothing, and making its element again only
// to find that out (the text of every text node copied and unescaped, a
// link's children made again, a code block's lines joined again) was 3%
// of a 2 MB post's render, and HTML sanitized again a third of the
// render of a post of HTML blocks.
// TestLeavingWritesNothing checks the elements of these kinds.
func leavesNothing(k ast.NodeKind) bool {
	switch k {
	case ast.KindText, ast.KindEmphasis, ast.KindLink, ast.KindAutoLink, ast.KindImage, ast.KindCodeSpan, astext.KindStrikethrough,
		markdown.KindRefRun,
		ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindThematicBreak,
		ast.KindHTMLBlock, ast.KindRawHTML:
		return true
	}
	return false
}

// isChild reports whether node is rendered by an ancestor: a code span,
// autolink, link, image, emphasis, strikethrough or table cell. Those
// are inlines, whose children are inlines, and a table cell, which
// holds inlines: above the first other block the walk stops, having
// found none (a text node in a quote nested a hundred deep walked up
// to the document, each time it was entered and left).
// TestIsChildIsUpstreams compares it with upstream's walk to the root.
func isChild(node ast.Node) bool {
	for n := node.Parent(); n != nil; n = n.Parent() {
		// These types are already rendered by their parent
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindAutoLink, ast.KindLink, ast.KindImage, ast.KindEmphasis, astext.KindStrikethrough, astext.KindTableCell:
			return true
		}
		if n.Type() == ast.TypeBlock {
			return false
		}
	}

	return false
}

func resolveRelativeURL(baseURL string, rel string) string {
	u, err := url.Parse(rel)
	if err != nil {
		return rel
	}
	if u.IsAbs() {
		return rel
	}
	u.Path = strings.TrimPrefix(u.Path, "/")

	base, err := url.Parse(baseURL)
	if err != nil {
		return rel
	}
	return base.ResolveReference(u).String()
}
