package render

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// itemLines renders md and returns the plain lines of the output.
func itemLines(t *testing.T, md string, width int, style Style) []string {
	t.Helper()
	out, err := Markdown(md, width, style)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(xansi.Strip(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
		if w := xansi.StringWidth(l); w > width {
			t.Errorf("width %d: line %q is %d cells wide", width, l, w)
		}
	}
	return lines
}

// A wrapped item continues under its text, not under its number, and no
// character of it is lost, doubled or moved: joining the lines gives the
// item back. Checked at every width from 20 to 80 columns.
func TestListItemsHangUnderTheirText(t *testing.T) {
	const zh = "纯文本电子书。很多公版书都有纯文本版本，下载下来就能读，遇到没有换行的长段落，先用一个小脚本按句号折行。"
	for width := 20; width <= 80; width++ {
		for _, style := range []Style{Plain, Dark} {
			lines := itemLines(t, "1. "+zh+"\n2. 下一项\n", width, style)
			if !strings.HasPrefix(lines[1], "  1. ") {
				t.Fatalf("width %d %s: first line %q", width, style, lines[1])
			}
			text := strings.TrimPrefix(lines[1], "  1. ")
			i := 2
			for ; !strings.HasPrefix(lines[i], "  2. "); i++ {
				if !strings.HasPrefix(lines[i], "     ") || lines[i][5] == ' ' {
					t.Fatalf("width %d %s: continuation %q is not under the text (5 columns in)", width, style, lines[i])
				}
				if r, _ := utf8.DecodeRuneInString(lines[i][5:]); r >= 0x80 && textwrap.IsClosing(r) {
					t.Errorf("width %d %s: line starts with %q, which may not start a line", width, style, r)
				}
				text += lines[i][5:]
			}
			if text != zh {
				t.Fatalf("width %d %s: item text\n%q\nwant\n%q", width, style, text, zh)
			}
		}
	}
}

// English items keep every word, whatever the source's own line breaks
// and wherever the wrap falls: words on two source lines are not glued
// together. (A line may end after ",.;-+|" with the next word on the next
// line: the wrapper breaks there, so the comparison ignores a space after
// those.)
func TestListItemsKeepTheirWords(t *testing.T) {
	src := "- A well-known trick, e.g. reading example.com/a,b slowly; then\n  again: the pager keeps its place when the window is\n  resized, a+b|c and so-called long-form text.\n- next"
	afterBreak := regexp.MustCompile(`([,.;+|-]) `)
	norm := func(s string) string { return afterBreak.ReplaceAllString(strings.Join(strings.Fields(s), " "), "$1") }
	want := norm(strings.TrimPrefix(strings.Split(src, "\n- next")[0], "- "))
	for width := 20; width <= 80; width++ {
		lines := itemLines(t, src, width, Plain)
		var got []string
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "  • next") {
				break
			}
			rest, ok := strings.CutPrefix(l, "  • ")
			if !ok {
				rest, ok = strings.CutPrefix(l, "    ")
			}
			if !ok || strings.HasPrefix(rest, " ") {
				t.Fatalf("width %d: line %q is not under the item's text", width, l)
			}
			got = append(got, rest)
		}
		if g := norm(strings.Join(got, " ")); g != want {
			t.Fatalf("width %d: text\n%q\nwant\n%q", width, g, want)
		}
	}
}

// Item layouts, exactly (plain style, trimmed): a loose item's second
// paragraph on a line of its own under the text (glamour glues it to the
// first), hard breaks kept, nested items under their own text, a task
// under the text after its box, a quoted item keeping its bar.
func TestListItemLayouts(t *testing.T) {
	for _, c := range []struct {
		md    string
		width int
		want  string
	}{
		{"- first paragraph\n\n  second paragraph\n- next item\n", 40,
			"• first paragraph\n\n    second paragraph\n  • next item"},
		{"1. 第一段。\n\n   第二段。\n2. 下一项\n", 40,
			"1. 第一段。\n\n     第二段。\n  2. 下一项"},
		{"- Jane Doe\\\n  221B Baker Street\\\n  London\n- 床前明月光，  \n  疑是地上霜。\n", 40,
			"• Jane Doe\n    221B Baker Street\n    London\n  • 床前明月光，\n    疑是地上霜。"},
		{"- a\n  1. nested text that is long enough to wrap twice here\n  2. n2\n", 30,
			"• a\n    1. nested text that is\n       long enough to wrap\n       twice here\n    2. n2"},
		{"- [ ] a task with enough words to wrap around\n", 30,
			"[ ] a task with enough\n      words to wrap around"},
		{"> - quoted item that is long enough to wrap\n", 30,
			"▏\n  ▏• quoted item that is\n  ▏  long enough to wrap"},
	} {
		got := strings.TrimSpace(strings.Join(itemLines(t, c.md, c.width, Plain), "\n"))
		if got != c.want {
			t.Errorf("%q at %d:\ngot\n%s\nwant\n%s", c.md, c.width, got, c.want)
		}
	}
}

// Wrapped lines keep the text style: in the dark style a continuation line
// is not left in the terminal's default colour.
func TestListItemContinuationKeepsStyle(t *testing.T) {
	out, err := Markdown("- "+strings.Repeat("word ", 20), 30, Dark)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	for _, l := range lines[2:] {
		if strings.Contains(l, "word") && !strings.Contains(l, "\x1b[38;5;252m") {
			t.Errorf("continuation line without the text colour: %q", l)
		}
	}
}

// A line break inside Chinese text is no space: a post whose author broke
// lines in the source reads as one sentence, in paragraphs, quotes and
// list items alike. Between English words it stays a space.
func TestCJKSourceLineBreaksJoin(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"连上来，用方向键挑一篇，\n在你自己的终端里读完它。", "挑一篇，在你自己"},
		{"> 引用的第一行\n> 引用的第二行", "第一行引用的第二行"},
		{"- 列表的第一行\n  列表的第二行", "第一行列表的第二行"},
		{"English words\nacross lines 中文\n接着写", "words across lines 中文接着写"},
	} {
		out, err := Markdown(c.md, 80, Plain)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, c.want) {
			t.Errorf("%q rendered as\n%s\nwant it to contain %q", c.md, out, c.want)
		}
	}
}

// Blocks next to an item stay where glamour put them: an item that starts
// with a heading or is empty, a quote inside an item and HTML after a list
// are not pulled into the item before them.
func TestListItemsKeepNeighbours(t *testing.T) {
	got := strings.Join(itemLines(t, "- first item\n- # heading item\n- \n- last", 60, Plain), "\n")
	if strings.Contains(got, "first item •") || strings.Contains(got, "first item #") || !strings.Contains(got, "  • last") {
		t.Errorf("items glued together:\n%s", got)
	}
	got = strings.Join(itemLines(t, "1. Install it with the package manager of your system, then start the service\n   > Note: this needs root privileges on most systems, so ask first\n", 40, Plain), "\n")
	for _, l := range strings.Split(got, "\n") {
		if strings.Contains(l, "Note") && !strings.Contains(l, quoteBar+"Note") {
			t.Errorf("the quote lost its bar or was glued to the item:\n%s", got)
		}
		if i := strings.Index(l, quoteBar); i > 0 && strings.TrimSpace(l[:i]) != "" {
			t.Errorf("a quote bar in the middle of a line %q:\n%s", l, got)
		}
	}
	got = strings.Join(itemLines(t, "- one\n- two\n<div>html after</div>\n", 60, Plain), "\n")
	if strings.Contains(got, "two html") || strings.Contains(got, "two <div>") {
		t.Errorf("HTML after the list was pulled into the last item:\n%s", got)
	}
}

// Korean separates words with spaces: a wrap never breaks inside a word
// and never loses the space between two.
func TestKoreanItemsKeepTheirSpaces(t *testing.T) {
	const ko = "이것은 긴 문장입니다 터미널에서 읽기 좋은 블로그를 만들고 있습니다 그리고 목록 항목은 단어 사이의 공백을 지켜야 합니다"
	for width := 20; width <= 80; width++ {
		lines := itemLines(t, "- "+ko+"\n", width, Plain)
		var words []string
		for _, l := range lines[1:] {
			words = append(words, strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), "• "))...)
		}
		if strings.Join(words, " ") != ko {
			t.Fatalf("width %d: %q", width, words)
		}
	}
}

// Links and URLs in items are not split by a stray space where the
// wrapper broke after a dot.
func TestListItemLinksStayWhole(t *testing.T) {
	for width := 20; width <= 80; width++ {
		out, err := Markdown("- see [go.dev](https://go.dev/doc/and-more-stuff) and example.org for more, e.g. this\n", width, Plain)
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, bad := range []string{"go. dev", "example. org", "e. g."} {
			if strings.Contains(flat, bad) {
				t.Fatalf("width %d: %q in\n%s", width, bad, out)
			}
		}
	}
}

// Review cases: what sits next to a tag parses as if the tag were not
// there, and the tags change nothing outside lists.
func TestListTagsAreInvisibleToTheParser(t *testing.T) {
	render := func(md string, width int, style Style) string {
		t.Helper()
		out, err := Markdown(md, width, style)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// A bare URL starting an item (or its second paragraph) is a link.
	for _, md := range []string{"- https://example.com/a\n", "- first\n\n  https://example.com/a\n"} {
		if out := render(md, 40, Dark); !strings.Contains(out, "\x1b]8;") {
			t.Errorf("%q: the URL is not a hyperlink:\n%q", md, out)
		}
	}
	// A hard break inside emphasis or a link is still a line break.
	lines := itemLines(t, "- _Roses are red,\\\n  violets are blue_\n", 40, Dark)
	if len(lines) < 3 || !strings.Contains(lines[1], "Roses are red,") || !strings.HasPrefix(lines[2], "    violets are blue") {
		t.Errorf("hard break inside emphasis lost:\n%s", strings.Join(lines, "\n"))
	}
	// Task boxes the parser accepts stay boxes.
	for _, md := range []string{"- [x]done\n", "- [ ]\n  buy milk\n"} {
		if out := xansi.Strip(render(md, 40, Dark)); strings.Contains(out, "• [") {
			t.Errorf("%q: the task box became text:\n%s", md, out)
		}
	}
	// The blank line between an item's paragraphs in a quote keeps the bar.
	lines = itemLines(t, "> - b\n>\n>   para two\n", 30, Plain)
	if got := strings.Join(lines, "\n"); !strings.Contains(got, "▏• b\n  ▏\n  ▏  para two") {
		t.Errorf("quote broken between an item's paragraphs:\n%s", got)
	}
	// The post's own tag characters survive, also without any list.
	if out := render("a ⸻ b ⸺ c ⸹ d ⸸ e\n", 40, Plain); !strings.Contains(out, "a ——— b —— c § d † e") {
		t.Errorf("the post's own characters were lost:\n%s", out)
	}
}

// A long code line inside a deeply indented item is wrapped under the
// item's indentation: a continuation with less would leave the item and
// turn the rest of the block into text.
func TestLongCodeLinesStayInTheirItem(t *testing.T) {
	md := "123456789. a\n\n           ```\n           code inside item that is long enough to wrap\n           ```\n"
	for width := 20; width <= 40; width++ {
		out, err := Markdown(md, width, Plain)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "```") {
			t.Fatalf("width %d: the code fence escaped the item:\n%s", width, out)
		}
	}
}

// FuzzMarkdown: any markdown renders without a panic, within the width,
// with none of the layout tags left in it.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"- a\n  - b\n    1. c\n",
		"> - quoted\n>\n>   para\n",
		"- [ ] task\n- [x]done\n",
		"100. big\n101. next\n",
		"- item\n\n  ```go\n  code\n  ```\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n",
		"- 中文，\n  接着写\\\n  硬换行\n- 한국어 문장입니다\n",
		"- **“强调”** and [link](http://x.y) and <b>html</b>  \n  end\n",
		"- ⸻⸺⸹⸸ tags\n",
	} {
		f.Add(s, 30)
	}
	f.Fuzz(func(t *testing.T, md string, width int) {
		width = MinWidth + int(uint(width)%100)
		for _, style := range []Style{Plain, Dark} {
			out, err := Markdown(md, width, style)
			if err != nil {
				t.Fatal(err)
			}
			if strings.ContainsAny(out, string([]rune{itemMark, paraMark, hardMark, endMark, lineBreak})) {
				t.Fatalf("layout tags in the output: %q", out)
			}
			for _, l := range strings.Split(out, "\n") {
				if w := xansi.StringWidth(l); w > width {
					t.Fatalf("line %q is %d cells wide, width %d", l, w, width)
				}
			}
		}
	})
}

// TestOpenStylePlain compares openStylePlain with openStyleOf, x/ansi's
// reading, on random tails of text, marks, Chinese, SGR sequences (resets
// among them), links, other sequences, controls and broken bytes: where
// it answers, the answer is the same, and it answers for every tail of
// its plain form.
func TestOpenStylePlain(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	pieces := []string{"a", " ", "• ", "▏", "中", "1.", "\x1b[m", "\x1b[0m", "\x1b[38;5;252m", "\x1b[1;3m", "\x1b[00m", "\x1b[;m", "e\u0301", "\x1b]8;;x\x07", "\x1b[2J", "\x07", "\xff", "\u009b", "\x1b[38:5:1m", "\x1b"}
	answered := 0
	for i := range 100000 {
		var b strings.Builder
		plain := true
		for range r.IntN(8) {
			k := r.IntN(len(pieces))
			if r.IntN(3) > 0 {
				k = r.IntN(13) // mostly the plain form
			}
			plain = plain && k < 13
			b.WriteString(pieces[k])
		}
		tail := openTail(b.String())
		got, ok := openStylePlain(tail)
		if want := openStyleOf(tail); ok && got != want {
			t.Fatalf("case %d: openStylePlain(%q) = %q, x/ansi %q", i, tail, got, want)
		}
		if plain && !ok {
			t.Fatalf("case %d: openStylePlain(%q) says no", i, tail)
		}
		if ok {
			answered++
		}
	}
	if answered < 50000 {
		t.Fatalf("answered %d tails: the test checks too little", answered)
	}
}

// TestKeptItemsAreLaidOutAsWrapped compares renders that leave whole items
// unwrapped for hangItems (see keptItemLine) with renders where glamour
// wraps every line, first renders and renders of a prepared doc alike, on
// nested, numbered, quoted, loose, styled, linked, Chinese and task lists,
// at narrow and wide widths, in every style.
func TestKeptItemsAreLaidOutAsWrapped(t *testing.T) {
	docs := []string{
		writtenLists()["outline"], writtenLists()["long"],
		markdown.Hostile("lists", 2048), markdown.Hostile("ordered-lists", 2048), markdown.Hostile("quote-lists", 2048),
		"1. Step with *care*, then the next thing that is long enough to wrap.\n   1. sub step with text\n   2. another sub step that is longer than the others by quite a few words\n",
		"- a\n  - b with **bold** and `code` and [a link](https://example.com/x) in a sentence that wraps, surely, twice over\n    - c " + strings.Repeat("word ", 30) + "\n",
		"> - quoted item with some text that is long enough to wrap at thirty columns\n>   - nested with text long enough to wrap somewhere along the line\n",
		"- [x] done task with a longer description that wraps at narrow widths\n  - [ ] open sub task that wraps as well, at thirty columns at least\n",
		"- First paragraph of an item that is long enough to wrap.\n\n  Second paragraph, which is longer and wraps at some width or other.\n\n  - nested after paragraphs, long enough to wrap at eighty columns for sure, yes\n",
		"- 第一项\n  - 第二项：这是一个很长的中文列表项，用来测试换行的行为，以及标点符号的处理，还有英文 words 混在一起。\n",
		"- line one of a hard break  \n  line two of it\\\n  line three\n  - nested " + strings.Repeat("x-y ", 40) + "\n",
		"* a\n    * b\n        * c\n            * d\n                * e " + strings.Repeat("deep ", 25) + "\n",
		"- x\n  - " + strings.Repeat("longword", 20) + "\n  - " + strings.Repeat("- ", 60) + "end\n",
	}
	for _, md := range docs {
		for _, style := range []Style{Dark, Light, Plain} {
			for _, w := range []int{20, 30, 40, 80, 120} {
				kept := prepareDocAt(md, style, nil, "", Features{}, nil, false, w)
				wrapped := prepareDocAt(md, style, nil, "", Features{}, nil, false, w)
				wrapped.wrapItems = true
				got, keptDoc, err1 := kept.renderFirst(w, style, &linkTable{})
				want, wrappedDoc, err2 := wrapped.renderFirst(w, style, &linkTable{})
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Fatalf("%q at %d, style %v: first renders differ:\n%s\n--- wrapped:\n%s", md, w, style, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
				for _, w2 := range []int{25, 60} {
					got, err1 := keptDoc.render(w2, style, &linkTable{})
					want, err2 := wrappedDoc.render(w2, style, &linkTable{})
					if err1 != nil || err2 != nil {
						t.Fatal(err1, err2)
					}
					if strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Fatalf("%q at %d then %d, style %v: renders differ", md, w, w2, style)
					}
				}
			}
		}
	}
}

// TestTaggedBytesStay: the tagged markdown annotate returns shares the
// bytes of its parse (see annotateParsed), which the layouts read: a
// render at any width and style leaves them as they were.
func TestTaggedBytesStay(t *testing.T) {
	docs := []string{
		markdown.Hostile("lists", 4<<10),
		markdown.Hostile("ordered-lists", 4<<10),
		markdown.Hostile("quote-lists", 4<<10),
		writtenLists()["outline"],
		writtenLists()["reading"],
		writtenLists()["long"],
		"- a [link](https://example.com) and **bold**\n- ![pic](x.png)\n\n  more\n- `code` <b>html</b> &amp; \\\nbreak\n",
	}
	shared := 0
	for _, md := range docs {
		for _, style := range []Style{Dark, Plain} {
			d := prepareDocAt(md, style, nil, "", Features{}, nil, true, 80)
			if _, p, _ := annotateParsed(md, nil, nil, true); p != nil && p.md != md {
				shared++
			}
			want := strings.Clone(d.annotated)
			lines, d2, err := d.renderFirst(80, style, &linkTable{})
			if err != nil || len(lines) == 0 {
				t.Fatalf("%.40q: %v", md, err)
			}
			for _, w := range []int{30, 120} {
				if _, err := d2.render(w, style, &linkTable{}); err != nil {
					t.Fatal(err)
				}
			}
			if d.annotated != want || d2.annotated != want {
				t.Fatalf("%.40q: the tagged markdown changed in the render", md)
			}
		}
	}
	if shared < 5 {
		t.Fatalf("only %d tagged without a copy: the test checks too little", shared)
	}
}
