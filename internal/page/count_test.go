package page

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

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
		if got := WordCount(plainText([]byte(body), nil), true); got != want {
			t.Errorf("%s: %d words from the document, %d from rendered HTML", name, got, want)
		}
	}
}

// retainedBy returns the heap that each of n results of f keeps alive.
func retainedBy[T any](f func() T, n int) int {
	keep := make([]T, n)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range keep {
		keep[i] = f()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)
	return int(after.HeapAlloc-before.HeapAlloc) / n
}

// A page keeps its plain text (search reads it), and only that: a post
// of links kept the buffer it was built in, three times the text.
func TestPlainTextKeepsNoSlack(t *testing.T) {
	links := []byte(strings.Repeat("See [the docs](https://example.org/a/very/long/path/to/somewhere) now. ", 1000))
	plain := plainText(links, nil)
	if kept := retainedBy(func() string { return plainText(links, nil) }, 20); kept > len(plain)*5/4+1024 {
		t.Errorf("a %d-byte plain text keeps %d bytes", len(plain), kept)
	}
}

// WordCount counts as strings.Fields splits, whatever the spaces and
// scripts (it no longer calls strings.Fields, to allocate nothing).
func TestWordCountMatchesFields(t *testing.T) {
	reference := func(plain string, cjk bool) int {
		n := 0
		for _, w := range strings.Fields(plain) {
			if r := utf8.RuneCountInString(w); cjk && r != len(w) {
				n += r
			} else {
				n++
			}
		}
		return n
	}
	for _, s := range []string{
		"", "   ", "one", " two  words ", "tab\tand\nnewline\r\vform\ffeed",
		"我们在终端里阅读", "mixed 中文 and English 词", "nbsp\u00a0joined\u0085next\u2003em",
		"café naïve", "trailing中", "\xff\xfe invalid bytes", "a\u3000b", "全角　空格",
	} {
		for _, cjk := range []bool{false, true} {
			if got, want := WordCount(s, cjk), reference(s, cjk); got != want {
				t.Errorf("WordCount(%q, %v) = %d, want %d", s, cjk, got, want)
			}
		}
	}
	if n := testing.AllocsPerRun(10, func() { WordCount("我们 在终端 里 reading words", true) }); n != 0 {
		t.Errorf("WordCount allocates %v times", n)
	}
}
