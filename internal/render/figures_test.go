package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/parser"

	"github.com/sshblog/sshblog/internal/markdown"
)

// updateFigures rewrites the figure golden files: go test ./internal/render/ -run FigureLinesGolden -update-figures
var updateFigures = flag.Bool("update-figures", false, "rewrite testdata/figures.*.golden")

// TestFigureLinesGolden: the figure lines of the English and Chinese
// gallery of hard cases, as `read` prints them, at 40, 80 and 120 columns.
func TestFigureLinesGolden(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		src, err := os.ReadFile(filepath.Join("testdata", "figures."+lang+".md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []int{40, 80, 120} {
			got, err := Markdown(string(src), w, Plain)
			if err != nil {
				t.Fatal(err)
			}
			got += "\n"
			name := filepath.Join("testdata", fmt.Sprintf("figures.%s.%d.golden", lang, w))
			checkGolden(t, name, got, *updateFigures, "-update-figures")
		}
	}
}

// TestFigureLinesKeepEverything: every image and embed of the gallery
// shows its destination, whole on one line (never split at a hyphen) when
// it fits, and no line is wider than the width.
func TestFigureLinesKeepEverything(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		src, _ := os.ReadFile(filepath.Join("testdata", "figures."+lang+".md"))
		var dests []string
		for _, l := range strings.Split(string(src), "\n") {
			for _, m := range markdownMedia(l) {
				dests = append(dests, Destination(m.Src, ""))
			}
		}
		if len(dests) < 8 {
			t.Fatalf("%s: found %d media; the gallery moved?", lang, len(dests))
		}
		for _, w := range []int{40, 80, 120} {
			out, _ := Markdown(string(src), w, Plain)
			for _, d := range dests {
				if xansi.StringWidth(d)+2 > w-4 { // wider than the text: hard-wrapped
					joined := ""
					for _, l := range strings.Split(out, "\n") {
						joined += strings.TrimSpace(l)
					}
					if !strings.Contains(joined, d) {
						t.Errorf("%s at %d: %q is lost", lang, w, d)
					}
					continue
				}
				if !strings.Contains(out, d) {
					t.Errorf("%s at %d: %q is not whole on one line:\n%s", lang, w, d, out)
				}
			}
			for _, l := range strings.Split(out, "\n") {
				if xansi.StringWidth(l) > w {
					t.Errorf("%s at %d: line wider than the width: %q", lang, w, l)
				}
				if strings.ContainsAny(l, string(figMark)+string(keepHyphen)) {
					t.Errorf("%s at %d: a layout mark is left: %q", lang, w, l)
				}
			}
		}
	}
}

// markdownMedia parses one line of markdown for its media.
func markdownMedia(l string) []markdown.Media {
	var out []markdown.Media
	out = append(out, blockFigures(l, nil)...)
	if len(out) == 0 && mayHaveMedia(l) {
		// In a sentence: a FigureSpan.
		if i := strings.Index(l, "<img src=\""); i >= 0 {
			src, _, _ := strings.Cut(l[i+len("<img src=\""):], "\"")
			out = append(out, markdown.Media{Src: src})
		}
		if i := strings.Index(l, "]("); i >= 0 {
			src, _, _ := strings.Cut(l[i+2:], ")")
			out = append(out, markdown.Media{Src: src})
		}
	}
	return out
}

func TestDestination(t *testing.T) {
	const base = "https://blog.example.com/posts/a-bundle/"
	cases := []struct{ src, base, want string }{
		{"cover.png", "", "cover.png"}, // never a made-up leading "/"
		{"./images/a.png", "", "./images/a.png"},
		{"../other/b.png", "", "../other/b.png"},
		{"/img/c.png", "", "/img/c.png"},
		{"cover.png", base, "https://blog.example.com/posts/a-bundle/cover.png"},
		{"../other/b.png", base, "https://blog.example.com/posts/other/b.png"},
		{"/img/c.png", base, "https://blog.example.com/img/c.png"},
		{"https://cdn.example.com/x.png", base, "https://cdn.example.com/x.png"},
		{"//cdn.example.com/x.png", base, "//cdn.example.com/x.png"},
		{"data:image/png;base64,AAAA", "", "data:image/png (inline)"},
		{"images/图片-1.png", base, "https://blog.example.com/posts/a-bundle/images/%E5%9B%BE%E7%89%87-1.png"},
		{"a\x1b[31m.png", "", "a.png"},
	}
	for _, c := range cases {
		if got := Destination(c.src, c.base); got != c.want {
			t.Errorf("Destination(%q, %q) = %q, want %q", c.src, c.base, got, c.want)
		}
	}
}

func TestBundled(t *testing.T) {
	cases := []struct {
		src, want string
		ok        bool
	}{
		{"cover.png", "cover.png", true},
		{"./images/a.png", "images/a.png", true},
		{"images/../b.png", "b.png", true},
		{"../other/b.png", "", false},
		{"/img/c.png", "", false},
		{"https://example.com/x.png", "", false},
		{"//example.com/x.png", "", false},
		{"data:image/png;base64,AA", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		if got, ok := Bundled(c.src); got != c.want || ok != c.ok {
			t.Errorf("Bundled(%q) = %q, %v, want %q, %v", c.src, got, ok, c.want, c.ok)
		}
	}
}

// TestRenderedFigures: a render says where its figure lines are, across
// pieces, so the pager can draw each picture above its line.
func TestRenderedFigures(t *testing.T) {
	para := strings.Repeat("Some prose to fill a piece of the post. ", 40) + "\n\n"
	md := "![first](one-1.png)\n\n" + strings.Repeat(para, 100) + "Text ![inline](no.png) here.\n\n<img src=\"two.png\" alt=\"second\">\n"
	w := newWork(md, 60, Dark, nil)
	w.base = "https://example.com/p/"
	for {
		done, err := w.step()
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
	}
	if len(w.pieces) < 2 {
		t.Fatalf("the post is %d piece(s); make it longer", len(w.pieces))
	}
	if len(w.figs) != 2 {
		t.Fatalf("figures %+v, want 2", w.figs)
	}
	for i, want := range []string{"▢ first <https://example.com/p/one-1.png>", "▢ second <https://example.com/p/two.png>"} {
		f := w.figs[i]
		if got := strings.TrimSpace(xansi.Strip(w.lines[f.Line])); got != want {
			t.Errorf("figure %d at line %d: %q, want %q", i, f.Line, got, want)
		}
	}
}

// TestLinkedFigureKeepsItsLink: an image on its own line inside a link
// becomes a figure that still says where the link leads.
func TestLinkedFigureKeepsItsLink(t *testing.T) {
	out, err := Markdown("[![cover](cover-art.jpg)](https://example.com/shop-page)\n", 80, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if want := "▢ cover <cover-art.jpg>, links to <https://example.com/shop-page>"; !strings.Contains(out, want) {
		t.Errorf("got %q, want %q in it", out, want)
	}
}

// blockFigures returns the Figures of a piece of markdown, in order: the
// figures its render lays out on lines of their own.
func blockFigures(md string, refs []parser.Reference) []markdown.Media {
	return figuresIn(newParsed(md, refs))
}
