package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
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

// TestFirstRenderTakesThePreparedParse: where preparing a piece parsed
// exactly the markdown its first render lays out (annotate's parse of a
// piece it did not change, with notes or not; parsed's for figures and
// code), that render lays the same tree out instead of parsing the piece
// again, and draws what a render parsing it anew draws.
func TestFirstRenderTakesThePreparedParse(t *testing.T) {
	var refs, defs strings.Builder
	for i := range 200 {
		fmt.Fprintf(&refs, "a[^%d] ", i)
		fmt.Fprintf(&defs, "[^%d]: n\n", i)
	}
	posts := map[string]string{
		// More notes than are listed as items: listed as lines.
		"notes":  refs.String() + "\n\n" + defs.String(),
		"figure": "![a](b.png)\n\ntext\n",
		"code":   "```go\nx := 1\n```\n",
	}
	for name, md := range posts {
		for _, style := range []Style{Dark, Plain} {
			d := prepareDocBase(md, style, nil, "", Features{}, nil, false)
			if d.first == nil || d.first.root == nil {
				if name == "code" && style == Plain {
					continue // code is not lexed in the plain style: no parse
				}
				t.Errorf("%s, %s: preparing kept no parse for the first render", name, style)
				continue
			}
			got, _, err := d.renderFirst(80, style, &linkTable{})
			if err != nil {
				t.Fatal(err)
			}
			if d.first.root != nil {
				t.Errorf("%s, %s: the first render parsed the piece again", name, style)
			}
			anew := d
			anew.first = nil
			want, err := anew.render(80, style, &linkTable{})
			if err != nil {
				t.Fatal(err)
			}
			if g, w := chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n")); g != w {
				t.Errorf("%s, %s: the first render drew\n%q\na render parsing anew\n%q", name, style, g, w)
			}
		}
	}
	// A piece of a post of pieces whose notes are listed after its last
	// piece: annotate parses it with the notes, as the render does.
	notes := markdown.NewNotes()
	piece := "a[^x]\n\n[^x]: the note\n"
	notes.ReadNotes(defParser, []byte(piece))
	d := prepareDocBase(piece, Dark, nil, "", Features{}, notes, false)
	if d.first == nil {
		t.Fatal("preparing a piece of notes kept no parse")
	}
	if _, _, err := d.renderFirst(80, Dark, &linkTable{}); err != nil {
		t.Fatal(err)
	}
	if d.first.root != nil {
		t.Error("the first render of a piece of notes parsed it again")
	}
}
