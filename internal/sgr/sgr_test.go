package sgr

import (
	"strings"
	"testing"

	"charm.land/glamour/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// width of the screen lines are drawn on in tests: wider than any line.
const width = 300

// draw returns the cells s draws from the left of one row, as bubbletea's
// renderer (ultraviolet) parses them.
func draw(s string) []uv.Cell {
	buf := uv.NewScreenBuffer(width, 1)
	uv.NewStyledString(s).Draw(buf, buf.Bounds())
	cells := make([]uv.Cell, width)
	for x := range cells {
		if c := buf.CellAt(x, 0); c != nil {
			cells[x] = *c
		}
	}
	return cells
}

// looksBlank reports whether c shows nothing: a space or nothing, in a
// style with no background, underline, reverse or strike-through.
func looksBlank(c uv.Cell) bool {
	const shows = uv.AttrReverse | uv.AttrStrikethrough
	return (c.Content == " " || c.Content == "") && c.Style.Bg == nil &&
		c.Style.Underline == 0 && c.Style.Attrs&shows == 0 && c.Link.URL == ""
}

// prefixes put a line after text that left the terminal in some state:
// nothing, a reset, a background colour, an underline.
var prefixes = []string{"", "\x1b[m", "\x1b[48;5;236m", "\x1b[4m"}

// sameLook fails t unless compact draws like line, after every prefix, and
// leaves the same state for what follows (a probe drawn after it).
func sameLook(t *testing.T, line, compact string) {
	t.Helper()
	for _, pre := range prefixes {
		want, got := draw(pre+line+"|P"), draw(pre+compact+"|P")
		// The probe sits after the line's text, which may have lost
		// blank cells at its end: compare it apart.
		wl, gl := probeAt(want), probeAt(got)
		if wl < 0 || gl < 0 {
			t.Fatalf("probe not drawn for %q", line)
		}
		if !want[wl].Equal(&got[gl]) || !want[wl+1].Equal(&got[gl+1]) {
			t.Fatalf("state after the line differs (prefix %q):\n%q\n%q\n%#v\n%#v", pre, line, compact, want[wl+1], got[gl+1])
		}
		for x := range max(wl, gl) {
			w, g := want[x], got[x]
			if x >= wl {
				w = uv.Cell{}
			}
			if x >= gl {
				g = uv.Cell{}
			}
			if w.Equal(&g) || x >= gl && looksBlank(w) {
				continue
			}
			t.Fatalf("cell %d differs (prefix %q):\n%q\n%q\nwant %#v\ngot  %#v", x, pre, line, compact, w, g)
		}
	}
}

// probeAt is where the "|P" probe starts in cells, -1 if absent.
func probeAt(cells []uv.Cell) int {
	for x := len(cells) - 2; x >= 0; x-- {
		if cells[x].Content == "|" && cells[x+1].Content == "P" {
			return x
		}
	}
	return -1
}

// sample has what glamour styles: headings, emphasis, inline code (with a
// background), lists, quotes, code blocks, tables, links, CJK text.
const sample = "# A title\n\nSome *emphasis*, **strong**, `inline code` and ~~struck~~ text " +
	"long enough to wrap at least once at sixty columns, and a [link](https://example.com).\n\n" +
	"- one\n- two\n  - nested `code`\n\n> A quotation that runs on for a little while.\n\n" +
	"```go\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n" +
	"我们在终端里阅读文章，慢慢地写下这些字。\n\n---\n\n1. first\n2. second\n"

func TestCompactGlamourLooksTheSame(t *testing.T) {
	for _, style := range []string{"dark", "light", "notty"} {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(60))
		if err != nil {
			t.Fatal(err)
		}
		out, err := r.Render(sample)
		if err != nil {
			t.Fatal(err)
		}
		var in, compacted int
		for _, l := range strings.Split(out, "\n") {
			c := Compact(l)
			in, compacted = in+len(l), compacted+len(c)
			sameLook(t, l, c)
		}
		if style == "dark" && compacted*3 > in {
			t.Errorf("dark: %d bytes compacted to %d: expected at least 3x smaller", in, compacted)
		}
	}
}

func TestCompact(t *testing.T) {
	const fg, bg, ul, r = "\x1b[38;5;252m", "\x1b[48;5;236m", "\x1b[4m", "\x1b[m"
	for _, tc := range []struct{ name, in, want string }{
		{"plain text", "no escapes  ", "no escapes  "},
		{"same style again", r + fg + "one" + r + fg + " two" + r, r + fg + "one two" + r},
		{"unknown start kept apart", fg + "one" + r + fg + " two" + r, fg + "one" + r + fg + " two" + r},
		{"padding", "  " + fg + r + fg + "word" + r + fg + " " + r + fg + " " + r, "  " + r + fg + "word" + r},
		{"empty runs", fg + r + fg + r + "x", r + "x"},
		{"background padding kept", r + bg + "code" + r + bg + "  " + r, r + bg + "code  " + r},
		{"underlined spaces kept", r + ul + "a  " + r, r + ul + "a  " + r},
		{"unknown start keeps its spaces", "a  " + r, "a  " + r},
		{"unknown start, more on top", "a" + fg + "b" + r + fg + "c", "a" + fg + "b" + r + fg + "c"},
		{"spaces inside kept", r + fg + "a" + r + "   " + fg + "b" + r, r + fg + "a" + r + "   " + fg + "b" + r},
		{"state left open", r + fg + "a" + r + fg + " ", r + fg + "a"},
		{"hyperlink line keeps spaces", "\x1b]8;;http://x\x1b\\" + fg + "a  " + r + "\x1b]8;;\x1b\\", "\x1b]8;;http://x\x1b\\" + fg + "a  " + r + "\x1b]8;;\x1b\\"},
		{"not SGR", "\x1b[2Ka" + fg + "b" + r, "\x1b[2Ka" + fg + "b" + r},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Compact(tc.in)
			if got != tc.want {
				t.Errorf("Compact(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			sameLook(t, tc.in, got)
		})
	}
}

// FuzzCompact builds lines from pieces glamour and others write (colours,
// backgrounds, attributes, resets, combined codes, spaces, wide text) and
// checks each compacted line looks the same.
func FuzzCompact(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5})
	f.Add([]byte{6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte{3, 0, 3, 1, 3, 2, 3, 2, 3, 2})
	pieces := []string{
		"\x1b[38;5;252m", "\x1b[m", " ", "word", "\x1b[48;5;236m", "\x1b[0m",
		"\x1b[1m", "\x1b[4m", "\x1b[7m", "\x1b[9m", "\x1b[38;2;1;2;3m", "\x1b[0;31m",
		"\x1b[22;39m", "中文", "\x1b[38:5:9m", "\x1b[3m", "\x1b[2;4m", "\x1b[49m", "\x1b[2K",
	}
	f.Fuzz(func(t *testing.T, picks []byte) {
		if len(picks) > 60 {
			picks = picks[:60]
		}
		var b strings.Builder
		for _, p := range picks {
			b.WriteString(pieces[int(p)%len(pieces)])
		}
		line := b.String()
		sameLook(t, line, Compact(line))
	})
}

func BenchmarkCompact(b *testing.B) {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(100))
	if err != nil {
		b.Fatal(err)
	}
	out, err := r.Render(strings.Repeat(sample, 20))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			Compact(l)
		}
	}
}
