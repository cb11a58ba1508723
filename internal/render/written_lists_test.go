package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark/ast"
)

// writtenLists are list shapes real posts are made of, where
// markdown.Hostile's lists are one long list: an outline of short nested
// items, a reading list of links, a list of sentences that wrap.
func writtenLists() map[string]string {
	var outline, reading, long strings.Builder
	for i := range 100 {
		fmt.Fprintf(&outline, "- Topic %d\n  - Point %d\n    - detail %d\n", i, i, i)
	}
	reading.WriteString("# Reading list\n\n")
	for i := range 200 {
		fmt.Fprintf(&reading, "- [Article number %d](https://example.com/p/%d)\n", i, i)
	}
	for i := range 40 {
		fmt.Fprintf(&long, "- Item %d has **bold text**, `code` and a [link](https://example.com/%d) in a sentence that wraps at eighty columns, and *more* words after it.\n", i, i)
	}
	return map[string]string{"outline": outline.String(), "reading": reading.String(), "long": long.String()}
}

// BenchmarkWrittenLists renders each written list shape and, beside it,
// ordinary prose of the same size (issue 6: a post costs no more than
// prose of its size, within 2x): compare a shape's cpu-ms/op and B/op
// with its "prose" sibling's.
func BenchmarkWrittenLists(b *testing.B) {
	for _, name := range []string{"outline", "reading", "long"} {
		md := writtenLists()[name]
		b.Run(name, func(b *testing.B) {
			b.Run("list", func(b *testing.B) { benchmarkRender(b, md) })
			b.Run("prose", func(b *testing.B) { benchmarkRender(b, markdown.Hostile("prose", len(md))) })
		})
	}
}

// TestNestedListsPadAsUpstream: a list nested in a list leaves its lines'
// padding to the list around it (gansi's leavesPadding), which must write
// the bytes upstream glamour writes, where every list pads its own lines:
// nested lists of every kind, in quotes, with wrapped, styled, linked and
// Chinese items, at several widths and styles.
func TestNestedListsPadAsUpstream(t *testing.T) {
	docs := []string{
		writtenLists()["outline"],
		"1. one\n   - a **bold** item that is long enough to wrap at a narrow width, surely\n     1. deeper `code` and [a link](https://example.com/x)\n2. two\n",
		"- a\n\n  - loose b\n\n    paragraph of b\n\n  - c\n- d\n  > - quoted e\n  >   - f\n",
		"> - a\n>   - b\n>     - c with *emphasis* that wraps somewhere along the line\n",
		"- [x] task\n  - [ ] sub task that is long enough to wrap at thirty columns\n",
		"- 第一项\n  - 第二项：这是一个很长的中文列表项，用来测试换行的行为，以及标点符号的处理\n    - 第三项\n",
		"- a\n  ```go\n  x := 1\n  ```\n  - b\n    | h |\n    |---|\n    | c |\n",
		"* a\n    * b\n        * c\n            * d\n                * e\n                    * f\n",
		"- x\n  - " + strings.Repeat("longword", 20) + "\n",
	}
	for _, md := range docs {
		for _, style := range []Style{Dark, Light, Plain} {
			d, err := prepareDoc(md, style, nil, &linkTable{})
			if err != nil {
				t.Fatal(err)
			}
			d.keepPadding = true // glamour pads every line
			for _, w := range []int{20, 30, 80, 120} {
				src := prepare(d.annotated, w, style.ambiguous())
				up := d
				up.upstreamANSI, up.upstreamStyles = true, ownCodeStyle
				want, err1 := glamourRender(src, w, style, up, &linkTable{})
				got, err2 := glamourRender(src, w, style, d, &linkTable{})
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if got, want = chromaTie.Replace(got), chromaTie.Replace(want); got != want {
					i := firstDiff(got, want)
					t.Errorf("%.40q, %s at %d: differs from glamour's at byte %d\nglamour: %q\nfork:    %q", md, style, w, i, around(want, i), around(got, i))
				}
			}
		}
	}
}

// TestOneLineItemsAreItemTexts checks the items' texts renderFirst takes
// from the render at width when none wraps (oneLineItems) against those
// of the render without wrapping (itemTexts), on lists of every kind, the
// hostile documents, the written shapes and the sample posts, at several
// widths and styles; and that it does take them for most of the lists.
func TestOneLineItemsAreItemTexts(t *testing.T) {
	docs := map[string]string{
		"styled":  "- **bold** *em* `code` ~~del~~ [link](https://example.com/a) <https://b.example>\n- ![alt](x.png) text\n- a&amp;b &lt; \\* escaped\n",
		"tasks":   "- [x] done\n- [ ] open `x`\n  - [ ] nested\n",
		"ordered": "3. three\n4. four\n   1. sub\n",
		"quoted":  "> - a\n>   - b [l](https://c.example)\n> 1. c\n",
		"cjk":     "- 第一项：中文“引号”\n- 混合 English 和中文\n  - 第三项\n",
		"notes":   "- an item with a note[^1]\n- and math $x^2$\n\n[^1]: the note\n",
		"html":    "- <b>bold</b> and <kbd>K</kbd>\n- <span>x</span>\n",
		"loose":   "- a\n\n- b\n\n  c\n",
		"breaks":  "- a  \n  b\n- c\\\n  d\n",
	}
	for name, md := range writtenLists() {
		docs["written "+name] = md
	}
	for _, n := range markdown.HostileNames() {
		docs["hostile "+n] = markdown.Hostile(n, 4<<10)
	}
	for _, f := range postFiles(t) {
		docs[f.path] = f.src
	}
	taken := 0
	for name, md := range docs {
		for _, style := range []Style{Dark, Light, Plain, Dark.Wide()} {
			d := prepareDocBase(md, style, nil, "", Features{}, nil, false)
			if !strings.ContainsRune(d.annotated, itemMark) {
				continue
			}
			for _, width := range []int{30, 80, 120} {
				src := prepareWith(d.annotated, width, style.ambiguous(), nil)
				tree, b, _ := d.lowered(src, width, style, &linkTable{})
				out, err := d.layout(tree, b, width, style)
				if err != nil {
					t.Fatal(err)
				}
				got, ok := oneLineItems(out)
				if !ok {
					continue
				}
				taken++
				if want := flatItemTexts(t, d, tree, b, style); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
					t.Errorf("%s, %s at %d: texts differ\none line: %q\nflat:     %q", name, style, width, got, want)
				}
			}
		}
	}
	if taken < 100 {
		t.Fatalf("only %d renders took their items' texts from their own lines: the test checks too little", taken)
	}
}

// TestListTextsAreItemTexts checks renderFirst's other way to the items'
// texts (see listTexts): the texts of the lists at the document's level
// as the layout at a width gave them are the items' texts of the layout
// without wrapping, whenever listTexts gives them, on written lists,
// posts of items that wrap (styled, linked, loose, with hard breaks,
// tasks, code, Chinese, in quotes and nested, where it says no), the
// hostile documents, the sample and test posts and the spec examples,
// in every style at several widths.
func TestListTextsAreItemTexts(t *testing.T) {
	long := "a sentence that goes on long enough to wrap at every width the test lays it out at, surely, and more"
	extra := []string{
		"- " + long + " with **bold " + long + "** and `code` and [a link](https://example.com/x) " + long + "\n- short\n- " + long + "\n",
		"1. " + long + "\n2. *" + long + "*\n\n   " + long + "\n3. x\n",
		"- [x] " + long + "\n- [ ] " + long + " ~~struck~~\n",
		"- " + long + "  \n  hard " + long + "\\\n  again\n- " + long + "\n\n  later paragraph " + long + "\n",
		"- 第一项：这是一个很长的中文列表项，用来测试换行的行为，以及标点符号“引号”和（括号）的处理方式，还有英文 words 混在一起。\n- 第二项\n",
		"- " + long + "\n  ```go\n  x := 1\n  ```\n- " + long + "\n  | a | b |\n  |---|---|\n  | c | d |\n",
		"- " + long + "\n  - nested " + long + "\n- " + long + "\n",
		"> - " + long + "\n> - " + long + "\n",
		"Text before.\n\n- " + long + "\n\nText between " + long + ".\n\n* " + long + "\n* b\n\n# Heading\n\n1) " + long + "\n",
		"- " + long + "[^1]\n- $x^2$ " + long + "\n\n[^1]: a note " + long + "\n",
		"- <b>" + long + "</b> <kbd>K</kbd>\n- a&amp;b &lt; \\* " + long + "\n",
		"- ![alt](x.png) " + long + "\n- " + long + " <https://b.example/" + strings.Repeat("p", 90) + ">\n",
		"-\n- " + long + "\n- # heading item\n- ```\n  code first\n  ```\n",
	}
	docs := map[string]string{}
	for i, md := range extra {
		docs[fmt.Sprint("extra ", i)] = md
	}
	for name, md := range writtenLists() {
		docs["written "+name] = md
	}
	for _, n := range markdown.HostileNames() {
		docs["hostile "+n] = markdown.Hostile(n, 4<<10)
	}
	for i, md := range preparedCorpus(t) {
		docs[fmt.Sprint("corpus ", i)] = md
	}
	taken := 0
	for name, md := range docs {
		taken += listTextsAsItemTexts(t, name, md, (*listTexts).items)
	}
	if taken < 300 {
		t.Fatalf("only %d layouts gave their lists' texts: the test checks too little", taken)
	}
	t.Logf("%d layouts gave their lists' texts", taken)
}

// TestKeptListTextsAreItemTexts compares the items' texts listTexts takes
// from the kept texts of lists nested in blocks (see keptItems) with
// itemTexts of the layout without wrapping, which renderFirst took
// instead: nests of lists, ordered, in quotes, of styled, linked, Chinese
// and task items that wrap, at several widths and styles.
func TestKeptListTextsAreItemTexts(t *testing.T) {
	long := "a sentence that goes on long enough to wrap at every width the test lays it out at, surely, and more"
	docs := []string{
		"- a\n  - b\n    - " + long + " with **bold " + long + "** and `code` and [a link](https://example.com/x)\n",
		"1. one\n   1. two\n      1. *" + long + "*\n      2. " + long + "\n",
		"- x\n  - [x] " + long + "\n  - [ ] " + long + " ~~struck~~\n",
		"> - a\n>   - " + long + "\n>   - " + long + "\n",
		"- a\n  > - " + long + "\n  >   - " + long + "\n",
		"- a\n  - 第一项：这是一个很长的中文列表项，用来测试换行的行为，以及标点符号“引号”和（括号）的处理方式，还有英文 words 混在一起。\n  - 第二项\n",
		"- a\n  - " + long + "  \n    hard " + long + "\n",
		"- a\n  - " + long + "\n\n    later paragraph " + long + "\n",
		"- " + long + "\n  - nested " + long + "\n",
		"- a\n  - <b>" + long + "</b> <kbd>K</kbd> a&amp;b\n  - " + long + " <https://b.example/" + strings.Repeat("p", 90) + ">\n",
		"* a\n    * b\n        * c\n            * d\n                * e\n                    * " + long + "\n",
	}
	for _, n := range []string{"lists", "ordered-lists", "quote-lists"} {
		for _, size := range []int{1 << 10, 4 << 10} {
			docs = append(docs, markdown.Hostile(n, size))
		}
	}
	taken := 0
	for _, md := range docs {
		taken += listTextsAsItemTexts(t, fmt.Sprintf("%.60q", md), md, (*listTexts).keptItems)
	}
	if taken < 40 {
		t.Fatalf("only %d layouts had their items' texts from kept lists: the test checks too little", taken)
	}
	t.Logf("%d layouts had their items' texts from kept lists", taken)
}

// listTextsAsItemTexts lays md out keeping its lists' texts, at widths
// 20-120 in every style, takes the items' texts from them with take and
// compares them with itemTexts of the layout without wrapping, which
// renderFirst took instead. It returns the layouts where take gave texts.
func listTextsAsItemTexts(t *testing.T, name, md string, take func(*listTexts, int) ([]string, bool)) int {
	t.Helper()
	taken := 0
	for _, style := range []Style{Dark, Light, Plain, Dark.Wide()} {
		d := prepareDocBase(md, style, nil, "", Features{}, nil, false)
		if !strings.ContainsRune(d.annotated, itemMark) {
			continue
		}
		for _, width := range []int{20, 30, 80, 120} {
			src := prepareWith(d.annotated, width, style.ambiguous(), nil)
			tree, b, _ := d.lowered(src, width, style, &linkTable{})
			lists := &listTexts{}
			dl := d
			dl.lists = lists
			kept := 0
			if _, err := dl.layoutKeeping(tree, b, width, style, &kept); err != nil {
				t.Fatal(err)
			}
			got, ok := take(lists, strings.Count(d.annotated, string(itemMark)))
			if !ok {
				continue
			}
			taken++
			if want := flatItemTexts(t, d, tree, b, style); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
				t.Fatalf("%s, %s at %d: lists' texts\n%q\nitemTexts\n%q", name, style, width, got, want)
			}
		}
	}
	return taken
}

// flatItemTexts is itemTexts of d's layout of tree (lowered source b)
// without wrapping, its items' blocks kept: what renderFirst takes when
// it has no kept texts.
func flatItemTexts(t *testing.T, d doc, tree ast.Node, b []byte, style Style) []string {
	t.Helper()
	keepItemBlocks(tree, b)
	flat, err := d.layout(tree, b, 0, style)
	if err != nil {
		t.Fatal(err)
	}
	return itemTexts(flat)
}
