package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tagForms are tags of every kind around a name, in the shapes posts
// write them.
func tagForms(name string) []string {
	return []string{
		fmt.Sprintf(`<%s src="a.png" alt="A">`, name),
		fmt.Sprintf(`<%s src=a.png />`, name),
		fmt.Sprintf("<%s\n  src=\"a.png\">", name),
		fmt.Sprintf(`</%s>`, name),
	}
}

// tagNames are the media tags in the cases authors write them, tags
// that only hold them, and names that merely start like them.
var tagNames = []string{
	"img", "IMG", "Img", "video", "VIDEO", "audio", "iframe", "IFrame", "embed",
	"source", "picture", "figure", "figcaption",
	"imgx", "img-x", "img2", "video-player", "embedded", "a", "p", "span", "br", "x",
}

// TestTagNameReadsAsTokenizer: the name read without a tokenizer
// (tagName, nameAtom) is the one golang.org/x/net/html reads, for start
// and end tags, in any case.
func TestTagNameReadsAsTokenizer(t *testing.T) {
	for _, name := range tagNames {
		for _, s := range tagForms(name) {
			z := html.NewTokenizer(strings.NewReader(s))
			z.Next()
			want, _ := z.TagName()
			i, j, end := tagName(s)
			if got := nameAtom(s[i:j]); got != atom.Lookup(want) {
				t.Errorf("%q: atom %v, the tokenizer reads %q (%v)", s, got, want, atom.Lookup(want))
			}
			if end != strings.HasPrefix(s, "</") {
				t.Errorf("%q: end tag %t", s, end)
			}
		}
	}
}

// TestHasFigureTag: the quick test for HTML figures answers as the
// figures drawn: true for a tag that makes one (an <img> in any case, a
// player, an embed), false for tags that make none on their own (a lone
// <source>, <picture> or <figure>, an end tag, a name that only starts
// like a media tag), which so spare the tokenizer and a piece's parse;
// and never false for a document whose parse has a figure.
func TestHasFigureTag(t *testing.T) {
	for _, name := range tagNames {
		for _, s := range tagForms(name) {
			if got, want := HasFigureTag(s), len(htmlMedia(s)) > 0; got != want {
				t.Errorf("HasFigureTag(%q) = %t, but its figures are %v", s, got, htmlMedia(s))
			}
		}
	}
	p := NewParser(Glamour)
	for _, name := range tagNames {
		for _, s := range tagForms(name) {
			for _, doc := range []string{
				s + "\n",
				"Text " + s + " more text.\n",
				"<div>\n" + s + "\n</div>\n",
				"<video>" + s + "</video>\n",
				"- item\n\n  " + s + "\n",
			} {
				src := []byte(doc)
				figure := false
				_ = ast.Walk(p.Parse(text.NewReader(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
					switch n.(type) {
					case *Figure, *FigureSpan:
						figure = true
					}
					return ast.WalkContinue, nil
				})
				if figure && !HasFigureTag(doc) {
					t.Errorf("%q has a figure, but HasFigureTag says none", doc)
				}
			}
		}
	}
}

// BenchmarkHasFigureTag is the quick test over a megabyte of tags that
// make no figure, and of "<" alone (the worst case: a name read at each).
func BenchmarkHasFigureTag(b *testing.B) {
	for name, s := range map[string]string{
		"tags": strings.Repeat("<b>x</b> <span class=a>y</span> ", 1<<15),
		"lt":   strings.Repeat("<", 1<<20),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if HasFigureTag(s) {
					b.Fatal("a figure found")
				}
			}
		})
	}
}

// TestFigureNameIsFigureAtom: figureName answers as the atom's lookup
// does, for the tag names of the tests, in any case, and for names that
// differ from a figure's by a byte.
func TestFigureNameIsFigureAtom(t *testing.T) {
	names := append([]string{"", "i", "im", "imgs", "vide0", "audio-", "iframes", "embeD", "IMG", "Video", "aUdIo", "IFRAME"}, tagNames...)
	for _, fig := range []string{"img", "video", "audio", "iframe", "embed"} {
		for k := range len(fig) {
			for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") {
				names = append(names, fig[:k]+string(c)+fig[k+1:])
			}
		}
	}
	for _, name := range names {
		for _, n := range []string{name, strings.ToUpper(name), strings.ToLower(name)} {
			if got, want := figureName(n), figureAtom(nameAtom(n)); got != want {
				t.Errorf("figureName(%q) = %v, the atom says %v", n, got, want)
			}
		}
	}
}
