package gansi

import (
	"bytes"
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// highlight is quick.Highlight (chroma v2.14.0), which upstream calls for
// each code block, with the escape sequences of chroma's indexed terminal
// formatters ("terminal", "terminal8", "terminal16", "terminal256") worked
// out once per render instead of once per code block: that formatter maps
// every colour of the style to its palette on each call (a tenth of the
// time of a code-heavy post). The sequences are the formatter's, but for
// a colour as near to two colours of its palette as to each other, which
// it gives either of at random and which are given the later one here
// (see indexedSequences); the tokens are written as its Format writes
// them. Other formatters are called as upstream calls them.
func (ctx RenderContext) highlight(w io.Writer, source, lexer, formatter string, s *chroma.Style) error {
	return ctx.highlightTo(w, codeOut{}, source, lexer, formatter, s)
}

// codeOut is the buffer that a code block's IndentWriter writes to, and
// the bytes of its indentation, for highlightTo to make room in (nil out:
// none).
type codeOut struct {
	out    io.Writer
	indent int
}

// highlightTo is highlight, making room in o.out for code whose tokens
// were lexed before (see codeRoom).
func (ctx RenderContext) highlightTo(w io.Writer, o codeOut, source, lexer, formatter string, s *chroma.Style) error {
	var l chroma.Lexer
	var kept *KeptTokens
	if ctx.lexed != nil {
		// Tokens kept need no lexer picked: finding one by name and
		// analysing untagged code was done when they were lexed.
		if toks, ok := ctx.lexed(lexer, source); ok && toks != nil {
			l, kept = ctx.code.replaying(toks), toks
		}
	}
	if l == nil {
		l = coalesce(ctx.code.pick(lexer, source))
	}
	// Tokens kept are coalesced already, and coalescing them again
	// changes nothing (TestCoalesceTwice): they are given as they are.
	f := formatters.Get(formatter)
	if f == nil {
		f = formatters.Fallback
	}
	if s == nil {
		s = styles.Fallback
	}
	it, err := l.Tokenise(nil, source)
	if err != nil {
		return err //nolint:wrapcheck // as quick.Highlight returns it
	}
	switch formatter {
	case "terminal", "terminal8", "terminal16", "terminal256":
	default:
		return f.Format(w, s, it) //nolint:wrapcheck
	}
	pal := indexedPalettes()[formatter]
	key := themeKey{formatter, s}
	seqs := ctx.themes[key]
	if seqs == nil {
		seqs = themeSequences(pal, f, s, standardTypes())
		ctx.themes[key] = seqs
	}
	if kept != nil && o.out != nil {
		growFor(o.out, codeRoom(kept, seqs, o.indent))
	}
	colour := func(t chroma.TokenType) string {
		clr, ok := seqs[t]
		if !ok {
			clr = themeSequences(pal, f, s, []chroma.TokenType{t})[t]
			seqs[t] = clr
		}
		return clr
	}
	if iw, ok := w.(*IndentWriter); ok && iw.cells != nil {
		// A code block's writer: its pen is told the styles (see
		// tellTokens).
		if ctx.code.told == nil {
			ctx.code.told = map[string]toldStyle{}
		}
		ctx.code.b = tellTokens(iw, it, colour, ctx.code.told, ctx.code.b)
		return nil
	}
	// The formatter writes a token's sequence, value and reset in three
	// writes; they are gathered into writes of about flushAt bytes (the
	// writers after are line- and stream-oriented: the bytes are the same).
	buf := ctx.code.b[:0]
	for tok := it(); tok != chroma.EOF; tok = it() {
		clr := colour(tok.Type)
		if len(buf)+len(clr)+len(tok.Value)+len(ttyReset) > flushAt && len(buf) > 0 {
			_, _ = w.Write(buf)
			buf = buf[:0]
		}
		if len(tok.Value) >= flushAt {
			// A long token (coalesced plain text) is written as it is.
			_, _ = io.WriteString(w, clr)
			_, _ = io.WriteString(w, tok.Value)
			if clr != "" {
				_, _ = io.WriteString(w, ttyReset)
			}
			continue
		}
		buf = append(buf, clr...)
		buf = append(buf, tok.Value...)
		if clr != "" {
			buf = append(buf, ttyReset...)
		}
	}
	if len(buf) > 0 {
		_, _ = w.Write(buf)
	}
	ctx.code.b = buf[:0]
	return nil
}

// flushAt is about the size of highlight's writes.
const flushAt = 4 << 10

// codeBuffer is where highlight gathers what it writes, for one render's
// code blocks, one after another: at most about 2 flushAt.
type codeBuffer struct {
	b []byte
	// iw and ind are the IndentWriter code blocks are drawn through
	// and its cells, busy while a block holds them (see indentWriter).
	iw   *IndentWriter
	ind  cells
	busy bool
	// told holds the styles code's sequences leave a pen with (see
	// tellTokens).
	told map[string]toldStyle
	// names remembers the lexers of the last languages looked up.
	names recentLexers
	// replay gives the kept tokens of the block drawn (see replaying).
	replay *keptReplay
}

// replaying returns c's lexer that gives toks, kept tokens (see Lexed):
// one for the render's blocks, drawn one after another, each block's
// tokens given once its Tokenise is called. A replay and its iterator
// made for each block were two allocations of a small block's few.
func (c *codeBuffer) replaying(toks *KeptTokens) chroma.Lexer {
	if c.replay == nil {
		c.replay = newKeptReplay(lexers.Fallback, nil)
	}
	c.replay.toks = toks
	return c.replay
}

// newKeptReplay returns a keptReplay, lexer l, of toks.
func newKeptReplay(l chroma.Lexer, toks *KeptTokens) *keptReplay {
	r := &keptReplay{Lexer: l, toks: toks}
	r.next = r.token
	return r
}

// pick is Pick, the language looked up in c's names.
func (c *codeBuffer) pick(language, source string) chroma.Lexer {
	if len(language) > MaxLexerName {
		return Pick(language, source) // a name no lexer has: not kept
	}
	if l := c.names.lexer(language); l != nil {
		return l
	}
	if l := Analyse(source); l != nil {
		return l
	}
	return lexers.Fallback
}

// Themes holds the escape sequences of code highlighting that renderers
// work out (see highlight), for renderers used one after another (not at
// once) to share: the sequences of a formatter and style never change.
// The chroma styles made from code block configurations are shared too
// (see chromaStyleOf).
type Themes struct {
	m       map[themeKey]map[chroma.TokenType]string
	chromas map[*Chroma]*chroma.Style
}

// NewThemes returns an empty Themes.
func NewThemes() *Themes {
	return &Themes{m: map[themeKey]map[chroma.TokenType]string{}, chromas: map[*Chroma]*chroma.Style{}}
}

// SetThemes makes r keep and find its highlighting sequences and chroma
// styles in t.
func (r *ANSIRenderer) SetThemes(t *Themes) { r.context.themes, r.context.chromas = t.m, t.chromas }

// themeKey names the sequences of a formatter for a style.
type themeKey struct {
	formatter string
	style     *chroma.Style
}

// ttyReset is what chroma's indexed formatter writes after a coloured
// token.
const ttyReset = "\033[0m"

// themeSequences is the sequences the indexed formatter f of palette p
// writes before tokens of types in style s: worked out from the palette
// (see indexedSequences), or asked of f when there is none.
func themeSequences(p *indexedPalette, f chroma.Formatter, s *chroma.Style, types []chroma.TokenType) map[chroma.TokenType]string {
	if p != nil {
		return indexedSequences(p, s, types)
	}
	return sequences(f, s, types)
}

// sequences asks the indexed formatter f which escape sequence it writes
// before a token of each of types in style s: it formats one token of
// each, whose value is a NUL, and reads the sequence before each NUL (the
// formatter writes sequence, value, and a reset after a non-empty
// sequence).
func sequences(f chroma.Formatter, s *chroma.Style, types []chroma.TokenType) map[chroma.TokenType]string {
	toks := make([]chroma.Token, len(types))
	for i, t := range types {
		toks[i] = chroma.Token{Type: t, Value: "\x00"}
	}
	var b bytes.Buffer
	_ = f.Format(&b, s, chroma.Literator(toks...))
	out := make(map[chroma.TokenType]string, len(types))
	rest := b.String()
	for _, t := range types {
		clr, after, ok := strings.Cut(rest, "\x00")
		if !ok {
			break
		}
		out[t] = clr
		rest = after
		if clr != "" {
			rest = strings.TrimPrefix(rest, ttyReset)
		}
	}
	return out
}

// standardTypes are chroma's token types.
func standardTypes() []chroma.TokenType {
	types := make([]chroma.TokenType, 0, len(chroma.StandardTypes))
	for t := range chroma.StandardTypes {
		types = append(types, t)
	}
	return types
}

// Pick is the lexer that highlight picks for a code block of language
// and source, as quick.Highlight picks it: by name (see Lexer), else
// chroma's lexers.Analyse(source) (see Analyse), else lexers.Fallback.
func Pick(language, source string) chroma.Lexer {
	if l := Lexer(language); l != nil {
		return l
	}
	if l := Analyse(source); l != nil {
		return l
	}
	return lexers.Fallback
}

// keptReplay is a lexer whose Tokenise gives tokens lexed before,
// coalesced (see Lexed): the tokens of toks, from the first, until
// Tokenise is called again. Its iterator, next, is a method value made
// once, which reads the place of the token it gives in the replay.
type keptReplay struct {
	chroma.Lexer
	toks *KeptTokens
	next chroma.Iterator
	// at is where the next token is.
	at keptCursor
}

func (r *keptReplay) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) {
	r.at = keptCursor{}
	return r.next, nil
}

// token gives the next token, as toks.Iterator's iterator does.
func (r *keptReplay) token() chroma.Token { return r.at.next(r.toks) }
