package render

import (
	"os"
	"path/filepath"
	"testing"
)

// preparedCorpus is the markdown the preparation tests run over: the
// CommonMark and GFM examples, the galleries, the sample and test posts,
// a piece of the real-blog post and a few cases written for them.
func preparedCorpus(t *testing.T, extra ...string) []string {
	t.Helper()
	var posts []string
	for _, ex := range append(specExamples(t, "commonmark-0.31.2.json"), specExamples(t, "gfm-examples.json")...) {
		posts = append(posts, ex.Markdown)
	}
	for _, md := range galleryPosts(t) {
		posts = append(posts, md)
	}
	for _, glob := range []string{"../../content/posts/*.md", "../../content/posts/*/index.md", "testdata/*.md", "testdata/blocks/*.md"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			posts = append(posts, string(src))
		}
	}
	return append(append(posts, realBlogPost(64<<10)), extra...)
}

// TestMayDefineIsTheExpression checks that the quick test for "]:" in
// front of mayDefineLine answers as the expression alone does.
func TestMayDefineIsTheExpression(t *testing.T) {
	defs := 0
	for _, md := range preparedCorpus(t, "[a]:\n", "> [a\nb]: /u\n", "a]: b\n", "[a]\n: b\n", " [x]:/u") {
		want := mayDefineLine.MatchString(md)
		if got := mayDefine(md); got != want {
			t.Fatalf("mayDefine(%q) = %v, the expression says %v", md, got, want)
		}
		if want {
			defs++
		}
	}
	if defs < 50 {
		t.Fatalf("only %d texts with a definition: the test checks too little", defs)
	}
}
