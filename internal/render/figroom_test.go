package render

import (
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestFigureRoomHoldsTheLine: figureRoom, the room dressFigures reserves
// for a figure's line, holds the line wholeFigureLine writes (images and
// players, with and without alt, title, caption, link and base, hyphens
// kept whole, data URIs, wide and control characters), and for 16 KB of
// "![a](b) <img src=c> x " is less than twice the lines (48 bytes a
// figure, what it reserved before, was five times).
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
	for _, m := range ms {
		for _, base := range []string{"", "https://blog.example/posts/a-post/"} {
			if line, room := wholeFigureLine(m, base), figureRoom(m, base); len(line) > room {
				t.Errorf("%+v at %q: room %d for %q (%d bytes)", m, base, room, line, len(line))
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
	if lines == 0 || room >= 2*lines {
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
