package render

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// fitHeadsPosts are posts with headings everywhere a heading may be
// drawn: at the top level, in quotes and list items, wrapped, beside
// links (balanceLinks), tabs, wide text, and lines hard-wrapped.
func fitHeadsPosts() []string {
	posts := []string{
		headingsPost(),
		writtenSections(),
		"# [a link](https://example.com/" + strings.Repeat("x", 200) + ") in a heading\n\ntext\n",
		"## tab&#9;in a heading\n\n> # quoted\n> > ## deeper `code`\n\n- ## listed\n  text\n",
		"# " + strings.Repeat("averylongwordthatdoesnotwrap", 8) + "\n\n" + strings.Repeat("|a|b|\n|-|-|\n|"+strings.Repeat("c", 300)+"|d|\n\n", 2),
		"Setext *one*\n===\n\nSetext two\n---\n\n# 标题 “引号” ±\n\n\u2063not a heading\n",
		"```\n" + strings.Repeat("code ", 60) + "\n```\n\n## after code\n",
	}
	for _, name := range markdown.HostileNames() {
		posts = append(posts, markdown.Hostile(name, 2<<10))
	}
	return posts
}

// TestFitHeadsIsPlaceHeadings compares fitHeads, which places the
// headings as it joins the lines, with the way it replaces: fit, then
// placeHeadings on its lines.
func TestFitHeadsIsPlaceHeadings(t *testing.T) {
	n := 0
	for i, md := range fitHeadsPosts() {
		for _, style := range []Style{Dark, Light, Plain, Dark.Wide()} {
			for _, width := range []int{MinWidth, 80} {
				d, err := prepareDoc(md, style, nil, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				out, err := glamourRender(prepareWith(d.annotated, width, style.ambiguous(), nil), width, style, d, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				want := fit(out, width, d.items, style.base() == Plain, style.ambiguous())
				wantHeads := placeHeadings(want)
				heads := []int{-1} // rows are appended
				got := fitHeads(out, width, d.items, style.base() == Plain, style.ambiguous(), &heads)
				where := fmt.Sprintf("post %d, %s at %d", i, style, width)
				if !slices.Equal(got, want) {
					t.Fatalf("%s: lines differ:\n got %q\nwant %q", where, got, want)
				}
				if !slices.Equal(heads[1:], wantHeads) {
					t.Fatalf("%s: heading rows %v, want %v", where, heads[1:], wantHeads)
				}
				n += len(wantHeads)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d headings compared: the test checks too little", n)
	}
}

// TestJoinHeadsKeepsSplitLines: a line holding a newline (which fit's
// lines never do) is cut as cutLines cuts it, its heading rows counted
// on the lines cut.
func TestJoinHeadsKeepsSplitLines(t *testing.T) {
	mark := string(headMark)
	lines := []string{"a", "b\n" + mark + "c", mark + "d"}
	want := cutLines(slices.Clone(lines), strings.Join(lines, "\n"))
	wantHeads := placeHeadings(want)
	heads := []int{}
	got := joinHeads(slices.Clone(lines), &heads)
	if !slices.Equal(got, want) || !slices.Equal(heads, wantHeads) {
		t.Fatalf("got %q %v, want %q %v", got, heads, want, wantHeads)
	}
}

// TestPrepareProseIsPrepareSplit compares prepareProse with the way it
// replaces for posts without code fences, memo and all: a memo filled by
// one serves the other, at another width too.
func TestPrepareProseIsPrepareSplit(t *testing.T) {
	posts := []string{
		"", "\n", "a", "a\n", "\n\nb\n\n", "中文，文本。\n\nEnglish 和 中文 mixed\n", "&#x202e;ref &amp; more\n\n“quotes” ±\n",
		writtenSections(), headingsPost(), "> 引用 text\n> more 中文\n\n- 项目 item\n",
	}
	for _, name := range markdown.HostileNames() {
		if md := markdown.Hostile(name, 2<<10); !strings.Contains(md, "```") && !strings.Contains(md, "~~~") {
			posts = append(posts, md)
		}
	}
	posts = append(posts, writtenQuotes()["quote-zh"])
	// Posts of lines of Chinese, of English and of both (prepareProse
	// writes a line with Chinese straight into its output).
	parts := []string{"中", "文", "，", "。", "（", "）", "Go", "a", " ", "  ", "`", "\xff", "&#x202e;", "\n", "\n\n", "> ", "- "}
	rng := rand.New(rand.NewPCG(6, 13))
	for range 300 {
		var b strings.Builder
		for k := rng.IntN(40); k > 0; k-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		if md := b.String(); !strings.Contains(md, "```") {
			posts = append(posts, md)
		}
	}
	for i, md := range posts {
		for _, amb := range []Style{Dark, Dark.Wide()} {
			a := amb.ambiguous()
			want := prepareSplit(md, 80, a, nil)
			if got := prepareProse(md, a, nil); got != want {
				t.Fatalf("post %d (%v): got %q, want %q", i, amb, got, want)
			}
			// A memo filled by either serves the other.
			m1, m2 := &proseMemo{}, &proseMemo{}
			prepareSplit(md, MaxWidth, a, m1)
			prepareProse(md, a, m2)
			if got, want := prepareProse(md, a, m1), prepareSplit(md, 40, a, m2); got != want {
				t.Fatalf("post %d (%v) from the memo: got %q, want %q", i, amb, got, want)
			}
			if !slices.Equal(m1.lines, m2.lines) || !slices.Equal(m1.done, m2.done) {
				t.Fatalf("post %d (%v): the memos differ", i, amb)
			}
		}
	}
}

// TestPrefixesIn checks prefixesIn against strings.Split: lines cut in
// place from whole's lines, whole or trimmed, are found in it; copies,
// lines changed, added or left out are not.
func TestPrefixesIn(t *testing.T) {
	wholes := []string{"", "a", "a\nb", "a\n\nb", "\n", "a\n", "ab\ncd\nef", "  \n  a  \n b"}
	for _, whole := range wholes {
		var split []string // cut in place
		for rest := whole; ; {
			nl := strings.IndexByte(rest, '\n')
			if nl < 0 {
				split = append(split, rest)
				break
			}
			split = append(split, rest[:nl])
			rest = rest[nl+1:]
		}
		trimmed := slices.Clone(split)
		for i, l := range trimmed {
			trimmed[i] = strings.TrimRight(l, " ")
		}
		copied := slices.Clone(split)
		changed := false
		for i, l := range copied {
			if l != "" {
				copied[i] = strings.Clone(l)
				changed = true
			}
		}
		longer := slices.Clone(split)
		longer[0] += "x"
		for _, c := range []struct {
			lines []string
			want  bool
		}{
			{split, true}, {trimmed, true}, {copied, !changed}, {longer, false},
			{append(slices.Clone(split), ""), false}, {split[:len(split)-1], false},
		} {
			if got := prefixesIn(c.lines, whole); got != c.want {
				t.Errorf("prefixesIn(%q, %q) = %v, want %v", c.lines, whole, got, c.want)
			}
		}
	}
}

// TestSharedWritersDrawTheSame: a post in pieces laid out with the
// writers its pieces share (see work.writers) draws what it draws with
// writers of each piece's own, the way it replaces.
func TestSharedWritersDrawTheSame(t *testing.T) {
	posts := []string{headingsPost(), writtenSections(), strings.Repeat(headingsPost(), 3)}
	for _, name := range markdown.HostileNames() {
		posts = append(posts, markdown.Hostile(name, 48<<10))
	}
	render := func(md string, width int, style Style, shared bool) *work {
		w := newWork(md, width, style, nil)
		for {
			done, err := w.step()
			if err != nil {
				t.Fatal(err)
			}
			if !shared {
				w.writers = nil
			}
			if done {
				return w
			}
		}
	}
	pieces := 0
	for i, md := range posts {
		for _, style := range []Style{Dark, Plain, Light.Wide()} {
			for _, width := range []int{30, 80} {
				got, want := render(md, width, style, true), render(md, width, style, false)
				if !slices.Equal(got.lines, want.lines) || !slices.Equal(got.heads, want.heads) || !slices.Equal(got.figs, want.figs) {
					t.Fatalf("post %d, %s at %d: shared writers draw otherwise", i, style, width)
				}
				pieces += len(got.pieces)
			}
		}
	}
	if pieces < 3*len(posts) {
		t.Fatalf("only %d pieces: the test checks too little", pieces)
	}
}

// TestHasOSC8IsContains compares hasOSC8 with strings.Contains(s, osc8),
// the way it replaces, on texts with the sequence, its parts apart, at
// either end and beside other sequences, and on the layouts of posts.
func TestHasOSC8IsContains(t *testing.T) {
	texts := []string{"", "]", "]8;", "\x1b", "\x1b]", "\x1b]8", "\x1b]8;", "a\x1b]8;", "\x1b]8;a",
		"]8;\x1b]8;", "\x1b]]8;", "\x1b\x1b]8;", "\x1b[m]8;", "]\x1b]8;;x\x1b\\", "\x1b]9;x\a]8;",
		"a]8;b\x1b", "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\"}
	for _, md := range fitHeadsPosts() {
		for _, style := range []Style{Dark, Plain} {
			out, err := Markdown(md, 80, style)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, out)
		}
	}
	for _, s := range texts {
		if got, want := hasOSC8(s), strings.Contains(s, osc8); got != want {
			t.Errorf("hasOSC8(%.80q) = %v, want %v", s, got, want)
		}
	}
}

// TestDroppedMarksAreJoinHeads compares a render whose layout drops the
// heading marks as it writes the document's lines (see droppedMarks)
// with the way it replaces, fit dropping them from the output as it
// joins its lines (joinHeads): the same lines and heading rows, for
// posts with headings everywhere, in every style, at several widths.
func TestDroppedMarksAreJoinHeads(t *testing.T) {
	posts := append(fitHeadsPosts(),
		strings.Repeat("> ", 14)+"# deep in quotes\n\ntext\n",
		"# one\n# two\n***\n## three\n\n> # quoted "+strings.Repeat("word ", 30)+"\n\n"+strings.Repeat("a\n===\n", 40),
		"\n\n\n# after blank lines\n\n    code\n\n## last",
		"# a [link](https://example.com/x) heading\n\ntext with [another](https://example.com/y)\n\n## b\n")
	n, dropped := 0, 0
	for i, md := range posts {
		for _, style := range []Style{Dark, Light, Plain, Dark.Wide()} {
			for _, width := range []int{MinWidth, 47, 80, 120} {
				d, err := prepareDoc(md, style, nil, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				out, err := glamourRender(prepareWith(d.annotated, width, style.ambiguous(), nil), width, style, d, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				wantHeads := []int{-1} // rows are appended
				want := fitHeads(out, width, d.items, style.base() == Plain, style.ambiguous(), &wantHeads)
				heads := []int{-1}
				d.heads = &heads
				got, err := d.render(width, style, &linkTable{})
				if err != nil {
					t.Fatal(err)
				}
				where := fmt.Sprintf("post %d, %s at %d", i, style, width)
				if !slices.Equal(got, want) {
					t.Fatalf("%s: lines differ:\n got %q\nwant %q", where, got, want)
				}
				if !slices.Equal(heads, wantHeads) {
					t.Fatalf("%s: heading rows %v, want %v", where, heads[1:], wantHeads[1:])
				}
				n += len(wantHeads) - 1
				// Laid out again, dropping the marks: how many it placed.
				d.dropped = &droppedMarks{}
				if out, err = glamourRender(prepareWith(d.annotated, width, style.ambiguous(), nil), width, style, d, &linkTable{}); err != nil {
					t.Fatal(err)
				}
				if !strings.ContainsRune(out, headMark) {
					dropped += len(d.dropped.rows)
				}
			}
		}
	}
	if n < 1000 || dropped < n/3 {
		t.Fatalf("only %d headings compared, %d of them dropped by the layout: the test checks too little", n, dropped)
	}
}
