package render

import (
	"testing"
	"unsafe"

	"github.com/yuin/goldmark/ast"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/sanitize"
)

// TestFigureRoomHoldsTheLine: figureRoom, the room dressFigures reserves
// for a figure's line, holds the line wholeFigureLine writes (images and
// players, with and without alt, title, caption, link and base, hyphens
// kept whole, data URIs, wide and control characters), and for 16 KB of
// "![a](b) <img src=c> x " is the lines' length exactly (48 bytes a
// figure, what it reserved before, was five times; 23 bytes an image and
// a tag, 1.6 times, grew dressFigures' buffer past 32 KB). The line
// appended (appendWholeFigureLine) is the line written by concatenation,
// as figureLine did.
func TestFigureRoomHoldsTheLine(t *testing.T) {
	var ms []markdown.Media
	for _, el := range []string{"image", "video", "embed"} {
		for _, alt := range []string{"", "a", "中文 alt", "a\x1b[31mred"} {
			for _, title := range []string{"", "t", alt} {
				for _, src := range []string{"", "b", "x-y-z.png", "/img/a-b.png", "../c.png", "data:image/png;base64,AAAA", "https://e.example/a-b"} {
					for _, link := range []string{"", "/u-v", src} {
						ms = append(ms, markdown.Media{Element: el, Src: src, Alt: alt, Title: title, Link: link})
						ms = append(ms, markdown.Media{Element: el, Src: src, Caption: alt, Title: title, Link: link})
					}
				}
			}
		}
	}
	// concatenated is figureLine as it was written, with keepWhole.
	concatenated := func(m markdown.Media, base string) string {
		dest, link := Destination(m.Src, base), Destination(m.Link, base)
		label := collapseSpaces(sanitize.Text(m.Label()))
		head := ImageMark
		if m.Element != "image" {
			head = m.Element + ":"
		}
		line := head + " " + label + " <" + dest + ">"
		switch {
		case dest == "":
			line = head + " " + label
		case label == "":
			line = head + " " + dest
		}
		if link != "" && link != dest {
			line += ", links to <" + link + ">"
		}
		return keepWhole(line, dest, link)
	}
	for _, m := range ms {
		for _, base := range []string{"", "https://blog.example/posts/a-post/"} {
			line, room := wholeFigureLine(m, base), figureRoom(m, base)
			if len(line) > room {
				t.Errorf("%+v at %q: room %d for %q (%d bytes)", m, base, room, line, len(line))
			}
			if want := concatenated(m, base); line != want || string(appendWholeFigureLine([]byte("x"), m, base)) != "x"+want {
				t.Errorf("%+v at %q: line %q, concatenated %q", m, base, line, want)
			}
		}
	}
	src := []byte(markdown.Hostile("figure-line", 16<<10))
	tree := markdown.Parse(mdParser, src, nil)
	lines, room := 0, 0
	walkFigures(tree, func(n ast.Node) ast.Node {
		if f, ok := n.(*markdown.FigureSpan); ok {
			lines += len(wholeFigureLine(f.Media(), ""))
			room += figureRoom(f.Media(), "")
		}
		return nil
	})
	if lines == 0 || room != lines {
		t.Errorf("figure-line: room %d for %d bytes of figure lines", room, lines)
	}
	// And dressFigures reserves that: less than twice what it writes,
	// without growing (which would take the source's size again).
	for _, base := range []string{"", "https://blog.example/posts/a-post/"} {
		src := []byte(markdown.Hostile("figure-line", 16<<10) + "\n\n![a-b](c-d.png \"t\")\n\n[![e](f)](g-h)\n")
		out := dressFigures(src, markdown.Parse(mdParser, src, nil), base)
		if written, reserved := len(out)-len(src), cap(out)-len(src); reserved >= 2*written {
			t.Errorf("base %q: dressFigures reserved %d bytes for %d", base, reserved, written)
		}
	}
}

// TestCollapseSpacesCopiesOnlyToCollapse: collapseSpaces returns a label
// with nothing to collapse as it is (no copy) and what the collapsing
// loop writes either way: white space runs, tabs and line breaks inside,
// ASCII and Unicode spaces around, non-breaking spaces inside.
func TestCollapseSpacesCopiesOnlyToCollapse(t *testing.T) {
	kept := 0
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\r", "a\u00a0b", "\u00a0a", "a\u2003", "\u2003", "中文 alt", "a b c d", "a \t b", "\x1b[31m", "a\xffb"} {
		got := collapseSpaces(s)
		if want := collapseRuns(s); got != want {
			t.Errorf("%q: %q, the loop writes %q", s, got, want)
		}
		if got == s && s != "" && unsafe.StringData(got) == unsafe.StringData(s) {
			kept++
		}
	}
	if kept < 5 {
		t.Errorf("%d labels kept as they were: the shortcut is not taken", kept)
	}
}
