package render

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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
	for _, f := range postFiles(t) {
		posts = append(posts, f.src)
	}
	return append(append(posts, realBlogPost(64<<10)), extra...)
}

// postFile is a markdown file the render tests read: its path and text.
type postFile struct{ path, src string }

// postFiles reads the sample posts and the test posts, in path order.
func postFiles(t *testing.T) []postFile {
	t.Helper()
	var files []postFile
	for _, glob := range []string{"../../content/posts/*.md", "../../content/posts/*/index.md", "testdata/*.md", "testdata/blocks/*.md"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, postFile{p, string(src)})
		}
	}
	return files
}

// TestMayDefineIsTheExpression checks that the quick test for "]:" in
// front of mayDefineLabel answers as the expression alone does.
func TestMayDefineIsTheExpression(t *testing.T) {
	defs := 0
	for _, md := range preparedCorpus(t, "[a]:\n", "> [a\nb]: /u\n", "a]: b\n", "[a]\n: b\n", " [x]:/u") {
		want := mayDefineLabel.MatchString(md)
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

// TestSharedParseHasTheFiguresAndCode checks annotateParsed's claim: where
// annotate's parse of a piece is taken for figuresIn and lexesIn, it has
// the figures and code blocks of a parse of the annotated piece.
func TestSharedParseHasTheFiguresAndCode(t *testing.T) {
	extra := []string{
		"- ![图一](a.png)\n- ![b](b.png \"title\")\n  ![c](c.png)\n",
		"1. 第一项\n\n   ![图](x.png)\n\n   后面\n2. two\n",
		"- item\n\n      code in an item\n\n  ```go\n  func f() {}\n  ```\n",
		"- <img src=\"a.png\" alt=\"中文\"> text\n- <img src=\"b.png\">\n",
		"- [![a](b.png)](https://c.example)\n\n> - ![q](q.png)\n",
		"- 图：![中文\n  说明](x.png)\n",
		"- ![a  \n  b](x.png)\n",
		"1. a\\\n   b ![x](y.png)\n",
		"![r][ref]\n\n- ![s][ref]\n\n[ref]: r.png \"t\"\n",
		"- ```\n  code\n  ```\n- text\n\n  ~~~py\n  x = 1\n  ~~~\n",
		"- text\n  ![a](b.png)\n  more\n- ![c\n  d](e.png)\n",
		"- a ![中\n  文](x.png) 后\n- b\n  ![x](y.png \"t\n  u\")\n",
		"1. 一\n\n   ![二\n   三](x.png)\n",
		"> 1. 引用 ![图](q.png)\n>    ![图二](r.png)\n",
		"- `code ![a](b.png)`\n- ```\n  ![not](fig.png)\n  ```\n",
	}
	shared, withFigures, withCode := 0, 0, 0
	for _, img := range []string{"![a](b.png)", "![中文](b.png \"t\")", "![a][r]", "<img src=\"x.png\" alt=\"y\">", "[![a](b.png)](https://l.example)"} {
		for _, at := range []string{"- %s\n", "- text\n  %s\n", "1. 文字\n\n   %s\n", "> - %s\n", "%s\n\n- item\n", "- item\n\n  %s\n  more\n", "- a\n\n- b\n\n%s\n"} {
			extra = append(extra, fmt.Sprintf(at, img)+"\n[r]: r.png\n")
		}
	}
	var posts []string
	for _, md := range preparedCorpus(t, extra...) {
		// Each also after a list item, which makes annotate parse it
		// (it does not parse markdown without lists or Chinese).
		posts = append(posts, md, "- 项目\n\n"+md)
	}
	for i, md := range posts {
		annotated, p, _ := annotateParsed(ExpandTabs(md, TabWidth), nil, nil, false)
		if p == nil {
			continue
		}
		shared++
		fromShared := newParsed(annotated, nil)
		fromShared.bytes, fromShared.root = p.bytes, p.root
		own := newParsed(annotated, nil)
		if got, want := figuresIn(fromShared), figuresIn(own); !reflect.DeepEqual(got, want) {
			t.Fatalf("post %d: figures from annotate's parse\n%+v\nfrom a parse of the annotated markdown\n%+v\nmarkdown:\n%s", i, got, want, md)
		} else if len(want) > 0 {
			withFigures++
		}
		if got, want := codeBlocks(fromShared), codeBlocks(own); !reflect.DeepEqual(got, want) {
			t.Fatalf("post %d: code from annotate's parse\n%q\nfrom a parse of the annotated markdown\n%q\nmarkdown:\n%s", i, got, want, md)
		} else if len(want) > 0 {
			withCode++
		}
	}
	if shared < 800 || withFigures < 40 || withCode < 100 {
		t.Fatalf("shared %d parses, %d with figures, %d with code: the test checks too little", shared, withFigures, withCode)
	}
}

// TestMayDefineLinkReadsAsTheExpression: mayDefineLink's scan of line
// starts (definitionScan) answers as it did with mayDefineLabel's
// matches, on the sample posts and random lines of brackets, carets,
// colons, quote markers and spaces.
func TestMayDefineLinkReadsAsTheExpression(t *testing.T) {
	byExpression := func(p string) bool {
		if !strings.Contains(p, "]:") {
			return false
		}
		for _, m := range mayDefineLabel.FindAllStringSubmatchIndex(p, -1) {
			prefix, label := p[m[2]:m[3]], p[m[4]:m[5]]
			note := len(prefix) <= 3 && !strings.Contains(prefix, ">") && strings.HasPrefix(label, "^") && noteLabel(label[1:])
			if !note {
				return true
			}
		}
		return false
	}
	check := func(p string) {
		t.Helper()
		if got, want := mayDefineLink(p), byExpression(p); got != want {
			t.Fatalf("mayDefineLink(%q) = %v, the expression says %v", p, got, want)
		}
	}
	for _, md := range preparedCorpus(t, "[a]:\n", "> [a\nb]: /u\n", "[^1]: n\n[^2]: n\n", "    [^1]: n\n", "> [^1]: n\n", "[^]: n\n[a]: u\n", "[^a\n[b]: u\n") {
		check(md)
	}
	r := rand.New(rand.NewPCG(6, 2))
	units := []string{"[", "]", ":", "^", ">", " ", "    ", "\n", "a", "\\", "[^1]: n\n", "]:", "[^", "\n[a]: u"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(units[r.IntN(len(units))])
		}
		check(b.String())
	}
}
