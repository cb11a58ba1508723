package gansi

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

const (
	// The chroma style theme name used for rendering.
	chromaStyleTheme = "charm"

	// The chroma formatter name used for rendering.
	chromaFormatter = "terminal256"
)

// A CodeBlockElement is used to render code blocks.
type CodeBlockElement struct {
	Code     string
	Language string
}

func chromaStyle(style StylePrimitive) string {
	var s string

	if style.Color != nil {
		s = *style.Color
	}
	if style.BackgroundColor != nil {
		if s != "" {
			s += " "
		}
		s += "bg:" + *style.BackgroundColor
	}
	if style.Italic != nil && *style.Italic {
		if s != "" {
			s += " "
		}
		s += "italic"
	}
	if style.Bold != nil && *style.Bold {
		if s != "" {
			s += " "
		}
		s += "bold"
	}
	if style.Underline != nil && *style.Underline {
		if s != "" {
			s += " "
		}
		s += "underline"
	}

	return s
}

// Render renders a CodeBlockElement.
func (e *CodeBlockElement) Render(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack

	var indentation uint
	var margin uint
	formatter := chromaFormatter
	rules := ctx.options.Styles.CodeBlock
	if rules.Indent != nil {
		indentation = *rules.Indent
	}
	if rules.Margin != nil {
		margin = *rules.Margin
	}
	if len(ctx.options.ChromaFormatter) > 0 {
		formatter = ctx.options.ChromaFormatter
	}
	theme := rules.Theme

	// Upstream registers the style of the first code block it draws in
	// chroma's process-wide registry under one name ("charm") and uses it
	// for every later one: a light reader's code then came out in the dark
	// style's colours (or the other way round), whichever was drawn first
	// since the process started. The style is made from this render's own
	// configuration instead, once per render, and never registered.
	var style *chroma.Style
	switch {
	case rules.Chroma != nil:
		theme = chromaStyleTheme
		style = ctx.chromaStyleOf(rules.Chroma)
	case len(theme) > 0:
		style = styles.Get(theme)
	}

	// Upstream indents each line with a function that renders a styled
	// space straight to w, once per cell; the cell and its run are made
	// once per render (with the render's memo of sequences) and repeated,
	// as margins are (see writerPool.cellRun): 16 KB of one-letter lines
	// rendered it 16,000 times.
	iw := ctx.code.indentWriter(w, int(indentation+margin), ctx.writers.cellRun(ctx.sgr, bs.Current().Style.StylePrimitive, " "), &ctx.writers.memo)
	defer ctx.code.release(iw)

	if len(theme) > 0 {
		_, _ = renderText(iw, bs.Current().Style.StylePrimitive, rules.BlockPrefix)

		err := ctx.highlightTo(iw, codeOut{w, iw.Indent * len(iw.cells.cell)}, e.Code, e.Language, formatter, style)
		if err != nil {
			return fmt.Errorf("glamour: error highlighting code: %w", err)
		}
		_, _ = renderText(iw, bs.Current().Style.StylePrimitive, rules.BlockSuffix)
		return nil
	}

	// fallback rendering
	el := &BaseElement{
		Token: e.Code,
		Style: rules.StylePrimitive,
	}

	return el.Render(iw, ctx)
}

// chromaStyleOf is the chroma style of a code block's configuration, made
// once per render (see Render).
func (ctx RenderContext) chromaStyleOf(c *Chroma) *chroma.Style {
	if st, ok := ctx.chromas[c]; ok {
		return st
	}
	st := ChromaStyle(chromaStyleTheme, c)
	ctx.chromas[c] = st
	return st
}

// ChromaStyle is the chroma style named name that a code block
// configuration c stands for, as upstream registers it.
func ChromaStyle(name string, c *Chroma) *chroma.Style {
	return chroma.MustNewStyle(name, chroma.StyleEntries{
		chroma.Text:                chromaStyle(c.Text),
		chroma.Error:               chromaStyle(c.Error),
		chroma.Comment:             chromaStyle(c.Comment),
		chroma.CommentPreproc:      chromaStyle(c.CommentPreproc),
		chroma.Keyword:             chromaStyle(c.Keyword),
		chroma.KeywordReserved:     chromaStyle(c.KeywordReserved),
		chroma.KeywordNamespace:    chromaStyle(c.KeywordNamespace),
		chroma.KeywordType:         chromaStyle(c.KeywordType),
		chroma.Operator:            chromaStyle(c.Operator),
		chroma.Punctuation:         chromaStyle(c.Punctuation),
		chroma.Name:                chromaStyle(c.Name),
		chroma.NameBuiltin:         chromaStyle(c.NameBuiltin),
		chroma.NameTag:             chromaStyle(c.NameTag),
		chroma.NameAttribute:       chromaStyle(c.NameAttribute),
		chroma.NameClass:           chromaStyle(c.NameClass),
		chroma.NameConstant:        chromaStyle(c.NameConstant),
		chroma.NameDecorator:       chromaStyle(c.NameDecorator),
		chroma.NameException:       chromaStyle(c.NameException),
		chroma.NameFunction:        chromaStyle(c.NameFunction),
		chroma.NameOther:           chromaStyle(c.NameOther),
		chroma.Literal:             chromaStyle(c.Literal),
		chroma.LiteralNumber:       chromaStyle(c.LiteralNumber),
		chroma.LiteralDate:         chromaStyle(c.LiteralDate),
		chroma.LiteralString:       chromaStyle(c.LiteralString),
		chroma.LiteralStringEscape: chromaStyle(c.LiteralStringEscape),
		chroma.GenericDeleted:      chromaStyle(c.GenericDeleted),
		chroma.GenericEmph:         chromaStyle(c.GenericEmph),
		chroma.GenericInserted:     chromaStyle(c.GenericInserted),
		chroma.GenericStrong:       chromaStyle(c.GenericStrong),
		chroma.GenericSubheading:   chromaStyle(c.GenericSubheading),
		chroma.Background:          chromaStyle(c.Background),
	})
}

// indentWriter returns the IndentWriter a code block is drawn through,
// indenting by indent of ind's cells and writing to w: the one the
// render's code blocks share, reset, when no block holds it (blocks are
// drawn one at a time), else a new one. Upstream made one per block, and
// its pen, made without the render's memo of sequences, read every
// token's sequence again into a memo and styles of its own: 1.4 KB and
// more for each block of a post of many small ones.
func (c *codeBuffer) indentWriter(w io.Writer, indent int, ind *cellRun, memo *styleMemo) *IndentWriter {
	var iw *IndentWriter
	var ic *cells
	switch {
	case c.busy:
		iw, ic = &IndentWriter{pw: &penWriter{}}, &cells{}
	case c.iw == nil:
		c.iw = &IndentWriter{pw: &penWriter{}}
		fallthrough
	default:
		iw, ic, c.busy = c.iw, &c.ind, true
	}
	*ic = cells{w: w, cellRun: ind}
	iw.Indent, iw.IndentFunc, iw.cells = indent, nil, ic
	iw.w, iw.skipIndent = w, false
	iw.pw.memo = memo
	iw.pw.reset(w)
	return iw
}

// release closes iw, given by indentWriter, for the next code block. Its
// pen's parser goes back to x/ansi's pool, as every pen's does: a parser
// made anew holds a data buffer of megabytes.
func (c *codeBuffer) release(iw *IndentWriter) {
	_ = iw.Close()
	if iw == c.iw {
		c.busy = false
	}
}

// codeRoom is about the bytes that highlight writes for toks to an
// IndentWriter indenting by indent bytes: each token's sequence, value
// and reset, and for each line what the writer's pen puts around it: the
// reset before its line end, the sequence it opens the next line with,
// and the reset, indentation and sequence around that line's
// indentation. Written to a block's buffer, code grew it by doubling: a
// code block of 8,000 one-letter lines, 20 bytes each, more than tripled
// the document's buffer, twice (and, with only the indentation's reset
// and sequence counted, once still: 30 bytes a line of "a").
//
// The sequences of the last types are kept by type (tokens take turns
// among a few: a map lookup a token was a twentieth of the render of a
// line of 16,000 tokens), and the line ends of tokens cut from the code
// are counted in the code at once (TestCodeRoomIsTheSum).
func codeRoom(toks *KeptTokens, seqs map[chroma.TokenType]string, indent int) int {
	var recent [16]struct {
		typ chroma.TokenType
		n   int // the sequence and its reset
		in  bool
	}
	n, longest := 0, 0
	cut := toks.at >= 0
	lines := 1
	toks.each(func(t chroma.Token) {
		r := &recent[uint(t.Type)%uint(len(recent))]
		if !r.in || r.typ != t.Type {
			clr := seqs[t.Type]
			r.typ, r.n, r.in = t.Type, len(clr), true
			if clr != "" {
				r.n += len(ttyReset)
			}
			longest = max(longest, len(clr))
		}
		n += r.n + len(t.Value)
		if !cut {
			lines += strings.Count(t.Value, "\n")
		}
	})
	if cut {
		lines += strings.Count(toks.code[:toks.at], "\n")
	}
	return n + lines*(2*len(ansi.ResetStyle)+indent+2*longest)
}

// growFor makes room in out, when it is a block's buffer, for n more bytes.
func growFor(out io.Writer, n int) {
	if b, ok := out.(*bytes.Buffer); ok && b.Available() < n {
		b.Grow(n)
	}
}
