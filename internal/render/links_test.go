package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	glamouransi "charm.land/glamour/v2/ansi"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/sanitize"
)

var updateLinks = flag.Bool("update-links", false, "rewrite testdata/links.*.golden")

// TestLinksGolden compares the link gallery (testdata/links.LANG.md) at
// 40, 80 and 120 columns, in the pager's dark style (escapes shown) and
// in plain text, with the golden files; -update-links rewrites them.
func TestLinksGolden(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		src, err := os.ReadFile(filepath.Join("testdata", "links."+lang+".md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []int{40, 80, 120} {
			for _, style := range []Style{Dark, Plain} {
				out, err := Markdown(string(src), w, style)
				if err != nil {
					t.Fatal(err)
				}
				if style == Dark {
					// Escapes written out, one line per line.
					var b strings.Builder
					for _, l := range strings.Split(out, "\n") {
						q := fmt.Sprintf("%q", l)
						b.WriteString(q[1:len(q)-1] + "\n")
					}
					out = b.String()
				} else {
					out += "\n"
				}
				name := filepath.Join("testdata", fmt.Sprintf("links.%s.%d.%s.golden", lang, w, style))
				checkGolden(t, name, out, *updateLinks, "-update-links")
			}
		}
	}
}

// TestLinksReadAsNumberedText checks what a reader sees of links: the
// text with its number in the sentence, the URL not there but listed,
// numbered in order of first appearance, at the end under a rule and a
// heading in the post's language.
func TestLinksReadAsNumberedText(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "links.en.md"))
	out, err := Markdown(string(src), 80, Plain)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"the CommonMark spec[1]", "GitHub's dialect[2]", "the spec again[1]", "reference link[3]",
		"link with strong and \u00a0code\u00a0 in it[4]", "https://go.dev/doc/[5]", "reader@example.com[6]",
		"the Chinese page[8]", "the same page[9]", "https://例子.测试/[10]",
		"link to another post[13]", "anchor[14]", "go.dev[15]", "the Go blog[16]", "spec[1]",
		"a link to nowhere is just",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the text lacks %q:\n%s", want, out)
		}
	}
	body, list, ok := strings.Cut(out, "\n  --------\n\n  Links\n\n")
	if !ok {
		t.Fatalf("no Links section under a rule:\n%s", out)
	}
	if strings.Contains(body, "https://spec.commonmark.org") || strings.Contains(body, "gohugo.io") {
		t.Errorf("a link's URL is still in the text:\n%s", body)
	}
	want := []string{
		"https://spec.commonmark.org/0.31.2/",
		"https://github.github.com/gfm/",
		"https://gohugo.io/content-management/organization/",
		"https://example.com/a_b*c*?q=1&copy=2#frag",
		"https://go.dev/doc/",
		"mailto:reader@example.com",
		"https://example.org/a/very/long/path/that-does-not-fit-on-one-line/of-forty-columns/index.html?with=query",
		"https://zh.wikipedia.org/wiki/中文",
		"https://zh.wikipedia.org/wiki/中文", // written percent-encoded: another destination, shown alike
		"https://例子.测试/",
		"https://example.com/a%20b%2Fc",
		"https://example.com/%1B%5B31m",
		"../other-post/",
		"#links-in-a-long-post",
		"https://go.dev/",
		"https://go.dev/blog/",
		"https://example.com/wrap",
		"https://example.com/badge-target",
	}
	entries := listEntries(list)
	if len(entries) != len(want) {
		t.Fatalf("%d links listed, want %d:\n%s", len(entries), len(want), list)
	}
	for i, w := range want {
		if entries[i] != fmt.Sprintf("[%d] %s", i+1, w) {
			t.Errorf("link %d listed as %q, want %q", i+1, entries[i], w)
		}
	}

	zh, _ := os.ReadFile(filepath.Join("testdata", "links.zh.md"))
	out, err = Markdown(string(zh), 80, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\n  --------\n\n  链接\n\n") {
		t.Errorf("a Chinese post's links are not under 链接:\n%s", out)
	}
	for _, want := range []string{"[1] https://spec.commonmark.org/0.31.2/", "[4] https://zh.wikipedia.org/wiki/终端模拟器", "[6] https://blog.example.cn/2024/01/终端阅读/", "终端模拟器[4]"} {
		if !strings.Contains(out, want) {
			t.Errorf("a Chinese post's list lacks %q:\n%s", want, out)
		}
	}
}

// listEntries joins the list's lines back into entries: a URL too long
// for a line continues on the next, under its start.
func listEntries(list string) []string {
	var entries []string
	for _, l := range strings.Split(list, "\n") {
		l = strings.TrimPrefix(l, linkMargin)
		switch {
		case strings.HasPrefix(l, "["):
			num, url, _ := strings.Cut(l, "]")
			entries = append(entries, num+"] "+strings.TrimLeft(url, " "))
		case len(entries) > 0:
			entries[len(entries)-1] += strings.TrimLeft(l, " ")
		}
	}
	return entries
}

// TestLongURLsComeThroughWhole: at every width, each listed URL is the
// whole URL, nothing added (no hyphen, space or mark), however it is cut
// into lines, and no line is wider than the width.
func TestLongURLsComeThroughWhole(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "links.en.md"))
	long := "https://example.org/a/very/long/path/that-does-not-fit-on-one-line/of-forty-columns/index.html?with=query"
	for w := MinWidth; w <= 120; w += 7 {
		out, err := Markdown(string(src), w, Plain)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) > w {
				t.Errorf("@%d: line wider than the window: %q", w, l)
			}
		}
		_, list, _ := strings.Cut(out, "  Links\n\n")
		if e := listEntries(list); len(e) < 7 || e[6] != "[7] "+long {
			t.Errorf("@%d: the long URL is not listed whole: %q", w, e)
		}
	}
}

// TestHyperlinks: in the pager styles each link's text is an OSC 8
// hyperlink to its URL, percent-encoded, closed at the end of every line
// (a pager shows any slice of the lines) and still closed when a line is
// cut short; plain text has none.
func TestHyperlinks(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "links.zh.md"))
	for _, style := range []Style{Dark, Light} {
		for w := MinWidth; w <= 200; w += 13 {
			out, err := Markdown(string(src), w, style)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(out, "\n") {
				if p, open := terminalProblems(l); len(p) > 0 || open != "" {
					t.Errorf("%s@%d line %d: %v, left open: %q\n%q", style, w, i, p, open, l)
				}
				for cut := 1; cut < ansi.StringWidth(l); cut += 5 {
					if _, open := terminalProblems(ansi.Truncate(l, cut, "")); open != "" {
						t.Errorf("%s@%d line %d cut at %d leaves a hyperlink open: %q", style, w, i, cut, l)
					}
				}
			}
		}
	}
	out, _ := Markdown(string(src), 80, Dark)
	for _, want := range []string{
		"\x1b]8;id=", ";https://zh.wikipedia.org/wiki/%E4%B8%AD%E6%96%87\a", // raw Chinese, sent encoded
		";https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84/", // a Chinese host in punycode
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dark output lacks %q", want)
		}
	}
	if text := sanitize.Text(out); !strings.Contains(text, "维基百科的“中文”条目[2]") {
		t.Errorf("the link text is not followed by its number:\n%s", text)
	}
	plain, _ := Markdown(string(src), 80, Plain)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("plain text has escape codes")
	}
}

func TestReadableURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://zh.wikipedia.org/wiki/%E4%B8%AD%E6%96%87", "https://zh.wikipedia.org/wiki/中文"},
		{"https://zh.wikipedia.org/wiki/%e4%b8%ad", "https://zh.wikipedia.org/wiki/中"},
		{"https://zh.wikipedia.org/wiki/中文", "https://zh.wikipedia.org/wiki/中文"},
		{"https://example.com/a%20b%2Fc%25", "https://example.com/a%20b%2Fc%25"},       // ASCII stays escaped
		{"https://example.com/%1B%5B31m%C2%9B", "https://example.com/%1B%5B31m%C2%9B"}, // controls, C1 too
		{"https://example.com/%E2%80%AEevil", "https://example.com/%E2%80%AEevil"},     // a bidi override
		{"https://example.com/%E3%80%80x", "https://example.com/%E3%80%80x"},           // an ideographic space
		{"https://example.com/%E4%B8", "https://example.com/%E4%B8"},                   // half a character
		{"https://example.com/100%", "https://example.com/100%"},
		{"https://xn--fsqu00a.xn--0zwm56d/", "https://例子.测试/"},
		{"https://xn--fsqu00a.xn--0zwm56d:8080/x", "https://例子.测试:8080/x"},
	} {
		if got := readableURL(c.in); got != c.want {
			t.Errorf("readableURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHyperlinkTarget(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"https://zh.wikipedia.org/wiki/中文", "https://zh.wikipedia.org/wiki/%E4%B8%AD%E6%96%87", true},
		{"https://zh.wikipedia.org/wiki/%E4%B8%AD%E6%96%87", "https://zh.wikipedia.org/wiki/%E4%B8%AD%E6%96%87", true},
		{"https://例子.测试/路径?q=值#节", "https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84?q=%E5%80%BC#%E8%8A%82", true},
		{"mailto:reader@example.com", "mailto:reader@example.com", true},
		{"../other-post/", "", false},
		{"#anchor", "", false},
		{"/posts/x/", "", false},
	} {
		got, ok := hyperlinkTarget(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("hyperlinkTarget(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestLinksKeepNumbersAfterAPlainPiece: a piece of a long post shown as
// its plain text (see dense) keeps its links' numbers, so those of the
// pieces after it are the post's, as markdown.Links numbers them.
func TestLinksKeepNumbersAfterAPlainPiece(t *testing.T) {
	dense := strings.Repeat("a\n\n", 12000)
	md := "[first](https://a.example/1)\n\n" + longProse(48<<10) + "\n\n" + dense +
		"[dense](https://a.example/2)\n\n" + dense + longProse(48<<10) + "\n\n[last](https://a.example/3)\n"
	out, err := Markdown(md, 80, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "[dense](https://a.example/2)") {
		t.Fatalf("the dense piece was laid out: the test needs another")
	}
	if !strings.Contains(out, "last[3]") || !strings.Contains(out, "[2] https://a.example/2\n  [3] https://a.example/3") {
		t.Errorf("numbers after a plain piece: %q", out[max(0, len(out)-300):])
	}
}

// TestListNumbersAreMarkdownLinks: the numbers in the text and the list
// at the end are markdown.Links' (which the pager's links list shows), for
// every sample page and the gallery.
func TestListNumbersAreMarkdownLinks(t *testing.T) {
	docs := samplePages(t)
	for _, lang := range []string{"en", "zh"} {
		src, _ := os.ReadFile(filepath.Join("testdata", "links."+lang+".md"))
		docs["links."+lang] = string(src)
	}
	for name, md := range docs {
		src := []byte(md)
		links := markdown.Links(markdown.Parse(mdParser, src, nil), src)
		out, err := Markdown(md, 200, Plain)
		if err != nil {
			t.Fatal(err)
		}
		var entries []string
		if _, list, ok := strings.Cut(out, "\n  --------\n\n  Links\n\n"); ok {
			entries = listEntries(list)
		} else if _, list, ok := strings.Cut(out, "\n  --------\n\n  链接\n\n"); ok {
			entries = listEntries(list)
		}
		if len(entries) != len(links) {
			t.Errorf("%s: %d links listed, markdown.Links has %d", name, len(entries), len(links))
			continue
		}
		for i, l := range links {
			if want := fmt.Sprintf("[%d] %s", i+1, readableURL(l.URL)); entries[i] != want {
				t.Errorf("%s: listed %q, markdown.Links numbers %q", name, entries[i], want)
			}
		}
	}
}

// TestMayLinkMissesNoLink checks the shortcut that spares a piece shown
// as plain text its parse: whatever markdown holds a link (every spec
// example, gallery post and hostile document; a link to a definition
// given beforehand), mayLink must say it may.
func TestMayLinkMissesNoLink(t *testing.T) {
	var docs []string
	for _, file := range []string{"commonmark-0.31.2.json", "gfm-examples.json"} {
		for _, ex := range specExamples(t, file) {
			docs = append(docs, ex.Markdown)
		}
	}
	for _, md := range galleryPosts(t) {
		docs = append(docs, md)
	}
	for _, name := range markdown.HostileNames() {
		docs = append(docs, markdown.Hostile(name, 2048))
	}
	linked := 0
	for _, md := range docs {
		src := []byte(md)
		if len(markdown.Links(markdown.Parse(mdParser, src, nil), src)) == 0 {
			continue
		}
		linked++
		if !mayLink(md, nil) {
			t.Errorf("mayLink says no link in %q", md)
		}
	}
	if linked < 100 {
		t.Fatalf("only %d documents with links: the test checks too little", linked)
	}
	refs := []parser.Reference{parser.NewReference([]byte("a"), []byte("/u"), nil)}
	src := []byte("see [a] and [b][a]\n")
	if len(markdown.Links(markdown.Parse(mdParser, src, refs), src)) == 0 || !mayLink(string(src), refs) {
		t.Errorf("a reference to a definition given beforehand: not a link, or missed")
	}
	for _, md := range []string{"- a\n", "a\n\n", "> [!NOTE]\n> a\n", "[^1]: a note\n", "|a|\n|-|\n", "1. a [b] c\n"} {
		if mayLink(md, nil) {
			t.Errorf("mayLink(%q) = true: it holds no link", md)
		}
	}
}

// TestMayLinkAmongImagesAndTags: the quick answers of mayLink for images
// and raw tags, each checked against the parse: images and tags such as
// <b> hold no link; a "[" that does not open an image, an escaped "!",
// <a>, media tags and autolinks may.
func TestMayLinkAmongImagesAndTags(t *testing.T) {
	for _, md := range []string{
		"![a](b) and ![c](d) <img src=e> x",
		"<b><i>a</b></i> <sup>2</sup>",
		"[![a](b)](c)",
		`\![a](b)`,
		"![a](b) [c](d)",
		`<a href="x">y</a>`,
		"<IFRAME src=x></IFRAME>",
		"<irc:chat.example>",
		"a < b and c <d",
	} {
		src := []byte(md)
		has := len(markdown.Links(markdown.Parse(mdParser, src, nil), src)) > 0
		if got := mayLink(md, nil); has && !got {
			t.Errorf("mayLink(%q) = false, but it has links", md)
		}
	}
	for _, md := range []string{"![a](b) and ![c](d) <img src=e> x", "<b><i>a</b></i> <sup>2</sup>", "a < b"} {
		if mayLink(md, nil) {
			t.Errorf("mayLink(%q) = true: it can hold no link, so the parse is wasted", md)
		}
	}
}

// TestRepeatedLinksDrawnAlike: markLinks makes a destination's marks
// once and gives every later use the same: each use of a link, autolink
// or address, repeated paragraph after paragraph, is drawn as its first
// use is (its number and hyperlink), in every style.
func TestRepeatedLinksDrawnAlike(t *testing.T) {
	forms := []string{
		"[a](https://x.com/?a=1&b=2)", "[b][r]", "[c][r] and [d][R]", "www.x.com", "http://www.x.com",
		"<https://x.com/%E4%B8%AD>", "<x@y.z>", "x@y.z", "<mailto:x@y.z>", "[nothing]()", "[rel](../other/)",
		"[e](https://x.com/a\\\\b)", "[*f*](https://x.com/em)", "[g](https://例子.测试/)",
	}
	const n = 4
	for _, style := range []Style{Dark, Light, Plain} {
		for _, f := range forms {
			para := "Word " + f + " word."
			var md strings.Builder
			for range n {
				md.WriteString(para + "\n\n")
			}
			md.WriteString("[r]: https://x.com/ref\n")
			out, err := Markdown(md.String(), 80, style)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(out, "\n")
			var drawn []string
			for _, l := range lines {
				if strings.Contains(sanitize.Text(l), "Word") {
					drawn = append(drawn, l)
				}
			}
			if len(drawn) != n {
				t.Fatalf("%s %q: %d lines with the paragraph, want %d:\n%s", style, f, len(drawn), n, out)
			}
			for i, l := range drawn[1:] {
				if l != drawn[0] {
					t.Errorf("%s %q: use %d drawn\n%q\nthe first\n%q", style, f, i+2, l, drawn[0])
				}
			}
		}
	}
}

// TestPainterIsPaint: a painter paints what paint does, in the link
// list's styles and in styles of no colour or weight at all.
func TestPainterIsPaint(t *testing.T) {
	yes, no := true, false
	for _, style := range []Style{Dark, Light, Plain} {
		c := styleConfig(style)
		for _, st := range []glamouransi.StylePrimitive{c.Link, c.HorizontalRule, c.Heading.StylePrimitive, {}, {Bold: &no, Underline: &no}, {Bold: &yes}} {
			p := newPainter(st, style)
			for _, s := range []string{"", "x", "https://example.com/中文", "[12] "} {
				want := s
				if style != Plain {
					want = paint(st, s)
				}
				if got := p.paint(s); got != want {
					t.Errorf("%s %+v %q: painter %q, paint %q", style, st, s, got, want)
				}
			}
		}
	}
}

// TestRunsKeepTheEscapeAfterThem: a run of references (RefRun, NoteRun)
// after a backslash that goldmark's inline loop carries past a node ("\ "
// before a bare link) left that escape to the byte after the run: "\\"
// after it, an escaped backslash, drew as two backslashes instead of
// one. The run is not made there now (see markdown's escapeMayLeak).
func TestRunsKeepTheEscapeAfterThem(t *testing.T) {
	for _, md := range []string{
		"\\ www.a.o[a] [a]\\\\\n\n[a]: /a\n",
		"\\ www.a.o[^1] a[^1]\\\\\n\n[^1]: n\n",
	} {
		out, err := Markdown(md, 80, Plain)
		if err != nil {
			t.Fatal(err)
		}
		line, _, _ := strings.Cut(out, "\n")
		if !strings.HasSuffix(line, "a\\") && !strings.HasSuffix(line, "a¹\\") && !strings.HasSuffix(line, "a[2]\\") {
			t.Errorf("%q drew its first line %q, want it to end with one backslash", md, line)
		}
	}
}
