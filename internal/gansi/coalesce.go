package gansi

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// coalesce is chroma.Coalesce, which merges runs of tokens of one type
// into tokens of up to about maxCoalesced bytes, without its string
// concatenation: it added each token to the run's string, copying the
// run each time, so that a run of 8 KB of two-byte tokens (a code block
// of one-letter lines) cost 16 MB, and 16 KB of such code 116 times the
// memory of prose of its size. A run of one token is given as it is, not
// copied. The tokens are the same (TestCoalesceAsChroma), and coalescing
// coalesced tokens again changes nothing (TestCoalesceTwice), so tokens
// kept coalesced may be given to it again (see Lexed).
//
// A lexer with chroma's plain-text rules (the fallback lexer of untagged
// code that no analyser recognises, and "text") is not run: its tokens,
// coalesced, are slices of the code (see plainText).
func coalesce(l chroma.Lexer) chroma.Lexer {
	if PlainText(l) {
		return plainText{l}
	}
	return coalescer{Prefiltered(l)}
}

// Coalesced is the lexer that gives l's tokens coalesced as chroma.Coalesce
// merges them, without lexing when l is a plain-text lexer, for a caller
// that keeps tokens for Lexed.
func Coalesced(l chroma.Lexer) chroma.Lexer { return coalesce(l) }

// maxCoalesced is chroma's bound on a merged token: a token is added to
// the run while the run is shorter than this.
const maxCoalesced = 8192

type coalescer struct{ chroma.Lexer }

func (c coalescer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	it, err := c.Lexer.Tokenise(options, text)
	if err != nil {
		return nil, err //nolint:wrapcheck // as chroma.Coalesce returns it
	}
	return (&coalescing{it: it, text: text}).next, nil
}

// coalescing is the state of a coalescer's iterator: one value, not
// variables each kept apart for closures (a code block of a line each
// has a few tokens).
//
// A lexer's tokens follow one another through the text, most often (a
// lexer may leave text out, or change it): while they do, a run is cut
// from the text, not copied (runs of spaces and line ends in code of
// lines indented by tabs: each run a string made for it).
type coalescing struct {
	it     chroma.Iterator
	run    chroma.Token // the run's first token (or, cut from text, the run)
	have   bool
	merged bool // whether b holds the run (else run.Value is all of it)
	b      strings.Builder
	// text is the text lexed; at is where the next token starts in
	// it while the tokens follow it (else -1), runAt where the run
	// does (-1: not in text).
	text      string
	at, runAt int
}

func (c *coalescing) runLen() int {
	if c.merged {
		return c.b.Len()
	}
	return len(c.run.Value)
}

func (c *coalescing) end() chroma.Token {
	out := c.run
	if c.merged {
		out.Value = c.b.String()
	}
	return out
}

// follow is where tok is in the text, when it follows the token before
// (else -1, from then on).
func (c *coalescing) follow(tok chroma.Token) int {
	if c.at < 0 || !strings.HasPrefix(c.text[c.at:], tok.Value) {
		c.at = -1
		return -1
	}
	at := c.at
	c.at += len(tok.Value)
	return at
}

func (c *coalescing) next() chroma.Token {
	for tok := c.it(); tok != chroma.EOF; tok = c.it() {
		if len(tok.Value) == 0 {
			continue
		}
		at := c.follow(tok)
		if !c.have {
			c.run, c.have, c.merged, c.runAt = tok, true, false, at
			continue
		}
		if c.run.Type == tok.Type && c.runLen() < maxCoalesced {
			if c.runAt >= 0 && at >= 0 {
				// The run and tok follow each other in the text.
				c.run.Value = c.text[c.runAt : at+len(tok.Value)]
				continue
			}
			if !c.merged {
				c.b = strings.Builder{}
				c.b.Grow(len(c.run.Value) + len(tok.Value))
				c.b.WriteString(c.run.Value)
				c.merged, c.runAt = true, -1
			}
			c.b.WriteString(tok.Value)
			continue
		}
		out := c.end()
		c.run, c.merged, c.runAt = tok, false, at
		return out
	}
	if !c.have {
		return chroma.EOF
	}
	out := c.end()
	c.have, c.merged = false, false
	return out
}

// plainText is coalesce(l) for a plain-text lexer l (see PlainText):
// chroma's tokens of such a lexer are a Text token for each line's text
// and one for each line end, which coalesce merges into runs of about
// maxCoalesced bytes: the same runs are cut from the code as it is, once
// line ends are made "\n" and invalid UTF-8 made U+FFFD as chroma makes
// them. Chroma lexed them with regexp2 at 2 KB a token and a match
// object for each (16 KB of one-letter lines: 24 MB and 30 ms, a code
// block of 16 KB twenty times the time of prose of its size). The tokens
// are chroma's (TestPlainTextIsChromas), save where chroma's match timed
// out (250 ms a rule, on a loaded machine) and lexed the rest of a line
// as an Error token: these never time out, so untagged code is drawn the
// same whatever the load.
type plainText struct{ chroma.Lexer }

func (p plainText) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options != nil {
		return coalescer(p).Tokenise(options, text)
	}
	// As chroma's default options do (EnsureLF), and as it reads the
	// text: as runes, an invalid byte made U+FFFD.
	if strings.IndexByte(text, '\r') >= 0 {
		text = ensureLF(text)
	}
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	return func() chroma.Token {
		if text == "" {
			return chroma.EOF
		}
		// Tokens are added to the run while it is shorter than the
		// bound: a token is a line's text up to its end, or a "\n".
		n := 0
		for n < len(text) && n < maxCoalesced {
			if text[n] == '\n' {
				n++
				continue
			}
			if i := strings.IndexByte(text[n:], '\n'); i >= 0 {
				n += i
			} else {
				n = len(text)
			}
		}
		tok := chroma.Token{Type: chroma.Text, Value: text[:n]}
		text = text[n:]
		return tok
	}, nil
}

// ensureLF is chroma's (regexp.go, v2.14.0; unexported there): "\r\n"
// and a lone "\r" made "\n".
func ensureLF(text string) string {
	buf := make([]byte, len(text))
	var j int
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\r' {
			if i < len(text)-1 && text[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		buf[j] = c
		j++
	}
	return string(buf[:j])
}

// PlainText reports whether l is a regular expression lexer whose rules
// are chroma's plain-text rules (lexers.PlaintextRules: in its one state,
// ".+" and "\n", each a Text token) and whose configuration changes
// neither ("." matching a line end, a line end added), read from the
// lexer itself so that a chroma whose fallback lexer changes is not
// taken for one.
func PlainText(l chroma.Lexer) bool {
	rl, ok := l.(*chroma.RegexLexer)
	if !ok {
		return false
	}
	c := rl.Config()
	if c == nil || c.DotAll || c.EnsureNL {
		return false
	}
	rules, err := rl.Rules()
	if err != nil || len(rules) != 1 {
		return false
	}
	root, ok := rules["root"]
	if !ok || len(root) != 2 {
		return false
	}
	for i, pattern := range [...]string{`.+`, `\n`} {
		r := root[i]
		if t, ok := r.Type.(chroma.TokenType); r.Pattern != pattern || !ok || t != chroma.Text || r.Mutator != nil {
			return false
		}
	}
	return true
}
