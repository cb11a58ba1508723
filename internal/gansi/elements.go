package gansi

import (
	"fmt"
	"html"
	"io"
	"strings"

	east "github.com/yuin/goldmark-emoji/ast"
	"github.com/yuin/goldmark/ast"
	astext "github.com/yuin/goldmark/extension/ast"

	"github.com/sshblog/sshblog/internal/gansi/autolink"
)

// ElementRenderer is called when entering a markdown node.
type ElementRenderer interface {
	Render(w io.Writer, ctx RenderContext) error
}

// StyleOverriderElementRenderer is called when entering a markdown node with a specific style.
type StyleOverriderElementRenderer interface {
	StyleOverrideRender(w io.Writer, ctx RenderContext, style StylePrimitive) error
}

// ElementFinisher is called when leaving a markdown node.
type ElementFinisher interface {
	Finish(w io.Writer, ctx RenderContext) error
}

// An Element is used to instruct the renderer how to handle individual markdown
// nodes.
type Element struct {
	Entering string
	Exiting  string
	Renderer ElementRenderer
	Finisher ElementFinisher
}

// NewElement returns the appropriate render Element for a given node.
func (tr *ANSIRenderer) NewElement(node ast.Node, source []byte) Element {
	ctx := tr.context

	switch node.Kind() {
	// Document
	case ast.KindDocument:
		// Laid out as a quote is (see quoteElement.finishLines).
		e := &quoteElement{BlockElement{
			size:   documentSize(len(source), ctx.options.WordWrap, blockRoom(node), listsOnly(node, !ctx.padDefinitions)),
			Style:  ctx.options.Styles.Document,
			Margin: true,
		}}
		return Element{
			Renderer: e,
			Finisher: e,
		}

	// Heading
	case ast.KindHeading:
		he := ctx.headingElement(node.(*ast.Heading).Level, node.PreviousSibling() == nil)
		return Element{
			Exiting:  "",
			Renderer: he,
			Finisher: he,
		}

	// Paragraph
	case ast.KindParagraph:
		if node.Parent() != nil {
			kind := node.Parent().Kind()
			if kind == ast.KindListItem {
				return Element{}
			}
		}
		// One element renders and finishes the paragraph: Finish reads
		// none of its fields.
		size, lines := paragraphSize(node)
		e := tr.paragraph(ParagraphElement{
			First: node.PreviousSibling() == nil,
			size:  size,
			lines: lines,
		})
		return Element{
			Renderer: e,
			Finisher: e,
		}

	// Blockquote
	case ast.KindBlockquote:
		// No buffer: Render takes one from the pool, and the element
		// made to leave the node uses none.
		e := tr.enteredQuote(quoteElement{BlockElement{
			Style:  cascadeStyle(ctx.blockStack.Current().Style, ctx.options.Styles.BlockQuote, false),
			Margin: true,
		}})
		return Element{
			Entering: "\n",
			Renderer: e,
			Finisher: e,
		}

	// Lists
	case ast.KindList:
		s := ctx.options.Styles.List.StyleBlock
		if s.Indent == nil {
			var i uint
			s.Indent = &i
		}
		n := node.Parent()
		for n != nil {
			if n.Kind() == ast.KindList {
				i := ctx.options.Styles.List.LevelIndent
				s.Indent = &i
				break
			}
			n = n.Parent()
		}

		// The render's one list element (see listElements), with no
		// buffer: Render takes one from the pool, and the element made
		// to leave the node uses none.
		e := &ctx.lists.list
		*e = BlockElement{
			Style:   cascadeStyle(ctx.blockStack.Current().Style, s, false),
			Margin:  true,
			Newline: true,
			list:    true,
			leaf:    ctx.keepsListTexts() && !hasList(node),
		}
		return Element{
			Entering: "\n",
			Renderer: e,
			Finisher: e,
		}

	case ast.KindListItem:
		var e uint
		if node.Parent().(*ast.List).IsOrdered() {
			// Its place in the list (only an ordered list's items use
			// it), counted on from the item before.
			e = ctx.lists.place(node)
			if node.Parent().(*ast.List).Start != 1 {
				e += uint(node.Parent().(*ast.List).Start) - 1
			}
		}

		post := "\n"
		if (node.LastChild() != nil && node.LastChild().Kind() == ast.KindList) ||
			node.NextSibling() == nil {
			post = ""
		}

		if node.FirstChild() != nil &&
			node.FirstChild().FirstChild() != nil &&
			node.FirstChild().FirstChild().Kind() == astext.KindTaskCheckBox {
			nc := node.FirstChild().FirstChild().(*astext.TaskCheckBox)

			return Element{
				Exiting: post,
				Renderer: &TaskElement{
					Checked: nc.IsChecked,
				},
			}
		}

		it := &ctx.lists.item
		*it = ItemElement{
			IsOrdered:   node.Parent().(*ast.List).IsOrdered(),
			Enumeration: e,
		}
		return Element{
			Exiting:  post,
			Renderer: it,
		}

	// Text Elements
	case ast.KindText:
		n := node.(*ast.Text)
		s := string(n.Segment.Value(source))

		if n.HardLineBreak() || (n.SoftLineBreak()) {
			s += "\n"
		}
		return Element{
			Renderer: &textElement{
				token: html.UnescapeString(s),
				style: &tr.context.options.Styles.Text,
			},
		}

	case ast.KindEmphasis:
		n := node.(*ast.Emphasis)
		return Element{Renderer: tr.emphasisElement(n, n.Level, source)}

	case astext.KindStrikethrough:
		n := node.(*astext.Strikethrough)
		s := string(n.Text(source)) //nolint: staticcheck
		style := ctx.options.Styles.Strikethrough

		return Element{
			Renderer: &BaseElement{
				Token: html.UnescapeString(s),
				Style: style,
			},
		}

	case ast.KindThematicBreak:
		// One element for every break: it is only read. Made for each
		// (its style is 400 bytes), it was a fifth of what a post of
		// rules allocated.
		if tr.rule == nil {
			tr.rule = &ruleElement{BaseElement: BaseElement{Style: ctx.options.Styles.HorizontalRule}, open: tr.openRules}
		}
		return Element{
			Entering: "",
			Exiting:  "",
			Renderer: tr.rule,
		}

	// Links
	case ast.KindLink:
		n := node.(*ast.Link)
		isFooterLinks := !ctx.options.InlineTableLinks && isInsideTable(node)

		var children []ElementRenderer
		var content []byte
		var err error
		if isFooterLinks {
			// Only a link listed under its table shows its text as
			// one string: a post of 4,000 links copied each one's.
			content, err = nodeContent(node, source)
		}

		if isFooterLinks && err == nil {
			text := string(content)
			tl := tableLink{
				content:  text,
				href:     string(n.Destination),
				title:    string(n.Title),
				linkType: linkTypeRegular,
			}
			text = linkWithSuffix(tl, ctx.table.tableLinks)
			children = []ElementRenderer{&BaseElement{Token: text}}
		} else {
			nn := n.FirstChild()
			for nn != nil {
				children = append(children, tr.NewElement(nn, source).Renderer)
				nn = nn.NextSibling()
			}
		}

		return Element{
			Renderer: &LinkElement{
				BaseURL:  ctx.options.BaseURL,
				URL:      string(n.Destination),
				Children: children,
				SkipHref: isFooterLinks,
			},
		}
	case ast.KindAutoLink:
		n := node.(*ast.AutoLink)
		u := string(n.URL(source))
		isFooterLinks := !ctx.options.InlineTableLinks && isInsideTable(node)

		var children []ElementRenderer
		nn := n.FirstChild()
		for nn != nil {
			children = append(children, tr.NewElement(nn, source).Renderer)
			nn = nn.NextSibling()
		}

		if len(children) == 0 {
			children = append(children, &BaseElement{Token: u})
		}

		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
			u = "mailto:" + u
		}

		var renderer ElementRenderer
		if isFooterLinks {
			domain := linkDomain(u)
			tl := tableLink{
				content:  domain,
				href:     u,
				linkType: linkTypeAuto,
			}
			if shortned, ok := autolink.Detect(u); ok {
				tl.content = shortned
			}
			text := linkWithSuffix(tl, ctx.table.tableLinks)

			renderer = &LinkElement{
				Children: []ElementRenderer{&BaseElement{Token: text}},
				URL:      u,
				SkipHref: true,
			}
		} else {
			isEmail := n.AutoLinkType == ast.AutoLinkEmail
			renderer = &LinkElement{
				Children: children,
				URL:      u,
				SkipText: !isEmail, // For non-email links, skip text (show only href)
				SkipHref: isEmail,  // For email links, skip href (hide mailto: URL)
			}
		}
		return Element{Renderer: renderer}

	// Images
	case ast.KindImage:
		n := node.(*ast.Image)
		text := string(n.Text(source)) //nolint: staticcheck
		isFooterLinks := !ctx.options.InlineTableLinks && isInsideTable(node)

		if isFooterLinks {
			if text == "" {
				text = linkDomain(string(n.Destination))
			}
			tl := tableLink{
				title:    string(n.Title),
				content:  text,
				href:     string(n.Destination),
				linkType: linkTypeImage,
			}
			text = linkWithSuffix(tl, ctx.table.tableImages)
		}

		return Element{
			Renderer: &ImageElement{
				Text:     text,
				BaseURL:  ctx.options.BaseURL,
				URL:      string(n.Destination),
				TextOnly: isFooterLinks,
			},
		}

	// Code
	case ast.KindFencedCodeBlock:
		n := node.(*ast.FencedCodeBlock)
		s := linesText(n, source)
		return Element{
			Entering: "\n",
			Renderer: &CodeBlockElement{
				Code:     s,
				Language: string(n.Language(source)),
			},
		}

	case ast.KindCodeBlock:
		n := node.(*ast.CodeBlock)
		s := linesText(n, source)
		return Element{
			Entering: "\n",
			Renderer: &CodeBlockElement{
				Code: s,
			},
		}

	case ast.KindCodeSpan:
		n := node.(*ast.CodeSpan)
		s := string(n.Text(source)) //nolint: staticcheck
		return Element{
			Renderer: &CodeSpanElement{
				Text:  html.UnescapeString(s),
				Style: cascadeStyle(ctx.blockStack.Current().Style, ctx.options.Styles.Code, false).StylePrimitive,
			},
		}

	// Tables
	case astext.KindTable:
		table := node.(*astext.Table)
		te := &TableElement{
			table:  table,
			source: source,
		}
		return Element{
			Entering: "\n",
			Exiting:  "\n",
			Renderer: te,
			Finisher: te,
		}

	case astext.KindTableCell:
		n := node.(*astext.TableCell)
		var children []ElementRenderer
		nn := n.FirstChild()
		for nn != nil {
			children = append(children, tr.NewElement(nn, source).Renderer)
			nn = nn.NextSibling()
		}

		r := &TableCellElement{
			Children: children,
			Head:     node.Parent().Kind() == astext.KindTableHeader,
		}
		return Element{
			Renderer: r,
		}

	case astext.KindTableHeader:
		return Element{
			Finisher: &TableHeadElement{},
		}
	case astext.KindTableRow:
		return Element{
			Finisher: &TableRowElement{},
		}

	// HTML Elements
	case ast.KindHTMLBlock:
		n := node.(*ast.HTMLBlock)
		return Element{
			Renderer: &BaseElement{
				Token: ctx.SanitizeHTML(string(n.Text(source)), true), //nolint: staticcheck
				Style: ctx.options.Styles.HTMLBlock.StylePrimitive,
			},
		}
	case ast.KindRawHTML:
		n := node.(*ast.RawHTML)
		return Element{
			Renderer: &BaseElement{
				Token: ctx.SanitizeHTML(string(n.Text(source)), true), //nolint: staticcheck
				Style: ctx.options.Styles.HTMLSpan.StylePrimitive,
			},
		}

	// Definition Lists
	case astext.KindDefinitionList:
		e := ctx.definitionList()
		return Element{
			Renderer: e,
			Finisher: e,
		}

	case astext.KindDefinitionTerm:
		return Element{
			Entering: "\n",
			Renderer: &BaseElement{
				Style: ctx.options.Styles.DefinitionTerm,
			},
		}

	case astext.KindDefinitionDescription:
		return Element{
			Exiting:  "\n",
			Renderer: ctx.description(),
		}

	// Handled by parents
	case astext.KindTaskCheckBox:
		// handled by KindListItem
		return Element{}
	case ast.KindTextBlock:
		return Element{}

	case east.KindEmoji:
		n := node.(*east.Emoji)
		return Element{
			Renderer: &BaseElement{
				Token: string(n.Value.Unicode),
			},
		}

	// Unknown case
	default:
		fmt.Println("Warning: unhandled element", node.Kind().String())
		return Element{}
	}
}

// documentSize is the room the document's block is made with (by its
// Render: the renderer makes each element twice, entering and leaving the
// node, and the block of the second is not used), for markdown
// of n bytes laid out at width: it holds the whole document, and grew from
// nothing by doubling (16 MB of a 2 MB post's render). Prose laid out at
// 40 to 200 columns comes to 2 to 4 times its markdown, padding included,
// a little under this; text that comes to more grows it as before. Not
// wrapped (width 0), the document is often a small part of the markdown
// (render lays out only its list items so): it grows as it did. Each of
// the document's headings comes to some headingRoom bytes more than its
// markdown (its style's sequences, its mark, the blank line after it):
// 16 KB of headings came to 150 KB, for which the block grew twice.
// A thematic break comes to about ruleRoom bytes more ("***" drawn closed
// at each of its three lines, see ruleElement): blocks is the room of
// both (see blockRoom).
// A document of lists alone is left to its lists, which grow it to what
// they come to as each is written to it (see BlockElement.Finish): 16 KB
// of "- - - ..." came to 17 KB, in a block made 55 KB.
func documentSize(n, width, blocks int, lists bool) int {
	if width <= 0 || lists {
		return 0
	}
	// At most 4 MB made up front (a piece of prose is a few hundred KB
	// laid out): a piece of one huge line at a wide window would else
	// reserve many times what it comes to.
	return min(n*2+n*width/80+blocks, maxDocumentRoom)
}

// listsOnly reports whether every block at doc's level is a list (and
// there is one), or one definition list, which grows the document's
// block as a list does when it is laid out as one (defsAsLists, see
// definitionList), with the terms gansi draws (see loweredTerm), a line
// each: see documentSize. 16 KB of "a\n: b\n  : c\n", a
// term and a list, came to 184 KB in a block made 48 KB and grown.
// The loop is over the document's children.
func listsOnly(doc ast.Node, defsAsLists bool) bool {
	defs := 0
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.Kind() {
		case ast.KindList:
		case astext.KindDefinitionList:
			defs++
		case astext.KindDefinitionTerm:
			if _, ok := loweredTerm(c); !ok || !defsAsLists {
				return false
			}
		default:
			return false
		}
	}
	return doc.FirstChild() != nil && defs <= 1 && (defs == 0 || defsAsLists)
}

// headingRoom is the room documentSize makes for each heading.
const headingRoom = 64

// ruleRoom is the room documentSize makes for each thematic break: "***"
// comes to 48 bytes in the dark and light styles at any width (the
// rule's two lines, each a run of its style), 12 of which the markdown's
// bytes count at 80 columns and 9 at the narrowest. Made 64, the block
// of 16 KB of rules was half as large again as what it came to.
const ruleRoom = 40

// blockRoom is the room documentSize makes for the headings and the
// thematic breaks at the document's level.
func blockRoom(doc ast.Node) int {
	n := 0
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.Kind() {
		case ast.KindHeading:
			n += headingRoom
		case ast.KindThematicBreak:
			n += ruleRoom
		}
	}
	return n
}

// maxDocumentRoom bounds the room documentSize makes up front.
const maxDocumentRoom = 4 << 20

// emphasisElement is the element of an emphasis of level whose children
// are n's: n is the emphasis, or a node that stands for one (a term gansi
// draws, see renderTerm).
func (tr *ANSIRenderer) emphasisElement(n ast.Node, level int, source []byte) *EmphasisElement {
	var children []ElementRenderer
	for nn := n.FirstChild(); nn != nil; nn = nn.NextSibling() {
		children = append(children, tr.NewElement(nn, source).Renderer)
	}
	return &EmphasisElement{Level: level, Children: children}
}

// paragraphSize is the room a paragraph's block is made with: twice its
// markdown, which the styles' sequences around its text, links and marks
// rarely take it past. It grew from nothing by doubling, about twice what
// it came to (17 MB of a 2 MB post's render). It also returns the
// paragraph's lines, for the room their styled runs take (see
// ParagraphElement.room).
func paragraphSize(n ast.Node) (size, lines int) {
	segs := n.Lines()
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		size += seg.Stop - seg.Start
	}
	return 2*size + 64, segs.Len()
}

// linesText is the text of a block's lines, joined. Upstream adds them to
// a string one by one, which copies the code so far for every line: the
// time was quadratic in the lines of a code block.
func linesText(n ast.Node, source []byte) string {
	lines := n.Lines()
	size := 0
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		size += seg.Stop - seg.Start
	}
	var b strings.Builder
	b.Grow(size)
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(source))
	}
	return b.String()
}
