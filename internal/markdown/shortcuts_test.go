package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// TestShortcutRefsParseAsGoldmark: with shortcutRefs, a document parses
// to the tree goldmark's link parser makes of it alone (every node, its
// position, text segments, link destinations, titles and references), and
// lowers to the same bytes: written cases of references among links,
// images, emphasis, code, footnotes, tasks and nesting, and random
// documents of the pieces they are made of.
func TestShortcutRefsParseAsGoldmark(t *testing.T) {
	defs := "\n\n[a]: /u\n[B2]: /b \"title\"\n[long" + strings.Repeat("x", 990) + "]: /long\n[^n]: note\n[two words]: /two\n"
	docs := []string{
		"[a] [a][a] [a][] [a](/x) [b2] [B2]: [c] [A]\n",
		"x[a]y [a]\\[ \\[a] [a\\] ![a] ![a][a] [![a]](/i) [[a]] [x [a] y](/z) [x [a] y][a]\n",
		"*[a]* **[a]** _[a]_ `[a]` <[a]> [*a*] [a]*b* *b[a]*\n",
		"- [a] item\n- [ ] task [a]\n- [x] done\n  [a]\n",
		"[a]\n[a]  \n[a]\\\n[a]",
		"> [a] quoted\n>\n> - [B2] in a list\n\n| [a] | b |\n|---|---|\n| [a] | [b2] |\n",
		"[^n] [^a] [a]^ [^n][a]\n",
		"[long" + strings.Repeat("x", 990) + "] [long" + strings.Repeat("x", 991) + "] [" + strings.Repeat("y", 1000) + "]\n",
		strings.Repeat("[", MaxLinkOpeners+3) + "[a]" + strings.Repeat("]", MaxLinkOpeners+3) + " [a]\n",
		"[a](/x \"t\") [a] (/x) [a]\n(x) www.example.com[a] [a]www.example.com [two words] [a]:b\n",
		"$[a]$ [a]$x$ \\([a]\\) <span>[a]</span>\n",
	}
	pieces := []string{"[", "]", "a", "A", "b2", "B2", "c", " ", "  ", "\n", "(", ")", "*", "_", "!", "\\", "`", "<", ">",
		"[a]", "[b2]", "[c]", "[^n]", "[x]", "(/p)", ":", "~", "www.x.com", "$", "&amp;", "中", "-", "\t"}
	r := rand.New(rand.NewPCG(6, 1))
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		docs = append(docs, b.String())
	}
	slow := newParserShortcuts(Glamour, footnoteRef{undefinedAsText: true}, false)
	fast := NewParser(Glamour)
	links := 0
	for _, md := range docs {
		src := []byte(md + defs)
		want, got := parseDump(Parse(slow, src, nil), src), parseDump(Parse(fast, src, nil), src)
		if got != want {
			t.Fatalf("%q:\n got %s\nwant %s", md, got, want)
		}
		links += strings.Count(got, "(Link")
		lw, lg := Lower(Parse(slow, src, nil), src, LowerOptions{}), Lower(Parse(fast, src, nil), src, LowerOptions{})
		if string(lw) != string(lg) {
			t.Fatalf("%q lowered: %q, goldmark's %q", md, lg, lw)
		}
	}
	if links < 1000 {
		t.Fatalf("only %d links parsed: the test checks too little", links)
	}
}

// parseDump is dump with the positions of inlines and the references
// and titles of links.
func parseDump(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "(%s", n.Kind())
		if n.Type() == ast.TypeInline {
			fmt.Fprintf(&b, " @%d", n.Pos())
		}
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %q %v soft=%v hard=%v raw=%v", n.Segment.Value(src), n.Segment, n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw())
		case *ast.Link:
			fmt.Fprintf(&b, " %q %q", n.Destination, n.Title)
			if n.Reference != nil {
				fmt.Fprintf(&b, " ref %d %q", n.Reference.Type, n.Reference.Value)
			}
		case *ast.Image:
			fmt.Fprintf(&b, " %q %q", n.Destination, n.Title)
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			fmt.Fprintf(&b, " lines=%q", n.Lines().Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
