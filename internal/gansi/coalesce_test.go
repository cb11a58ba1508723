package gansi

import (
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
	tokens := func(l chroma.Lexer, src string) []chroma.Token {
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
	for lang, src := range sources {
		l := lexers.Get(lang)
		if l == nil {
			l = lexers.Fallback
		}
		want := tokens(chroma.Coalesce(l), src)
		if got := tokens(coalesce(l), src); !slices.Equal(got, want) {
			t.Errorf("%q: %d tokens, chroma's coalescer %d", lang, len(got), len(want))
		}
	}
}
