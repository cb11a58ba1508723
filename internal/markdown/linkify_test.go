package markdown

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// goldmark's linkify expressions (extension/linkify.go), which matchWWW
// and matchURL stand in for.
var (
	goldmarkWWW = regexp.MustCompile(`^www\.[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'">\^{}\[\]` + "`" + `]*)?`)
	goldmarkURL = regexp.MustCompile(`^(?:http|https|ftp)://[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'">\^{}\[\]` + "`" + `]*)?`)
)

// linkifyPieces are what random addresses are made of: the expressions'
// characters and others, host and path parts, ports.
var linkifyPieces = []string{"www.", "http://", "https://", "ftp://", "http:", "htt", "a", "Z", "z9", "ex", "com", ".", "..",
	"-", "_", "@", ":", ":80", "%", "+", "~", "#", "=", "/", "?", "!", "&", "(", ")", ";", ",", "'", "\"", ">", "<",
	"^", "{", "}", "[", "]", "`", "$", " ", "\n", "\t", "中", "*", "\\", "&amp;", "x@y.z", ".c", "9"}

// TestLinkifyMatchesGoldmarks: matchWWW and matchURL end where goldmark's
// expressions' matches end, or fail where they fail, on random strings
// of the expressions' pieces and on hosts about the 256 bytes they take.
func TestLinkifyMatchesGoldmarks(t *testing.T) {
	inputs := []string{"www.example.com", "www.a.b", "www.a.", "www..com", "www.a.com/x?y#z", "https://a.b:8080/p$q",
		"http://a.b:/", "http://a.b:x", "ftp://a.bc.de.f", "https://a.b.C", "http://-.a", "www." + strings.Repeat("a", 256) + ".com",
		"www." + strings.Repeat("a", 255) + ".com", "www." + strings.Repeat("a", 257) + ".com", "www." + strings.Repeat("a.", 200) + "com",
		"https://" + strings.Repeat("a", 300) + ".b" + strings.Repeat("/c", 2000)}
	r := rand.New(rand.NewPCG(8, 9))
	matched := 0
	for range 100000 {
		var b strings.Builder
		switch r.IntN(3) {
		case 0:
			b.WriteString("www.")
		case 1:
			b.WriteString([]string{"http://", "https://", "ftp://"}[r.IntN(3)])
		}
		for range r.IntN(16) {
			if r.IntN(4) == 0 {
				b.WriteString(".com") // a host that may end here
			}
			b.WriteString(linkifyPieces[r.IntN(len(linkifyPieces))])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		for _, c := range []struct {
			name  string
			re    *regexp.Regexp
			match func([]byte) int
		}{{"www", goldmarkWWW, matchWWW}, {"url", goldmarkURL, matchURL}} {
			want := -1
			if m := c.re.FindIndex([]byte(s)); m != nil {
				want = m[1]
				matched++
			}
			if got := c.match([]byte(s)); got != want {
				t.Fatalf("%s %q: matched to %d, the expression to %d", c.name, s, got, want)
			}
		}
	}
	if matched < 10000 {
		t.Fatalf("only %d matches: the test checks too little", matched)
	}
}

// TestLinkifyParsesAsGoldmark: with our linkify a document parses to the
// tree goldmark's linkify makes of it, and lowers to the same bytes:
// random documents of addresses among emphasis, brackets, parentheses,
// entities and e-mail addresses.
func TestLinkifyParsesAsGoldmark(t *testing.T) {
	pieces := append([]string{"*", "**", "_", "~", "~~", "(", ")", "[", "](/x)", "`", "<", "a@b.co", "me@x.org.", " ", "\n", "  \n",
		"www.example.com", "https://go.dev/doc/", "http://a.b:8080/x?y=1&amp;z=2;", "(www.x.com)", "www.x.com.", "x&amp;",
		"- ", "-www.x.com", ".a@b.co", "'me@x.org"}, linkifyPieces...)
	r := rand.New(rand.NewPCG(4, 5))
	docs := []string{"www.example.com www.example.com\n", "Visit https://example.com/a_(b)_c), or (www.x.com/y).\n",
		"*www.x.com* _https://x.y_ ~ftp://a.bc~ [www.x.com](/z) <www.x.com> `www.x.com`\n"}
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(24) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		docs = append(docs, b.String())
	}
	slow := newParserShortcuts(Glamour, footnoteRef{undefinedAsText: true}, false)
	fast := NewParser(Glamour)
	links := 0
	for _, md := range docs {
		src := []byte(md)
		want, got := parseDump(Parse(slow, src, nil), src), parseDump(Parse(fast, src, nil), src)
		if got != want {
			t.Fatalf("%q:\n got %s\nwant %s", md, got, want)
		}
		links += strings.Count(got, "(AutoLink")
		lw, lg := Lower(Parse(slow, src, nil), src, LowerOptions{}), Lower(Parse(fast, src, nil), src, LowerOptions{})
		if string(lw) != string(lg) {
			t.Fatalf("%q lowered: %q, goldmark's %q", md, lg, lw)
		}
	}
	if links < 1000 {
		t.Fatalf("only %d autolinks parsed: the test checks too little", links)
	}
}
