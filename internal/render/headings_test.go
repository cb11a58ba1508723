package render

import (
	"context"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/markdown"
)

// headingsPost has, over several pieces, a paragraph with the words of
// the heading after it, headings in a quote and in a list, a long one
// that wraps, one with inline code and a Chinese one.
func headingsPost() string {
	para := strings.Repeat("Some prose to fill a piece of the post. ", 40) + "\n\n"
	return "# Title one\n\ntext\n\n" +
		"Second `section`\n\n" + // a paragraph, not a heading
		"## Second `section`\n\nafter the second\n\n" +
		strings.Repeat(para, 60) +
		"> ## Quoted heading\n>\n> after the quoted\n\n" +
		"- item\n\n  ### Listed heading\n\n  after the listed\n\n" +
		strings.Repeat(para, 60) +
		"### A heading that is long enough to wrap on a narrow window, for sure, twice over\n\nafter the long\n\n" +
		"Setext heading\n--------------\n\nafter the setext\n\n" +
		"## 第四节 调解工作室\n\n之后的段落。\n"
}

// TestRenderedHeadings: a render says on which line each heading starts,
// in every style, across pieces, and the paragraph after each heading
// comes below it (not the heading after a paragraph of the same words).
func TestRenderedHeadings(t *testing.T) {
	md := headingsPost()
	src := []byte(md)
	hs := markdown.Headings(markdown.Parse(mdParser, src, nil), src)
	if len(hs) != 7 {
		t.Fatalf("markdown.Headings found %d headings, want 7", len(hs))
	}
	p := NewPool(NewCache(64<<20), 1, Options{})
	defer p.Close()
	for _, style := range []Style{Dark, Light, Plain, Dark.Wide()} {
		for _, width := range []int{80, 40} {
			r, err := p.Render(context.Background(), Request{Key: "headings", Markdown: md, Width: width, Style: style})
			if err != nil {
				t.Fatal(err)
			}
			if pieces, _ := split(md); len(pieces) < 2 {
				t.Fatalf("the post is %d piece(s); make it longer", len(pieces))
			}
			if len(r.Headings) != len(hs) {
				t.Fatalf("%s at %d: %d heading rows %v, want %d", style, width, len(r.Headings), r.Headings, len(hs))
			}
			for i, row := range r.Headings {
				text := strings.NewReplacer("`", "", "\u00a0", " ").Replace(hs[i].Text)
				line := plainLine(r.Lines[row])
				if !strings.HasPrefix(text, line) || line == "" {
					t.Errorf("%s at %d: heading %d (%q) at line %d: %q", style, width, i, text, row, line)
				}
				if i > 0 && row <= r.Headings[i-1] {
					t.Errorf("%s at %d: heading %d at line %d, not after heading %d at %d", style, width, i, row, i-1, r.Headings[i-1])
				}
				// The first text after the heading's own lines (a long one
				// wraps) is the paragraph that follows it.
				next, drawn := row+1, line
				for ; next < len(r.Lines) && drawn != text && plainLine(r.Lines[next]) != ""; next++ {
					drawn += " " + plainLine(r.Lines[next])
				}
				for next < len(r.Lines) && plainLine(r.Lines[next]) == "" {
					next++
				}
				if got := ""; next >= len(r.Lines) || !afterHeading(plainLine(r.Lines[next])) {
					if next < len(r.Lines) {
						got = plainLine(r.Lines[next])
					}
					t.Errorf("%s at %d: heading %d (%q): the text below is %q, not the paragraph after it", style, width, i, text, got)
				}
			}
			for i, l := range r.Lines {
				if strings.ContainsRune(l, headMark) {
					t.Fatalf("%s at %d: line %d keeps the heading mark: %q", style, width, i, l)
				}
			}
			// From the cache, the same rows.
			if c, ok := p.cache.Get(Key(Request{Key: "headings"}.postKey(), width, style)); !ok || !slices.Equal(c.Headings, r.Headings) {
				t.Errorf("%s at %d: the cached render (kept: %v) lacks the heading rows", style, width, ok)
			}
		}
	}
}

// afterHeading reports the first line of a paragraph that follows a
// heading in headingsPost.
func afterHeading(l string) bool {
	return l == "text" || strings.HasPrefix(l, "after the ") || l == "之后的段落。"
}

// plainLine is a rendered line as text: no styles, quote bars, list
// bullets or padding, spaces collapsed.
func plainLine(l string) string {
	l = strings.ReplaceAll(xansi.Strip(l), "\u00a0", " ")
	l = strings.TrimLeft(strings.TrimSpace(l), quoteBar+" ")
	return strings.Join(strings.Fields(l), " ")
}

// TestWrittenHeadingMarkIsNoHeading: a post that writes the mark itself
// makes no heading of a paragraph, and the reader does not get it.
func TestWrittenHeadingMarkIsNoHeading(t *testing.T) {
	md := "## Real\n\n\u2063Not a heading\n\nand \u2063 more\n"
	w := newWork(md, 60, Dark, nil)
	for {
		done, err := w.step()
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
	}
	if len(w.heads) != 1 || !strings.Contains(xansi.Strip(w.lines[w.heads[0]]), "Real") {
		t.Errorf("heading rows %v, want only the line of Real", w.heads)
	}
	if out := strings.Join(w.lines, "\n"); strings.ContainsRune(out, headMark) {
		t.Errorf("the mark reached the reader: %q", out)
	}
}

// TestDropHeadMarksIsTheRegexp checks dropHeadMarks against the regular
// expression it stands in for (and the marks left removed after it), on
// lines made of marks, style sequences and text in every order.
func TestDropHeadMarksIsTheRegexp(t *testing.T) {
	styled := regexp.MustCompile("\x1b\\[[0-9;]*m\u2063\x1b\\[0?m")
	parts := []string{"\u2063", "\x1b[1;38;5;39m\u2063\x1b[m", "\x1b[m\u2063\x1b[0m", "\x1b[1m", "\x1b[38;5;39;1m", "\x1b[m", "\x1b[0m", "\x1b[", "m", "1;", "\x1b", "[", "0", "a", "标题", " ", "\x1b[00m", "\x1b[;m"}
	r := rand.New(rand.NewPCG(6, 1))
	marked := 0
	for i := range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		l := b.String()
		want := strings.ReplaceAll(styled.ReplaceAllString(l, ""), "\u2063", "")
		if got := dropHeadMarks(l); got != want {
			t.Fatalf("case %d: %q: got %q, want %q", i, l, got, want)
		}
		if styled.MatchString(l) {
			marked++
		}
	}
	if marked < 1000 {
		t.Fatalf("only %d lines had a styled mark: the test checks too little", marked)
	}
}
