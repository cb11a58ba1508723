package render

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
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
				if r, _ := utf8.DecodeRuneInString(lines[i][5:]); strings.ContainsRune(noLineStart, r) {
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

// How two lines of an item are joined back: the source decides whether a
// break after ",.;-+|" had a space.
func TestListJoiner(t *testing.T) {
	src := "see example.com/a,b now, then well-known - and e.g. this"
	for _, c := range []struct{ prev, next, want string }{
		{"see example.com/a,", "b now,", ""},
		{"b now,", "then", " "},
		{"then well-", "known -", ""},
		{"known -", "and e.g.", " "},
		{"and e.", "g. this", ""},
		{"纯文", "本版本", string(lineBreak)},
		{"纯文", "。", ""},
		{"最朴素的", "less", " "},
	} {
		if got := joiner(c.prev, c.next, src); got != c.want {
			t.Errorf("joiner(%q, %q) = %q, want %q", c.prev, c.next, got, c.want)
		}
	}
}

// A loose item's second paragraph starts a line of its own under the
// item's text (glamour glues it to the end of the first paragraph).
func TestListItemParagraphs(t *testing.T) {
	lines := itemLines(t, "- first paragraph\n\n  second paragraph\n- next item\n", 40, Plain)
	got := strings.Join(lines, "\n")
	want := "\n  • first paragraph\n\n    second paragraph\n  • next item"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	lines = itemLines(t, "1. 第一段。\n\n   第二段。\n2. 下一项\n", 40, Plain)
	if got := strings.Join(lines, "\n"); got != "\n  1. 第一段。\n\n     第二段。\n  2. 下一项" {
		t.Errorf("got\n%s", got)
	}
}

// Nested items hang under their own text; items in a quote keep the bar
// on every line; a task item hangs under the text after its box.
func TestListItemsNestedQuotedTasks(t *testing.T) {
	got := strings.TrimSpace(strings.Join(itemLines(t, "- a\n  1. nested text that is long enough to wrap twice here\n  2. n2\n", 30, Plain), "\n"))
	want := "• a\n      1. nested text that is\n         long enough to wrap\n         twice here\n      2. n2"
	if got != want {
		t.Errorf("nested: got\n%s\nwant\n%s", got, want)
	}
	got = strings.Join(itemLines(t, "> - quoted item that is long enough to wrap\n", 30, Plain), "\n")
	for _, l := range strings.Split(got, "\n")[1:] {
		if !strings.HasPrefix(l, "  |") {
			t.Errorf("quoted item line %q lost its bar:\n%s", l, got)
		}
	}
	if !strings.Contains(got, "  |• quoted item that is\n  |  long enough to wrap") {
		t.Errorf("quoted item does not hang under its text:\n%s", got)
	}
	got = strings.Join(itemLines(t, "- [ ] a task with enough words to wrap around\n", 30, Plain), "\n")
	if !strings.Contains(got, "  [ ] a task with enough\n      words to wrap around") {
		t.Errorf("task item:\n%s", got)
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

// The tags used for layout never reach the reader, also when the post
// itself contains the same characters.
func TestListMarksNeverShow(t *testing.T) {
	out, err := Markdown("- a ⸻ b ⸺ c\n\n  d\n\ntext ⸻\n", 40, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out, string(itemMark)+string(paraMark)) {
		t.Errorf("layout tags in the output:\n%s", out)
	}
	if !strings.Contains(out, "a ——— b —— c") {
		t.Errorf("the post's own dashes were lost:\n%s", out)
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
