package render

import (
	"slices"
	"strings"
	"testing"
)

// TestRenderFirstAsPreparedItems checks that a piece's first render,
// which takes the items' texts from its own tree, lays the piece out as a
// doc prepared with its items' texts from their own render does, with
// the same texts, for the sample posts, a real blog's shape and lists
// next to code wrapped at the width (fenced and indented: the items then
// get their own render).
func TestRenderFirstAsPreparedItems(t *testing.T) {
	long := strings.Repeat("wide_code_line(", 12)
	posts := samplePosts(t)
	posts["realblog"] = realBlogPost(hostileSize / 8)
	posts["fenced"] = "1. 第一项，[链接](https://example.com/a)\n2. second item\n\n```go\n" + long + "\n```\n\n- [x] 任务 [b](https://example.com/b)\n"
	posts["indented"] = "- 第一项 [a](https://example.com/a)\n- second\n\n<!-- -->\n\n    " + long + "\n\n* 又一项 https://example.com/c\n"
	for name, md := range posts {
		for _, style := range []Style{Dark, Plain, Dark.Wide()} {
			for _, w := range []int{40, 80, 120} {
				// One preparation for both paths: whether code lexes in
				// time (plainCode) may differ from one to the next on a
				// loaded machine or under -race.
				fresh := prepareDocBase(md, style, nil, "", Features{}, nil, false)
				got, d, err := fresh.renderFirst(w, style, &linkTable{})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				old := fresh // as prepareDocWith makes it
				if old.items, err = old.itemTexts(style, &linkTable{}, true); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want, err := old.render(w, style, &linkTable{})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !slices.Equal(d.items, old.items) {
					t.Errorf("%s, %s at %d: items' texts differ:\n%q\nwere\n%q", name, style, w, d.items, old.items)
				}
				if g, o := chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n")); g != o {
					i := firstDiff(g, o)
					t.Errorf("%s, %s at %d: first render differs at byte %d:\n%q\nwas\n%q", name, style, w, i, around(g, i), around(o, i))
				}
			}
		}
	}
}
