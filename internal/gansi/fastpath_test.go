package gansi

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/sshblog/sshblog/internal/markdown"
)

// sameAsElement checks write, a fast path standing in for node's element
// (writeText, writeEmphasis, writeLink), against the element NewElement
// makes for node in ctx: it reports whether write took the node (false:
// it declined, and must have written nothing), and fails t, naming what
// (called only on a difference), when the bytes differ.
func sameAsElement(t *testing.T, ctx RenderContext, node ast.Node, src []byte, write func(*bytes.Buffer) bool, what func() string) bool {
	t.Helper()
	var got, want bytes.Buffer
	if !write(&got) {
		if got.Len() > 0 {
			t.Fatalf("declined but wrote %q", got.String())
		}
		return false
	}
	// What the renderer does without the fast path: the element
	// NewElement makes for the node.
	e := (&ANSIRenderer{context: ctx}).NewElement(node, src)
	want.WriteString(e.Entering)
	if err := e.Renderer.Render(&want, ctx); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("%s: the fast path wrote %q, the element %q", what(), got.String(), want.String())
	}
	return true
}

// bothSkipped is for the tests that render a document two ways (a fast
// path and the path it replaces), each render "skipped" when it panicked
// (a node only package render draws): it reports whether both were
// skipped, and fails t when only one was, which is a panic of one path.
func bothSkipped(t *testing.T, got, want string) bool {
	t.Helper()
	if (got == "skipped") != (want == "skipped") {
		t.Fatalf("only one of the two renders panicked: %.80q / %.80q", got, want)
	}
	return got == "skipped"
}

// fastPathStyles are the block styles and text styles the fast-path
// tests of texts, emphasis and links write in: none, a colour, prefixes,
// suffixes and bold, a format, upper case, italic on a background; and
// text styles none and coloured with prefixes.
func fastPathStyles() ([]StyleBlock, []StylePrimitive) {
	str := func(s string) *string { return &s }
	yes := true
	blocks := []StyleBlock{
		{},
		{StylePrimitive: StylePrimitive{Color: str("252")}},
		{StylePrimitive: StylePrimitive{BlockPrefix: "[", BlockSuffix: "]", Prefix: "<", Suffix: ">", Color: str("#abc"), Bold: &yes}},
		{StylePrimitive: StylePrimitive{Format: "«{{.text}}»"}},
		{StylePrimitive: StylePrimitive{Upper: &yes, Prefix: "p"}},
		{StylePrimitive: StylePrimitive{Italic: &yes, BackgroundColor: str("3")}},
	}
	textStyles := []StylePrimitive{{}, {Color: str("12"), Prefix: "'", Suffix: "'", BlockPrefix: "(", BlockSuffix: ")"}}
	return blocks, textStyles
}

// lowerDraw parses md with p, lowers it with o and draws it at width in
// sc, setup (if any) called first with the renderer and the lowered
// document (the context's flags to set, the padding it may trim): what
// the gansi comparisons draw each of their two paths with. A document
// holding a node of a kind only package render draws (its figures)
// panics the renderer: out is "skipped" then (see bothSkipped).
func lowerDraw(t *testing.T, p parser.Parser, md string, o markdown.LowerOptions, sc StyleConfig, width int, setup func(tr *ANSIRenderer, doc ast.Node)) (out string) {
	defer func() {
		if recover() != nil {
			out = "skipped"
		}
	}()
	src := []byte(md)
	doc := markdown.Parse(p, src, nil)
	src = markdown.Lower(doc, src, o)
	tr := NewRenderer(Options{WordWrap: width, Styles: sc, PreserveNewLines: true})
	if setup != nil {
		setup(tr, doc)
	}
	r := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(tr, 1000)))
	var b bytes.Buffer
	if err := r.Render(&b, src, doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// spaceCell reports whether cell is a plain space: the padding cell the
// comparisons have the renderer trim (SetTrimmedPadding).
func spaceCell(cell string) bool { return cell == " " }
