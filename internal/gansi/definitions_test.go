package gansi

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"charm.land/glamour/v2/styles"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/yuin/goldmark/ast"
	astext "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// definitionDocs are documents with definition lists everywhere one goes:
// nested in definitions, lists and quotes, holding lists, quotes, code
// and paragraphs, with terms of one line and wrapped.
func definitionDocs() []string {
	return append(headingDocs(),
		strings.Repeat("a\n: b\n  : c\n", 8),
		"a\n: b\n\n  - x\n  - y\n\nc\n: - l\n  - m\n\n  d\n  : e\n",
		"- a\n\n  b\n  : c\n\n  e\n  : f\n    : g\n",
		"- a\n  : b\n- c\n\n  d\n  : e\n",
		"term\n: def one\n: def two that is rather long and wraps at narrow widths of the terminal\n\n  para in def\n\n  > quote\n",
		"> a\n> : b\n>   : c\n",
		"a term that is long enough to wrap at narrow widths\n: b\n\n  c\n  : d\n\n        code\n",
		"a\n: b\n  : c\n    : d\n      : e\n        : f\n",
		"# h\n\na\n: *em* **b** `c`\n  : [l](https://a.example)\n",
		"1. a\n\n   b\n   : c\n\n2. d\n",
	)
}

// renderStyle is glamour's dark style as package render changes it for
// definitions (no prefix before a description, definitions indented) and
// colours (the document's colour on its blocks of text).
func renderStyle() StyleConfig {
	c := styles.DarkStyleConfig
	c.DefinitionDescription.BlockPrefix = ""
	indent := uint(4)
	c.DefinitionList.Indent = &indent
	col := c.Document.Color
	c.Document.Color = nil
	c.Paragraph.Color, c.List.Color, c.Table.Color, c.DefinitionList.Color = col, col, col, col
	return c
}

// TestDefinitionsLeavingPaddingDrawTheSame compares definition lists and
// the paragraphs of their terms laid out leaving their lines' padding to
// the list around them, or out when the caller trims it (see
// definitionList and parentPads), with their padding their own lines as
// upstream does, on whole documents in every style, at several widths,
// padding trimmed or not: the lines are the same, byte for byte, once
// the caller has trimmed them.
func TestDefinitionsLeavingPaddingDrawTheSame(t *testing.T) {
	p := markdown.NewParser(markdown.Glamour)
	compared := 0
	for i, md := range definitionDocs() {
		for si, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, styles.DraculaStyleConfig, renderStyle()} {
			for _, width := range []int{0, 10, 30, 80} {
				for _, trim := range []bool{false, true} {
					render := func(pad bool) string {
						out := lowerDraw(t, p, md, markdown.LowerOptions{Colour: true}, sc, width, func(tr *ANSIRenderer, _ ast.Node) {
							tr.context.padDefinitions, tr.context.marginParagraphs = pad, pad
							if trim {
								tr.SetTrimmedPadding(spaceCell)
							}
						})
						if !trim || out == "skipped" {
							return out
						}
						lines := strings.Split(out, "\n")
						for i, l := range lines {
							lines[i] = strings.TrimRight(l, " ")
						}
						return strings.Join(lines, "\n")
					}
					got, want := render(false), render(true)
					if bothSkipped(t, got, want) {
						continue
					}
					compared++
					if got != want {
						t.Fatalf("doc %d (%.40q) in style %d at %d, trimmed %v: leaving padding\n%q\npadded\n%q", i, md, si, width, trim, got, want)
					}
				}
			}
		}
	}
	if compared < 1000 {
		t.Fatalf("%d renders compared: the test checks too little", compared)
	}
}

// TestDefinitionBlanksTrimTheSame compares definition lists laid out
// with the blank line after a nested one written bare (see
// leaveDefinitions.blankTrimmed) with the same written through the list's
// margin writer, on whole documents in coloured styles and plain, at
// several widths, the caller trimming every space cell with no background
// (styled or not), as render's does: the lines are the same, byte for
// byte, once trimmed. The bare blank lines are counted, so that the test
// checks them.
func TestDefinitionBlanksTrimTheSame(t *testing.T) {
	docs := append(definitionDocs(), strings.Repeat("a\n: b\n  : c\n", 40), "a\n: b\n  : *c*\n    : d\n\ne\n: f\n")
	compared, bare := trimmedTheSame(t, docs, false, func(tr *ANSIRenderer, general bool) { tr.context.definitions.keepBlanks = general })
	if compared < 200 || bare < 20 {
		t.Fatalf("%d renders compared, %d with bare blank lines: the test checks too little", compared, bare)
	}
}

// trimmedTheSame renders each of docs in coloured styles and plain at
// several widths twice, through set(tr, false) (the path tested) and
// set(tr, true) (the general one), the caller trimming every space cell
// with no background (styled or not) as render's fit does (and the
// output's ends of newlines first, when trimEnds), and fails unless the
// lines are the same, byte for byte, and as many. It returns the renders
// compared and those the tested path wrote shorter. A render that panics
// fails the test.
func trimmedTheSame(t *testing.T, docs []string, trimEnds bool, set func(tr *ANSIRenderer, general bool)) (compared, shorter int) {
	t.Helper()
	p := markdown.NewParser(markdown.Glamour)
	trailing := regexp.MustCompile(`(?:\x1b\[[0-9;]*m \x1b\[m| )+$`)
	cellTrimmed := func(cell string) bool {
		return trailing.MatchString(cell) && !strings.Contains(cell, "[48;") && !strings.Contains(cell, ";48;")
	}
	for i, md := range docs {
		for si, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, styles.DraculaStyleConfig, renderStyle()} {
			for _, width := range []int{0, 10, 30, 80} {
				render := func(general bool) (out []string, size int) {
					src := []byte(md)
					doc := markdown.Parse(p, src, nil)
					src = markdown.Lower(doc, src, markdown.LowerOptions{Colour: true})
					tr := NewRenderer(Options{WordWrap: width, Styles: sc, PreserveNewLines: true})
					set(tr, general)
					tr.SetTrimmedPadding(cellTrimmed)
					r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(tr, 1000)))
					var b bytes.Buffer
					if err := r.Render(&b, src, doc); err != nil {
						t.Fatal(err)
					}
					text := b.String()
					if trimEnds {
						text = strings.Trim(text, "\n")
					}
					lines := strings.Split(text, "\n")
					for i, l := range lines {
						lines[i] = trailing.ReplaceAllString(l, "")
					}
					return lines, b.Len()
				}
				got, gotSize := render(false)
				want, wantSize := render(true)
				compared++
				if gotSize < wantSize {
					shorter++
				}
				if len(got) != len(want) {
					t.Fatalf("doc %d (%.40q) in style %d at %d: %d lines, %d on the general path", i, md, si, width, len(got), len(want))
				}
				for k := range got {
					if got[k] != want[k] {
						t.Fatalf("doc %d (%.40q) in style %d at %d, line %d:\n%q\non the general path\n%q", i, md, si, width, k, got[k], want[k])
					}
				}
			}
		}
	}
	return compared, shorter
}

// TestGrowAheadOnlyMakesRoom checks that growAhead leaves the text of the
// block it grows as it is, makes room only when a quarter or less is
// left, and at most sixteen times what there was, for the lists of nested
// definitions at every point of their markdown.
func TestGrowAheadOnlyMakesRoom(t *testing.T) {
	src := []byte(strings.Repeat("a\n: b\n  : c\n", 200))
	doc := markdown.Parse(markdown.NewParser(markdown.Glamour), src, nil)
	_ = markdown.Lower(doc, src, markdown.LowerOptions{Colour: true})
	var lists []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == astext.KindDefinitionList && n.Parent().Kind() == astext.KindDefinitionDescription {
			lists = append(lists, n)
		}
		return ast.WalkContinue, nil
	})
	if len(lists) < 100 {
		t.Fatalf("%d nested lists", len(lists))
	}
	grown := 0
	for _, size := range []int{64, 1000, 4096} {
		for i, list := range lists {
			b := bytes.NewBuffer(make([]byte, 0, size))
			b.WriteString(strings.Repeat("x", size-size/8))
			want, before := b.String(), b.Cap()
			growAhead(b, bytes.NewBufferString("    text\n"), list, &outerSpans{})
			if b.String() != want {
				t.Fatalf("list %d: the block's text changed", i)
			}
			if b.Cap() != before {
				grown++
				if b.Cap() > 16*max(before, 1<<10)+64 {
					t.Fatalf("list %d: grown from %d to %d", i, before, b.Cap())
				}
			}
			roomy := bytes.NewBuffer(make([]byte, 0, size))
			growAhead(roomy, bytes.NewBufferString("x\n"), list, &outerSpans{})
			if roomy.Cap() != size {
				t.Fatalf("list %d: a block with room grown from %d to %d", i, size, roomy.Cap())
			}
		}
	}
	if grown == 0 {
		t.Fatal("no block grown: the test checks too little")
	}
}

// TestGrowAheadReadsTheOuterListOnce checks that growAhead reads where
// the definition list around the nested lists starts and stops once, not
// once per nested list: N line-less terms (the paragraphs Lower makes of
// them) before M nested lists cost N·M/4 steps when it was read for each
// nested list ending in the last quarter of its block's room. The nested
// lists hold lists of their own, which end first, as they are drawn.
func TestGrowAheadReadsTheOuterListOnce(t *testing.T) {
	const terms, nested = 400, 400
	for _, deeper := range []bool{false, true} {
		item := ": b\n  : c\n"
		if deeper {
			item = ": b\n  : c\n    : d\n"
		}
		src := []byte("x\n:" + strings.Repeat(" t\n ", terms) + " : c\n" + strings.Repeat(item, nested))
		doc := markdown.Parse(markdown.NewParser(markdown.Glamour), src, nil)
		_ = markdown.Lower(doc, src, markdown.LowerOptions{Colour: true})
		// The nested lists in the order they end (are left).
		var lists []ast.Node
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering && n.Kind() == astext.KindDefinitionList && n.Parent().Kind() == astext.KindDefinitionDescription {
				lists = append(lists, n)
			}
			return ast.WalkContinue, nil
		})
		if len(lists) < nested {
			t.Fatalf("deeper %v: %d nested lists, want %d or more", deeper, len(lists), nested)
		}
		outer := lists[len(lists)-1].Parent().Parent()
		if n := outer.FirstChild().ChildCount(); n < terms {
			t.Fatalf("deeper %v: the first description holds %d nodes, want the %d terms' paragraphs", deeper, n, terms)
		}
		spans := &outerSpans{}
		grown := 0
		for _, list := range lists {
			// A block with its last quarter left, as each list ends.
			b := bytes.NewBuffer(make([]byte, 0, 4096))
			b.WriteString(strings.Repeat("x", 4000))
			growAhead(b, bytes.NewBufferString("    text\n"), list, spans)
			if b.Cap() > 4096 {
				grown++
			}
		}
		if grown < nested {
			t.Fatalf("deeper %v: %d blocks grown of %d: the test checks too little", deeper, grown, len(lists))
		}
		if limit := 2*terms + 16*len(lists); spans.steps > limit {
			t.Errorf("deeper %v: %d steps to grow %d blocks after %d terms, want at most %d", deeper, spans.steps, len(lists), terms, limit)
		}
	}
}

// TestIndentedBlanksTrimTheSame compares documents laid out with the
// lines of indentation alone written bare by the document (see
// quoteElement.finishLines) with the same indented, on whole documents
// of definitions, lists, quotes and headings in coloured styles and
// plain, at several widths, the caller trimming every space cell with no
// background as render's does: the lines are the same, byte for byte,
// once trimmed, and as many (the output's ends are kept). The renders
// written shorter are counted, so that the test checks them.
func TestIndentedBlanksTrimTheSame(t *testing.T) {
	docs := append(definitionDocs(), strings.Repeat("a\n: b\n  : c\n", 40),
		"a\n: b\n  : c\n", "a\n: b\n  : c\nd\n", "- a\n\n- b\n\n  c\n", "> a\n>\n> b\n", "x\n\n- a\n\n  b\n- c\n\n      code\n\n  d\n")
	compared, bare := trimmedTheSame(t, docs, true, func(tr *ANSIRenderer, general bool) { tr.context.indentBlanks = general })
	if compared < 200 || bare < 20 {
		t.Fatalf("%d renders compared, %d written shorter: the test checks too little", compared, bare)
	}
}

// TestGrowAheadMakesTheRoomProjected: growAhead gives a block the room it
// projects for the list around (a sixteenth more), not the twice its room
// bytes.Buffer.Grow makes at least, and up to sixteen times its room at
// once: in definitions nested in definitions, a block with its last
// quarter left as the list three quarters through the outer list ends
// grows to about four thirds of what it holds, and one as the list a
// twentieth through ends to sixteen times its room.
func TestGrowAheadMakesTheRoomProjected(t *testing.T) {
	const nested = 400
	src := []byte(strings.Repeat("a\n: b\n  : c\n", nested))
	doc := markdown.Parse(markdown.NewParser(markdown.Glamour), src, nil)
	_ = markdown.Lower(doc, src, markdown.LowerOptions{Colour: true})
	var lists []ast.Node // the nested lists, in the order they end
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering && n.Kind() == astext.KindDefinitionList && n.Parent().Kind() == astext.KindDefinitionDescription {
			lists = append(lists, n)
		}
		return ast.WalkContinue, nil
	})
	if len(lists) < nested-1 {
		t.Fatalf("%d nested lists, want %d", len(lists), nested-1)
	}
	for _, c := range []struct {
		list          int
		least, most   int // the room wanted
		written, room int
	}{
		{list: nested * 3 / 4, written: 4000, room: 4096, least: 5300, most: 6200},
		{list: nested / 20, written: 900, room: 1024, least: 16 << 10, most: 16 << 10},
	} {
		b := bytes.NewBuffer(make([]byte, 0, c.room))
		b.WriteString(strings.Repeat("x", c.written))
		growAhead(b, bytes.NewBufferString("    text\n"), lists[c.list], &outerSpans{})
		if b.Cap() < c.least || b.Cap() > c.most {
			t.Errorf("list %d of %d, %d bytes of %d: grown to %d, want %d to %d", c.list, len(lists), c.written, c.room, b.Cap(), c.least, c.most)
		}
		if b.String() != strings.Repeat("x", c.written) {
			t.Errorf("list %d: the text written changed", c.list)
		}
	}
}

// TestLoweredTermsDrawAsTheirParagraphs compares terms that
// markdown.Lower leaves blocks of their own (LowerOptions.Terms), drawn
// by renderTerm, with the paragraphs of strong emphasis Lower makes of
// them without it, on whole documents in every style (one whose strong
// text is upper-cased, which writeEmphasized leaves to the element of each
// text), at several widths: the same bytes. Terms of texts only are so
// left, counted; others (code, links, emphasis) are paragraphs either way.
func TestLoweredTermsDrawAsTheirParagraphs(t *testing.T) {
	p := markdown.NewParser(markdown.Glamour)
	upper := renderStyle()
	yes := true
	upper.Strong.Upper = &yes
	docs := append(definitionDocs(),
		"a \\*b\\* &amp; c  \n: d\n", "- x\n  : y\n- z\n\n  w\n  : v\n", "a\nb\n: c\n  d\n  : e\n", "> - a\n>   : b\n",
		"*a* b\n: c\n  `d`\n  : e\n", "a <b>c</b>\n: d\n",
	)
	compared, lowered := 0, 0
	for i, md := range docs {
		for si, sc := range []StyleConfig{styles.DarkStyleConfig, styles.LightStyleConfig, styles.NoTTYStyleConfig, styles.DraculaStyleConfig, renderStyle(), upper} {
			for _, width := range []int{0, 10, 30, 80} {
				render := func(terms bool) string {
					return lowerDraw(t, p, md, markdown.LowerOptions{Colour: true, Terms: terms}, sc, width, func(tr *ANSIRenderer, doc ast.Node) {
						if terms && si == 0 && width == 0 {
							_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
								if _, ok := loweredTerm(n); ok && entering {
									lowered++
								}
								return ast.WalkContinue, nil
							})
						}
						tr.SetTrimmedPadding(spaceCell)
					})
				}
				got, want := render(true), render(false)
				if bothSkipped(t, got, want) {
					continue
				}
				compared++
				if got != want {
					t.Fatalf("doc %d (%.40q) in style %d at %d: terms drawn by renderTerm\n%q\nas paragraphs\n%q", i, md, si, width, got, want)
				}
			}
		}
	}
	// Every document, style and width is compared today (2,520 renders);
	// skips are allowed for a tenth of them, not for most.
	if all := len(docs) * 6 * 4; compared < all*9/10 || lowered < len(docs) {
		t.Fatalf("%d documents compared, %d terms left blocks: the test checks too little", compared, lowered)
	}
}

// TestOneDefinitionListGrowsTheDocument: a document of one definition
// list (the terms Lower leaves blocks before it) is left to it to grow,
// as one of lists is (see listsOnly and documentSize), when the list is
// laid out as a list; not one of two definition lists, nor of paragraphs,
// nor one whose terms are paragraphs (no LowerOptions.Terms).
func TestOneDefinitionListGrowsTheDocument(t *testing.T) {
	p := markdown.NewParser(markdown.Glamour)
	for _, c := range []struct {
		md          string
		terms, pads bool
		want        bool
	}{
		{strings.Repeat("a\n: b\n  : c\n", 20), true, false, true},
		{"a\nb\n: c\n", true, false, true},
		{"- a\n- b\n", true, false, true},
		{strings.Repeat("a\n: b\n  : c\n", 20), true, true, false},
		{strings.Repeat("a\n: b\n  : c\n", 20), false, false, false},
		{"a\n: b\n\nc\n: d\n", true, false, false},
		{"a\n: b\n\nc\n", true, false, false},
		{"a\n: *b* `c`\n", true, false, true},
		{"*a*\n: b\n", true, false, false},
	} {
		src := []byte(c.md)
		doc := markdown.Parse(p, src, nil)
		markdown.Lower(doc, src, markdown.LowerOptions{Colour: true, Terms: c.terms})
		if got := listsOnly(doc, !c.pads); got != c.want {
			t.Errorf("%.30q (terms %v, padded %v): listsOnly %v, want %v", c.md, c.terms, c.pads, got, c.want)
		}
	}
}
