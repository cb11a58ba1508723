package gansi

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestKeptTokensAreTheTokens: tokens kept (KeptTokens) are given again
// as they came, for the coalesced tokens of chroma's test files and of
// code a lexer changes or leaves out ("\r\n", invalid UTF-8, a line end
// added, tokens made by hand that skip or repeat text); kept as cuts of
// the code while they follow it, and whole once one does not.
func TestKeptTokensAreTheTokens(t *testing.T) {
	codes := map[string]string{
		"go":     strings.Repeat("x+", 3000) + "\n",
		"python": "def f(a):\r\n    return a * 2  # é\xff\n",
		"c":      "int main() { return 0; }",
		"html":   "<p class=\"a\">text <b>bold</b></p>\n<script>var x = 1;</script>\n",
		"text":   strings.Repeat("plain\n", 5000),
	}
	files := chromaTestdata(t)
	paths := slices.Sorted(maps.Keys(files))
	for i, p := range paths {
		if l := lexerOf(p); l != nil && i%8 == 0 {
			codes[l.Config().Name] = files[p]
		}
	}
	cuts := 0
	for lang, code := range codes {
		it, err := coalesce(Pick(lang, code)).Tokenise(nil, code)
		if err != nil {
			t.Fatal(err)
		}
		toks := it.Tokens()
		k := KeepTokens(code, toks)
		if got := k.Iterator().Tokens(); !slices.Equal(got, toks) || k.Len() != len(toks) {
			t.Errorf("%s: %d tokens kept (Len %d), %d given", lang, len(got), k.Len(), len(toks))
		}
		if k.at >= 0 {
			cuts++
		}
	}
	if cuts < len(codes)/2 {
		t.Errorf("%d of %d codes' tokens kept as cuts", cuts, len(codes))
	}
	made := []chroma.Token{{Type: chroma.Keyword, Value: "ab"}, {Type: chroma.Text, Value: "c"}, {Type: chroma.Text, Value: "c"}, {Type: chroma.Error, Value: "zz"}}
	for _, code := range []string{"abc", "abcc", "abccz", "abcczz", "", "x"} {
		k := KeepTokens(code, made)
		if got := k.Iterator().Tokens(); !slices.Equal(got, made) {
			t.Errorf("%q: kept %v, given %v", code, got, made)
		}
		if want := code == "abcczz"; (k.at >= 0) != want {
			t.Errorf("%q: kept as cuts %v, want %v", code, k.at >= 0, want)
		}
	}
}

// TestLexingsGiveTheTokens: lexers lexing one after another in one
// Lexings' state give the tokens each gives alone, across lexers, texts
// of other lengths and characters, and a lexing given up halfway; so do
// they coalesced in the Lexings' own lexers and iterator.
func TestLexingsGiveTheTokens(t *testing.T) {
	codes := []struct{ lang, code string }{
		{"go", "package main\n\nfunc main() {\n\tprintln(\"hé\", len(x)) // 中文\n}\n"},
		{"python", "def f(a):\n    return a * 2.5  # é\xff\n"},
		{"go", "x := 1"},
		{"c", "int main(void) { return printf(\"%d\\n\", 1); }\r\n"},
		{"go", strings.Repeat("x+", 500) + "\n"},
		{"html", "<p class=\"a\">text <b>bold</b></p>\n<script>var x = 1;</script>\n"},
		{"go", ""},
		{"rust", "fn main() { let r = r#\"raw\"#; }\n"},
	}
	var ls Lexings
	for round := range 2 {
		for i, c := range codes {
			l := Prefiltered(Pick(c.lang, c.code))
			want := tokensOf(t, l, c.code)
			it, err := ls.Reusing(l).Tokenise(nil, c.code)
			if err != nil {
				t.Fatal(err)
			}
			if round == 1 && i%3 == 0 {
				it() // given up after a token
				continue
			}
			if got := it.Tokens(); !slices.Equal(got, want) {
				t.Errorf("round %d, %s %q: %d tokens in a lexing lent, %d alone", round, c.lang, c.code, len(got), len(want))
			}
		}
	}
	if ls.l == nil {
		t.Error("no lexing lent")
	}
	// Coalesced, in the lexings' own lexers and iterator states
	// (Lexings.Prefiltered, Lexings.Coalesced), as a piece's blocks are
	// lexed: the tokens Coalesced gives alone.
	var lent Lexings
	for round := range 2 {
		for i, c := range codes {
			l := Pick(c.lang, c.code)
			want := tokensOf(t, Coalesced(l), c.code)
			it, err := lent.Coalesced(lent.Prefiltered(l)).Tokenise(nil, c.code)
			if err != nil {
				t.Fatal(err)
			}
			if round == 1 && i%3 == 1 {
				it() // given up after a token
				continue
			}
			if got := it.Tokens(); !slices.Equal(got, want) {
				t.Errorf("round %d, %s %q: %d tokens coalesced in a lexing lent, %d alone", round, c.lang, c.code, len(got), len(want))
			}
		}
	}
}

// TestReplayGivesTheKeptTokens checks the render's replay of kept tokens
// (codeBuffer.replaying): one replay, given the tokens of one code after
// another (kept as cuts of the code, and whole), each Tokenised twice,
// gives the tokens kept, as KeptTokens.Iterator does.
func TestReplayGivesTheKeptTokens(t *testing.T) {
	var c codeBuffer
	made := []chroma.Token{{Type: chroma.Keyword, Value: "ab"}, {Type: chroma.Text, Value: "c"}, {Type: chroma.Error, Value: "zz"}}
	kept := []*KeptTokens{KeepTokens("abczz", made), KeepTokens("abc", made), KeepTokens("", nil)}
	for _, lang := range []string{"go", "text", "c"} {
		code := strings.Repeat("int main() { return 0; }\n", 700)
		it, err := coalesce(Pick(lang, code)).Tokenise(nil, code)
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, KeepTokens(code, it.Tokens()))
	}
	wholes := 0
	for i, k := range kept {
		if k.at < 0 {
			wholes++
		}
		want := k.Iterator().Tokens()
		r := c.replaying(k)
		for round := range 2 {
			it, err := r.Tokenise(nil, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := it.Tokens(); !slices.Equal(got, want) {
				t.Errorf("kept %d, round %d: replayed %d tokens, kept %d", i, round, len(got), len(want))
			}
		}
	}
	if wholes == 0 || wholes == len(kept) {
		t.Errorf("%d of %d kept whole: the test checks one way of keeping only", wholes, len(kept))
	}
}
