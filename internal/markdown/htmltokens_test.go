package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestBareTokensAsTokenizer: where bareTokens reads a block itself, it
// makes the tokens x/net/html's tokenizer makes (type, name, atom,
// attributes, text), for texts of bare tags, their near misses (comments,
// attributes, references, raw-text tags, cut tags) and text.
func TestBareTokensAsTokenizer(t *testing.T) {
	parts := []string{
		"<details>", "</details>", "<summary>", "</summary>", "<b>", "</B>", "<br/>", "<BR>", "<h1>", "</h1>",
		"<x1y>", "<kbd>", "</kbd>", "a", "text ", " ", "\n", "\n\n", "中文", "<", ">", "/", "</", "<1", "< b>",
		"<b >", "<a href=x>", "<!-- c -->", "&amp;", "&", "\r\n", "\x00", "<script>", "</script>", "<style>",
		"<textarea>", "<title>", "<b/", "</b/>", "<?x>", "<br />", "<p>", "</p>", "<abbr>", "</abbr>", "<sup>", "</sup>",
		"<Script>", "</STYLE>", "<DETAILS>", "<X1Y>", "<Summary>", "<abcdefghijklmnopqrstuvwxyzABCDEFGHIJ>",
	}
	tokenize := func(raw []byte) []string {
		var out []string
		z := html.NewTokenizer(bytes.NewReader(raw))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return out
			}
			tok := z.Token()
			out = append(out, fmt.Sprintf("%v %q %v %d", tt, tok.Data, tok.DataAtom, len(tok.Attr)))
		}
	}
	r := rand.New(rand.NewPCG(13, 14))
	bare := 0
	for range 40000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		raw := []byte(b.String())
		var got []string
		ok := bareTokens(raw, func(tt html.TokenType, tok html.Token) {
			got = append(got, fmt.Sprintf("%v %q %v %d", tt, tok.Data, tok.DataAtom, len(tok.Attr)))
		})
		if !ok {
			if got != nil {
				t.Fatalf("bareTokens(%q) gave tokens and declined", raw)
			}
			continue
		}
		bare++
		if want := tokenize(raw); !slices.Equal(got, want) {
			t.Fatalf("bareTokens(%q) =\n%q\nthe tokenizer\n%q", raw, got, want)
		}
	}
	if bare < 2000 {
		t.Errorf("only %d texts were read bare: the test checks too little", bare)
	}
	if !bareTokens([]byte("<details>\n<summary>a</summary>\n"), func(html.TokenType, html.Token) {}) {
		t.Error("a block of <details> and <summary> is not read bare")
	}
}

// TestLowerASCIIIsToLower compares lowerASCII with bytes.ToLower on tag
// names of every case, short and longer than its buffer.
func TestLowerASCIIIsToLower(t *testing.T) {
	for _, name := range []string{"", "b", "B", "details", "DeTaIlS", "h1", "H1", "x-y", "X-Y",
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "abcdefghijklmnopqrstuvwxyzabcdefghij"} {
		var buf [8]byte
		if got, want := lowerASCII(buf[:0], []byte(name)), bytes.ToLower([]byte(name)); !bytes.Equal(got, want) {
			t.Errorf("lowerASCII(%q) = %q, bytes.ToLower %q", name, got, want)
		}
	}
}

// TestEscapedIsEscapeString compares lowerer.escaped with
// html.EscapeString, which decoded escapes with: every byte, alone and
// among others, and text that is not UTF-8.
func TestEscapedIsEscapeString(t *testing.T) {
	cases := []string{"", "a", "a & b", `<"x">`, "it's", "&amp;", "\xff<\xfe", "日本<語>"}
	for c := 0; c < 256; c++ {
		cases = append(cases, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
	}
	for _, s := range cases {
		l := &lowerer{src: []byte("src")}
		seg := l.escaped([]byte(s))
		if got, want := string(seg.Value(l.src)), html.EscapeString(s); got != want || string(l.src[:3]) != "src" {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}
