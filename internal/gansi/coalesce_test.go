package gansi

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TestCoalesceAsChroma: coalesce gives the tokens chroma.Coalesce gives,
// for code in several languages, runs longer than its bound, empty code.
func TestCoalesceAsChroma(t *testing.T) {
	sources := map[string]string{
		"go":     "package main\n\nfunc main() {\n\tprintln(\"hi\") // a comment\n}\n",
		"python": "def f(x):\n    return x * 2  # twice\n\nprint(f(3))\n",
		"":       strings.Repeat("a\n", 10000),
		"text":   strings.Repeat("word ", 5000) + "\n",
		"bash":   "",
		"json":   `{"a": [1, 2, 3], "b": null}` + strings.Repeat(" ", 9000) + "\n",
	}
	for lang, src := range sources {
		l := lexers.Get(lang)
		if l == nil {
			l = lexers.Fallback
		}
		want := tokens(t, chroma.Coalesce(l), src)
		if got := tokens(t, coalesce(l), src); !slices.Equal(got, want) {
			t.Errorf("%q: %d tokens, chroma's coalescer %d", lang, len(got), len(want))
		}
	}
}

// TestPlainTextIsChromas: the tokens of a plain-text lexer (chroma's
// fallback lexer and "text"), cut from the code without lexing, are the
// tokens chroma's lexer gives coalesced by chroma.Coalesce, for empty
// code, line ends of every kind, invalid UTF-8, control and separator
// characters that a regular expression's "." might not match, lines
// longer than the bound and runs of lines across it, and random text of
// those pieces.
func TestPlainTextIsChromas(t *testing.T) {
	plain := []chroma.Lexer{lexers.Fallback, lexers.Get("text")}
	for _, l := range plain {
		if !PlainText(l) {
			t.Fatalf("%s is not taken for a plain-text lexer", lexerName(l))
		}
	}
	for _, name := range []string{"go", "python", "bash", "markdown", "yaml"} {
		if l := lexers.Get(name); PlainText(l) {
			t.Errorf("%s is taken for a plain-text lexer", name)
		}
	}
	sources := []string{"", "\n", "\n\n", "a", "a\n", "\r", "\r\n", "\r\r\n\n", "a\rb\r\nc\n\rd",
		"\xff", "a\xffb\n\xc3", "\xe2\x82", "\x00\t\v\f\x1b[31m\n", "\u0085\u2028\u2029\u000b",
		"中文\n", strings.Repeat("a", maxCoalesced-1) + "\nb", strings.Repeat("a", maxCoalesced) + "\nb",
		strings.Repeat("a", 3*maxCoalesced+5), strings.Repeat("a\n", 3*maxCoalesced), strings.Repeat("\n", 2*maxCoalesced+1),
		strings.Repeat("ab\r\n", maxCoalesced), strings.Repeat("x\xff\n", maxCoalesced)}
	pieces := []string{"a", "bc", " ", "\n", "\r", "\r\n", "\xff", "é", "\u2028", "\x00", strings.Repeat("z", 3000)}
	r := rand.New(rand.NewPCG(6, 1))
	for range 150 {
		var b strings.Builder
		for n := r.IntN(200); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		sources = append(sources, b.String())
	}
	compared := 0
	for _, l := range plain {
		for _, src := range sources {
			want := tokens(t, chroma.Coalesce(l), src)
			// A regexp2 match that hits chroma's 250 ms timeout (a
			// loaded machine, the race detector) lexes an Error token,
			// which these rules never give otherwise: a difference of
			// the clock, so chroma lexes again before it is one.
			for try := 0; slices.ContainsFunc(want, isError) && try < 3; try++ {
				want = tokens(t, chroma.Coalesce(l), src)
			}
			if slices.ContainsFunc(want, isError) {
				t.Logf("%s, %.60q: chroma's lexer timed out thrice: not compared", lexerName(l), src)
				continue
			}
			if got := tokens(t, coalesce(l), src); !slices.Equal(got, want) {
				t.Fatalf("%s, %.60q: %d tokens %.200q, chroma's %d %.200q", lexerName(l), src, len(got), got, len(want), want)
			}
			compared++
		}
	}
	// Timeouts are rare even under load: a run that compared few
	// sources proved nothing.
	if all := len(plain) * len(sources); compared < all*9/10 {
		t.Errorf("only %d of %d sources compared: chroma timed out on the rest", compared, all)
	}
}

func isError(t chroma.Token) bool { return t.Type == chroma.Error }

// TestCoalesceTwice: tokens coalesced are coalesced again into the same
// tokens, so that tokens kept coalesced (see Lexed) colour code as the
// lexer's own tokens do.
func TestCoalesceTwice(t *testing.T) {
	for lang, src := range map[string]string{
		"go":   strings.Repeat("package main\n\nfunc main() {\n\tprintln(\"hi\") // a comment\n}\n", 300),
		"text": strings.Repeat("word ", 5000) + "\n" + strings.Repeat("a\n", 9000),
		"json": `{"a": [1, 2, 3]}` + strings.Repeat(" ", 20000) + "\n",
	} {
		l := lexers.Get(lang)
		once := tokens(t, coalesce(l), src)
		if twice := tokens(t, coalesce(newKeptReplay(l, KeepTokens(src, once))), src); !slices.Equal(twice, once) {
			t.Errorf("%s: coalesced again, %d tokens, once %d", lang, len(twice), len(once))
		}
	}
}

// tokens is what l gives for src, checked to end for good.
func tokens(t *testing.T, l chroma.Lexer, src string) []chroma.Token {
	t.Helper()
	it, err := l.Tokenise(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	var out []chroma.Token
	for tok := it(); tok != chroma.EOF; tok = it() {
		out = append(out, tok)
	}
	if tok := it(); tok != chroma.EOF {
		t.Errorf("a token after the end: %v", tok)
	}
	return out
}
