package render

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestTrimmedPaddingDrawsTheSameLines checks the layout without the
// padding fit trims (gansi's SetTrimmedPadding) against the layout with
// glamour's padding: the lines drawn are the same, byte for byte, for the
// CommonMark and GFM spec examples, the galleries, the sample and test
// posts, a real blog's post, the hostile documents and the written list
// shapes, in the three styles and with wide ambiguous punctuation, at 30,
// 80 and 120 columns. A post with list items may differ in its bytes, not
// in its cells (see drawnCells): hangItems copies the sequences of an
// item's first line into the lead of its continuation lines, and a
// top-level list's padding, sequences only once its spaces are cut, no
// longer comes with them.
func TestTrimmedPaddingDrawsTheSameLines(t *testing.T) {
	type post struct{ name, md string }
	var posts []post
	for _, file := range []string{"commonmark-0.31.2.json", "gfm-examples.json"} {
		var all strings.Builder
		for i, ex := range specExamples(t, file) {
			if i%forkExampleStride == 0 {
				posts = append(posts, post{fmt.Sprintf("%s #%d", file, i), ex.Markdown})
			}
			all.WriteString(ex.Markdown + "\n")
		}
		posts = append(posts, post{file + " whole", all.String()})
	}
	gallery := galleryPosts(t)
	names := make([]string, 0, len(gallery))
	for name := range gallery {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		posts = append(posts, post{name, gallery[name]})
	}
	for _, f := range postFiles(t) {
		posts = append(posts, post{f.path, f.src})
	}
	posts = append(posts, post{"real blog post", realBlogPost(forkRealBlogSize)})
	for _, name := range markdown.HostileNames() {
		posts = append(posts, post{name, markdown.Hostile(name, 2<<10)})
	}
	posts = append(posts, post{"sections", strings.Repeat("## Section\n\nShort text.\n\n***\n\n", 20)})
	for _, name := range []string{"outline", "reading", "long"} {
		posts = append(posts, post{"written " + name, writtenLists()[name]})
	}
	for name, md := range listShapes() {
		posts = append(posts, post{"list shape " + name, md})
	}
	// Quotes in quotes leave out padding the blocks around them leave at
	// the line's end (gansi's trimmedAround): in lists, beside code,
	// tables, headings, rules and alerts, with lines that wrap and lines
	// too wide to.
	quotes := writtenQuotes()
	for _, name := range []string{"quote-paras", "quote-long", "quote-zh", "quote-thread", "alert-post"} {
		posts = append(posts, post{"written " + name, quotes[name]})
	}
	posts = append(posts,
		post{"quotes around blocks", "> a\n> > b *c* `d`\n> > > ```go\n> > > x := 1\n> > > ```\n> >\n> > | e | f |\n> > |---|---|\n> > | g | h |\n>\n> # i\n>\n> ***\n> > [!NOTE]\n> > j\n"},
		post{"quotes in lists", "- > a\n  > > b\n- c\n  > d\n\n1. > > e\n"},
		// Lists in quotes leave their padding out too (gansi's
		// quotedListTrimmed), but for their items' first lines, whose
		// padding hangItems reads.
		post{"lists of blocks in quotes", "> - | a | b |\n>   |---|---|\n>   | c | d |\n> - ```go\n>   x := 1\n>   ```\n> - item " + strings.Repeat("word ", 20) + "\n>   - nested [link](https://a.example)\n>\n> after *the* list\n"},
		post{"lists in quotes in lists", "- > - a\n  >   ```\n  >   b\n  >   ```\n  > - | c |\n  >   |---|\n  >   | d |\n"},
		// Paragraphs in quotes leave their padding out (gansi's
		// quotedTextTrimmed) where their lines are clean.
		post{"paragraphs in quotes", "> a [link](https://a.example) b\n>\n> c *d* `e`  \n> f\\\n> g\n>\n> > " + strings.Repeat("word ", 30) + "\n> > 中文" + strings.Repeat("很长的一行", 12) + "\n"},
		post{"quotes of long lines", "> > " + strings.Repeat("word ", 60) + "\n> > " + strings.Repeat("x", 200) + "\n> > 中文" + strings.Repeat("很长的一行", 20) + "\n"},
	)
	for _, p := range posts {
		for _, style := range []Style{Dark, Light, Plain, Dark.Wide()} {
			d, err := prepareDoc(p.md, style, nil, &linkTable{})
			if err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
			for _, width := range []int{30, 80, 120} {
				padded := d
				padded.keepPadding = true
				want, err := padded.render(width, style, &linkTable{})
				if err != nil {
					t.Fatalf("%s: padded: %v", p.name, err)
				}
				got, err := d.render(width, style, &linkTable{})
				if err != nil {
					t.Fatalf("%s: %v", p.name, err)
				}
				// Chroma ties two lexers for some code (see chromaTie).
				g, w := chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n"))
				if g == w {
					continue
				}
				if strings.ContainsRune(d.annotated, itemMark) {
					if diff := cellsDiffer(w, g); diff != "" {
						t.Errorf("%s, %s at %d: the lines draw other cells without the padding: %s", p.name, style, width, diff)
					}
					continue
				}
				i := firstDiff(g, w)
				t.Errorf("%s, %s at %d: the lines differ at byte %d without the padding\npadded:   %q\nunpadded: %q",
					p.name, style, width, i, around(w, i), around(g, i))
			}
		}
	}
}

// TestCutLinesIsSplit compares cutLines with strings.Split.
func TestCutLinesIsSplit(t *testing.T) {
	for _, lines := range [][]string{
		{""}, {"", ""}, {"a"}, {"a", "", "b"}, {"\x1b[1ma\x1b[m", "", ""}, {"a\nb", "c"}, {"", "a\n"}, {"\n"},
	} {
		joined := strings.Join(lines, "\n")
		want := strings.Split(joined, "\n")
		if got := cutLines(append([]string(nil), lines...), joined); !slices.Equal(got, want) {
			t.Errorf("cutLines(%q) = %q, want %q", lines, got, want)
		}
	}
}

// listShapes are more list shapes of real posts: items with hard breaks
// and second paragraphs, tasks, ordered lists with nested steps, deep
// nesting, Chinese items, lists in quotes, with code, links and emphasis.
func listShapes() map[string]string {
	var ordered, cjk, quoted, tasks, paras, hard, deep strings.Builder
	for i := range 12 {
		fmt.Fprintf(&ordered, "%d. Step %d: do the thing with *care*, then the next thing.\n   1. sub step %d with text\n   2. another sub step that is longer than the others by quite a few words\n", i+1, i, i)
		fmt.Fprintf(&cjk, "- 第%d项：这是一个很长的中文列表项，用来测试换行的行为，以及标点符号“引号”和（括号）的处理方式，还有英文 words 混在一起。\n", i)
		fmt.Fprintf(&quoted, "> - quoted item %d with some text that is long enough to wrap at thirty columns\n>   - nested %d\n", i, i)
		fmt.Fprintf(&tasks, "- [x] done task %d\n- [ ] open task %d with a longer description that wraps\n", i, i)
		fmt.Fprintf(&paras, "- First paragraph of item %d.\n\n  Second paragraph of item %d, which is longer and wraps at some width or other.\n\n", i, i)
		fmt.Fprintf(&hard, "- line one of %d  \n  line two of %d\\\n  line three\n", i, i)
		fmt.Fprintf(&deep, "- a%d\n  - b\n    - c\n      - d\n        - e with text long enough to wrap somewhere\n", i)
	}
	return map[string]string{
		"ordered": ordered.String(), "cjk": cjk.String(), "quoted": quoted.String(), "tasks": tasks.String(),
		"paras": paras.String(), "hard": hard.String(), "deep": deep.String(),
		"mixed": "- an item with a [link that is long enough to wrap](https://example.com/x) over **bold\n  words** and `code`\n  ```go\n  x := 1\n  ```\n- next\n\n  > quoted in an item\n\n| a | b |\n|---|---|\n| c | d |\n\n1. after a table\n",
	}
}
