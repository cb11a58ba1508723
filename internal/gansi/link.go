package gansi

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"net/url"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
)

// A LinkElement is used to render hyperlinks.
type LinkElement struct {
	BaseURL  string
	URL      string
	Children []ElementRenderer
	SkipText bool
	SkipHref bool

	hyperlink, resetHyperlink string
	validURL                  bool
}

// Render renders a LinkElement.
func (e *LinkElement) Render(w io.Writer, ctx RenderContext) error {
	// Make OSC 8 hyperlink token.
	e.hyperlink, e.resetHyperlink, e.validURL = makeHyperlink(e.URL)

	if !e.SkipText {
		if err := e.renderTextPart(w, ctx); err != nil {
			return err
		}
	}
	if !e.SkipHref {
		if err := e.renderHrefPart(w, ctx); err != nil {
			return err
		}
	}
	return nil
}

func (e *LinkElement) renderTextPart(w io.Writer, ctx RenderContext) error {
	var b bytes.Buffer // the token of a child, hyperlink around it
	for _, child := range e.Children {
		if r, ok := child.(StyleOverriderElementRenderer); ok { //nolint:nestif
			b.Reset()
			b.WriteString(e.hyperlink)
			st := ctx.options.Styles.LinkText
			if err := r.StyleOverrideRender(&b, ctx, st); err != nil {
				return fmt.Errorf("glamour: error rendering with style: %w", err)
			}
			b.WriteString(e.resetHyperlink)
			if _, err := w.Write(b.Bytes()); err != nil {
				return fmt.Errorf("glamour: error writing hyperlink: %w", err)
			}
		} else {
			var b bytes.Buffer
			if err := child.Render(&b, ctx); err != nil {
				return fmt.Errorf("glamour: error rendering: %w", err)
			}
			token := e.hyperlink + b.String() + e.resetHyperlink
			el := &BaseElement{
				Token: token,
				Style: ctx.options.Styles.LinkText,
			}
			if err := el.Render(w, ctx); err != nil {
				return fmt.Errorf("glamour: error rendering: %w", err)
			}
		}
	}
	return nil
}

func (e *LinkElement) renderHrefPart(w io.Writer, ctx RenderContext) error {
	prefix := ""
	if !e.SkipText {
		prefix = " "
	}

	if e.validURL {
		token := e.hyperlink + resolveRelativeURL(e.BaseURL, e.URL) + e.resetHyperlink
		el := &BaseElement{
			Token:  token,
			Prefix: prefix,
			Style:  ctx.options.Styles.Link,
		}
		if err := el.Render(w, ctx); err != nil {
			return err
		}
	}
	return nil
}

// makeHyperlink takes a URL and returns an OSC 8 hyperlink token.
func makeHyperlink(link string) (string, string, bool) {
	// Make OSC 8 hyperlink token.
	var hyperlink, resetHyperlink string

	u, err := url.Parse(link)
	validURL := err == nil && "#"+u.Fragment != link // if the URL only consists of an anchor, ignore it
	if validURL {
		h := fnv.New32a()
		if _, err := io.WriteString(h, link); err != nil {
			return "", "", false
		}
		urlID := fmt.Sprintf("id=%d", h.Sum32())
		hyperlink = ansi.SetHyperlink(link, urlID)
		resetHyperlink = ansi.ResetHyperlink()
	}

	return hyperlink, resetHyperlink, validURL
}

// writeLink writes link n entering, as its element (LinkElement) would,
// to b in the current block: it returns false, having written nothing,
// unless n goes nowhere (the destination "#", which makes no hyperlink
// and no URL after the text: every link render.markLinks numbers) and
// holds only text nodes, written in the link text style without a
// format or a change of case; the element is then made as before. A post
// of 4,000 uses of one reference made an element for each link and for
// each of its texts, parsed "#" as a URL, and cascaded the link text
// style twice per text, to write the same few sequences around each.
// TestWriteLinkWritesTheElementsBytes compares the two.
func (ctx RenderContext) writeLink(b *bytes.Buffer, n *ast.Link, source []byte) bool {
	if len(n.Destination) != 1 || n.Destination[0] != '#' ||
		!ctx.options.InlineTableLinks && isInsideTable(n) {
		return false
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.Text); !ok {
			return false
		}
	}
	m := ctx.linkTextMemo()
	if !m.plain {
		return false
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t := c.(*ast.Text)
		m.writeUnescaped(b, t.Segment.Value(source), t.HardLineBreak() || t.SoftLineBreak())
	}
	return true
}

// size is at least the number of bytes write writes for a text of n bytes
// without escapes.
func (m *textMemo) size(n int) int {
	size := len(m.head) + len(m.open) + n + len(m.tail)
	if m.open != "" {
		size += len(ansi.ResetStyle)
	}
	return size
}

// writeUnescaped writes val, the text of a text node, as the text
// elements of links and emphasis write it with m: unescaped as HTML first.
func (m *textMemo) writeUnescaped(b *bytes.Buffer, val []byte, brk bool) {
	if bytes.IndexByte(val, '&') >= 0 {
		// The element's text is unescaped as HTML, then as markdown.
		val = []byte(html.UnescapeString(string(val)))
	}
	m.write(b, val, brk)
}

// renderRun renders run (entering) as the nodes it stands for
// (markdown.RefRun.Nodes) would be rendered: written by writeRun where
// it can, else made and rendered one by one. A post of 4,000 uses of a
// reference made and walked five nodes for each.
func (r *ANSIRenderer) renderRun(w util.BufWriter, run *markdown.RefRun, source []byte) (ast.WalkStatus, error) {
	if r.context.writeRun(r.context.blockStack.Current().Block, run, source) {
		return ast.WalkSkipChildren, nil
	}
	walker := func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		return r.renderNode(w, source, n, entering)
	}
	for _, n := range run.Nodes(source) {
		if err := ast.Walk(n, walker); err != nil {
			return ast.WalkStop, err
		}
	}
	return ast.WalkSkipChildren, nil
}

// writeRun writes run, entering, to b in the current block as its nodes
// would be written: each link as writeLink writes it and the spaces
// between as writeText does, the memos of both found once and the marks
// of each definition written once. It returns false, having written
// nothing, unless the run is in a paragraph or a text block (as the
// parser makes it), every definition is marked (its links go nowhere:
// render.markLinks' work) and the link text and text styles are plain.
// TestWriteRunWritesTheNodesBytes compares it with the nodes.
func (ctx RenderContext) writeRun(b *bytes.Buffer, run *markdown.RefRun, source []byte) bool {
	if p := run.Parent(); p == nil || p.Kind() != ast.KindParagraph && p.Kind() != ast.KindTextBlock {
		return false
	}
	for i := range run.Defs {
		if !run.Defs[i].Marked {
			return false
		}
	}
	lm := ctx.linkTextMemo()
	if !lm.plain {
		return false
	}
	tm := ctx.textMemo()
	if !tm.plain {
		return false
	}
	// What each definition's links draw before and after their label,
	// in marks: [before, after) of definition i at 2i, 2i+1, 2i+2. A
	// bare link's label is its definition's (its address, readable).
	var marks bytes.Buffer
	at := make([]int, 0, 2*len(run.Defs)+1)
	for i := range run.Defs {
		d := &run.Defs[i]
		at = append(at, marks.Len())
		if d.Open.Len() > 0 {
			lm.writeUnescaped(&marks, d.Open.Value(source), false)
		}
		if run.Auto {
			lm.writeUnescaped(&marks, d.Label.Value(source), false)
		}
		at = append(at, marks.Len())
		if d.Num.Len() > 0 {
			lm.writeUnescaped(&marks, d.Num.Value(source), false)
		}
		if d.Close.Len() > 0 {
			lm.writeUnescaped(&marks, d.Close.Value(source), false)
		}
	}
	at = append(at, marks.Len())
	drawn := marks.Bytes()
	// The block's buffer grown once for all the run writes (it grew by
	// doubling for a post's 200 KB of drawn references).
	size := 0
	for i, u := range run.Uses {
		if i > 0 {
			size += tm.size(int(u.Start - run.Uses[i-1].Stop))
		}
		d := 2 * int(u.Def)
		size += at[d+2] - at[d]
		if !run.Auto {
			size += lm.size(int(u.Stop - u.Start))
		}
	}
	b.Grow(size)
	for i, u := range run.Uses {
		if i > 0 {
			sp := run.Spaces(i)
			tm.write(b, sp.Value(source), false) // spaces: nothing to unescape
		}
		d := 2 * int(u.Def)
		if run.Auto {
			b.Write(drawn[at[d]:at[d+2]])
			continue
		}
		b.Write(drawn[at[d]:at[d+1]])
		label := u.Label()
		lm.write(b, label.Value(source), false) // letters and digits
		b.Write(drawn[at[d+1]:at[d+2]])
	}
	return true
}

// linkTextMemo returns the memo of what the texts of a link are written
// with in the current block's style (LinkElement.renderTextPart: each
// text in the link text style), made if need be.
func (ctx RenderContext) linkTextMemo() *textMemo {
	return ctx.styledTextMemo(&ctx.text.links, ctx.options.Styles.LinkText)
}

// styledTextMemo returns the memo, among *memos (made on first use), of
// what texts in style are written with in the current block's style:
// each text as a text element with style over the block's, made if need
// be.
func (ctx RenderContext) styledTextMemo(memos **textMemos, style StylePrimitive) *textMemo {
	cur := ctx.blockStack.Current().Style
	if *memos == nil {
		*memos = &textMemos{}
	}
	m := (*memos).find(&cur)
	if !m.valid {
		st1 := cascadeStylePrimitives(cur.StylePrimitive, style)
		st2 := cascadeStylePrimitives(ctx.blockStack.With(ctx.options.Styles.Text), style)
		*m = ctx.makeTextMemo(cur, st1, st2)
	}
	return m
}
