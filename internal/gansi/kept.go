package gansi

import (
	"math"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// KeptTokens is a code block's tokens, coalesced, kept from its lexing
// for the render that draws it (see Lexed). Tokens that follow one
// another through the code, as a lexer's do, are kept as their type and
// where each ends in the code, 8 bytes a token, the values cut from the
// code when they are given again; tokens that do not (a lexer that
// leaves text out, or changes it: "\r\n" made "\n") are kept whole.
// They were kept whole in a slice grown by appending, and cloned: a line
// of 16 KB of "x+" (16,000 tokens of 24 bytes) cost 2 MB, seven times
// prose of its size.
type KeptTokens struct {
	code string
	// at is where the next token starts in code, while the tokens
	// follow it (else -1, and they are in toks).
	at int
	// cuts holds the tokens that follow the code, in chunks that grow
	// by doubling up to maxChunk: none is copied as they come.
	cuts  [][]tokenCut
	n     int
	first int // the first chunk's size
	toks  []chroma.Token
}

// tokenCut is a token kept as its type and where its value ends in the
// code (it starts where the token before ends).
type tokenCut struct {
	typ int32
	end uint32
}

// Chunks of cuts: the first holds the tokens the caller expects (at
// least minChunk), each next twice the one before, up to maxChunk (64
// KB).
const (
	minChunk = 4
	maxChunk = 8192
)

// NewKeptTokens returns an empty KeptTokens of tokens lexed from code,
// about expect of them.
func NewKeptTokens(code string, expect int) *KeptTokens {
	at := 0
	if len(code) > math.MaxUint32 {
		at = -1
	}
	return &KeptTokens{code: code, at: at, first: min(max(expect, minChunk), maxChunk)}
}

// Add keeps tok, the next token.
func (k *KeptTokens) Add(tok chroma.Token) {
	if k.at >= 0 && tok.Type == chroma.TokenType(int32(tok.Type)) && strings.HasPrefix(k.code[k.at:], tok.Value) {
		// (A value cut from the code itself is told at once: the
		// comparison finds the same bytes at the same place.)
		k.at += len(tok.Value)
		k.cut(tokenCut{int32(tok.Type), uint32(k.at)})
		return
	}
	if k.at >= 0 {
		k.toks = make([]chroma.Token, 0, k.n+1)
		it := k.Iterator()
		for t := it(); t != chroma.EOF; t = it() {
			k.toks = append(k.toks, t)
		}
		k.at, k.cuts = -1, nil
	}
	k.toks = append(k.toks, tok)
	k.n++
}

// cut adds c to the last chunk, or to a new one when that is full.
func (k *KeptTokens) cut(c tokenCut) {
	last := len(k.cuts) - 1
	if last < 0 || len(k.cuts[last]) == cap(k.cuts[last]) {
		size := k.first
		if last >= 0 {
			size = min(2*cap(k.cuts[last]), maxChunk)
		}
		k.cuts = append(k.cuts, make([]tokenCut, 0, size))
		last++
	}
	k.cuts[last] = append(k.cuts[last], c)
	k.n++
}

// Len is the number of tokens kept.
func (k *KeptTokens) Len() int { return k.n }

// Iterator gives the tokens kept, in order.
func (k *KeptTokens) Iterator() chroma.Iterator {
	var c keptCursor
	return func() chroma.Token { return c.next(k) }
}

// keptCursor is a place in kept tokens: its chunk of cuts, its place in
// the chunk (or in toks), and where the next token's value starts in the
// code. Its zero value is the first token.
type keptCursor struct {
	chunk, i, start int
}

// next gives k's token at c and moves c past it; chroma.EOF after the
// last.
func (c *keptCursor) next(k *KeptTokens) chroma.Token {
	if k.at < 0 {
		if c.i == len(k.toks) {
			return chroma.EOF
		}
		c.i++
		return k.toks[c.i-1]
	}
	for c.chunk < len(k.cuts) && c.i == len(k.cuts[c.chunk]) {
		c.chunk, c.i = c.chunk+1, 0
	}
	if c.chunk == len(k.cuts) {
		return chroma.EOF
	}
	cut := k.cuts[c.chunk][c.i]
	c.i++
	tok := chroma.Token{Type: chroma.TokenType(cut.typ), Value: k.code[c.start:cut.end]}
	c.start = int(cut.end)
	return tok
}

// each calls f with each token kept, in order.
func (k *KeptTokens) each(f func(chroma.Token)) {
	if k.at < 0 {
		for _, t := range k.toks {
			f(t)
		}
		return
	}
	start := 0
	for _, chunk := range k.cuts {
		for _, c := range chunk {
			f(chroma.Token{Type: chroma.TokenType(c.typ), Value: k.code[start:c.end]})
			start = int(c.end)
		}
	}
}

// KeepTokens is toks kept as lexed from code.
func KeepTokens(code string, toks []chroma.Token) *KeptTokens {
	k := NewKeptTokens(code, len(toks))
	for _, t := range toks {
		k.Add(t)
	}
	return k
}
