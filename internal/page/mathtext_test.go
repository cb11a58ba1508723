package page

import (
	"strings"
	"sync"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestCountsReadSiteMathDelimiters: with a site's own math delimiters
// (Hugo's passthrough), a formula between them is read as math for the
// word count, reading time, summary and Plain, as the pager reads it:
// its "<y and z>" is TeX, not a raw HTML tag left out of the text, and
// its "\\" is not an escape. Without them (no Dialect) the post
// reads as before.
func TestCountsReadSiteMathDelimiters(t *testing.T) {
	src := "---\ntitle: M\n---\nHere @(x <y and z> w)@ ends.\n\n" + strings.Repeat("word ", 210) + "\n"
	site := Options{Dialect: markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})}
	p, err := Parse("posts/m.md", []byte(src), site)
	if err != nil {
		t.Fatal(err)
	}
	// Here x <y and z> w ends. and 210 words.
	if got, want := p.WordCount, 7+210; got != want {
		t.Errorf("WordCount = %d, want %d (the formula's words counted)", got, want)
	}
	if got, want := p.ReadingTime, ReadingTime(7+210, false); got != want || got != 2 {
		t.Errorf("ReadingTime = %d, want %d (and 2)", got, want)
	}
	if plain := p.Plain(); !strings.Contains(plain, "x <y and z> w") {
		t.Errorf("Plain lost the formula's text: %q", plain[:min(len(plain), 60)])
	}
	if !strings.Contains(p.Summary, "<y and z>") {
		t.Errorf("Summary lost the formula's text: %q", p.Summary[:min(len(p.Summary), 60)])
	}

	plain, err := Parse("posts/m.md", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if plain.WordCount >= p.WordCount {
		t.Errorf("without the site's delimiters the formula should read as markdown (its tag left out): %d words, %d with them", plain.WordCount, p.WordCount)
	}
}

// TestDialectSharedByConcurrentParses: a site's Dialect is shared
// by all its pages, which the store parses on every core at once: pages
// parsed together read as each does alone (run with -race, it also
// shows the parser keeps no state of its own between parses).
func TestDialectSharedByConcurrentParses(t *testing.T) {
	dialect := markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})
	srcs := make([][]byte, 16)
	for i := range srcs {
		srcs[i] = []byte("---\ntitle: M\n---\n" + strings.Repeat("word @(x <y> _z_)@ <b>tag</b> $a_1$ ", 1+i*7) +
			"\n\n[^n]: note\n\n<div>\nblock\n</div>\n")
	}
	want := make([]string, len(srcs))
	for i, src := range srcs {
		p, err := Parse("posts/p.md", src, Options{Dialect: dialect})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = p.Plain()
	}
	got := make([]string, len(srcs)*4)
	var wg sync.WaitGroup
	for k := range got {
		wg.Go(func() {
			p, err := Parse("posts/p.md", srcs[k%len(srcs)], Options{Dialect: dialect})
			if err != nil {
				t.Error(err)
				return
			}
			got[k] = p.Plain()
		})
	}
	wg.Wait()
	for k, g := range got {
		if w := want[k%len(srcs)]; g != w {
			t.Errorf("post %d parsed concurrently reads %q, alone %q", k%len(srcs), g[:min(len(g), 80)], w[:min(len(w), 80)])
		}
	}
}
