package render

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"charm.land/glamour/v2/ansi"
	chromastyles "github.com/alecthomas/chroma/v2/styles"

	"github.com/sshblog/sshblog/internal/gansi"
)

// TestForkWritesUpstreamBytes checks the contract of our fork of glamour's
// ansi package (internal/gansi): for every input it lays out the same
// bytes as glamour's own. It renders the CommonMark and GFM spec examples,
// the sample posts, the test posts and galleries and a real blog's post,
// prepared as a render prepares them, through both renderers in the three
// styles at 40, 80 and 120 columns, unwrapped (as for the list items'
// texts) and with wide ambiguous punctuation, and compares the output.
func TestForkWritesUpstreamBytes(t *testing.T) {
	type post struct{ name, md string }
	var posts []post
	for _, file := range []string{"commonmark-0.31.2.json", "gfm-examples.json"} {
		for i, ex := range specExamples(t, file) {
			if i%forkExampleStride == 0 {
				posts = append(posts, post{fmt.Sprintf("%s #%d", file, i), ex.Markdown})
			}
		}
	}
	examples := len(posts)
	gallery := galleryPosts(t)
	names := make([]string, 0, len(gallery))
	for name := range gallery {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		posts = append(posts, post{name, gallery[name]})
	}
	for _, f := range postFiles(t) {
		posts = append(posts, post{f.path, f.src})
	}
	posts = append(posts, post{"real blog post", realBlogPost(forkRealBlogSize)})
	if others := len(posts) - examples; examples < 600/forkExampleStride || others < 30 {
		t.Fatalf("only %d spec examples and %d other posts: the test checks too little", examples, others)
	}
	type layout struct {
		style Style
		width int // 0: unwrapped, as for the list items' texts
	}
	var layouts []layout
	for _, style := range []Style{Dark, Light, Plain} {
		for _, w := range []int{40, 80, 120} {
			layouts = append(layouts, layout{style, w})
		}
	}
	layouts = append(layouts, layout{Dark, 0}, layout{Dark.Wide(), 80})
	for _, p := range posts {
		docs := map[Style]doc{}
		for _, l := range layouts {
			d, ok := docs[l.style]
			if !ok {
				var err error
				if d, err = prepareDoc(p.md, l.style, nil, &linkTable{}); err != nil {
					t.Fatalf("%s: %v", p.name, err)
				}
				docs[l.style] = d
			}
			src := prepare(d.annotated, max(l.width, MinWidth), l.style.ambiguous())
			if l.width == 0 {
				src = prepare(d.annotated, MaxWidth, l.style.ambiguous())
			}
			d.keepPadding = true
			up := d
			up.upstreamANSI, up.upstreamStyles = true, ownCodeStyle
			want, err := glamourRender(src, l.width, l.style, up, &linkTable{})
			if err != nil {
				t.Fatalf("%s: upstream: %v", p.name, err)
			}
			got, err := glamourRender(src, l.width, l.style, d, &linkTable{})
			if err != nil {
				t.Fatalf("%s: fork: %v", p.name, err)
			}
			got, want = chromaTie.Replace(got), chromaTie.Replace(want)
			// chroma gives every lexer rule a 250 ms match timeout
			// (regexp.go: rule.Regexp.MatchTimeout); on a loaded
			// machine a match can time out, and the rest of that code
			// line is lexed as an error token in one of the two
			// renders. Such a difference is the clock's, not the
			// fork's: render both again, and only a difference that
			// stays is one.
			for try := 0; got != want && try < 3; try++ {
				w, err1 := glamourRender(src, l.width, l.style, up, &linkTable{})
				g, err2 := glamourRender(src, l.width, l.style, d, &linkTable{})
				if err1 != nil || err2 != nil {
					t.Fatalf("%s: again: %v, %v", p.name, err1, err2)
				}
				got, want = chromaTie.Replace(g), chromaTie.Replace(w)
			}
			if got != want {
				i := firstDiff(got, want)
				t.Errorf("%s, %s at %d: the fork's output differs from glamour's at byte %d\nglamour: %q\nfork:    %q",
					p.name, l.style, l.width, i, around(want, i), around(got, i))
			}
		}
	}
}

// ownCodeStyle gives glamour's renderer a code style registered under a
// name of its own: upstream registers the style of the first code block
// drawn in the process as "charm" and draws every later one with it, so a
// light layout after a dark one got dark's code colours. The fork makes
// each render's code style from its own configuration; registered by
// content, upstream draws each configuration in its colours too.
func ownCodeStyle(c ansi.StyleConfig) ansi.StyleConfig {
	if c.CodeBlock.Chroma == nil {
		return c
	}
	b, err := json.Marshal(c.CodeBlock.Chroma)
	if err != nil {
		panic(err)
	}
	name := fmt.Sprintf("sshblog-test-%x", sha256.Sum256(b))
	upstreamStylesMu.Lock()
	if _, ok := chromastyles.Registry[name]; !ok {
		chromastyles.Register(gansi.ChromaStyle(name, c.CodeBlock.Chroma))
	}
	upstreamStylesMu.Unlock()
	c.CodeBlock.Chroma, c.CodeBlock.Theme = nil, name
	return c
}

// upstreamStylesMu guards chroma's registry of styles for ownCodeStyle.
var upstreamStylesMu sync.Mutex

// chromaTie makes the comparison independent of a choice chroma makes at
// random: its 256-colour formatter maps a colour to the nearest of the
// palette by ranging over a map, and glamour's dark comment colour
// #676767 is as near to 241 (#626262) as to 242 (#6c6c6c), so the same
// code block comes out in either from one call to the next, whichever
// renderer lays it out.
var chromaTie = strings.NewReplacer("\x1b[38;5;242m", "\x1b[38;5;241m")

// firstDiff is the index of the first byte where a and b differ.
func firstDiff(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// around is s near byte i.
func around(s string, i int) string {
	return s[max(0, i-60):min(len(s), i+60)]
}

func TestIsCJKShortcuts(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
			r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
		if isCJK(r) != want {
			t.Fatalf("isCJK(%U) = %v", r, !want)
		}
	}
}

// TestCodeColoursFollowTheStyle: glamour registers the code style of the
// first code block drawn in the process and colours every later one with
// it, so a light-background reader's code came out in the dark style's
// colours once any dark reader had opened a post with code (or the other
// way round). Each style colours code its own way, whatever was drawn
// before.
func TestCodeColoursFollowTheStyle(t *testing.T) {
	md := "Text.\n\n```go\n// zzcomment\nfunc main() {}\n```\n"
	colourOf := func(style Style) string {
		out, err := Markdown(md, 80, style)
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(out, "zzcomment")
		if i < 0 {
			t.Fatalf("%s: the comment is not drawn:\n%q", style, out)
		}
		j := strings.LastIndex(out[:i], "\x1b[")
		if j < 0 {
			t.Fatalf("%s: the comment is not coloured:\n%q", style, out)
		}
		return chromaTie.Replace(out[j:i]) // see chromaTie
	}
	dark, light := colourOf(Dark), colourOf(Light)
	if dark == light {
		t.Errorf("the comment has the same colour in the dark and the light style: %q", dark)
	}
	if again := colourOf(Dark); again != dark {
		t.Errorf("dark comment %q after a light render, %q before", again, dark)
	}
	if again := colourOf(Light); again != light {
		t.Errorf("light comment %q after a dark render, %q before", again, light)
	}
}
