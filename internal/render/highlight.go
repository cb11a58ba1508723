package render

import (
	"strings"
	"time"
	"unicode"
	"unsafe"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/sshblog/sshblog/internal/gansi"
	"github.com/yuin/goldmark/ast"
)

// Glamour colours code with chroma, whose lexers are backtracking regular
// expressions (regexp2), and some of them scan far ahead again from every
// token: 16 KB of "m{" tagged perl took 10 s to colour, 64 KB of `r#"`
// tagged rust 12 s, at every width, where the same code untagged takes
// milliseconds; the pool's budget, checked between pieces, cannot stop a
// piece. Untagged code is analysed to pick a lexer, and chroma's C
// analyser is quadratic in blank lines (4,000: 0.45 s). So when a piece
// is prepared, its code is lexed once, as glamour will lex it, against a
// deadline (highlightBudget); code that does not lex in time is drawn
// without colours in that piece, at every width, which costs what text
// does. Ordinary code lexes at 1-5 µs a byte (25-115 under -race).
const (
	highlightBase    = 100 * time.Millisecond
	highlightPerByte = 20 * time.Microsecond
)

// highlightBudget is the time the code blocks of a piece, code bytes in
// all, may take to lex.
func highlightBudget(code int) time.Duration {
	return highlightBase + time.Duration(code)*highlightPerByte
}

// mayHaveCode is a cheap test for a line that may open or hold a code
// block: whether a line of md matches ^[ >]*(```|~~~|    ) (what the
// regular expression mayHaveCodeExpr says, which TestMayHaveCodeIsTheExpression
// holds it to). Go's regexp tries a multi-line "^" at every byte of a
// line, so on a piece of one long line (a hostile post of a megabyte of
// images on one line) the expression cost 5% of its render; this reads a
// line only up to its first byte that is neither " " nor ">".
func mayHaveCode(md string) bool {
	for len(md) > 0 {
		// The run of " " and ">" the line starts with: the marker may
		// follow it, or four spaces may start anywhere in it.
		k := 0
		for k < len(md) && (md[k] == ' ' || md[k] == '>') {
			k++
		}
		rest := md[k:]
		if strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~") {
			return true
		}
		for j := 0; j+4 <= len(md) && j <= k; j++ {
			if md[j:j+4] == "    " {
				return true
			}
		}
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			return false
		}
		md = rest[i+1:]
	}
	return false
}

// lexesIn reports whether chroma lexes the code blocks of the parsed
// piece, the language of each picked as glamour picks it (quick.Highlight:
// by name, else by analysing the code), within highlightBudget. The parse
// is shared with figuresIn. When keep is not nil, the tokens of each block
// lexed in time are kept in it, for the render that colours the code (see
// lexedCode).
func lexesIn(p *parsed, keep lexedCode) bool { return lexesAt(p, keep, 0) }

// lexesAt is lexesIn for a piece whose first render is at width (0: not
// known): the code of a block at the top of the piece is lexed as that
// render will draw it, its lines wider than the width wrapped (see
// codeBlocksAt), so that the render finds its tokens.
func lexesAt(p *parsed, keep lexedCode, width int) bool {
	return lexesOf(codeBlocksAt(p, width), keep)
}

// lexedAt is lexesAt keeping the tokens in a lexedCode it makes, with
// room for every block unlike the one before it (blocks alike share
// their entry): grown by doubling, the map of 570 small blocks' tokens
// was twice what it came to.
func lexedAt(p *parsed, width int) (lexedCode, bool) {
	blocks := codeBlocksAt(p, width)
	n := 0
	for i, b := range blocks {
		if i == 0 || b != blocks[i-1] {
			n++
		}
	}
	keep := make(lexedCode, n)
	return keep, lexesOf(blocks, keep)
}

// lexesOf is lexesAt of blocks. The deadline is of work time (see
// workClock): on a loaded machine, code that lexes in time when the
// machine is idle is coloured all the same.
func lexesOf(blocks []codeKey, keep lexedCode) bool {
	size := 0
	for _, b := range blocks {
		size += len(b.code)
	}
	clock := startWork()
	defer clock.stop()
	d := deadline{now: clock.elapsed, at: highlightBudget(size)}
	return lexesBefore(blocks, d.expired, keep)
}

// deadline tells whether its time is up, asked before each token a
// lexer gives, reading the clock at most every maxClockSkip+1 asks: a
// reading costs more than lexing a short token does (the wall clock 45
// ns: a line of 16 KB of "x+", 16,000 tokens, spent a tenth of its render
// reading it at every token; the thread's CPU clock, a system call, 200
// ns). The asks between readings grow by doubling while those before
// took less than quickTokens, and fall back to none when they did not,
// so that tokens that take long (a lexer scanning far ahead from each)
// are each followed by a reading, as before.
type deadline struct {
	now        func() time.Duration // the clock: time since the start
	at, last   time.Duration
	skip, left int
}

// maxClockSkip bounds the asks a deadline answers without reading the
// clock; quickTokens is the time the asks before a reading may have
// taken for the next ones to skip more.
const (
	maxClockSkip = 127
	quickTokens  = time.Millisecond
)

func (d *deadline) expired() bool {
	if d.left > 0 {
		d.left--
		return false
	}
	now := d.now()
	if now > d.at {
		return true
	}
	if now-d.last < quickTokens {
		d.skip = min(2*d.skip+1, maxClockSkip)
	} else {
		d.skip = 0
	}
	d.last, d.left = now, d.skip
	return false
}

// lexesBefore is lexesIn of blocks, with expired telling whether their
// time is up; it is asked before each token a lexer of patterns gives
// (a plain-text lexer's tokens are cut without them, and not timed) and
// once after each block.
func lexesBefore(blocks []codeKey, expired func() bool, keep lexedCode) bool {
	var ls lexings // one lexing's state for the blocks, one after another
	for _, b := range blocks {
		toks, ok := lexInTime(b.lang, b.code, expired, keep != nil, &ls)
		if !ok {
			return false
		}
		if toks != nil {
			keep[b] = toks
		}
	}
	return true
}

// codeBlocks returns the code blocks of p, fenced and indented, in
// document order: the language written and the code.
func codeBlocks(p *parsed) []codeKey { return codeBlocksAt(p, 0) }

// codeBlocksAt is codeBlocks with the code of each block at the top of
// the document (not in a list or a quote; a fence not indented) wrapped
// as a render at width wraps it, when width is not 0: its lines wider
// than the code's room cut by wrapCode, as prepare cuts a fenced block's
// lines and Lower an indented block's. Code that came out otherwise (a
// line that prepare changes besides) is not the code the render colours:
// the render lexes it again, as it lexed every wrapped block before (16
// KB of Go with lines wider than the window: half its render).
func codeBlocksAt(p *parsed, width int) []codeKey {
	if width > 0 {
		width = max(MinWidth, min(width, MaxWidth)) - codeMargins
	}
	if !mayHaveCode(p.md) {
		return nil
	}
	src := p.src()
	// Room for the fenced blocks (grown by doubling, the slice of 570
	// small blocks was twice what it came to); indented ones are added.
	blocks := make([]codeKey, 0, fences(p.md)/2+1)
	_ = ast.Walk(p.tree(), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var b codeKey
		switch c := n.(type) {
		case *ast.FencedCodeBlock:
			b.lang = string(c.Language(src))
		case *ast.CodeBlock:
		default:
			return ast.WalkContinue, nil
		}
		var code strings.Builder
		lines := n.Lines()
		if k := lines.Len(); k > 0 {
			// The code's bytes, about: the builder grew by doubling.
			code.Grow(max(0, lines.At(k-1).Stop-lines.At(0).Start))
		}
		wrap := width > 0 && n.Parent() != nil && n.Parent().Kind() == ast.KindDocument
		fenced := n.Kind() == ast.KindFencedCodeBlock
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := seg.Value(src)
			if wrap && fenced && (seg.Padding > 0 || seg.Start > 0 && src[seg.Start-1] != '\n') {
				wrap = false // an indented fence: its lines are cut otherwise
			}
			if !wrap || !codeMayWrap(unsafe.String(unsafe.SliceData(line), lineLen(line)), width) {
				code.Write(line)
				continue
			}
			writeWrappedCode(&code, string(line), width, !fenced)
		}
		b.code = code.String()
		blocks = append(blocks, b)
		return ast.WalkSkipChildren, nil
	})
	return blocks
}

// fences counts the lines of md that may open or close a fenced code
// block: the lines whose first bytes other than " " and ">" are "```"
// or "~~~".
func fences(md string) int {
	n := 0
	for len(md) > 0 {
		k := 0
		for k < len(md) && (md[k] == ' ' || md[k] == '>') {
			k++
		}
		rest := md[k:]
		if strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~") {
			n++
		}
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		md = rest[i+1:]
	}
	return n
}

// lineLen is the length of line without its line end ("\r" and "\n"
// at its end): a line end takes no cell.
func lineLen(line []byte) int {
	n := len(line)
	for n > 0 && (line[n-1] == '\n' || line[n-1] == '\r') {
		n--
	}
	return n
}

// writeWrappedCode writes line, a line of a code block with its line end,
// as the render's code has it once wrapCode cut it at width: the parts
// of a fenced block's line, each a line, as prepare joins them (the line
// as it is, but for a line end), and for an indented block's line, the
// line without its end cut as Lower cuts it (a line of one part as it
// is).
func writeWrappedCode(b *strings.Builder, line string, width int, indented bool) {
	text := line
	end := ""
	if indented {
		text = strings.TrimRight(line, "\r\n")
	} else if strings.HasSuffix(line, "\n") {
		text = line[:len(line)-1]
		end = "\n"
	}
	parts := wrapCode(text, width)
	if len(parts) <= 1 {
		b.WriteString(line)
		return
	}
	for i, part := range parts {
		b.WriteString(part)
		if indented || i < len(parts)-1 {
			b.WriteByte('\n')
		}
	}
	b.WriteString(end)
}

// codeKey is a code block: its language as written and its code.
type codeKey struct{ lang, code string }

// lexedCode holds the tokens of code blocks lexed by lexesIn, so that the
// render colouring them right after does not lex them again (lexing was
// most of the colouring, and the colouring 5% of a long post's cold
// render): the tokens of the lexer glamour picks for the same language
// and code, coalesced, so the colours are the same. Code that prepare or
// Lower wrap is not the code lexed, and is lexed again (16 KB of Go with
// lines wider than the window: half its render). It is kept for the
// first render of a piece only, not in the cache.
type lexedCode map[codeKey]*gansi.KeptTokens

// tokens is a gansi.Lexed.
func (c lexedCode) tokens(lang, code string) (*gansi.KeptTokens, bool) {
	toks, ok := c[codeKey{lang, code}]
	return toks, ok
}

// lexInTime reports whether the lexer of code is picked and lexes it
// before expired says its time is up; with keep, it returns the tokens of
// a lexer picked and done in time, coalesced (as gansi.Lexed gives them);
// without, nil.
// Untagged code that no analyser recognises is lexed by chroma's fallback
// lexer, as glamour lexes it, and its tokens are kept too, so that the
// render neither analyses it again nor lexes it.
//
// The tokens are kept as gansi.KeptTokens, cut from the code: gathered
// in a slice, each block's grew by appending and was cloned (a line of
// 16 KB of "x+": 2 MB).
//
// With ls, the lexing is done in its state (see gansi.Lexings).
func lexInTime(lang, code string, expired func() bool, keep bool, ls *lexings) (*gansi.KeptTokens, bool) {
	g := ls.state()
	l := g.Lexer(lang)
	if l == nil {
		if blankRuns(code) > maxBlankRuns {
			return nil, false // not worth finding out
		}
		l = gansi.Analyse(code)
	}
	if l == nil {
		l = lexers.Fallback
	}
	// The time is checked at every token the lexer gives, before they
	// are coalesced: a run of one type can take a lexer long. Plain text
	// is cut from the code without lexing, in linear time.
	src, plain := l, gansi.PlainText(l)
	var tl *timedLexer
	if ls != nil {
		tl = &ls.timed // the lexings' own, one block at a time
	} else {
		tl = &timedLexer{}
	}
	tl.late = false
	if !plain {
		*tl = timedLexer{Lexer: g.Prefiltered(l), expired: expired, next: tl.next}
		src = tl
	}
	it, err := g.Coalesced(src).Tokenise(nil, code)
	if err != nil {
		return nil, true // glamour reports it
	}
	var toks *gansi.KeptTokens
	if keep {
		// Plain text comes in runs of about 8 KB; Go's tokens,
		// coalesced, are 4 to 5 bytes, and a short line's shorter ("x
		// := 1": 5 tokens of 7 bytes): short code gets a token a byte,
		// in one chunk, not a chunk of 4 and more after it.
		expect := len(code) / 6
		if len(code) <= 64 {
			expect = len(code)
		}
		if plain {
			expect = len(code)/(8<<10) + 1
		}
		toks = gansi.NewKeptTokens(code, expect)
	}
	for tok := it(); tok != chroma.EOF; tok = it() {
		if keep {
			toks.Add(tok)
		}
	}
	// Also after a lexer that tokenises all at once.
	if tl.late || expired() {
		return nil, false
	}
	return toks, true
}

// timedLexer is a lexer whose tokens end when expired says the time is
// up, which it then records in late. One is kept for a piece's blocks,
// lexed one after another (see lexings), its iterator a method value
// made once.
type timedLexer struct {
	chroma.Lexer
	expired func() bool
	late    bool
	it      chroma.Iterator // the lexer's
	next    chroma.Iterator // t.tokens, once made
}

func (t *timedLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	it, err := t.Lexer.Tokenise(options, text)
	if err != nil {
		return nil, err //nolint:wrapcheck // as the lexer gives it
	}
	t.it, t.late = it, false
	if t.next == nil {
		t.next = t.tokens
	}
	return t.next, nil
}

// tokens is the iterator of t's tokens.
func (t *timedLexer) tokens() chroma.Token {
	if t.late {
		return chroma.EOF
	}
	if t.expired() {
		t.late = true
		return chroma.EOF
	}
	return t.it()
}

// lexings is a piece's blocks' gansi.Lexings and its timedLexer.
type lexings struct {
	gansi.Lexings
	timed timedLexer
}

// state is ls's gansi.Lexings (nil for a nil ls: lexings lend nothing).
func (ls *lexings) state() *gansi.Lexings {
	if ls == nil {
		return nil
	}
	return &ls.Lexings
}

// maxBlankRuns bounds blankRuns for untagged code that is analysed: about
// 10 ms of analysis.
const maxBlankRuns = 1 << 18

// blankRuns is what chroma's C analyser (`(?m)^\s*#include <`, whose \s*
// runs over line ends) reads of code: from each line start in a run of
// blank lines, the rest of the run. 4,000 blank lines: 16 M, 0.45 s. It is
// the one analyser found to be slow; the deadline catches any other.
func blankRuns(code string) int {
	total, lines, bytes := 0, 0, 0
	for code != "" {
		line, rest, _ := strings.Cut(code, "\n")
		code = rest
		if strings.TrimFunc(line, unicode.IsSpace) == "" {
			lines, bytes = lines+1, bytes+len(line)+1
			continue
		}
		total, lines, bytes = total+lines*bytes, 0, 0
	}
	return total + lines*bytes
}
