package render

import (
	"slices"
	"testing"
)

// TestItemTextsFromItemBlocksOnly checks that the unwrapped render of only
// the blocks holding list items (keepItemBlocks) gives every item the same
// text as the render of the whole piece, on the spec examples, the sample
// posts, the galleries and a real blog's shape, in every style: the
// hanging indent of a list must not change for rendering less.
func TestItemTextsFromItemBlocksOnly(t *testing.T) {
	posts := preparedCorpus(t,
		"Intro [a](https://a.example) text.\n\n> quote\n>\n> - item [b](https://b.example)\n> - 第二项\n\n## Head\n\n3. three[^n]\n4. four  \n   hard\n\n   second para\n\n[^n]: the note\n")
	lists := 0
	for i, md := range posts {
		for _, style := range []Style{Dark, Light, Plain} {
			d, err := prepareDoc(md, style, nil, &linkTable{})
			if err != nil {
				t.Fatal(err)
			}
			all, err := d.itemTexts(style, &linkTable{}, false)
			if err != nil {
				t.Fatal(err)
			}
			some, err := d.itemTexts(style, &linkTable{}, true)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(all, some) {
				t.Fatalf("post %d, %s: item texts differ\nwhole piece: %q\nitem blocks: %q\nmarkdown:\n%s", i, style, all, some, md)
			}
			if len(all) > 0 {
				lists++
			}
		}
	}
	if lists < 100 {
		t.Fatalf("only %d renders with tagged items: the test checks too little", lists)
	}
}
