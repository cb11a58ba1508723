package page

import (
	"fmt"
	"strings"
	"testing"
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExpandShortcodes(tt.in, meta); got != tt.want {
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
	if strings.Contains(p.Body, "{{<") || !strings.Contains(p.Body, "https://www.youtube.com/watch?v=abc") {
		t.Errorf("body = %q", p.Body)
	}
	if !strings.Contains(p.Source, "{{< youtube abc >}}") {
		t.Errorf("source lost the shortcode: %q", p.Source)
	}
}

func FuzzExpandShortcodes(f *testing.F) {
	for _, s := range []string{"{{< a >}}", "{{% b x=\"y\" %}}i{{% /b %}}", "{{</* c */>}}", "{{< d `e` f=g />}}", "{{<", "{{< x \"", "{{< q >}}{{< q >}}"} {
		f.Add(s)
	}
	// Any text expands without a panic or a hang, and the text around a
	// shortcode is kept as it is.
	f.Fuzz(func(t *testing.T, s string) {
		ExpandShortcodes(s, nil)
		if strings.Contains(s, "{{") || strings.Contains(s, "}}") {
			return
		}
		in := s + "{{< youtube abc >}}" + s
		out := ExpandShortcodes(in, nil)
		if !strings.HasPrefix(out, s) || !strings.HasSuffix(out, s) || strings.Contains(out, "{{<") {
			t.Fatalf("%q expanded to %q", in, out)
		}
	})
}

func BenchmarkExpandManyUnclosed(b *testing.B) {
	s := strings.Repeat("{{< a >}} text ", 20000)
	for b.Loop() {
		ExpandShortcodes(s, nil)
	}
}

func BenchmarkExpandManyNames(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "{{< n%d >}} text ", i)
	}
	s := sb.String()
	for b.Loop() {
		ExpandShortcodes(s, nil)
	}
}
