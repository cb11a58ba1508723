package markdown

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// count returns the nodes of doc that match.
func count(doc ast.Node, match func(ast.Node) bool) int {
	n := 0
	_ = ast.Walk(doc, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && match(c) {
			n++
		}
		return ast.WalkContinue, nil
	})
	return n
}

func isMath(n ast.Node) bool { _, ok := n.(*Math); return ok }

// TestFormulaBudget: "$$a " repeated made a formula every four bytes;
// past the budget the delimiters are text, and all the text is there.
// A mathematical post (a formula in every sentence) keeps all its
// formulas.
func TestFormulaBudget(t *testing.T) {
	p := NewParser(Glamour)
	src := []byte(strings.Repeat("$$a ", 20000) + "\n")
	doc := Parse(p, src, nil)
	if got, most := count(doc, isMath), MaxFormulas+len(src)/FormulaBytes; got > most {
		t.Errorf("%d formulas in %d bytes of \"$$a \", want at most %d", got, len(src), most)
	}
	var text strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			text.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	if got := strings.Count(text.String(), "a"); got != 20000 {
		t.Errorf("%d of the 20,000 letters are left in the tree", got)
	}

	var post strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&post, "Let $x_{%d}$ be the next term of the series. ", i)
		if i%10 == 9 {
			post.WriteString("\n\n")
		}
	}
	src = []byte(post.String())
	if got := count(Parse(p, src, nil), isMath); got != 2000 {
		t.Errorf("a post with a formula in each of its 2,000 sentences: %d formulas parsed", got)
	}
}

// TestDisplaysPerBlock: a block draws at most MaxDisplays formulas on
// lines of their own; the others stay in the text (lowered as inline
// math is), none is lost.
func TestDisplaysPerBlock(t *testing.T) {
	p := NewParser(Glamour)
	src := []byte(strings.Repeat("$$x$$ b ", 2000) + "\n")
	doc := Parse(p, src, nil)
	formulas := count(doc, isMath)
	if formulas <= 2*MaxDisplays {
		t.Fatalf("only %d formulas parsed: the test checks too little", formulas)
	}
	out := Lower(doc, src, LowerOptions{})
	breaks := count(doc, func(n ast.Node) bool {
		t, ok := n.(*ast.Text)
		return ok && t.HardLineBreak()
	})
	if breaks > 2*MaxDisplays+2 {
		t.Errorf("%d line breaks around %d display formulas, want at most %d", breaks, formulas, 2*MaxDisplays+2)
	}
	if got := strings.Count(textOf(doc, out), "x"); got != 2000 {
		t.Errorf("%d of the 2,000 formulas' text is left in the lowered tree", got)
	}
}

// TestTextJoiner: a paragraph of thousands of brackets that open no link
// has its text in a few nodes, all of it; a paragraph of a few keeps
// goldmark's nodes (its rendering does not change).
func TestTextJoiner(t *testing.T) {
	p := NewParser(Glamour)
	src := []byte(strings.Repeat("[a][b ", 2000) + "\n")
	doc := Parse(p, src, nil)
	if n := doc.FirstChild().ChildCount(); n > 16 {
		t.Errorf("%d nodes in a paragraph of 2,000 brackets that make no link", n)
	}
	if got := textOf(doc, src); got != strings.TrimSpace(string(src)) {
		t.Errorf("the text changed: %.60q...", got)
	}
	small := []byte(strings.Repeat("[a][b ", 20) + "\n")
	if n := Parse(p, small, nil).FirstChild().ChildCount(); n < 40 {
		t.Errorf("a paragraph of 20 brackets has %d nodes: joined, its rendering would change", n)
	}
}

// TestDestinationScansRemembered: what the tails remember gives the
// answers of goldmark's scan (scanDestination) from every position of
// lines of brackets, parentheses, angle brackets, spaces and escapes.
func TestDestinationScansRemembered(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "ab(()<>\\ ]["
	for round := range 150 {
		// Sparse enough, at times, that no stop comes within
		// MaxLinkTail bytes.
		n, sparse := 1+r.IntN(6000), 1+r.IntN(3000)
		line := make([]byte, n)
		for i := range line {
			if r.IntN(sparse) == 0 {
				line[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				line[i] = 'b'
			}
		}
		if round%2 == 0 {
			// goldmark trims a paragraph's last line and a heading's:
			// half the lines end without a space.
			line = append(line, '\n')
		}
		kept := &tails{plain: nextStop{-1, -1}, angle: nextStop{-1, -1}}
		for at := range line {
			if got, want := kept.destinationEnds(line[at:], 100+at), scanDestination(line[at:]); got != want {
				t.Fatalf("at %d of %q: %v, the scan says %v", at, line, got, want)
			}
		}
	}
}

// TestDestinationScansOfParentheses: the one scan of a line that answers
// the scans going past directScan bytes (parenScan) gives goldmark's
// answers, on lines of parentheses that open more than they close, with
// escapes and spaces among them, ending with a newline or not, asked
// along the line and out of order.
func TestDestinationScansOfParentheses(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	units := []string{"[a]((()", "(", "(", ")", "\\(", "\\)", "\\\\", "b", "bbbbbbbb", " ", "](", "<"}
	for round := range 120 {
		var line []byte
		n := 1 + r.IntN(12000)
		// Some lines hold few spaces, and as many ")" as "(" give or
		// take a few: the scans run long, and end far off or not.
		rare, closers := 1+r.IntN(200), 1+r.IntN(4)
		for len(line) < n {
			u := units[r.IntN(len(units))]
			if u == " " && r.IntN(rare) != 0 {
				continue
			}
			if u == ")" {
				u = strings.Repeat(")", r.IntN(closers+1))
			}
			line = append(line, u...)
		}
		if round%2 == 0 {
			// goldmark trims a paragraph's last line and a heading's:
			// half the lines end without a space.
			line = append(line, '\n')
		}
		kept := &tails{plain: nextStop{-1, -1}, angle: nextStop{-1, -1}}
		for at := 0; at < len(line); at++ {
			if round%3 == 2 && r.IntN(50) == 0 {
				at = r.IntN(len(line)) // out of order
			}
			if got, want := kept.destinationEnds(line[at:], 7+at), scanDestination(line[at:]); got != want {
				t.Fatalf("round %d, at %d of a line of %d bytes: %v, the scan says %v", round, at, len(line), got, want)
			}
		}
	}
}

// scanDestination is destinationEnds without the tails: the scan, as
// goldmark's parseLinkDestination reads, from rest's start.
func scanDestination(rest []byte) bool {
	i := 0
	for i < len(rest) && util.IsSpace(rest[i]) {
		i++
	}
	if i == len(rest) {
		return true
	}
	end := min(len(rest), i+MaxLinkTail)
	if rest[i] == '<' {
		for j := i + 1; j < end; j++ {
			switch {
			case rest[j] == '\\' && j+1 < len(rest) && util.IsPunct(rest[j+1]):
				j++
			case rest[j] == '>':
				return true
			}
		}
		return end == len(rest)
	}
	opened := 0
	for j := i; j < end; j++ {
		switch c := rest[j]; {
		case c == '\\' && j+1 < len(rest) && util.IsPunct(rest[j+1]):
			j++
		case c == '(':
			opened++
		case c == ')':
			opened--
			if opened < 0 {
				return true
			}
		case util.IsSpace(c):
			return true
		}
	}
	return end == len(rest)
}

// TestCrowdedParagraphJoinedWithATag: a paragraph of thousands of note
// references has its runs of text joined once the references are drawn,
// also when it holds a raw tag (the paragraphs holding tags were once
// taken for already joined, so one tag undid the bound).
func TestCrowdedParagraphJoinedWithATag(t *testing.T) {
	p := NewParser(Glamour)
	for _, tag := range []string{"", "<b>x</b> "} {
		src := []byte(tag + strings.Repeat("a[^1] ", 2000) + "\n\n[^1]: n\n")
		doc := Parse(p, src, nil)
		Lower(doc, src, LowerOptions{})
		if n := doc.FirstChild().ChildCount(); n > 64 {
			t.Errorf("with %q: %d nodes in a paragraph of 2,000 note references, want them joined", tag, n)
		}
	}
}

// TestParenScanKeepsItsWindow: the scans of a 16 KB line of "[a]((()",
// answered by one parenScan, allocate its window a few times as it grows,
// not again each time its front is passed (80 KB more for a line of
// 16 KB).
func TestParenScanKeepsItsWindow(t *testing.T) {
	line := []byte(Hostile("link-parens", 16<<10))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	kept := &tails{plain: nextStop{-1, -1}, angle: nextStop{-1, -1}}
	for at := 0; at < len(line); at++ {
		if line[at] == ']' {
			kept.destinationEnds(line[at+2:], at+2)
		}
	}
	runtime.ReadMemStats(&after)
	// The parenScan (its ring of depths) and a window of a few
	// hundred ends.
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<10 {
		t.Fatalf("%d bytes allocated for the scans of a line of %d bytes", n, len(line))
	}
}
