package gansi

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// cleanPieces are what the lines of a quote's text are mostly made of:
// what a paragraph's margin writer writes (text, the text's colour
// around it, resets, padding), with some of what makes a line unclean.
var cleanPieces = []string{
	"word", "a", " ", "  ", "\n", "\n", "\n", "\n", "words", "and", ".", "\x1b[38;5;252m", "\x1b[m", "\x1b[38;5;252m", "\x1b[m", "\x1b[0m", "\x1b[m",
	"\x1b[38;5;252ma\x1b[m", "\x1b[1m", "汉字", "中文，", "。", "\u3000", "é", "e\u0301",
	"\u3000\u0301", " \u0301", "👍🏽", "\u00a0", "\u2028", "\x1b]8;;https://a.example/\x07", "\x1b]8;;\x07",
	"\x1b[39m", "\x7f", "\xe4\xb8", "\t", "\u0600", "\u0600a", "▏", "\x1b[;m",
}

func cleanText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		if r.IntN(40) == 0 {
			b.WriteString(pieces[r.IntN(len(pieces))])
		} else {
			b.WriteString(cleanPieces[r.IntN(len(cleanPieces))])
		}
	}
	return b.String()
}

// TestCleanLineIsPlainWidth: a line cleanLine takes is one plainWidth
// takes, of the same width, which leaves unset pens unset; and a text of
// such lines fits (at their width) and is idle, as fitsIdle finds it.
func TestCleanLineIsPlainWidth(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	clean := 0
	for range 20000 {
		line := strings.ReplaceAll(cleanText(r, 1+r.IntN(8)), "\n", "")
		w, ok := cleanLine([]byte(line))
		if !ok {
			continue
		}
		clean++
		p1, p2 := newPenWriter(&bytes.Buffer{}), newPenWriter(&bytes.Buffer{})
		pw, pok := plainWidth([]byte(line), p1, p2)
		if !pok || pw != w || p1.style != nil || p2.style != nil || !p1.link.IsZero() {
			t.Fatalf("%q: cleanLine %d, plainWidth %d %v, pens %v %v", line, w, pw, pok, p1.style, p2.style)
		}
		if fit, idle := fitsIdle(line+"\n"+line+"\n", max(w, 1)); !fit || !idle {
			t.Fatalf("%q (width %d): fitsIdle %v %v", line, w, fit, idle)
		}
		if sw := stringWidth([]byte(line)); sw != w {
			t.Fatalf("%q: cleanLine %d, stringWidth %d", line, w, sw)
		}
	}
	if clean < 2000 {
		t.Fatalf("only %d clean lines: the test checks too little", clean)
	}
}

// TestQuoteFinishIsBlockFinish: a quote finishes with the bytes a
// BlockElement (what upstream makes for a quote) finishes with, alone and
// nested in another (whose lines its nested quote logged), for random
// texts in quote styles of several kinds, at several widths.
func TestQuoteFinishIsBlockFinish(t *testing.T) {
	str := func(s string) *string { return &s }
	one, two := uint(1), uint(2)
	styles := []StyleBlock{
		{Indent: &one, IndentToken: str("\x1b[38;5;252m▏\x1b[m")},
		{Indent: &one, IndentToken: str("│ "), StylePrimitive: StylePrimitive{Color: str("252")}},
		{Indent: &two, Margin: &one, StylePrimitive: StylePrimitive{BackgroundColor: str("4")}},
		{Indent: &one, IndentToken: str("e\u0301")},
		{Margin: &two},
		{},
	}
	r := rand.New(rand.NewPCG(6, 2))
	fast := 0
	for i := range 10000 {
		st := styles[i%len(styles)]
		width := []int{1, 5, 20, 40, 60, 80, 80, 120}[r.IntN(8)]
		text := cleanText(r, 1+r.IntN(16))
		if r.IntN(4) > 0 && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		nested := r.IntN(2) == 0
		got := finishQuote(text, width, st, nested, true)
		want := finishQuote(text, width, st, nested, false)
		if got != want {
			t.Fatalf("%q at %d (nested %v, style %d):\nquote: %q\nblock: %q", text, width, nested, i%len(styles), got, want)
		}
		if strings.HasSuffix(text, "\n") {
			fast++
		}
	}
	if fast < 500 {
		t.Fatalf("only %d texts of whole lines", fast)
	}
}

// finishQuote lays text out in a quote of style st (nested in another
// when nested) in a document width wide, as quoteElement does (quote) or
// as BlockElement does, and returns the document's block.
func finishQuote(text string, width int, st StyleBlock, nested, quote bool) string {
	depth := 1
	if nested {
		depth = 2
	}
	return finishQuotes(text, width, st, depth, quote)
}

// finishQuotes is finishQuote with the text depth quotes deep, a line
// before and after each nested quote, as a paragraph around it would
// write.
func finishQuotes(text string, width int, st StyleBlock, depth int, quote bool) string {
	ctx := NewRenderContext(Options{WordWrap: width})
	bs := ctx.blockStack
	doc := &bytes.Buffer{}
	bs.Push(BlockElement{Block: doc})
	type element interface {
		Render(w io.Writer, ctx RenderContext) error
		Finish(w io.Writer, ctx RenderContext) error
	}
	var level func(parent *bytes.Buffer, d int)
	level = func(parent *bytes.Buffer, d int) {
		b := BlockElement{Style: cascadeStyle(bs.Current().Style, st, false), Margin: true}
		var e element = &b
		if quote {
			e = &quoteElement{b}
		}
		_ = e.Render(parent, ctx)
		own := bs.Current().Block
		if d == depth {
			own.WriteString(text)
		} else {
			own.WriteString("before\n")
			level(own, d+1)
			own.WriteString("\x1b[1mafter\x1b[m\n")
		}
		_ = e.Finish(parent, ctx)
	}
	level(doc, 1)
	return doc.String()
}

// TestDeepQuotesFinishAsBlocks: quotes nested deep around a text larger
// than the pool keeps (whose levels take turns with two buffers: see
// makeRoom) finish with BlockElement's bytes.
func TestDeepQuotesFinishAsBlocks(t *testing.T) {
	str := func(s string) *string { return &s }
	one := uint(1)
	st := StyleBlock{Indent: &one, IndentToken: str("\x1b[38;5;252m▏\x1b[m")}
	var b strings.Builder
	for i := 0; b.Len() < 3*maxPooledBuffer; i++ {
		b.WriteString("\x1b[38;5;252mline of a long quotation\x1b[m" + strings.Repeat(" ", i%30) + "\n")
	}
	for _, depth := range []int{1, 2, 5, 9} {
		got := finishQuotes(b.String(), 80, st, depth, true)
		want := finishQuotes(b.String(), 80, st, depth, false)
		if got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("%d deep: differs at byte %d of %d/%d", depth, i, len(got), len(want))
		}
	}
}

// TestDocumentFinishIsBlockFinish: the document, finished as a quote is
// into the render's output (not a buffer: see finishLines), writes the
// bytes BlockElement writes, for random texts with quotes in them and
// without, in document styles of several kinds, at several widths.
func TestDocumentFinishIsBlockFinish(t *testing.T) {
	str := func(s string) *string { return &s }
	one, two := uint(1), uint(2)
	styles := []StyleBlock{
		{},
		{Margin: &two},
		{Indent: &one, IndentToken: str("\x1b[1m>\x1b[m")},
		{Margin: &one, StylePrimitive: StylePrimitive{Color: str("252")}},
	}
	quote := StyleBlock{Indent: &one, IndentToken: str("\x1b[38;5;252m▏\x1b[m")}
	r := rand.New(rand.NewPCG(6, 3))
	for i := range 4000 {
		st := styles[i%len(styles)]
		width := []int{1, 20, 40, 80, 120}[r.IntN(5)]
		text := cleanText(r, 1+r.IntN(16))
		if r.IntN(4) > 0 && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		quoted := r.IntN(2) == 0
		got := finishDocument(text, width, st, quote, quoted, true)
		want := finishDocument(text, width, st, quote, quoted, false)
		if got != want {
			t.Fatalf("%q at %d (quoted %v, style %d):\nquote: %q\nblock: %q", text, width, quoted, i%len(styles), got, want)
		}
	}
}

// finishDocument lays text out in a document of style st (in a quote of
// style q in it when quoted) width wide, the document's element a
// quoteElement (asQuote) or a BlockElement, and returns the output.
func finishDocument(text string, width int, st, q StyleBlock, quoted, asQuote bool) string {
	ctx := NewRenderContext(Options{WordWrap: width})
	bs := ctx.blockStack
	type element interface {
		Render(w io.Writer, ctx RenderContext) error
		Finish(w io.Writer, ctx RenderContext) error
	}
	mk := func(st StyleBlock) element {
		b := BlockElement{Style: st, Margin: true}
		if asQuote {
			return &quoteElement{b}
		}
		return &b
	}
	var out strings.Builder
	doc := mk(st)
	_ = doc.Render(&out, ctx)
	own := bs.Current().Block
	if quoted {
		own.WriteString("before\n")
		inner := mk(cascadeStyle(bs.Current().Style, q, false))
		_ = inner.Render(own, ctx)
		bs.Current().Block.WriteString(text)
		_ = inner.Finish(own, ctx)
	} else {
		own.WriteString(text)
	}
	_ = doc.Finish(&out, ctx)
	return out.String()
}

// TestSGRLenIsReadSGR compares sgrLen with the length readSGR reads, the
// way it replaces, on sequences of every form the pens read and many
// they do not: too many parameters or digits, other final bytes, cut
// short, random bytes.
func TestSGRLenIsReadSGR(t *testing.T) {
	seqs := []string{"", "\x1b", "\x1b[", "\x1b[m", "\x1b[0m", "\x1b[;m", "\x1b[1;m", "\x1b[38;5;252m", "\x1b[38;5;252",
		"\x1b]8;;\x07", "\x1b[1A", "\x1b[?25l", "[m", "\x1b[123456789m", "\x1b[1234567890m", "\x1b[1;1234567890m",
		"\x1b[" + strings.Repeat("1;", 14) + "1m", "\x1b[" + strings.Repeat("1;", 15) + "1m", "\x1b[" + strings.Repeat("1;", 16) + "m",
		"\x1b[" + strings.Repeat(";", 15) + "m", "\x1b[" + strings.Repeat(";", 16) + "m", "\x1b[38;5;228;48;5;63;1ma\x1b[m"}
	r := rand.New(rand.NewPCG(6, 3))
	alphabet := "0123456789;;;;mm[\x1b:a"
	for range 20000 {
		b := []byte("\x1b[")
		for range r.IntN(40) {
			b = append(b, alphabet[r.IntN(len(alphabet))])
		}
		seqs = append(seqs, string(b))
	}
	for _, s := range seqs {
		want, _ := readSGR([]byte(s), nil)
		if got := sgrLen([]byte(s)); got != want {
			t.Errorf("sgrLen(%q) = %d, readSGR reads %d", s, got, want)
		}
	}
}
