package render

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/textwrap"
)

const sample = "# 标题\n\n这是一段很长的中文文本，" + "我们在终端里阅读文章，用 Go 写了一个博客。" +
	"我们在终端里阅读文章，用 Go 写了一个博客。我们在终端里阅读文章，用 Go 写了一个博客。\n\n" +
	"1. **纯文本电子书**。很多公版书都有纯文本版本，下载下来就能读。很多公版书都有纯文本版本，下载下来就能读。\n\n" +
	"> 慢不是目的，慢是一种筛子。能穿过它留下来的，往往才是真正想做的事。\n\n" +
	"```go\nfunc main() {\n\tif true {\n\t\tfmt.Println(\"a very long line of code that is certainly wider than forty columns\")\n\t}\n}\n```\n\n" +
	"| a | b |\n|---|---|\n| 1 | 2 |\n\nSome English text that wraps at the given width, hopefully more than once.\n"

func TestMarkdownFitsWidth(t *testing.T) {
	for _, style := range []Style{Dark, Light, Plain} {
		for _, w := range []int{20, 40, 80, 120} {
			out, err := Markdown(sample, w, style)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(out, "\n") {
				if got := ansi.StringWidth(l); got > w {
					t.Errorf("%s@%d: line %d is %d cells wide: %q", style, w, i, got, ansi.Strip(l))
				}
			}
			if strings.ContainsRune(out, lineBreak) || strings.Contains(out, "\t") {
				t.Errorf("%s@%d: output contains break markers or tabs", style, w)
			}
		}
	}
}

func TestPlainHasNoEscapes(t *testing.T) {
	out, err := Markdown(sample, 60, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("plain output contains escape codes")
	}
	if !strings.Contains(out, "        fmt.Println") {
		t.Errorf("tab-indented code lost its indentation:\n%s", out)
	}
}

func TestCJKFillsLines(t *testing.T) {
	// A numbered item whose text has no spaces must start on the number's
	// line, and no line may start with closing punctuation.
	out, err := Markdown(sample, 40, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "1. 纯文本电子书。") {
		t.Errorf("list text dropped below its number:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimLeft(l, " │|"+quoteBar)
		if r := []rune(l + " ")[0]; r >= 0x80 && textwrap.IsClosing(r) {
			t.Errorf("line starts with closing punctuation: %q", l)
		}
	}
	// Paragraph lines are filled: the first body line uses the width.
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "这是一段") && ansi.StringWidth(l) < 36 {
			t.Errorf("first paragraph line is short (%d cells): %q", ansi.StringWidth(l), l)
		}
	}
}

func TestExpandTabs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\tx", "    x"},
		{"ab\tx", "ab  x"},
		{"中\tx", "中  x"},
		{"a\n\tb", "a\n    b"},
		// Lines after the last tab are copied, not measured: still
		// with invalid UTF-8 made U+FFFD, as in the lines measured.
		{"\xff\n中\tx\t\xfe中\n\xfe", "\uFFFD\n中  x   \uFFFD中\n\uFFFD"},
	}
	for _, tt := range tests {
		if got := ExpandTabs(tt.in, 4); got != tt.want {
			t.Errorf("ExpandTabs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPoolSharesRenders(t *testing.T) {
	c := NewCache(1 << 20)
	p := NewPool(c, 2, Options{})
	defer p.Close()
	req := Request{Path: "p.md", Key: "post#1", Markdown: sample, Width: 80, Style: Dark}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := p.Render(context.Background(), req); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if s := c.Stats(); s.Entries != 1 {
		t.Errorf("entries = %d, want 1 render shared by all", s.Entries)
	}
	before := c.Stats().Hits
	if _, err := p.Render(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if c.Stats().Hits != before+1 {
		t.Error("second render was not a cache hit")
	}
	// Another width or style is another entry.
	req.Width = 100
	p.Render(context.Background(), req)
	req.Width, req.Style = 80, Light
	p.Render(context.Background(), req)
	if s := c.Stats(); s.Entries != 3 {
		t.Errorf("entries = %d, want 3", s.Entries)
	}
}

func TestCacheBoundedInBytes(t *testing.T) {
	one, _ := Markdown(sample, 80, Dark)
	limit := int64(len(one)) * 4
	c := NewCache(limit)
	p := NewPool(c, 1, Options{})
	defer p.Close()
	for i := 0; i < 10; i++ {
		p.Render(context.Background(), Request{Key: strings.Repeat("k", i+1), Markdown: sample, Width: 80, Style: Dark})
	}
	s := c.Stats()
	if s.Bytes > limit || s.Entries > 4 || s.Evictions == 0 {
		t.Errorf("cache stats %+v exceed the %d byte bound", s, limit)
	}
}

// TestCacheHoldsWhatItCounts: the memory the cache's renders hold is
// about what it counts against its bound. Each line was a part of its
// piece's whole glamour output, padding and all, and kept it alive: the
// cache held 4-5 times its bound in prose.
func TestCacheHoldsWhatItCounts(t *testing.T) {
	md := markdown.Hostile("prose", hostileSize)
	c := NewCache(256 << 20)
	p := NewPool(c, 1, Options{})
	defer p.Close()
	before := liveHeap()
	for w := 60; w < 70; w++ {
		if _, err := p.Render(context.Background(), Request{Key: "prose", Markdown: md, Width: w, Style: Dark}); err != nil {
			t.Fatal(err)
		}
	}
	held, counted := int64(liveHeap())-int64(before), c.Stats().Bytes
	if held > 2*counted {
		t.Errorf("the cache counts %d KB of renders, which hold %d KB", counted>>10, held>>10)
	}
	runtime.KeepAlive(md)
}

func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkRenderLongChinese renders the long Chinese sample post, cold
// (a fresh glamour run) and from the cache, at 80 and 120 columns.
func BenchmarkRenderLongChinese(b *testing.B) {
	src, err := os.ReadFile("../../content/posts/reading-in-the-terminal.md")
	if err != nil {
		b.Fatal(err)
	}
	p, err := page.Parse("posts/reading-in-the-terminal.md", src, page.Options{HasCJKLanguage: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []int{80, 120} {
		b.Run("cold/"+strconv.Itoa(w), func(b *testing.B) {
			for b.Loop() {
				if _, err := Markdown(p.Body(), w, Dark); err != nil {
					b.Fatal(err)
				}
			}
		})
		// A new width for a post already shown at another one (a reader
		// resizing): only the width-dependent layout runs.
		b.Run("resized/"+strconv.Itoa(w), func(b *testing.B) {
			d, err := prepareDoc(p.Body(), Dark, nil, &linkTable{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := d.render(w, Dark, &linkTable{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("cached/"+strconv.Itoa(w), func(b *testing.B) {
			c := NewCache(64 << 20)
			pool := NewPool(c, 1, Options{})
			defer pool.Close()
			req := Request{Key: p.Key(), Markdown: p.Body(), Width: w, Style: Dark}
			pool.Render(context.Background(), req)
			for b.Loop() {
				pool.Render(context.Background(), req)
			}
		})
	}
}

func TestQuotesKeepTheirBar(t *testing.T) {
	// Every line of a CJK quote fills the width; each must keep its bar,
	// including where a line breaks inside emphasis.
	md := "> 更重要的是，我读完之后没有顺手去刷别的东西。关掉窗口，就真的结束了。这种“*结束*”的感觉，我已经很久没有体会过了。" +
		strings.Repeat("慢不是目的，慢是一种筛子。", 12) + "\n"
	for _, style := range []Style{Dark, Plain} {
		for w := 20; w <= 120; w++ {
			out, err := Markdown(md, w, style)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(out, "\n") {
				if s := strings.TrimSpace(ansi.Strip(l)); s != "" && !strings.HasPrefix(s, "▏") && !strings.HasPrefix(s, "|") {
					t.Fatalf("%s@%d: quote line without its bar: %q\n%s", style, w, s, ansi.Strip(out))
				}
			}
		}
	}
}

func TestPlainStripsHyperlinks(t *testing.T) {
	out, err := Markdown("See [the spec](https://example.com/spec) and ![img](a.png).\n", 80, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "\x1b") || !strings.Contains(out, "https://example.com/spec") {
		t.Errorf("plain link output = %q", out)
	}
}

func TestLongCodeLinesKeepIndentation(t *testing.T) {
	md := "```go\nfunc f() {\n\tif ok {\n\t\treturn fmt.Errorf(\"a long message that will not fit in a narrow window at all: %w\", err)\n\t}\n}\n```\n"
	for _, w := range []int{40, 60, 80} {
		out, err := Markdown(md, w, Plain)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(out, "\n")
		if lines[0] != "  go" {
			t.Errorf("@%d: the block is not labelled with its language: %q", w, lines[0])
		}
		lines = lines[1:]
		for i, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("@%d: line %d too wide: %q", w, i, l)
			}
			// Every line of the block stays inside the code's margin.
			if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "    ") {
				t.Errorf("@%d: code line left the block's margin: %q\n%s", w, l, out)
			}
		}
		if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(strings.Join(lines, ""), codeCont, "")), ""), `returnfmt.Errorf("alongmessagethatwillnotfitinanarrowwindowatall:%w",err)`) {
			t.Errorf("@%d: code text lost:\n%s", w, out)
		}
	}
}

func TestCharacterReferencesToControlsAreNeutralised(t *testing.T) {
	md := "balance is 100&#13; or 999&#8;&#8;&#8;000 &#27;[2J &#x1b;]0;pwned&#7; &#x9B;31m &#x202E;reversed but &#169; and &#x4e2d; stay\n"
	for _, style := range []Style{Dark, Plain} {
		out, err := Markdown(md, 80, style)
		if err != nil {
			t.Fatal(err)
		}
		text := ansi.Strip(out)
		if strings.ContainsAny(text, "\r\b\x07\x1b\u009b\u202e") {
			t.Errorf("%s: control characters reached the output: %q", style, text)
		}
		// A decoded ESC would be swallowed by Strip with its sequence:
		// the replacement character must be there instead.
		if !strings.Contains(text, "\uFFFD[2J") || !strings.Contains(text, "\uFFFD]0;pwned") {
			t.Errorf("%s: references not replaced: %q", style, text)
		}
		if !strings.Contains(text, "©") || !strings.Contains(text, "中") {
			t.Errorf("%s: ordinary references lost: %q", style, text)
		}
	}
}

// TestLongCodeLineCostsLikeShortOnes: a code line kept whole (up to
// maxLine) costs about what the same code in short lines does. Wrapping
// it measured the rest of the line again for every line it cut off, so
// 128 KB on one line took 35 times as long as in lines of 70 bytes (256
// KB: 70 times). The margin is 10x, and each side is the fastest of
// three runs, so that the machine's load cannot fail it.
func TestLongCodeLineCostsLikeShortOnes(t *testing.T) {
	// The work of a render, not the time it waited for the processor
	// (timeStep: the thread's CPU time where the system tells it), the
	// least of 3: the test ran beside other processes' loads.
	fastest := func(md string) time.Duration {
		best := time.Duration(1 << 62)
		for range 3 {
			var err error
			took := timeStep(func() { _, err = Markdown(md, 80, Dark) })
			if err != nil {
				t.Fatal(err)
			}
			best = min(best, took)
		}
		return best
	}
	for _, unit := range []string{"word ", "w", "中"} {
		line := strings.Repeat(unit, 70/len(unit)) + "\n"
		short := fastest("```\n" + strings.Repeat(line, hostileSize/2/len(line)) + "```\n")
		long := fastest("```\n" + strings.Repeat(unit, hostileSize/2/len(unit)) + "\n```\n")
		if long > 10*short {
			t.Errorf("%d KB of %q on one code line took %v, in lines of 70 bytes %v", hostileSize/2>>10, unit, long, short)
		}
	}
}
