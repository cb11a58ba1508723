package gansi

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/alecthomas/chroma/v2"
)

// TestCodeBlocksShareTheirWriter: code blocks drawn one after another in
// one render, through the IndentWriter they share (see indentWriter),
// and one drawn while another holds it, are byte for byte what a block
// drawn alone, in a render of its own, is (the writer reset, nothing of
// the block before left in it): in the dark and light styles
// (their code coloured with the tokens lexed before, as render keeps
// them, and without), under blocks of several styles.
func TestCodeBlocksShareTheirWriter(t *testing.T) {
	codes := []struct{ lang, code string }{
		{"go", "package main\n\n// main says hi.\nfunc main() {\n\tx := `raw\nstring`\n\tprintln(x, \"中文\")\n}\n"},
		{"", "a\na\n\n\na\n"},
		{"python", "def f(a):\n    return a * 2.5  # note\n"},
		{"lang-1.go", "x := 1\n"},
		{"text", "plain\r\nline \xff\n"},
		{"", ""},
		{"diff", "-old\n+new"},
	}
	str := func(s string) *string { return &s }
	blocks := []StyleBlock{{}, {StylePrimitive: StylePrimitive{Color: str("252"), BackgroundColor: str("3")}}}
	lexed := func(lang, code string) (*KeptTokens, bool) {
		it, err := coalesce(Pick(lang, code)).Tokenise(nil, code)
		if err != nil {
			return nil, false
		}
		return KeepTokens(code, it.Tokens()), true
	}
	for _, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig} {
		for _, withLexed := range []bool{false, true} {
			draw := func(ctx RenderContext, st StyleBlock, c int, hold bool) string {
				ctx.blockStack.Push(BlockElement{Block: &bytes.Buffer{}, Style: st})
				defer ctx.blockStack.Pop()
				if withLexed {
					ctx.lexed = lexed
				}
				if hold {
					ctx.code.busy = true
					defer func() { ctx.code.busy = false }()
				}
				var out bytes.Buffer
				e := &CodeBlockElement{Code: codes[c].code, Language: codes[c].lang}
				if err := e.Render(&out, ctx); err != nil {
					t.Fatal(err)
				}
				return out.String()
			}
			// The renders share their sequences: chroma picks among
			// equally near palette colours at random (see
			// TestHighlightIsQuickHighlight).
			themes := NewThemes()
			newContext := func() RenderContext {
				ctx := NewRenderContext(Options{WordWrap: 80, Styles: sc})
				ctx.themes, ctx.chromas = themes.m, themes.chromas
				return ctx
			}
			shared := newContext()
			for round := range 2 {
				for _, st := range blocks {
					for c := range codes {
						want := draw(newContext(), st, c, false)
						if got := draw(shared, st, c, round == 1 && c%2 == 1); got != want {
							t.Fatalf("%q (lexed %v, round %d): in a shared render %q, alone %q", codes[c].lang, withLexed, round, got, want)
						}
					}
				}
			}
		}
	}
}

// TestCodeRoomHoldsTheBlock: codeRoom, the room made in a block's buffer
// before its code is written, holds what the code block writes (else
// the buffer grew again, by doubling: 16 KB of one-letter lines cost a
// third more memory), and is not far more than that, for code of short
// and long lines, coloured and plain, in the dark and light styles.
func TestCodeRoomHoldsTheBlock(t *testing.T) {
	codes := []struct{ lang, code string }{
		{"", strings.Repeat("a\n", 8192)},
		{"", strings.Repeat("a\n\n", 100)},
		{"go", strings.Repeat("func f() {\n\treturn x + 1 // note\n}\n", 50)},
		{"python", "def f(a):\n    return a * 2.5  # note\n"},
		{"text", strings.Repeat("plain text, a longer line of it\n", 30)},
	}
	for _, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig} {
		for _, c := range codes {
			it, err := coalesce(Pick(c.lang, c.code)).Tokenise(nil, c.code)
			if err != nil {
				t.Fatal(err)
			}
			toks := it.Tokens()
			ctx := NewRenderContext(Options{WordWrap: 80, Styles: sc})
			kept := KeepTokens(c.code, toks)
			ctx.lexed = func(string, string) (*KeptTokens, bool) { return kept, true }
			ctx.blockStack.Push(BlockElement{Block: &bytes.Buffer{}, Style: StyleBlock{}})
			var out bytes.Buffer
			e := &CodeBlockElement{Code: c.code, Language: c.lang}
			if err := e.Render(&out, ctx); err != nil {
				t.Fatal(err)
			}
			var seqs map[chroma.TokenType]string
			for _, s := range ctx.themes {
				seqs = s
			}
			iw := ctx.code.iw
			room := codeRoom(kept, seqs, iw.Indent*len(iw.cells.cell))
			if room < out.Len() || room > 2*out.Len()+64 {
				t.Errorf("%q, %d bytes: room %d for %d bytes written", c.lang, len(c.code), room, out.Len())
			}
		}
	}
}

// TestCodeRoomIsTheSum: codeRoom is the sum it stands for, token by
// token, for tokens cut from the code and tokens kept whole (a lexer
// that changes the text), of many types.
func TestCodeRoomIsTheSum(t *testing.T) {
	seqs := map[chroma.TokenType]string{chroma.Keyword: "\x1b[1m\x1b[38;5;1m", chroma.Name: "\x1b[38;5;2m", chroma.Text: ""}
	types := []chroma.TokenType{chroma.Keyword, chroma.Name, chroma.Text, chroma.Comment, chroma.Punctuation,
		chroma.Keyword + 16, chroma.Name + 32}
	values := []string{"a", "\n", "ab\ncd", "", "  ", "\n\n", "é"}
	rng := rand.New(rand.NewPCG(5, 11))
	for round := range 2000 {
		var toks []chroma.Token
		var code strings.Builder
		for range rng.IntN(30) {
			tok := chroma.Token{Type: types[rng.IntN(len(types))], Value: values[rng.IntN(len(values))]}
			toks = append(toks, tok)
			code.WriteString(tok.Value)
		}
		src := code.String()
		switch round % 3 {
		case 0:
			src = "y" + src // tokens that do not follow the code: kept whole
		case 1:
			src += "x" // tokens cut from the code, not all of it
		}
		kept := KeepTokens(src, toks)
		want, lines, longest := 0, 1, 0
		for _, tok := range toks {
			clr := seqs[tok.Type]
			want += len(clr) + len(tok.Value)
			if clr != "" {
				want += len(ttyReset)
			}
			longest = max(longest, len(clr))
			lines += strings.Count(tok.Value, "\n")
		}
		want += lines * (2*len("\x1b[m") + 3 + 2*longest)
		if got := codeRoom(kept, seqs, 3); got != want {
			t.Fatalf("round %d: codeRoom %d, the sum %d", round, got, want)
		}
	}
}
