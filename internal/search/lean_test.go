package search_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	. "github.com/sshblog/sshblog/internal/search"
)

// An index of lean entries (made when a page is parsed, without its text,
// checking CJK runs in the markdown) finds and describes exactly what an
// index that keeps every text does, whatever markup lies around the
// Chinese: emphasis inside a run, entities, links and comments whose
// Chinese is not text, code. So does one of pages that keep their
// markdown compressed (a large blog), decompressed when a query's run is
// checked.
func TestLeanEntriesMatchFull(t *testing.T) {
	t.Run("plain", func(t *testing.T) { testLeanEntriesMatchFull(t, false) })
	t.Run("compressed", func(t *testing.T) { testLeanEntriesMatchFull(t, true) })
}

func testLeanEntriesMatchFull(t *testing.T, compress bool) {
	bodies := []string{
		"我们在终端里阅读博客，安静的早晨。\n\n第二段：服务器连接很快。",
		"调解**工作**室的图书馆。我们的*博客*很安静。",
		"实体 &#x4e2d;&#x6587;字 和 &amp; 中文字。",
		"看[这个链接](https://例子.中国/图书馆服务器)吧。图书馆开门。",
		"<!-- 服务器连接的秘密 -->\n\n服务 器 连接。",
		"```\n代码里的中文字符串\n```\n\n正文里的中文。",
		"English only, with a [link](https://example.org) and `code`.",
		"![图书馆的照片](a.png) 照片下面的文字。",
		"日本語のテキストとカタカナ、한국어 문장도 있다。𠀋𠀌𠀍 wide.",
		"中\n文\n字 中文字 中文\n\n字中",
		"图书馆 [link](https://x.org/服务器连接) 开门。服务 务器 器连 连接。",
		"开始 <!-- 工作室的秘密 --> 结束。工作 作室 室的 的秘 秘密。",
	}
	var docs []*page.Page
	for i, b := range bodies {
		fm := ""
		if compress {
			b = strings.Repeat(b+"\n\n", 4) // long enough to gain from compression
			fm = "summary: 摘要\n"            // runs are then checked in the text, not found in the summary
		}
		src := fmt.Sprintf("---\ntitle: Post %d\ndate: 2024-01-%02d\ntags: [标签]\n%s---\n%s\n", i, i+1, fm, b)
		p, err := page.Parse(fmt.Sprintf("posts/p%d.md", i), []byte(src), page.Options{HasCJKLanguage: true, Compress: compress})
		if err != nil {
			t.Fatal(err)
		}
		if p.Compressed() != compress {
			t.Fatalf("post %d: compressed %v, want %v", i, p.Compressed(), compress)
		}
		docs = append(docs, p)
	}
	doc := func(i int) Doc { return docs[i].SearchDoc() }
	_, lean := BuildFunc(len(docs), doc, func(i int) *Entry { return docs[i].SearchEntry() }, nil)
	full := New(func() []*Entry {
		var es []*Entry
		for i := range docs {
			d := doc(i)
			d.Source = ""
			es = append(es, NewEntry(d))
		}
		return es
	}())
	// Every piece of one to five characters of every text and body.
	var queries []string
	rng := rand.New(rand.NewPCG(3, 4))
	for _, p := range docs {
		for _, s := range []string{p.Plain(), p.Body()} {
			r := []rune(s)
			for range 60 {
				i := rng.IntN(len(r))
				queries = append(queries, string(r[i:min(len(r), i+1+rng.IntN(5))]))
			}
		}
	}
	queries = append(queries, "中文字", "服务器连接", "图书馆服务器", "工作室", "博客很", "𠀋𠀌", "代码里")
	for _, q := range queries {
		a, b := lean.Search(q), full.Search(q)
		var da, db []int
		for i := range a.Len() {
			da = append(da, a.Doc(i))
		}
		for i := range b.Len() {
			db = append(db, b.Doc(i))
		}
		if !slices.Equal(da, db) {
			t.Errorf("%q: lean finds %v, full %v", q, da, db)
			continue
		}
		for i := range a.Len() {
			if ma, mb := fmt.Sprint(a.Match(i)), fmt.Sprint(b.Match(i)); ma != mb {
				t.Errorf("%q, result %d: lean %s, full %s", q, i, ma, mb)
			}
		}
	}
}
