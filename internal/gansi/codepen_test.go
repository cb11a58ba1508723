package gansi

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestToldPenWritesAsTheWriter compares tellTokens with what it replaces,
// each token's sequence, value and reset written to the code block's
// IndentWriter, on random tokens: sequences of styles, resets, links and
// broken ones; values of text, line ends, control characters, sequences
// and bytes that are not UTF-8; indentation of plain and styled cells;
// a writer that starts in the middle of a line or with a style open. The
// bytes written, and those the writer writes after them and at its
// close (which show the state it was left in), are the same, written to
// a block's buffer or to another writer.
func TestToldPenWritesAsTheWriter(t *testing.T) {
	clrs := []string{
		"", "\x1b[38;5;251m", "\x1b[1m\x1b[38;5;203m", "\x1b[4m", "\x1b[0m", "\x1b[m",
		"\x1b[38;2;1;2;3m", "\x1b[3;48;5;17m", "\x1b[1;0m", "\x1b]8;;http://x\x07",
		"\x1b[1", "x", "\x1b[38:5:1m",
	}
	values := []string{
		"a", "x+", "é", "世界", "\n", "\n\n", "  ", "", "\t", "\r\n", "\x1b[31m", "\x1b[0m",
		"\xff", "\x7f", "\x1b]8;;u\x07", "func main() {", "// comment",
	}
	cellSet := []string{" ", "", "\x1b[48;5;236m \x1b[m", "ab"}
	rng := rand.New(rand.NewPCG(6, 11))
	told := 0 // rounds where the pen was told a style: the path compared
	for round := range 3000 {
		n := rng.IntN(12)
		toks := make([]chroma.Token, n)
		typeClr := map[chroma.TokenType]string{}
		for i := range toks {
			typ := chroma.TokenType(1 + rng.IntN(6)) // not EOFType, which ends the tokens
			if _, ok := typeClr[typ]; !ok {
				typeClr[typ] = clrs[rng.IntN(len(clrs))]
			}
			var v strings.Builder
			for range rng.IntN(4) {
				v.WriteString(values[rng.IntN(len(values))])
			}
			toks[i] = chroma.Token{Type: typ, Value: v.String()}
		}
		clr := func(t chroma.TokenType) string { return typeClr[t] }
		indent, cell := rng.IntN(5), cellSet[rng.IntN(len(cellSet))]
		before := []string{"", "", "pre", "pre\n", "\x1b[1mopen", "\x1b]8;;l\x07link"}[rng.IntN(6)]
		after := []string{"", "tail", "\ntail\n", "\x1b[32mgreen"}[rng.IntN(4)]

		write := func(tell bool) string {
			var out bytes.Buffer
			var c codeBuffer
			// A block's buffer, whose room the told pen writes in, or
			// another writer.
			var w io.Writer = &out
			if round%2 == 1 {
				w = struct{ io.Writer }{&out}
			}
			iw := c.indentWriter(w, indent, &cellRun{cell: cell}, &styleMemo{})
			_, _ = io.WriteString(iw, before)
			if tell {
				if iw.tellable() {
					for _, tok := range toks {
						if _, ok := toldStyleOf(clr(tok.Type)); ok && clr(tok.Type) != "" {
							told++
							break
						}
					}
				}
				tellTokens(iw, chroma.Literator(toks...), clr, map[string]toldStyle{}, nil)
			} else {
				for _, tok := range toks {
					b := clr(tok.Type) + tok.Value
					if clr(tok.Type) != "" {
						b += ttyReset
					}
					_, _ = io.WriteString(iw, b)
				}
			}
			_, _ = io.WriteString(iw, after)
			c.release(iw)
			return out.String()
		}
		if got, want := write(true), write(false); got != want {
			t.Fatalf("round %d: before %q, tokens %q, indent %d of %q, after %q:\ntold    %q\nwritten %q",
				round, before, toks, indent, cell, after, got, want)
		}
	}
	if told < 500 {
		t.Fatalf("only %d of 3000 rounds told the pen a style: the test checks too little", told)
	}
}

// TestToldReset: tellTokens takes chroma's reset after a token to leave
// no style, as a pen reads it.
func TestToldReset(t *testing.T) {
	if s, ok := toldStyleOf(ttyReset); !ok || s != (toldStyle{}) {
		t.Fatalf("toldStyleOf(%q) = %+v, %v", ttyReset, s, ok)
	}
}

// TestToldStyleIsThePens: the style toldStyleOf reads from a sequence
// is the one a pen reads, and its sequence the one the pen sets it
// again with.
func TestToldStyleIsThePens(t *testing.T) {
	for _, clr := range []string{
		"\x1b[38;5;251m", "\x1b[1m\x1b[38;5;203m", "\x1b[4m", "\x1b[0m", "\x1b[m", "\x1b[38;2;1;2;3m",
		"\x1b[3;48;5;17m", "\x1b[1;0m", "\x1b[0;1m", "\x1b[1m\x1b[0m", "\x1b[9;2;7m",
	} {
		s, ok := toldStyleOf(clr)
		if !ok {
			t.Errorf("%q: not told", clr)
			continue
		}
		pw := newPenWriter(io.Discard)
		_, _ = pw.WriteString(clr)
		want := toldStyle{}
		if pw.style != nil {
			want = toldStyle{set: true, seq: pw.style.String()}
		}
		_ = pw.Close()
		if s != want {
			t.Errorf("%q: told %+v, pen %+v", clr, s, want)
		}
	}
}
