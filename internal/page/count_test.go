package page

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// TestPlainTextMatchesRenderedHTML checks that reading text from the parsed
// document counts the same words as Hugo's way, rendering HTML and
// stripping the tags, on every sample post and on tricky markdown.
func TestPlainTextMatchesRenderedHTML(t *testing.T) {
	bodies := map[string]string{
		"inline html":   "Some <span class=\"x\">inline</span> html and <b>bold</b> 文字。\n",
		"html block":    "<div>\n<p>块级 HTML 里的字</p>\n</div>\n\nafter\n",
		"image alt":     "![an image with alt words](x.png) 图片后面的字\n",
		"autolink":      "see <https://example.com/a> and https://example.com/b\n",
		"code":          "```go\nfunc main() {}\n```\n\n`inline code` 代码\n",
		"table":         "| 列一 | col two |\n|---|---|\n| 值 | value here |\n",
		"entities":      "a &amp; b &mdash; c\n",
		"nested quotes": "> 引用\n> > 嵌套的引用 with words\n",
	}
	files, _ := filepath.Glob("../../content/posts/*.md")
	more, _ := filepath.Glob("../../content/posts/*/index.md")
	for _, f := range append(files, more...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, _, body, _ := Split(src)
		bodies[f] = string(body)
	}
	// The reference: goldmark's own parser and HTML renderer, as Hugo has.
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
	for name, body := range bodies {
		var html bytes.Buffer
		if err := md.Convert([]byte(body), &html); err != nil {
			t.Fatal(err)
		}
		want := WordCount(stripHTML(html.String()), true)
		if got := WordCount(PlainText([]byte(body)), true); got != want {
			t.Errorf("%s: %d words from the document, %d from rendered HTML", name, got, want)
		}
	}
}
