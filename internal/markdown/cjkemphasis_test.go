package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// emphasised returns the text inside each emphasis or strikethrough node
// of src, in order, with its level ("*" for emphasis, "**" strong, "~~"
// strikethrough).
func emphasised(t *testing.T, src string) []string {
	t.Helper()
	b := []byte(src)
	doc := Parse(NewParser(Glamour), b, nil)
	var got []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch e := n.(type) {
		case *ast.Emphasis:
			mark := "*"
			if e.Level == 2 {
				mark = "**"
			}
			got = append(got, mark+textOf(n, b)+mark)
		case *east.Strikethrough:
			got = append(got, "~~"+textOf(n, b)+"~~")
		}
		return ast.WalkContinue, nil
	})
	return got
}

func TestCJKFriendlyEmphasis(t *testing.T) {
	cases := []struct {
		src  string
		want []string
	}{
		// The cases: punctuation inside the run, a CJK character
		// outside it.
		{"**要点：**正文", []string{"**要点：**"}},
		{"以**缓存行（cache line）**为单位", []string{"**缓存行（cache line）**"}},
		{"**（括号）**内容", []string{"**（括号）**"}},
		{"这是**“引用”**的例子", []string{"**“引用”**"}},
		{"*注意。*然后", []string{"*注意。*"}},
		{"删除~~旧的。~~新的", []string{"~~旧的。~~"}},
		{"日本語の**「強調」**です", []string{"**「強調」**"}},
		// Unchanged CommonMark behaviour next to non-CJK text.
		{"a**\"foo\"**", nil},
		{"**foo bar **", nil},
		{"foo*bar*", []string{"*bar*"}},
		{"*(**foo**)*", []string{"*(foo)*", "**foo**"}},
		{"__中文__", []string{"**中文**"}},
		{"snake_case_name", nil},
	}
	for _, c := range cases {
		got := emphasised(t, c.src)
		if len(got) != len(c.want) {
			t.Errorf("%q: emphasis %q, want %q", c.src, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: emphasis %q, want %q", c.src, got, c.want)
				break
			}
		}
	}
}

// TestCJKEmphasisKeepsDelimiterCap: the CJK-friendly scan stays behind
// the MaxDelimiters cap.
func TestCJKEmphasisKeepsDelimiterCap(t *testing.T) {
	var src []byte
	for range MaxDelimiters * 4 {
		src = append(src, "**强：**调"...)
	}
	doc := Parse(NewParser(Glamour), src, nil)
	n := 0
	_ = ast.Walk(doc, func(n2 ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n2.Kind() == ast.KindEmphasis {
			n++
		}
		return ast.WalkContinue, nil
	})
	if n == 0 || n > MaxDelimiters/2 {
		t.Fatalf("%d emphasis nodes from %d runs; want between 1 and %d", n, MaxDelimiters*8, MaxDelimiters/2)
	}
}

// TestEmphasisChainDrawsAsNodes: the emphasis chain, which gives back the
// outer node of a chain too deep to draw instead of making one more,
// yields the tree that one node per match yields, once flattened, for
// runs of delimiters around and within words, links and other emphasis.
func TestEmphasisChainDrawsAsNodes(t *testing.T) {
	build := func(emphasis parser.InlineParser) parser.Parser {
		return parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(
				util.Prioritized(parser.NewLinkParser(), 200),
				util.Prioritized(emphasis, 500),
			),
			parser.WithASTTransformers(util.Prioritized(flattener{}, 0)),
		)
	}
	nodes := build(&cjkDelimiterParser{proc: emphasisProc{}})
	chain := build(newCJKEmphasisParser())
	check := func(src string) {
		t.Helper()
		b := []byte(src)
		want := dump(nodes.Parse(text.NewReader(b)), b)
		if got := dump(chain.Parse(text.NewReader(b)), b); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", src, got, want)
		}
	}
	r := strings.Repeat
	for _, d := range []string{"*", "_", "**", "*_", "_*", "***"} {
		for n := range 40 {
			for _, m := range []int{0, 1, n / 2, max(n-1, 0), n, n + 1, n + 3, 2 * n} {
				check(r(d, n) + "a" + r(d, m))
				check(r(d, n) + "a" + r(d, m) + " b " + r(d, m))
				check("[" + r(d, n) + "a](u)" + r(d, m) + " x")
				check(r(d, n) + "a [b](u) c" + r(d, m))
				check(r(d, n) + "a" + r(d, m/2) + "b" + r(d, m-m/2))
				check(r(d, n) + "[a" + r(d, m) + "](u)")
				check(r(d, n/2) + " x " + r(d, n-n/2) + "a" + r(d, m))
			}
		}
	}
	rnd := rand.New(rand.NewPCG(6, 1))
	alphabet := []string{"*", "*", "**", "_", "__", "a", " ", "[", "](u)", "\n", r("*", 18), r("_", 17), r("**", 9)}
	for range 3000 {
		var b strings.Builder
		for range rnd.IntN(120) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		check(b.String())
	}
}
