package gansi

import (
	"bytes"
	"math"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
)

// Chroma's indexed terminal formatters (formatters/tty_indexed.go, v2.14.0)
// map a style's colour to the nearest colour of their palette by ranging
// over a map of it (findClosest), so a colour as near to two palette
// colours as to each other comes out as either, at random, from one call
// to the next: glamour's dark comment colour #676767 is as near to 241
// (#626262) as to 242 (#6c6c6c), and the comments of one post flipped
// between the two from one render to the next, even within a process.
//
// indexedSequences works out what such a formatter writes before a token
// of each type as its Format does (the same entries, the same fallback
// from a type to its category, the same order of bold, underline, italic,
// colour and background), with the palette read in its order and a tie
// given to the later colour of the palette: 242 for #676767, the grey
// that x/ansi's Convert256 (tmux's mapping, which colorprofile uses for
// every other colour of the page on a 256-colour terminal) gives
// #676767 too, and the lighter of the two on the dark background the
// colour is for. The palette's escape sequences are the formatter's own
// (see indexedPaletteOf). Where no two palette colours are equally near,
// the sequences are chroma's (TestIndexedSequencesAreChromas).

// indexedPalette is the palette of an indexed formatter: its colours in
// palette order and the sequence it writes for each as a foreground and
// as a background colour.
type indexedPalette struct {
	colours []chroma.Colour
	fg, bg  []string
}

// ttyColours16 are the colours of chroma's 8- and 16-colour tables, in
// palette order (both tables have the same colours).
var ttyColours16 = [16]string{
	"#000000", "#7f0000", "#007f00", "#7f7fe0", "#00007f", "#7f007f", "#007f7f", "#e5e5e5",
	"#555555", "#ff0000", "#00ff00", "#ffff00", "#0000ff", "#ff00ff", "#00ffff", "#ffffff",
}

// xtermColours are the 256 colours of the xterm palette chroma's
// 256-colour table holds, in palette order: the 16 system colours as
// that table has them, the 6x6x6 cube and the 24 greys.
func xtermColours() []chroma.Colour {
	system := [16]string{
		"#000000", "#800000", "#008000", "#808000", "#000080", "#800080", "#008080", "#c0c0c0",
		"#808080", "#ff0000", "#00ff00", "#ffff00", "#0000ff", "#ff00ff", "#00ffff", "#ffffff",
	}
	out := make([]chroma.Colour, 0, 256)
	for _, s := range system {
		out = append(out, chroma.MustParseColour(s))
	}
	levels := [6]uint8{0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff}
	for _, r := range levels {
		for _, g := range levels {
			for _, b := range levels {
				out = append(out, chroma.NewColour(r, g, b))
			}
		}
	}
	for i := range 24 {
		v := uint8(8 + 10*i)
		out = append(out, chroma.NewColour(v, v, v))
	}
	return out
}

// indexedPalettes are the palettes of chroma's indexed formatters, read
// from each formatter the first time it is asked for: the formatters are
// registered at init and never change.
var indexedPalettes = sync.OnceValue(func() map[string]*indexedPalette {
	var c16 []chroma.Colour
	for _, s := range ttyColours16 {
		c16 = append(c16, chroma.MustParseColour(s))
	}
	out := map[string]*indexedPalette{}
	for name, colours := range map[string][]chroma.Colour{
		"terminal": c16, "terminal8": c16, "terminal16": c16, "terminal256": xtermColours(),
	} {
		if f := formatters.Get(name); f != nil {
			out[name] = indexedPaletteOf(f, colours)
		}
	}
	return out
})

// indexedPaletteOf asks the indexed formatter f for the sequences of
// colours: each colour alone in a style, which the formatter's search
// finds at distance 0 (its own entry, there being no other of that
// colour).
func indexedPaletteOf(f chroma.Formatter, colours []chroma.Colour) *indexedPalette {
	p := &indexedPalette{colours: colours, fg: make([]string, len(colours)), bg: make([]string, len(colours))}
	probe := func(entry string) string {
		var b bytes.Buffer
		s := chroma.MustNewStyle("gansi-palette", chroma.StyleEntries{chroma.Text: entry})
		_ = f.Format(&b, s, chroma.Literator(chroma.Token{Type: chroma.Text, Value: "\x00"}))
		seq, _, _ := strings.Cut(b.String(), "\x00")
		return seq
	}
	for i, c := range colours {
		p.fg[i] = probe(c.String())
		p.bg[i] = probe("bg:" + c.String())
	}
	return p
}

// nearest is the index of the palette colour nearest c by chroma's
// distance, the later of equally near ones.
func (p *indexedPalette) nearest(c chroma.Colour) int {
	best, dist := 0, int64(math.MaxInt64)
	for i, pc := range p.colours {
		if d := squaredDistance(pc, c); d <= dist {
			best, dist = i, d
		}
	}
	return best
}

// squaredDistance is the square of chroma's Colour.Distance (v2.14.0),
// the integer it takes the square root of: it orders colours as the
// distance does, ties too (the square roots of two integers this small
// are never equal), without a square root for each of a palette's 256
// colours (most of the time of working a style's sequences out, once a
// render: a twentieth of a short post of code). TestSquaredDistance
// holds it to Distance.
func squaredDistance(c, e2 chroma.Colour) int64 {
	ar, ag, ab := int64(c.Red()), int64(c.Green()), int64(c.Blue())
	br, bg, bb := int64(e2.Red()), int64(e2.Green()), int64(e2.Blue())
	rmean := (ar + br) / 2
	r := ar - br
	g := ag - bg
	b := ab - bb
	return (((512 + rmean) * r * r) >> 8) + 4*g*g + (((767 - rmean) * b * b) >> 8)
}

// indexedSequences is what the indexed formatter of palette p writes
// before a token of each of types in style s (see above).
func indexedSequences(p *indexedPalette, s *chroma.Style, types []chroma.TokenType) map[chroma.TokenType]string {
	s = clearBackground(s)
	near := map[chroma.Colour]int{}
	index := func(c chroma.Colour) int {
		i, ok := near[c]
		if !ok {
			i = p.nearest(c)
			near[c] = i
		}
		return i
	}
	theme := map[chroma.TokenType]string{}
	for _, t := range s.Types() {
		e := s.Get(t)
		var b strings.Builder
		if e.Bold == chroma.Yes {
			b.WriteString("\033[1m")
		}
		if e.Underline == chroma.Yes {
			b.WriteString("\033[4m")
		}
		if e.Italic == chroma.Yes {
			b.WriteString("\033[3m")
		}
		if e.Colour.IsSet() {
			b.WriteString(p.fg[index(e.Colour)])
		}
		if e.Background.IsSet() {
			b.WriteString(p.bg[index(e.Background)])
		}
		theme[t] = b.String()
	}
	out := make(map[chroma.TokenType]string, len(types))
	for _, t := range types {
		// As Format looks a token's type up.
		clr, ok := theme[t]
		if !ok {
			clr, ok = theme[t.SubCategory()]
			if !ok {
				clr, ok = theme[t.Category()]
				if !ok {
					clr, ok = theme[chroma.Text]
					if !ok {
						clr = theme[chroma.Background]
					}
				}
			}
		}
		out[t] = clr
	}
	return out
}

// clearBackground is the indexed formatter's (unexported there): the
// style without the background colour of its Background entry.
func clearBackground(style *chroma.Style) *chroma.Style {
	builder := style.Builder()
	bg := builder.Get(chroma.Background)
	bg.Background = 0
	bg.NoInherit = true
	builder.AddEntry(chroma.Background, bg)
	style, _ = builder.Build()
	return style
}
