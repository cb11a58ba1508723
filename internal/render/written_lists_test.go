package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
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
				keepItemBlocks(tree, b)
				flat, err := d.layout(tree, b, 0, style)
				if err != nil {
					t.Fatal(err)
				}
				if want := itemTexts(flat); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
					t.Errorf("%s, %s at %d: texts differ\none line: %q\nflat:     %q", name, style, width, got, want)
				}
			}
		}
	}
	if taken < 100 {
		t.Fatalf("only %d renders took their items' texts from their own lines: the test checks too little", taken)
	}
}
