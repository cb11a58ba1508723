package render

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestBreaksMovedIsAParse checks breaksMoved's claim: where it moves a
// parse of markdown to the markdown with prepare's line breaks in its CJK
// text, the tree is what a parse of that markdown makes, node for node,
// segment for segment: on the spec examples and the sample and test
// posts with Chinese put in their lines, on the written Chinese quote, and
// on random posts of Chinese, Latin words and markdown syntax (links,
// references, emphasis, code, tables, HTML, math, footnotes, lists,
// quotes, headings). Where it says no, the render parses again.
func TestBreaksMovedIsAParse(t *testing.T) {
	extra := []string{writtenQuotes()["quote-zh"], "中文\n", "中文 **粗体**文字\n", "[中文]\n\n[中文]: /u\n", "[中文][]\n\n[中文]: /u\n",
		"[链接中文](https://例子.com/中文)\n", "<b title=\"中文\">中文</b>\n", "    中文代码\n", "| 中文 | 表格 |\n|---|---|\n| 单元 | 格子 |\n",
		"www.中文.com 中文\n", "[中文] [中文][] [x][中文] [缓存行] [Go中文]\n", "a.b[Go中文] 中文\n", "中文[^注释]\n\n[^注释]: 中文\n", "$中文$ 中文\n", "# 标题中文\n", "> - 引用中文\n"}
	parts := []string{"中", "文", "缓存行", "（", "）", "，", "。", "「", "」", "ー", "ア", "Go", "a", "9", " ", "  ", "`", "*", "**", "_", "~~",
		"[", "]", "](u)", "][r]", "[r]: /u\n", "[中文]: /v\n", "<b>", "</b>", "www.", ".com", "/", "@", "$", "\\", "|", "|---|\n",
		"[^n]", "[^n]: 注\n", "&amp;", "&#x4e2d;", "\n", "\n\n", "  \n", "\n- ", "\n> ", "\n1. ", "\n# ", "\n    ", "\n---\n", "\n\t", "中文"}
	rng := rand.New(rand.NewPCG(6, 13))
	for range 4000 {
		var b strings.Builder
		for k := rng.IntN(30); k > 0; k-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		extra = append(extra, b.String())
	}
	var posts []string
	for _, md := range preparedCorpus(t, extra...) {
		posts = append(posts, md)
		// Chinese in the lines of every post: after each space.
		if !hasCJK(md) {
			posts = append(posts, strings.ReplaceAll(md, " ", " 中文"))
		}
	}
	otherRefs := markdown.Definitions(defParser, []byte("[中文]: /u\n[r]: /r\n[缓存行]: /c\n[Go中文]: /g\n"))
	moved, said := 0, 0
	for i, md := range posts {
		md = ownMarks.Replace(ExpandTabs(md, TabWidth))
		if strings.Contains(md, "```") || strings.Contains(md, "~~~") {
			continue
		}
		src := prepare(md, 80, Dark.ambiguous())
		if src == md {
			continue
		}
		said++
		var refs []parser.Reference
		switch i % 3 {
		case 0:
			// The post's own definitions, as a piece of it sees them.
			refs = markdown.Definitions(defParser, []byte(md))
		case 1:
			// Definitions of another piece, read without breaks.
			refs = otherRefs
		}
		tree := markdown.ParseNotes(mdParser, []byte(md), refs, nil, false)
		b := breaksMoved(tree, md, src)
		if b == nil {
			continue
		}
		moved++
		if string(b) != src {
			t.Fatalf("post %d: moved to bytes %q, not %q", i, b, src)
		}
		want := treeDump(markdown.ParseNotes(mdParser, []byte(src), refs, nil, false), []byte(src))
		if got := treeDump(tree, b); got != want {
			t.Fatalf("post %d: moved tree\n%s\nparse of the markdown with breaks\n%s\nmarkdown: %q", i, got, want, md)
		}
	}
	if moved < 1000 || moved == said {
		t.Fatalf("%d posts moved of %d with breaks: the test checks too little", moved, said)
	}
	t.Logf("%d posts moved of %d with breaks", moved, said)
}
