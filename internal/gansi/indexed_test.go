package gansi

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	glamourstyles "charm.land/glamour/v2/styles"
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
	"github.com/alecthomas/chroma/v2/styles"
)

// tiedSequences returns, for each colour of s (foreground and
// background, of every type) that two palette colours of different
// sequences are equally near, the sequences chroma may write for it
// other than the one indexedSequences keeps, mapped to that one.
func tiedSequences(p *indexedPalette, s *chroma.Style) map[string]string {
	out := map[string]string{}
	add := func(c chroma.Colour, seqs []string) {
		if !c.IsSet() {
			return
		}
		keep := p.nearest(c)
		d := p.colours[keep].Distance(c)
		for i, pc := range p.colours {
			if pc.Distance(c) == d && seqs[i] != seqs[keep] {
				out[seqs[i]] = seqs[keep]
			}
		}
	}
	s = clearBackground(s)
	for _, t := range s.Types() {
		e := s.Get(t)
		add(e.Colour, p.fg)
		add(e.Background, p.bg)
	}
	return out
}

// TestIndexedSequencesAreChromas: the sequences worked out from the
// palettes are what chroma's indexed formatters write, for every style
// chroma registers and glamour's code styles, and for 3,000 colours
// alone in a style, but where a colour is as near to two palette colours
// as to each other: chroma then writes either (at random), indexedSequences
// the later of the palette. So the palettes hold every colour of
// chroma's tables, with the sequences the tables have for them.
func TestIndexedSequencesAreChromas(t *testing.T) {
	var all []*chroma.Style
	for _, name := range styles.Names() {
		all = append(all, styles.Get(name))
	}
	all = append(all,
		ChromaStyle("dark", glamourstyles.DarkStyleConfig.CodeBlock.Chroma),
		ChromaStyle("light", glamourstyles.LightStyleConfig.CodeBlock.Chroma))
	rng := rand.New(rand.NewPCG(6, 7))
	for range 3000 {
		c := chroma.NewColour(uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)))
		bg := chroma.NewColour(uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)))
		all = append(all, chroma.MustNewStyle("random", chroma.StyleEntries{
			chroma.Text:    c.String(),
			chroma.Comment: "bold bg:" + bg.String(),
		}))
	}
	types := standardTypes()
	ties := 0
	for _, name := range []string{"terminal256", "terminal16", "terminal8", "terminal"} {
		p := indexedPalettes()[name]
		f := formatters.Get(name)
		if p == nil || f == nil {
			t.Fatalf("no palette or formatter %q", name)
		}
		for _, s := range all {
			got := indexedSequences(p, s, types)
			want := sequences(f, s, types)
			tied := tiedSequences(p, s)
			for _, typ := range types {
				w := want[typ]
				for other, keep := range tied {
					w = strings.ReplaceAll(w, other, keep)
				}
				if got[typ] != want[typ] && got[typ] != w {
					t.Fatalf("%s, style %s, %s: %q, chroma %q", name, s.Name, typ, got[typ], want[typ])
				}
				if got[typ] != want[typ] {
					ties++
				}
			}
		}
	}
	if ties == 0 {
		t.Error("no tie met: the test no longer sees what it is about")
	}
}

// TestCommentColourIsSteady: the dark style's comment colour, #676767, as
// near to 241 (#626262) as to 242 (#6c6c6c) of the 256-colour palette,
// comes out as 242 in every render (chroma's formatter gave either, at
// random), the code written the same each time.
func TestCommentColourIsSteady(t *testing.T) {
	code := "package main\n\n// a comment\nfunc main() {} // and another\n"
	var first string
	for i := range 40 {
		ctx := NewRenderContext(Options{}) // sequences worked out anew
		var b bytes.Buffer
		style := ChromaStyle("dark", glamourstyles.DarkStyleConfig.CodeBlock.Chroma)
		if err := ctx.highlight(&b, code, "go", "terminal256", style); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b.String()
			if !strings.Contains(first, "\x1b[38;5;242m// a comment") {
				t.Fatalf("the comment is not in 242: %q", first)
			}
			continue
		}
		if b.String() != first {
			t.Fatalf("render %d differs:\n%q\nfirst:\n%q", i, b.String(), first)
		}
	}
}

// TestNearestIsLastOfTies: of equally near palette colours, nearest gives
// the later; otherwise the nearest.
func TestNearestIsLastOfTies(t *testing.T) {
	p := indexedPalettes()["terminal256"]
	if i := p.nearest(chroma.MustParseColour("#676767")); i != 242 {
		t.Errorf("#676767: %d, want 242", i)
	}
	if i := p.nearest(chroma.MustParseColour("#636363")); i != 241 {
		t.Errorf("#636363: %d, want 241", i)
	}
	for i, c := range p.colours {
		j := p.nearest(c)
		if p.colours[j] != c || p.fg[j] != p.fg[i] {
			t.Errorf("palette colour %d (%s): nearest %d", i, c, j)
		}
		best := math.MaxFloat64
		for _, pc := range p.colours {
			best = min(best, pc.Distance(c))
		}
		if best != 0 {
			t.Errorf("palette colour %d at distance %v from itself", i, best)
		}
	}
}

// TestSquaredDistance: squaredDistance is the square of chroma's
// Distance, and orders pairs of colours as it does, ties included.
func TestSquaredDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	colour := func() chroma.Colour {
		return chroma.NewColour(uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)))
	}
	for range 200000 {
		a, b, c := colour(), colour(), colour()
		if d := a.Distance(b); math.Sqrt(float64(squaredDistance(a, b))) != d {
			t.Fatalf("%v %v: squared %d, distance %v", a, b, squaredDistance(a, b), d)
		}
		d1, d2 := a.Distance(b), a.Distance(c)
		s1, s2 := squaredDistance(a, b), squaredDistance(a, c)
		if (d1 < d2) != (s1 < s2) || (d1 == d2) != (s1 == s2) {
			t.Fatalf("%v to %v and %v: distances %v %v, squared %d %d", a, b, c, d1, d2, s1, s2)
		}
	}
}
