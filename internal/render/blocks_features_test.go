package render

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/markdown"
)

func render(t *testing.T, md string, width int, style Style) string {
	t.Helper()
	out, err := Markdown(md, width, style)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// lines returns out's lines without their margin and trailing spaces.
func trimmedLines(out string) []string {
	var ls []string
	for _, l := range strings.Split(xansi.Strip(out), "\n") {
		ls = append(ls, strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")))
	}
	return ls
}

func TestFootnotesNumberedAndCollectedAtTheEnd(t *testing.T) {
	md := "First[^a] and second[^b], first again[^a].\n\n[^b]: Note B.\n[^a]: Note A.\n\nLast paragraph.\n"
	for _, style := range []Style{Plain, Dark} {
		ls := trimmedLines(render(t, md, 60, style))
		all := strings.Join(ls, "\n")
		if strings.Contains(all, "[^") || !strings.Contains(all, "First¹ and second², first again¹.") {
			t.Errorf("%s: references not numbered in order of first use:\n%s", style, all)
		}
		// The notes come last, after the post's last paragraph, under a rule.
		n := len(ls)
		if n < 4 || ls[n-2] != "1. Note A." || ls[n-1] != "2. Note B." || !strings.Contains(all, "Last paragraph.\n\n--------") {
			t.Errorf("%s: notes not collected at the end under a rule:\n%s", style, all)
		}
	}
}

func TestAlertsAreLabelledAndColoured(t *testing.T) {
	md := "> [!WARNING]\n> Mind the step.\n"
	plain := trimmedLines(strings.TrimLeft(render(t, md, 60, Plain), "\n"))
	// Plain text is the pager's text without escapes: the quote bar is ▏.
	if plain[0] != "▏Warning" || plain[1] != "▏Mind the step." {
		t.Errorf("alert not labelled: %q", plain)
	}
	zh, err := MarkdownWith("> [!NOTE]\n> 请注意。\n", 60, Plain, Features{Lang: "zh-cn"})
	if err != nil {
		t.Fatal(err)
	}
	if ls := trimmedLines(strings.TrimLeft(zh, "\n")); ls[0] != "▏注意" {
		t.Errorf("a Chinese post's alert is not labelled in Chinese: %q", ls)
	}
	// In colour, the label has the alert's colour (warning: 214).
	if dark := render(t, md, 60, Dark); !strings.Contains(dark, "\x1b[38;5;214mWarning") {
		t.Errorf("warning label not coloured: %q", dark)
	}
}

func TestRawHTMLReadsAsInABrowser(t *testing.T) {
	md := "H<sub>2</sub>O, x<sup>2</sup>, v<sup>beta?</sup>, <kbd>Ctrl</kbd>, " +
		"<abbr title=\"World Health Organization\">WHO</abbr>.<br>Next <script>alert(1)</script>line<!-- hidden -->.\n\n" +
		"<details>\n<summary>More</summary>\n\nInside.\n\n</details>\n\n<style>p{}</style>\n"
	all := strings.Join(trimmedLines(render(t, md, 80, Plain)), "\n")
	for _, want := range []string{"H₂O, x², v^(beta?),  Ctrl , WHO (World Health Organization).\nNext line.", "▶ More", "Inside."} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	for _, bad := range []string{"alert", "hidden", "p{}", "<"} {
		if strings.Contains(all, bad) {
			t.Errorf("%q reached the reader:\n%s", bad, all)
		}
	}
}

func TestMathAsUnicodeOnOneLine(t *testing.T) {
	md := "Energy is $E = mc^2$ and $\\alpha \\le \\frac{1}{n}$ here.\n$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\nAfter.\n\nUnknown: $\\begin{matrix} a \\end{matrix}$.\n"
	for w := 20; w <= 80; w += 3 {
		ls := trimmedLines(render(t, md, w, Plain))
		all := strings.Join(ls, "\n")
		for _, inline := range []string{"E = mc²", "α ≤ 1/n"} {
			if !strings.Contains(all, inline) {
				t.Errorf("@%d: inline math %q broken or not converted:\n%s", w, inline, all)
			}
		}
		found := false
		for _, l := range ls {
			if l == "∑ᵢ₌₁ⁿ i = (n(n+1))/2" {
				found = true
			}
		}
		if !found && w >= 30 {
			t.Errorf("@%d: display math not on a line of its own:\n%s", w, all)
		}
		// (Narrower, the formula is wider than the line: it is cut.)
		if w >= 40 && !strings.Contains(all, `\begin{matrix} a \end{matrix}`) {
			t.Errorf("@%d: unknown TeX not shown as its source:\n%s", w, all)
		}
	}
}

func TestDiagramsAndCodeAreLabelled(t *testing.T) {
	md := "```mermaid\npie\n  \"a\": 1\n```\n\n```python\nprint(1)\n```\n"
	ls := trimmedLines(render(t, md, 60, Plain))
	all := strings.Join(ls, "\n")
	if !strings.Contains(all, "mermaid diagram\n\npie\n\"a\": 1") || !strings.Contains(all, "python\n\nprint(1)") {
		t.Errorf("code blocks not labelled:\n%s", all)
	}
}

func TestIndentedCodeWrapsUnderItsIndentation(t *testing.T) {
	md := "Text.\n\n    if x {\n            call(\"a long argument that cannot fit in a narrow window at all\")\n    }\n"
	out := render(t, md, 40, Plain)
	// Continuations start further in than the line they continue.
	call := regexp.MustCompile(`^( *)call\(`).FindStringSubmatch(out[strings.Index(out, "\n")+1:])
	if call == nil {
		call = regexp.MustCompile(`(?m)^( *)call\(`).FindStringSubmatch(out)
	}
	if call == nil {
		t.Fatalf("no code line:\n%s", out)
	}
	cont := regexp.MustCompile(`^` + call[1] + ` +` + codeCont)
	n := 0
	for _, l := range strings.Split(out, "\n") {
		if cont.MatchString(l) {
			n++
		} else if strings.Contains(l, "window") || strings.Contains(l, "at all") {
			t.Errorf("a wrapped code line left its indentation: %q\n%s", l, out)
		}
	}
	if n == 0 {
		t.Errorf("no continuation line under the code's indentation:\n%s", out)
	}
}

func TestHeadingsWithoutMarkers(t *testing.T) {
	md := "# One\n\n## Two\n\n### Three\n\n###### Six\n"
	for _, style := range []Style{Plain, Dark} {
		out := render(t, md, 60, style)
		if strings.Contains(xansi.Strip(out), "#") {
			t.Errorf("%s: heading markers shown:\n%s", style, out)
		}
	}
	// In colour, levels two and three look different.
	dark := render(t, md, 60, Dark)
	two, three := styleOf(dark, "Two"), styleOf(dark, "Three")
	if two == "" || two == three {
		t.Errorf("levels 2 and 3 drawn alike (%q, %q)", two, three)
	}
}

// styleOf returns the SGR sequence right before word.
func styleOf(out, word string) string {
	i := strings.Index(out, word)
	if i < 0 {
		return ""
	}
	j := strings.LastIndex(out[:i], "\x1b[")
	if j < 0 {
		return ""
	}
	return out[j:i]
}

func TestDefinitionListsIndented(t *testing.T) {
	md := "Term\n: A definition long enough to wrap over several lines in a window forty columns wide.\n"
	out := render(t, md, 40, Plain)
	ls := strings.Split(out, "\n")
	if strings.TrimSpace(ls[0]) != "Term" {
		t.Fatalf("term not on its own line:\n%s", out)
	}
	for _, l := range ls[1:] {
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "      ") {
			t.Errorf("definition line not indented under the term: %q\n%s", l, out)
		}
	}
}

func TestEmojiWhenTheSiteEnablesThem(t *testing.T) {
	md := "Done :tada: and `:tada:`\n"
	off := render(t, md, 40, Plain)
	on, err := MarkdownWith(md, 40, Plain, Features{Emoji: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(off, "Done :tada:") || !strings.Contains(on, "Done 🎉 and \u00a0:tada:\u00a0") {
		t.Errorf("emoji: off %q, on %q", off, on)
	}
}

// Text the HTML tokenizer decoded is not decoded twice: "&amp;#27;" is
// the text "&#27;", never an ESC for the reader's terminal.
func TestRawHTMLIsNotDecodedTwice(t *testing.T) {
	md := "<div>a &amp;#27;[31m b <abbr title=\"&amp;#x9b;31m\">c</abbr></div>\n"
	for _, style := range []Style{Dark, Plain} {
		out := render(t, md, 80, style)
		if strings.Contains(out, "\x1b[31m") || strings.Contains(out, "\u009b") {
			t.Errorf("%s: an escape sequence reached the reader: %q", style, out)
		}
		if !strings.Contains(xansi.Strip(out), "a &#27;[31m b") {
			t.Errorf("%s: the text is not shown as written: %q", style, out)
		}
	}
}

// A long post is laid out in pieces: its footnotes are still numbered by
// first reference through the whole post and listed after its end, also
// when a reference and its note are pieces apart.
func TestFootnotesAcrossPieces(t *testing.T) {
	para := strings.Repeat("Filler prose for a long post, long enough to be cut into pieces. ", 20) + "\n\n"
	md := "Start[^b].\n\n[^a]: Note A, defined early.\n\n" + strings.Repeat(para, 100) +
		"Middle[^a] and again[^b].\n\n" + strings.Repeat(para, 100) + "End[^c].\n\n[^b]: Note B.\n[^c]: Note C.\n"
	if pieces, _ := split(md); len(pieces) < 3 {
		t.Fatalf("the post is %d pieces: the test needs it cut", len(pieces))
	}
	for _, w := range []int{60, 100} {
		ls := trimmedLines(render(t, md, w, Plain))
		all := strings.Join(ls, "\n")
		if strings.Contains(all, "[^") {
			t.Fatalf("@%d: a reference or note shown as written", w)
		}
		for _, want := range []string{"Start¹.", "Middle² and again¹.", "End³."} {
			if !strings.Contains(all, want) {
				t.Errorf("@%d: missing %q", w, want)
			}
		}
		n := len(ls)
		if got := strings.Join(ls[n-5:], "\n"); got != "--------\n\n1. Note B.\n2. Note A, defined early.\n3. Note C." {
			t.Errorf("@%d: the notes at the end are\n%s", w, got)
		}
	}
}

// A second width reuses the pieces prepared for the first (from the
// cache): the footnotes keep their numbers.
func TestFootnotesAcrossPiecesFromTheCache(t *testing.T) {
	para := strings.Repeat("Filler prose for a long post, long enough to be cut into pieces. ", 20) + "\n\n"
	md := "Start[^b].\n\n" + strings.Repeat(para, 150) + "End[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n"
	pool := NewPool(NewCache(64<<20), 1, Options{})
	defer pool.Close()
	for _, w := range []int{60, 100, 60} {
		r, err := pool.Render(context.Background(), Request{Path: "p.md", Key: "p#1", Markdown: md, Width: w, Style: Plain})
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(trimmedLines(r.String()), "\n")
		if !strings.Contains(all, "Start¹.") || !strings.Contains(all, "End².") || !strings.HasSuffix(all, "1. Note B.\n2. Note A.") {
			t.Errorf("@%d: footnotes renumbered from the cache:\n%s", w, all[len(all)-200:])
		}
	}
}

// A long post with more notes than the last piece may carry keeps them
// piece by piece: no note is lost, and no piece grows past the bound.
func TestFootnotesAcrossPiecesBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*markdown.MaxNotes; i++ {
		fmt.Fprintf(&b, "Text[^n%d].\n\n[^n%d]: Note number %d, written out at some length.\n\n", i, i, i)
	}
	out := render(t, b.String(), 80, Plain)
	if !strings.Contains(out, "Note number 0,") || !strings.Contains(out, "Note number 1000,") {
		t.Errorf("notes lost")
	}
}
