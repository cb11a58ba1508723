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
// posts, a real blog's post and the hostile documents, in the three
// styles and with wide ambiguous punctuation, at 30, 80 and 120 columns.
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
				if g, w := chromaTie.Replace(strings.Join(got, "\n")), chromaTie.Replace(strings.Join(want, "\n")); g != w {
					i := firstDiff(g, w)
					t.Errorf("%s, %s at %d: the lines differ at byte %d without the padding\npadded:   %q\nunpadded: %q",
						p.name, style, width, i, around(w, i), around(g, i))
				}
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
