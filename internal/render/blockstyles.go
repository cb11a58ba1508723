package render

import (
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

// headingStyles draws headings without markdown's "#" markers (glamour's
// styles print "## " before a second-level heading): in colour, the
// levels differ by style, from the first level's banner down to the
// sixth's plain colour; in plain text, headings stand apart by the blank
// lines around them.
func headingStyles(c *ansi.StyleConfig, s Style) {
	for _, h := range []*ansi.StyleBlock{&c.H1, &c.H2, &c.H3, &c.H4, &c.H5, &c.H6} {
		h.Prefix = ""
	}
	if s == Plain {
		return
	}
	// The first level keeps its banner: a space each side, on colour.
	c.H1.Prefix, c.H1.Suffix = " ", " "
	yes := true
	c.H2.Underline = &yes
	c.H4.Italic = &yes
	c.H5.Italic = &yes
	no := false
	c.H5.Bold = &no
}

// definitionStyles indents definitions under their terms, which
// markdown.Lower takes out of the list (glamour draws "🠶 " before a
// definition and wraps it back to the margin).
func definitionStyles(c *ansi.StyleConfig) {
	c.DefinitionDescription.BlockPrefix = ""
	indent := uint(definitionIndent)
	c.DefinitionList.Indent = &indent
}

// definitionIndent is how far definitions are indented.
const definitionIndent = 4

// codeStyles draws what chroma cannot lex in the code's own colour:
// glamour's styles put it on red, which code wrapped with a continuation
// mark (see wrapCode) would show on every wrapped line, and which real
// code in a language the lexer knows only in part shows all over.
func codeStyles(c *ansi.StyleConfig) {
	if c.CodeBlock.Chroma == nil {
		return
	}
	if ch, ok := codeChromas[c.CodeBlock.Chroma]; ok {
		c.CodeBlock.Chroma = ch
		return
	}
	c.CodeBlock.Chroma = withoutErrorColour(c.CodeBlock.Chroma)
}

// codeChromas are the code colours of glamour's dark and light styles as
// codeStyles changes them, made once and never changed: the same value
// for every render lets a post's pieces share the chroma style and the
// escape sequences made from it (gansi.Themes).
var codeChromas = map[*ansi.Chroma]*ansi.Chroma{
	styles.DarkStyleConfig.CodeBlock.Chroma:  withoutErrorColour(styles.DarkStyleConfig.CodeBlock.Chroma),
	styles.LightStyleConfig.CodeBlock.Chroma: withoutErrorColour(styles.LightStyleConfig.CodeBlock.Chroma),
}

// withoutErrorColour is a copy of c (the style packages' value is shared)
// that draws what chroma cannot lex as text.
func withoutErrorColour(c *ansi.Chroma) *ansi.Chroma {
	ch := *c
	ch.Error = ansi.StylePrimitive{}
	return &ch
}
