package render

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
)

// treeDump writes what a layout reads of tree, with src its bytes: each
// node's kind, its segments' offsets and bytes, and its fields that
// glamour draws by.
func treeDump(tree ast.Node, src []byte) string {
	var b strings.Builder
	segs := func(n ast.Node) {
		eachSegment(n, func(s text.Segment) {
			fmt.Fprintf(&b, " [%d,%d pad %d %q]", s.Start, s.Stop, s.Padding, s.Value(src))
		})
	}
	depth := 0
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			depth--
			return ast.WalkContinue, nil
		}
		depth++
		fmt.Fprintf(&b, "%s%s", strings.Repeat(" ", depth), n.Kind())
		if n.Type() == ast.TypeBlock {
			fmt.Fprintf(&b, " blank=%v", n.HasBlankPreviousLines())
		}
		segs(n)
		switch t := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " soft=%v hard=%v raw=%v", t.SoftLineBreak(), t.HardLineBreak(), t.IsRaw())
		case *ast.String:
			fmt.Fprintf(&b, " %q", t.Value)
		case *ast.List:
			fmt.Fprintf(&b, " marker=%c start=%d tight=%v", t.Marker, t.Start, t.IsTight)
		case *ast.ListItem:
			fmt.Fprintf(&b, " offset=%d", t.Offset)
		case *ast.Heading:
			fmt.Fprintf(&b, " level=%d", t.Level)
		case *ast.Link:
			fmt.Fprintf(&b, " %q %q", t.Destination, t.Title)
		case *ast.Image:
			fmt.Fprintf(&b, " %q %q", t.Destination, t.Title)
		case *ast.Emphasis:
			fmt.Fprintf(&b, " level=%d", t.Level)
		case *ast.FencedCodeBlock:
			fmt.Fprintf(&b, " lang=%q", t.Language(src))
		case *ast.HTMLBlock:
			fmt.Fprintf(&b, " type=%d", t.HTMLBlockType)
		}
		if a := n.Attributes(); len(a) > 0 {
			for _, at := range a {
				fmt.Fprintf(&b, " %s=%v", at.Name, at.Value)
			}
		}
		b.WriteByte('\n')
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestRetaggedIsAParse checks retagged's claim: where annotate tags the
// items of a post in its own parse (see retagged), the tree is what a
// parse of the tagged markdown makes, node for node, segment for segment:
// on the spec examples, the sample and test posts, each also as a list
// item, the written list shapes, and items of words, punctuation,
// emphasis, links, code, hard breaks and lines of one word.
func TestRetaggedIsAParse(t *testing.T) {
	var extra []string
	for _, md := range writtenLists() {
		extra = append(extra, md)
	}
	words := []string{"a", "b c", "snake_case", "*x*", "**y** z", "a *", "*a", "x_", "[l](u)", "`c`", "a `c` d", "(p)", "\"q\"", "end.", "x  ", "y\\", "www.example.com", "<b>", "&amp;", "~s~", "1\\. x", "中文", "a\\*b", "|", "| a |", "|x|"}
	for i, a := range words {
		for j, b := range words {
			k := (i + j) % len(words)
			extra = append(extra,
				fmt.Sprintf("- %s %s\n", a, b),
				fmt.Sprintf("- %s\n  %s\n", a, b),
				fmt.Sprintf("1. %s  \n   %s %s\n2. %s\n", a, b, words[k], b),
				fmt.Sprintf("- [x] %s %s\n- [ ] %s\n", a, b, words[k]),
				fmt.Sprintf("- %s\n\n  %s\n\n  %s\n", a, b, words[k]),
				fmt.Sprintf("> - %s\\\n>   %s\n", a, b),
			)
		}
	}
	// Items that start with punctuation, every ASCII one: those no
	// inline parser starts at are retagged (see quietPunct), the others
	// parsed again.
	for c := byte('!'); c < 0x7f; c++ {
		if !util.IsPunct(c) {
			continue
		}
		p := string(c)
		for _, w := range []string{p + "x", p + " " + p, p + p + "y z", p + "*e*", p + "`c`", p + "www.example.com", p + "a@b.co", p + "[l](u)", p + "中文", "x" + p, "y " + p, p, "*e*" + p, "`c`" + p} {
			for _, b := range words[:8] {
				extra = append(extra,
					fmt.Sprintf("- %s %s\n", w, b),
					fmt.Sprintf("- %s\n  %s\n", b, w),
					fmt.Sprintf("1. %s\n\n   %s\n", w, w),
					fmt.Sprintf("> - %s\\\n>   %s\n", w, b),
					fmt.Sprintf("- %s\n%s\n", b, w), // lazy
					fmt.Sprintf("- %s %s\n  %s %s\n", b, w, w, b),
				)
			}
		}
	}
	// Lines that end in quiet punctuation after a space, a tag after
	// them: shapes of blocks a tag must not change.
	extra = append(extra, "- a\n  |- -|\n", "- | a |\n  |- -|\n", "- a\n  -- -- b\n", "- a\n-- -- b\n",
		"- a\n  = = b\n", "- a\n  b = =\n", "- a -\n  b - -\n", "- a\n  - -\n", "- a\n  # #\n", "- a\n  > -\n",
		"- x - - -\n", "- - - - - - - - - - a\n", "1. a .\n2. b -\n")
	// Tables beside items and in them: goldmark's cells, the bounded
	// parser's plain cells, rows and headers (see moveSegments).
	tables := []string{
		"| h | i |\n|---|---|\n| x y | z |\n| a b c | d |\n",
		"| *e* | `c` |\n|:--|--:|\n| [l](u) | w x |\n| p | q r |\n",
		"| a \\| b | c |\n|---|---|\n| d | e f |\n",
		"h | i\n--|--\nx y | z\n",
		"| only | header |\n|---|---|\n",
		"| n | x |\n|---|---|\n| 1 | a b |\n| 2 | **b** |\n| 3 | c d |\n",
	}
	for _, tb := range tables {
		quoted := "> " + strings.ReplaceAll(strings.TrimSuffix(tb, "\n"), "\n", "\n> ") + "\n"
		indented := "  " + strings.ReplaceAll(strings.TrimSuffix(tb, "\n"), "\n", "\n  ") + "\n"
		extra = append(extra,
			"- item a\n- item *b*\n\n"+tb+"\n- item c\n",
			tb+"\n1. one\n2. two [l](u)\n",
			"- text first\n\n"+indented+"\n- next item\n",
			"- "+strings.TrimPrefix(indented, "  ")+"- after\n",
			"> - quoted item\n>\n"+quoted+"> - another\n",
			"> - | a |\n>   |---|\n>   | b |\n> - | a |\n",
		)
	}
	retags, items := 0, 0
	for i, md := range preparedCorpus(t, extra...) {
		for _, post := range []string{md, "- 项目 " + md} {
			post = ExpandTabs(post, TabWidth)
			tagged, _, whole := annotateParsed(post, nil, nil, false)
			if strings.ContainsRune(tagged, itemMark) {
				items++
			}
			if whole == nil || tagged == ownMarks.Replace(post) {
				continue
			}
			retags++
			src := []byte(tagged)
			want := treeDump(markdown.ParseNotes(mdParser, src, nil, nil, false), src)
			if got := treeDump(whole.root, whole.bytes); got != want {
				t.Fatalf("post %d: retagged tree\n%s\nparse of the tagged markdown\n%s\nmarkdown: %q", i, got, want, post)
			}
			if string(whole.bytes) != tagged {
				t.Fatalf("post %d: retagged bytes %q, tagged %q", i, whole.bytes, tagged)
			}
		}
	}
	if retags < 1000 {
		t.Fatalf("%d posts retagged of %d with items: the test checks too little", retags, items)
	}
	// The written shapes it is for are retagged, and posts with tables.
	shapes := writtenLists()
	shapes["table and list"] = extra[len(extra)-6*len(tables)]
	shapes["quoted list of tables cut in a piece"] = markdown.Hostile("quote-list-tables", 4<<10) + "> - | a |\n"
	for name, md := range shapes {
		if tagged, _, whole := annotateParsed(md, nil, nil, false); whole == nil || tagged == md {
			t.Errorf("written %s: not retagged", name)
		}
	}
	t.Logf("%d posts retagged of %d with items", retags, items)
}

// eachSegment calls f with every segment of n's own (not its children's):
// see moveSegments.
func eachSegment(n ast.Node, f func(text.Segment)) {
	moveSegments(n, func(s text.Segment) text.Segment {
		f(s)
		return s
	})
}

// TestItemStarts checks the count annotate sizes its edits by: the lines
// that may start a list item, in quotes and indented too.
func TestItemStarts(t *testing.T) {
	for md, want := range map[string]int{
		"":                             0,
		"text\n":                       0,
		"- a\n- b\n":                   2,
		"1. a\n   2) b\n> - c\n>\tx\n": 3,
		"-a\n1.b\n+ c":                 1,
		writtenLists()["outline"]:      300,
		writtenLists()["reading"]:      200,
	} {
		if got := itemStarts(md); got != want {
			t.Errorf("itemStarts(%.30q) = %d, want %d", md, got, want)
		}
	}
}

// TestSpotIndexIsSortSearch compares spotIndex with sort.Search on
// random sorted offsets, at every offset around them.
func TestSpotIndexIsSortSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		spots := make([]spot, r.IntN(20))
		at := 0
		for i := range spots {
			at += 1 + r.IntN(4)
			spots[i].at = at
		}
		for p := -1; p <= at+2; p++ {
			want := sort.Search(len(spots), func(i int) bool { return spots[i].at >= p })
			if got := spotIndex(spots, p); got != want {
				t.Fatalf("spotIndex(%v, %d) = %d, sort.Search %d", spots, p, got, want)
			}
		}
	}
}

// TestKindSet checks that a kindSet holds its kinds and no other, for
// every kind goldmark and its extensions have made.
func TestKindSet(t *testing.T) {
	in := map[ast.NodeKind]bool{ast.KindLink: true, east.KindStrikethrough: true, ast.KindDocument: true}
	set := newKindSet(ast.KindLink, east.KindStrikethrough, ast.KindDocument)
	for k := ast.NodeKind(-1); k < 200; k++ {
		if set.has(k) != in[k] {
			t.Fatalf("kind %d (%v): has %v", k, k, set.has(k))
		}
	}
}

// TestSpotFinderIsSpotIndex compares spotFinder with spotIndex on random
// sorted offsets, looked up in order, again, and at random.
func TestSpotFinderIsSpotIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		spots := make([]spot, r.IntN(20))
		at := 0
		for i := range spots {
			at += 1 + r.IntN(4)
			spots[i].at = at
		}
		f := spotFinder{spots: spots}
		for k := range 3 * (at + 4) {
			p := k/3 - 1 // each offset thrice, in order
			if r.IntN(4) == 0 {
				p = r.IntN(at+4) - 1
			}
			if got, want := f.index(p), spotIndex(spots, p); got != want {
				t.Fatalf("spotFinder(%v).index(%d) = %d, spotIndex %d", spots, p, got, want)
			}
		}
	}
}
