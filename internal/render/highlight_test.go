package render

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// TestHostileCodeStopsAtItsBudget: some of chroma's lexers scan far
// ahead again from every token, so colouring a code block could cost
// minutes (16 KB of "m{" tagged perl: 10 s; 32 KB: 4 minutes), and at
// every width. Lexing asks whether the budget is spent before every
// token the lexer gives, and stops when it is; such code is drawn whole
// without colours. (Its time is BenchmarkHostileCode's.)
func TestHostileCodeStopsAtItsBudget(t *testing.T) {
	const unit = "m{"
	code := strings.Repeat(unit, hostileSize/8/len(unit))
	md := "```perl\n" + code + "\n```\n"
	blocks := codeBlocks(newParsed(md, nil))
	if len(blocks) != 1 {
		t.Fatalf("%d code blocks, want 1", len(blocks))
	}
	const tokens = 200
	asked := 0
	after := func() bool { asked++; return asked > tokens }
	if lexesBefore(blocks, after, lexedCode{}) {
		t.Fatal("the code lexed after its time was up")
	}
	if asked != tokens+1 {
		t.Errorf("asked %d times whether the time was up, want %d: one per token until it was", asked, tokens+1)
	}
	// Drawn as code without colours, whole.
	d, err := prepareDoc(md, Dark, nil, &linkTable{})
	if err != nil {
		t.Fatal(err)
	}
	d.plainCode, d.lexed = true, nil
	lines, err := d.render(80, Dark, &linkTable{})
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Join(lines, "\n")
	if got := strings.Count(strings.Join(strings.Fields(ansiSeq.ReplaceAllString(out, "")), ""), unit); got != len(code)/len(unit) {
		t.Errorf("%d of %d %q drawn", got, len(code)/len(unit), unit)
	}
	if n := len(coloursIn(out)); n > 1 {
		t.Errorf("drawn in %d colours, want the code block's one", n)
	}
}

// BenchmarkHostileCode renders 16 KB of "m{" tagged perl (colouring it
// would take 10 s: it is stopped at its highlight budget) and the same
// code untagged.
func BenchmarkHostileCode(b *testing.B) {
	code := strings.Repeat("m{", hostileSize/8/2)
	for _, lang := range []string{"perl", ""} {
		b.Run("lang="+lang, func(b *testing.B) {
			benchmarkRender(b, "```"+lang+"\n"+code+"\n```\n")
		})
	}
}

// ordinaryCode is code in a language glamour colours, tagged and found by
// analysis.
var ordinaryCode = map[string]string{
	"perl":       "```perl\n" + strings.Repeat("my $name = \"world\"; # greet\nprint \"hello, $name\\n\";\n", 200) + "```\n",
	"untagged C": "```\n#include <stdio.h>\n\n\n" + strings.Repeat("int main(void) {\n\treturn printf(\"%d\\n\", 1);\n}\n\n", 100) + "```\n",
}

// TestOrdinaryCodeKeepsItsColours: ordinary code lexed within its time
// is drawn coloured with the tokens kept, tagged or recognised by
// analysis. (That its budget leaves it the time is
// BenchmarkOrdinaryCodeLexing's.)
func TestOrdinaryCodeKeepsItsColours(t *testing.T) {
	never := func() bool { return false }
	for name, md := range ordinaryCode {
		d, err := prepareDoc(md, Dark, nil, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		d.lexed = lexedCode{}
		if d.plainCode = !lexesBefore(codeBlocks(newParsed(d.annotated, nil)), never, d.lexed); d.plainCode {
			t.Fatalf("%s does not lex", name)
		}
		lines, err := d.render(80, Dark, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		if out := strings.Join(lines, "\n"); len(coloursIn(out)) < 4 {
			t.Errorf("%s drawn in %d colours, want it highlighted:\n%.400q", name, len(coloursIn(out)), out)
		}
	}
}

// BenchmarkOrdinaryCodeLexing lexes ordinary code as a piece's
// preparation does, and reports the share of its highlight budget it
// takes: code whose share nears 1 on a loaded machine would lose its
// colours.
func BenchmarkOrdinaryCodeLexing(b *testing.B) {
	for name, md := range ordinaryCode {
		b.Run(name, func(b *testing.B) {
			blocks := codeBlocks(newParsed(md, nil))
			size := 0
			for _, c := range blocks {
				size += len(c.code)
			}
			start := time.Now()
			for b.Loop() {
				if !lexesBefore(blocks, func() bool { return false }, lexedCode{}) {
					b.Fatal("does not lex")
				}
			}
			b.ReportMetric(float64(time.Since(start))/float64(b.N)/float64(highlightBudget(size)), "budget/op")
		})
	}
}

var (
	ansiSeq    = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	foreground = regexp.MustCompile(`\x1b\[38;5;[0-9]+m`)
)

// coloursIn returns the foreground colours out is drawn in.
func coloursIn(out string) map[string]bool {
	seen := map[string]bool{}
	for _, c := range foreground.FindAllString(out, -1) {
		seen[c] = true
	}
	return seen
}

// TestBlankCodeIsNotAnalysed: glamour picks the lexer of untagged code
// by analysing it, and chroma's C analyser is quadratic in blank lines
// (4,000 of them: 0.45 s). Code of many blank lines is found not worth
// colouring before it is analysed or lexed (the time is never asked
// about), and its doc keeps that for every width: it is drawn without
// colours and not analysed again.
func TestBlankCodeIsNotAnalysed(t *testing.T) {
	for _, code := range []string{strings.Repeat("\n", 8000), "#include <x>\n" + strings.Repeat("\n", 8000)} {
		asked := 0
		counted := func() bool { asked++; return false }
		if _, ok := lexInTime("", code, counted, true, nil); ok || asked != 0 {
			t.Errorf("%d lines: lexed %v, the time asked about %d times; want not lexed, never asked", strings.Count(code, "\n"), ok, asked)
		}
		d, err := prepareDoc("```\n"+code+"```\n", Dark, nil, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		if !d.plainCode || len(d.lexed) != 0 {
			t.Fatalf("prepared with plainCode %v and %d blocks' tokens, want drawn without colours", d.plainCode, len(d.lexed))
		}
		for _, w := range []int{60, 70, 80} {
			lines, err := d.render(w, Dark, &linkTable{})
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) < 8000 {
				t.Errorf("at %d: %d lines, want the 8,000 lines of code", w, len(lines))
			}
		}
	}
}

// lexesInTime reports whether chroma lexes the code blocks of md, the
// language of each picked as glamour picks it (quick.Highlight: by name,
// else by analysing the code), within highlightBudget.
func lexesInTime(md string, refs []parser.Reference) bool {
	return lexesIn(newParsed(md, refs), nil)
}

// TestLexedTokensColourAsLexing checks that the tokens lexesIn keeps are
// used by the render and colour code as lexing it again does (the fork
// comparison, TestForkWritesUpstreamBytes, checks it on every sample).
func TestLexedTokensColourAsLexing(t *testing.T) {
	md := "Some code:\n\n```go\nfunc f(n int) int {\n\treturn n * 2 // double\n}\n```\n\n    indented := \"code\"\n\n```\n#include <stdio.h>\nint main() { return 0; }\n```\n"
	d, err := prepareDoc(md, Dark, nil, &linkTable{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.lexed) < 2 {
		t.Fatalf("lexesIn kept the tokens of %d code blocks, want 2 or more", len(d.lexed))
	}
	again := d
	again.lexed = nil
	for _, w := range []int{40, 80} {
		got, err := d.render(w, Dark, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := again.render(w, Dark, &linkTable{})
		if err != nil {
			t.Fatal(err)
		}
		g, l := chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n"))
		// A chroma match that hits its 250 ms timeout on a loaded
		// machine lexes the rest of the line as an error token: a
		// difference from the clock, so lex again before calling it one.
		// Either side may have been lexed so: prepare both again.
		for try := 0; g != l && try < 3; try++ {
			nd, err := prepareDoc(md, Dark, nil, &linkTable{})
			if err != nil {
				t.Fatal(err)
			}
			na := nd
			na.lexed = nil
			got, err1 := nd.render(w, Dark, &linkTable{})
			want, err2 := na.render(w, Dark, &linkTable{})
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			g, l = chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n"))
		}
		if g != l {
			t.Errorf("at %d, with the kept tokens:\n%q\nlexed again:\n%q", w, g, l)
		}
	}
}

// mayHaveCodeExpr is what mayHaveCode answers.
var mayHaveCodeExpr = regexp.MustCompile("(?m)^[ >]*(```|~~~|    )")

// TestMayHaveCodeIsTheExpression holds mayHaveCode to the expression it
// stands for, on every prepared sample, spec example and hostile
// document, and on every short text of the characters that matter.
func TestMayHaveCodeIsTheExpression(t *testing.T) {
	code := 0
	check := func(md string) {
		want := mayHaveCodeExpr.MatchString(md)
		if got := mayHaveCode(md); got != want {
			t.Fatalf("mayHaveCode(%q) = %v, the expression says %v", md, got, want)
		}
		if want {
			code++
		}
	}
	for _, md := range preparedCorpus(t, "```\n", "> ~~~\n", " >    x", "a\n  >  ```", "    ") {
		check(md)
	}
	const alphabet = " >`~\na"
	for n := 0; n <= 7; n++ {
		total := 1
		for range n {
			total *= len(alphabet)
		}
		b := make([]byte, n)
		for i := range total {
			for j, k := 0, i; j < n; j, k = j+1, k/len(alphabet) {
				b[j] = alphabet[k%len(alphabet)]
			}
			check(string(b))
		}
	}
	if code < 1000 {
		t.Fatalf("only %d texts with code: the test checks too little", code)
	}
}

// BenchmarkRealCode renders 16 KB of real code of this repository in one
// fenced block (Go, YAML, shell; a file repeated to the size, cut at a
// line end), to compare with prose of the size (BenchmarkHostile/prose,
// HOSTILE_SIZES=16): what colouring real code costs.
func BenchmarkRealCode(b *testing.B) {
	for _, c := range []struct{ lang, file string }{
		{"go", "work.go"},
		{"yaml", "../../deploy/kubernetes/deployment.yaml"},
		{"bash", "../../.ci/run"},
	} {
		src, err := os.ReadFile(c.file)
		if err != nil {
			b.Fatal(err)
		}
		code := strings.Repeat(string(src), (16<<10)/len(src)+1)[:16<<10]
		code = code[:strings.LastIndexByte(code, '\n')+1]
		b.Run(c.lang, func(b *testing.B) { benchmarkRender(b, "```"+c.lang+"\n"+code+"```\n") })
	}
}

// wideCode is markdown whose code has lines wider than narrow windows:
// fenced and indented, tagged and not, with CJK, CRLF line ends, lines
// without spaces, indented fences, and code in lists and quotes (which
// is not lexed wrapped: see codeBlocksAt).
var wideCode = []string{
	"Text.\n\n```go\npackage main\n\nfunc main() {\n    fmt.Println(\"a rather long line of Go code that goes past the window\", 42, x.y.z)\n    // 中文注释，很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长\n    s := `raw string over lines\nthat is long enough to wrap at forty columns or so, surely it is`\n}\n```\n",
	"    indented code that is long enough to be cut at thirty columns and at eighty columns too, yes\n    short\n        deeper indented code that is long enough to be cut at thirty columns and more\n\npara\n\n    x := averyveryveryveryveryveryveryveryveryveryveryveryverylongidentifierwithoutanyspaces\n",
	"```\nuntagged code line that is long enough to be cut at thirty and at forty columns, and more\n#include <stdio.h>\nint main(void) { return printf(\"%d, %d, %d, %d, %d\\n\", 1, 2, 3, 4, 5); }\n```\n\n```text\nplain text plain text plain text plain text plain text plain text plain text plain\n```\n",
	"```python\r\ndef f(a):\r\n    return a * 2.5 if a else 'no, this line is long enough to wrap at thirty columns'\r\n```\r\n",
	"  ```js\n  const a = \"an indented fence whose lines are long enough to wrap at thirty columns\";\n  ```\n\n- item\n\n  ```go\n  x := 1 // code in a list item, long enough to wrap at thirty columns, and more\n  ```\n\n> ```sh\n> echo \"in a quote, long enough to wrap at thirty columns, and at forty\"\n> ```\n",
	"```go\n" + strings.Repeat("\tif err := f(alpha, beta, gamma, delta, epsilon); err != nil { return fmt.Errorf(\"wrap: %w\", err) }\n", 20) + "```\n",
}

// TestWrappedCodeIsLexedAsDrawn: the code of the blocks at the top of a
// piece is lexed, when it is prepared for a first render at a width, as
// that render draws it, its wide lines cut (see codeBlocksAt), so that
// the render finds the tokens kept and does not lex it again: for each
// such block of the lowered tree, the code the layout colours is a code
// lexesAt kept.
func TestWrappedCodeIsLexedAsDrawn(t *testing.T) {
	docs := append([]string{}, wideCode...)
	for _, f := range []string{"../../content/posts/rendering-markdown-over-ssh.md", "../../content/posts/less-for-long-books.md"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	checked, wrapped := 0, 0
	for i, md := range docs {
		for _, width := range []int{MinWidth, 30, 41, 80, 120} {
			// The budget is the clock's: on a loaded machine the code
			// may not lex in it once; it does in one of three tries.
			d := prepareDocAt(md, Dark, nil, "", Features{}, nil, false, width)
			for try := 0; try < 2 && d.plainCode; try++ {
				d = prepareDocAt(md, Dark, nil, "", Features{}, nil, false, width)
			}
			if d.plainCode {
				t.Fatalf("doc %d at %d: its code does not lex in time", i, width)
			}
			tree, src, _ := d.lowered(prepareWith(d.annotated, width, textwrap.Narrow, nil), width, Dark, &linkTable{})
			unwrapped := map[codeKey]bool{}
			for _, b := range codeBlocks(newParsed(d.annotated, nil)) {
				unwrapped[b] = true
			}
			_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering || n.Parent() == nil || n.Parent().Kind() != ast.KindDocument {
					return ast.WalkContinue, nil
				}
				var k codeKey
				switch c := n.(type) {
				case *ast.FencedCodeBlock:
					k.lang = string(c.Language(src))
				case *ast.CodeBlock:
				default:
					return ast.WalkContinue, nil
				}
				var code strings.Builder
				for j := 0; j < n.Lines().Len(); j++ {
					seg := n.Lines().At(j)
					code.Write(seg.Value(src))
				}
				k.code = code.String()
				if _, ok := d.lexed[k]; !ok {
					// Not an indented fence, nor a diagram drawn.
					if !strings.HasPrefix(md, "  ```") && !strings.Contains(k.code, "─") {
						t.Errorf("doc %d at %d: the code drawn was not lexed:\n%q", i, width, k.code)
					}
					return ast.WalkSkipChildren, nil
				}
				checked++
				if !unwrapped[k] {
					wrapped++
				}
				return ast.WalkSkipChildren, nil
			})
		}
	}
	if checked < 60 || wrapped < 20 {
		t.Fatalf("%d blocks checked, %d of them wrapped: the test checks too little", checked, wrapped)
	}
}

// TestSameCodeSameBytes: a post with code renders to the same bytes every
// time. Chroma's 256-colour formatter gave glamour's dark comment colour,
// #676767, as 241 or 242 at random (equally near; see gansi's
// indexedSequences), so two renders of one post differed; it is 242 now.
func TestSameCodeSameBytes(t *testing.T) {
	md := "Text.\n\n```go\n// a comment\nfunc main() {} // another\n```\n\n    # indented, untagged\n"
	first, err := Markdown(md, 80, Dark)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first, "\x1b[38;5;242m// a comment") {
		t.Fatalf("the comment is not in 242:\n%q", first)
	}
	for i := range 40 {
		out, err := Markdown(md, 80, Dark)
		if err != nil {
			t.Fatal(err)
		}
		if out != first {
			t.Fatalf("render %d differs:\n%q\nfirst:\n%q", i+1, out, first)
		}
	}
}

// TestFencesCountsFenceLines checks fences, the room codeBlocksAt makes
// for fenced blocks: the lines that start, after spaces and quote
// marks, with a fence.
func TestFencesCountsFenceLines(t *testing.T) {
	for md, want := range map[string]int{
		"":                               0,
		"```":                            1,
		"a ```\n``` b":                   1,
		"```go\nx\n```\n\n~~~\ny\n~~~\n": 4,
		"> ```\n>  ~~~\n    ```":         3,
		"- ```\n  ```":                   1, // a list item's marker is not skipped
		"``` ``` ```":                    1,
		"a\n\n    code\n":                0,
	} {
		if got := fences(md); got != want {
			t.Errorf("fences(%q) = %d, want %d", md, got, want)
		}
	}
}

// TestHighlightDeadlineCountsWork: the highlighting deadline runs on work
// time, so code waiting for a CPU on a loaded server is still coloured
// (time off the CPU does not count), while lexing that keeps working
// past the budget still stops.
func TestHighlightDeadlineCountsWork(t *testing.T) {
	clock := startWork()
	defer clock.stop()
	if !clock.cpu {
		t.Skip("no thread CPU clock on this system: the deadline is wall-clock")
	}
	d := deadline{now: clock.elapsed, at: 20 * time.Millisecond}
	time.Sleep(100 * time.Millisecond) // off the CPU, as behind other readers
	if d.expired() {
		t.Fatalf("the deadline expired after %v of waiting and %v of work", 100*time.Millisecond, clock.elapsed())
	}
	giveUp := time.Now().Add(10 * time.Second)
	for !d.expired() {
		if time.Now().After(giveUp) {
			t.Fatalf("the deadline did not expire after 10 s of work (work clock says %v)", clock.elapsed())
		}
	}
}
