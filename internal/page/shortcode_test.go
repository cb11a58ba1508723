package page

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestExpandShortcodes(t *testing.T) {
	meta := map[string]any{"author": "小明", "evil": "\x1b[2J", "params": map[string]any{"mood": "calm"}}
	tests := []struct{ name, in, want string }{
		{"no shortcodes", "plain {{ text }} and {{}}", "plain {{ text }} and {{}}"},
		{"a brace before the tag", "{{{< youtube abc >}}}", "{[YouTube video](https://www.youtube.com/watch?v=abc)}"},
		{"figure", `{{< figure src="cover.png" caption="封面：雪夜" >}}`, "![封面：雪夜](cover.png)"},
		{"figure alt and caption", `{{< figure src="a.jpg" alt="A cat" caption="Our cat, 2024" >}}`, "![A cat](a.jpg)\n\n*Our cat, 2024*"},
		{"figure with > in a quoted param", `{{< figure src="x.png" caption="a > b" >}}`, "![a > b](x.png)"},
		{"youtube positional", "{{< youtube dQw4w9WgXcQ >}}", "[YouTube video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"},
		{"youtube named with title", `{{< youtube id="abc" title="Talk" >}}`, "[Talk](https://www.youtube.com/watch?v=abc)"},
		{"bilibili BV id", "{{< bilibili BV1xx411c7mD >}}", "[Bilibili video](https://www.bilibili.com/video/BV1xx411c7mD)"},
		{"bilibili av number", "{{< bilibili 170001 2 >}}", "[Bilibili video](https://www.bilibili.com/video/av170001)"},
		{"gist", "{{< gist spf13 7896402 >}}", "[Gist spf13/7896402](https://gist.github.com/spf13/7896402)"},
		{"tweet", `{{< tweet user="golang" id="123" >}}`, "[Post by @golang](https://x.com/golang/status/123)"},
		{"self-closing", `{{< video src="/v.mp4" />}}`, "[Video](/v.mp4)"},
		{"percent delimiters and inner markdown", "{{% notice tip %}}\n**Bold** advice.\n{{% /notice %}}", "> **Tip**\n>\n> **Bold** advice."},
		{"quote with author", "{{< quote author=\"鲁迅\" source=\"《故乡》\" >}}\n其实地上本没有路。\n{{< /quote >}}", "> 其实地上本没有路。\n>\n> — 鲁迅, 《故乡》"},
		{"highlight becomes a code block", "{{< highlight go \"linenos=table\" >}}\nfmt.Println(1)\n{{< /highlight >}}", "```go\nfmt.Println(1)\n```"},
		{"details", "{{< details summary=\"More\" >}}\nHidden text.\n{{< /details >}}", "**More**\n\nHidden text."},
		{"ref inside a link", `[前文]({{< ref "post/hello.md" >}})`, "[前文](post/hello.md)"},
		{"param from front matter", `by {{< param author >}}, {{< param "mood" >}}`, "by 小明, calm"},
		{"unknown wrapper keeps its content", "{{< tabs >}}{{< tab \"Go\" >}}go text{{< /tab >}}{{< tab \"Rust\" >}}rust text{{< /tab >}}{{< /tabs >}}", "go textrust text"},
		{"unknown embed is dropped", "a {{< music id=\"1\" >}} b", "a  b"},
		{"comment", "a{{< comment >}}secret{{< /comment >}}b", "ab"},
		{"unclosed inside a pair", "{{< a >}}{{< b >}}x{{< /a >}}y{{< /b >}}", "xy"},
		{"nested same name", "{{< box >}}x{{< box >}}y{{< /box >}}z{{< /box >}}", "xyz"},
		{"escaped shortcode shown as written", "Write `{{</* youtube id */>}}` to embed.", "Write `{{< youtube id >}}` to embed."},
		{"escaped percent shortcode", "{{%/* notice */%}}", "{{% notice %}}"},
		{"raw string param", "{{< figure src=`a b.png` >}}", "![image](<a b.png>)"},
		{"param values are cleaned", "x {{< param evil >}} y", "x  y"},
		{"unterminated tag left alone", "{{< figure src=\"x", "{{< figure src=\"x"},
		{"stray closing tag dropped", "a{{< /tab >}}b", "ab"},
		{"caption cannot break out of the image", `{{< figure src="x.png" caption="]](evil) *" >}}`, "![(evil) ](x.png)"},
		{"a video address cannot end its link early", `{{< video src="a.mp4) [x](javascript:y" >}}`, "[Video](a.mp4%29%20[x]%28javascript:y)"},
		{"a gist id cannot end its link early", `{{< gist u "1)x" >}}`, "[Gist u/1)x](https://gist.github.com/u/1%29x)"},
		{"a title cannot end a link's text", `{{< youtube id="abc" title="a](evil) [b" >}}`, "[a(evil) b](https://www.youtube.com/watch?v=abc)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := ExpandShortcodes(tt.in, meta); got != tt.want {
				t.Errorf("ExpandShortcodes(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// Posts count and summarise what readers see, not the shortcode syntax;
// `cat` still prints the file as written.
func TestPostExpandsShortcodes(t *testing.T) {
	src := "---\ntitle: Video\n---\n{{< youtube abc >}}\n\nWatch this.\n"
	p, err := Parse("posts/video.md", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p.Body(), "{{<") || !strings.Contains(p.Body(), "https://www.youtube.com/watch?v=abc") {
		t.Errorf("body = %q", p.Body())
	}
	if !strings.Contains(p.Source(), "{{< youtube abc >}}") {
		t.Errorf("source lost the shortcode: %q", p.Source())
	}
}

func FuzzExpandShortcodes(f *testing.F) {
	for _, s := range []string{"{{< a >}}", "{{% b x=\"y\" %}}i{{% /b %}}", "{{</* c */>}}", "{{< d `e` f=g />}}", "{{<", "{{< x \"", "{{< q >}}{{< q >}}"} {
		f.Add(s)
	}
	// Any text expands without a panic or a hang, at most twice as long,
	// and the text around a shortcode is kept as it is.
	f.Fuzz(func(t *testing.T, s string) {
		if out, _ := ExpandShortcodes(s, nil); len(out) > 2*len(s)+expandSlack {
			t.Fatalf("%d bytes expanded to %d", len(s), len(out))
		}
		if strings.Contains(s, "{{") || strings.Contains(s, "}}") {
			return
		}
		in := s + "{{< youtube abc >}}" + s
		out, _ := ExpandShortcodes(in, nil)
		if !strings.HasPrefix(out, s) || !strings.HasSuffix(out, s) || strings.Contains(out, "{{<") {
			t.Fatalf("%q expanded to %q", in, out)
		}
	})
}

func BenchmarkExpandManyUnclosed(b *testing.B) {
	s := strings.Repeat("{{< a >}} text ", maxShortcodeTags)
	for b.Loop() {
		ExpandShortcodes(s, nil)
	}
}

func BenchmarkExpandManyNames(b *testing.B) {
	var sb strings.Builder
	for i := range maxShortcodeTags {
		fmt.Fprintf(&sb, "{{< n%d >}} text ", i)
	}
	s := sb.String()
	for b.Loop() {
		ExpandShortcodes(s, nil)
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Whatever shortcodes a post nests or repeats, loading it costs in
// proportion to its size and its text grows at most twice: each level of
// nesting copies the text inside it and a notice prefixes each of its
// lines, so 1,000 nested notices (31 KB) took 2 GB of allocations and
// made a 2 MB body, 4,000 of them 2.5 minutes. Allocations, not time, are
// measured: they do not depend on the machine's load.
func TestHostileShortcodesAreBounded(t *testing.T) {
	big := strings.Repeat("x", 10<<10)
	fm := "---\ntitle: T\nbig: " + big + "\n---\n"
	tests := map[string]string{
		"nested notices":                strings.Repeat("{{< notice >}}\n", 1000) + "x\n" + strings.Repeat("{{< /notice >}}\n", 1000),
		"nested quotes":                 strings.Repeat("{{< quote >}}", 1000) + "x" + strings.Repeat("{{< /quote >}}", 1000),
		"a repeated parameter of 10 KB": strings.Repeat("{{< param big >}}", 1000),
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			src := fm + body
			var p *Page
			var err error
			alloc := allocated(func() { p, err = Parse("posts/x.md", []byte(src), Options{}) })
			if err != nil {
				t.Fatal(err)
			}
			if max := 2*len(body) + expandSlack; len(p.Body()) > max {
				t.Errorf("a %d-byte body expanded to %d bytes (at most %d)", len(body), len(p.Body()), max)
			}
			if max := uint64(64*len(src) + 16<<20); alloc > max {
				t.Errorf("loading a %d-byte post allocated %d MB (at most %d MB)", len(src), alloc>>20, max>>20)
			}
		})
	}
	// Left as written, the post says why in problems.
	p, err := Parse("posts/x.md", []byte(fm+tests["a repeated parameter of 10 KB"]), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Err, "shortcodes shown as written") {
		t.Errorf("warnings %v, want one about the shortcodes", p.Warnings)
	}
}

// Ordinary nesting expands as before, also around a long post.
func TestNestedShortcodesAroundALongPost(t *testing.T) {
	text := strings.Repeat("A line of the post, long enough to be a line of prose.\n", 4000)
	in := "{{< tabs >}}{{% tab \"One\" %}}{{< notice tip >}}\n" + text + "{{< /notice >}}{{% /tab %}}{{< /tabs >}}"
	out, ok := ExpandShortcodes(in, nil)
	if !ok || !strings.HasPrefix(out, "> **Tip**\n>\n> A line of the post") || strings.Contains(out, "{{") {
		t.Errorf("expanded %v: %.80q", ok, out)
	}
	// Deeper than maxShortcodeDepth, wrappers still show their text.
	deep := strings.Repeat("{{< box >}}", 20) + "x" + strings.Repeat("{{< /box >}}", 20)
	if out, ok := ExpandShortcodes(deep, nil); !ok || out != "x" {
		t.Errorf("20 nested wrappers: %q, %v", out, ok)
	}
}

// A tag that never closes is not read again from every "{{<" in it: 12 KB
// of "{{< a " took a second and 270 MB to load, 2 MB of "{{</* " (which
// allocates nothing) half a minute. Allocations are measured where there
// are some, and time with a margin of a thousand times what it takes.
func TestUnclosedTagsAreBounded(t *testing.T) {
	tests := map[string]string{
		"parameters":    strings.Repeat("{{< a ", 2000) + "=",
		"a quote":       strings.Repeat(`{{< a "`, 2000),
		"escaped":       strings.Repeat("{{</* ", 2<<20/6),
		"self-closing":  strings.Repeat("{{< a /", 2000),
		"after a valid": "{{< youtube x >}}" + strings.Repeat("{{< a b", 2000),
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			done := make(chan uint64, 1)
			go func() {
				done <- allocated(func() { ExpandShortcodes(body, nil) })
			}()
			select {
			case alloc := <-done:
				if max := uint64(64*len(body) + 16<<20); alloc > max {
					t.Errorf("expanding %d bytes allocated %d MB (at most %d MB)", len(body), alloc>>20, max>>20)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("expanding %d bytes took more than 10 s", len(body))
			}
		})
	}
}

// A post of more shortcodes than are expanded is shown as written, with
// a problem saying why; as many as are expanded still are. 16 MB of
// "{{< x >}}" kept 1.9 million parsed tags, 730 MB, while loading.
func TestTooManyShortcodesShownAsWritten(t *testing.T) {
	for _, n := range []int{maxShortcodeTags, maxShortcodeTags + 1} {
		body := strings.Repeat("{{< zz >}}", n-1) + "{{</* y */>}}"
		p, err := Parse("posts/many.md", []byte("---\ntitle: Many\n---\n"+body), Options{})
		if err != nil {
			t.Fatal(err)
		}
		shown := strings.Contains(p.Body(), "{{< zz >}}")
		if want := n > maxShortcodeTags; shown != want {
			t.Errorf("%d tags: shown as written %v, want %v", n, shown, want)
		}
		var problems []string
		for _, w := range p.Warnings {
			problems = append(problems, w.Err)
		}
		reported := slices.Contains(problems, "shortcodes shown as written: "+tooManyShortcodes)
		if reported != shown {
			t.Errorf("%d tags: problems %q", n, problems)
		}
	}
}
