package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Media is an image or an embedded player found in a post: what a
// terminal shows of it is a figure line (see package render).
type Media struct {
	// Element is "image", "video", "audio" or "embed" (iframes and
	// <embed>).
	Element string
	// Src is where it points, as written (HTML entities decoded).
	Src string
	// Alt, Title and Caption are the texts that say what it is: the alt
	// text, the title attribute, and a <figcaption>.
	Alt, Title, Caption string
	// Link is where a link around it leads, if there is one and it
	// stood on a line of its own (a Figure keeps it: the link node is
	// gone).
	Link string
}

// Label is the text a figure line shows for m: its caption, else its alt
// text, with its title when that says something more.
func (m Media) Label() string {
	label := strings.TrimSpace(m.Caption)
	if label == "" {
		label = strings.TrimSpace(m.Alt)
	}
	if t := strings.TrimSpace(m.Title); t != "" && t != label {
		if label == "" {
			return t
		}
		label += " (" + t + ")"
	}
	return label
}

// KindFigure is the kind of Figure nodes.
var KindFigure = ast.NewNodeKind("Figure")

// Figure is a block holding one image or embed that stood on a line of
// its own (a paragraph of images, or an HTML block's <img> or <iframe>):
// the reader's pager can draw it as a picture.
type Figure struct {
	ast.BaseBlock
	Media
	// Start and Stop are the source line it stood on, when that is
	// known (Stop > Start): the render's list layout tags it as a later
	// paragraph of its item.
	Start, Stop int
	// Before and After are the layout tags (see IsLayoutMark) that stood
	// around it on its line: the render puts them back around its figure
	// line.
	Before, After string
	// block is the HTML block it was taken from, if it was: Lower reads
	// the block's captions from its figures, not from its HTML again.
	block ast.Node
}

// IsLayoutMark reports the characters the render package tags list items
// with in the markdown it lays out (U+2E38 to U+2E3B, which it replaces
// where a post writes them): a line of images with such tags around them
// is still a line of images.
func IsLayoutMark(r rune) bool { return r >= '\u2E38' && r <= '\u2E3B' }

// layoutMarks returns the layout tags in s.
func layoutMarks(s []byte) string {
	var b strings.Builder
	for _, r := range string(s) {
		if IsLayoutMark(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Kind implements ast.Node.
func (*Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (f *Figure) Dump(source []byte, level int) {
	ast.DumpHelper(f, source, level, map[string]string{"Element": f.Element, "Src": f.Src}, nil)
}

// KindFigureSpan is the kind of FigureSpan nodes.
var KindFigureSpan = ast.NewNodeKind("FigureSpan")

// FigureSpan is an image or embed inside a sentence: it stays in the flow
// of the text, as a figure mark with its label and destination.
type FigureSpan struct {
	// spanText is the node the span becomes (Become): a renderer that draws
	// the span as text draws it in the span's place, in the span's own
	// allocation (a line of images and tags makes a span every 11 bytes;
	// a text node of their own, or the one of the image's alt text, was
	// 168 bytes more each). Until then its Segment is, for a span
	// plainImages or rawHTML read, what its text node was (the image's
	// alt text, the tag's source: what the span's Text method reads, as
	// BaseNode.Text read the node) up to the figures transformer, which
	// empties it as it took that node out; empty for the transformer's.
	spanText
	// src and alt are the Src and Alt of an image of nothing more (media
	// nil), as plainImages and rawHTML read them: four of Media's six
	// strings are empty then (the span was 272 bytes with them, is 216).
	src, alt string
	// media is what the span stands for otherwise (see Media).
	media *Media
	// tag marks a span rawHTML read from a plain <img> tag: its text is
	// the tag's source, which the flattener keeps whole as it does a
	// RawHTML node (it is no container).
	tag bool
}

// Media is what the span stands for.
func (f *FigureSpan) Media() Media {
	if f.media != nil {
		return *f.media
	}
	return Media{Element: "image", Src: f.src, Alt: f.alt}
}

// spanText is the text node a FigureSpan holds, by a name of its own:
// embedded as ast.Text, its field would hide the node's Text method.
type spanText = ast.Text

// Pos implements ast.Node: the position set on the span (that of the
// image or tag it stands for), not its text's start, which ast.Text's
// Pos is.
func (f *FigureSpan) Pos() int { return f.BaseInline.Pos() }

// Become replaces the span in its parent, if it has one, with its text
// node, of segment seg and no flags (as a new one is), and returns it:
// the node is the span's own, which leaves the tree. The span has no
// children (its text is its segment), so that nothing else moves.
func (f *FigureSpan) Become(seg text.Segment) *ast.Text {
	parent, next := f.Parent(), f.NextSibling()
	if parent != nil {
		parent.RemoveChild(parent, f)
	}
	t := &f.spanText
	*t = ast.Text{Segment: seg}
	if parent != nil {
		parent.InsertBefore(parent, next, t) // in its place (at the end if next is nil)
	}
	return t
}

// Kind implements ast.Node.
func (*FigureSpan) Kind() ast.NodeKind { return KindFigureSpan }

// Dump implements ast.Node.
func (f *FigureSpan) Dump(source []byte, level int) {
	m := f.Media()
	ast.DumpHelper(f, source, level, map[string]string{"Element": m.Element, "Src": m.Src}, nil)
}

// figures is the AST transformer that turns every image and embed into a
// Figure (on a line of its own) or a FigureSpan (in a sentence), so that
// none is lost: glamour draws markdown images as text with a made-up
// leading "/" and drops HTML, which took <img> (most figures of many
// blogs) with it. An HTML block keeps its node after the figures taken
// from it, for whatever else it holds.
type figures struct{}

var _ parser.ASTTransformer = figures{}

func (figures) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var paras, blocks, spans []ast.Node
	// An iterative walk, though the flattener (which runs before this:
	// goldmark runs lower priorities first) has bounded the tree's depth.
	for n := ast.Node(doc); n != nil; {
		switch n.Kind() {
		case ast.KindHTMLBlock:
			// Only the blocks with media are read again (the others
			// spare the tokenizer): a post of many small blocks grew a
			// slice of them all by doubling.
			if blockHasFigureTag(n, src) {
				blocks = append(blocks, n)
			}
		case ast.KindImage, ast.KindRawHTML, KindFigureSpan:
			// Only the tags that may be media count: the others stay as
			// they are, and their paragraphs hold no figure line for them.
			if r, ok := n.(*ast.RawHTML); ok && !mayBeMedia(r, src) {
				break
			}
			// A span plainImages (or rawHTML, of a plain <img>) read is
			// made already, its text its own (see FigureSpan): it is not
			// kept in spans (a line of images and tags doubled that
			// slice), as the <source> that completes the span before it
			// never completes one of these, which have a destination.
			// Its text is emptied, as its image's alt text node was
			// taken out of it here: out of the parse a span's Text reads
			// nothing (nor do the nodes around it read its alt text or
			// tag), as one this transformer made, and it keeps no
			// offset that retagging (package render) would not move.
			// Become gives it its line.
			if f, ok := n.(*FigureSpan); ok {
				f.Segment = text.Segment{}
			} else {
				spans = append(spans, n) // made[i] is spans[i]'s
			}
			// Only the paragraphs that hold one are looked at again:
			// most hold none, and looking costs allocations.
			if p := paragraphOf(n); p != nil && (len(paras) == 0 || paras[len(paras)-1] != p) {
				paras = append(paras, p)
			}
		}
		n = NextNode(n, n.Kind() != ast.KindImage && n.Kind() != KindFigureSpan)
	}
	// The spans made in one slice, one a node (a line of many images made
	// one allocation per span): an inline tag's media is read into its
	// own span's, which a map of them points to (a map of the media
	// themselves, 100 bytes an entry, was a twentieth of a line of
	// images and tags).
	made, medias := make([]FigureSpan, len(spans)), make([]Media, len(spans))
	media := inlineMedia(spans, src, func(i int) *Media { return &medias[i] })
	for _, p := range paras {
		splitFigures(p, src, media)
	}
	for _, b := range blocks {
		t := blockText(b, src)
		for i, m := range htmlMedia(t) {
			f := &Figure{Media: m, block: b}
			if i == 0 && b.Lines().Len() == 1 && onlyMediaTags(t) {
				// A line of <img> tags reads the same as a paragraph of
				// them: its place lets the list layout tag it (splitFigures).
				seg := b.Lines().At(0)
				f.Start, f.Stop = seg.Start, seg.Start+len(bytes.TrimRight(seg.Value(src), " \t\r\n"))
			}
			b.Parent().InsertBefore(b.Parent(), b, f)
		}
	}
	var last ast.Node
	i := -1 // n's span in made
	for _, n := range spans {
		i++
		if n.Parent() == nil {
			continue // moved into a Figure
		}
		var ms []Media
		if img, ok := n.(*ast.Image); ok {
			ms = []Media{imageMedia(img, src)}
		} else {
			if m, ok := media[n.(*ast.RawHTML)]; ok {
				ms = []Media{*m}
			}
		}
		for _, m := range ms {
			if m.Element == "source" {
				// The <source> of a player just before it.
				if prev, ok := last.(*FigureSpan); ok && prev.media != nil && prev.media.Src == "" && last.NextSibling() == n {
					prev.media.Src = m.Src
				}
				continue
			}
			span := &made[i] // one at most for a node
			medias[i] = m
			span.media = &medias[i]
			if n.Pos() >= 0 {
				// The place of the node it stands for, as a span
				// plainImages read keeps its image's.
				span.SetPos(n.Pos())
			}
			last = span
			n.Parent().InsertBefore(n.Parent(), n, last)
		}
		if len(ms) > 0 || n.Kind() == ast.KindImage {
			n.Parent().RemoveChild(n.Parent(), n)
		}
	}
}

// paragraphOf is the paragraph (or text block) inline node n is in.
func paragraphOf(n ast.Node) ast.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			return p
		}
		if p.Type() == ast.TypeBlock {
			return nil
		}
	}
	return nil
}

// splitFigures replaces the lines of paragraph p that hold nothing but
// images (a gallery, a linked image, `<img>` tags) with one Figure each,
// keeping the other lines as paragraphs in their place.
func splitFigures(p ast.Node, src []byte, media map[*ast.RawHTML]*Media) {
	type line struct {
		first         ast.Node // its first node
		count         int      // and how many
		media         []Media
		figure        bool
		start, stop   int // its source line, when known
		seg           *text.Segment
		before, after string // layout tags around its media
	}
	var lines []line
	cur := line{figure: true}
	found := false
	// The paragraph's source lines, while its lines are counted exactly
	// (a <br> splits a source line).
	srcLines, exact := p.Lines(), true
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if cur.count == 0 {
			cur.first = c
		}
		cur.count++
		// Once a node is not figure material, the rest of its line need
		// not be read: the line stays text.
		var ms []Media
		ok := false
		if cur.figure {
			ms, ok = figureMaterial(c, src, media)
		}
		if t, isText := c.(*ast.Text); isText && ok {
			if m := layoutMarks(t.Segment.Value(src)); m != "" {
				if len(cur.media) == 0 {
					cur.before += m + " "
				} else {
					cur.after += " " + m
				}
			}
		}
		if len(ms) > 0 {
			// Only the new media and the last one before them (which a
			// new <source> may complete) go through withSources: the ones
			// before it went through already, and going over the whole
			// line again for each node made a line of many images
			// quadratic.
			from := max(len(cur.media)-1, 0)
			cur.media = append(cur.media, ms...)
			cur.media = cur.media[:from+len(withSources(cur.media[from:]))]
		}
		cur.figure = cur.figure && ok
		brk := isBreak(c, src)
		if t, isText := c.(*ast.Text); c.NextSibling() == nil || isText && (t.SoftLineBreak() || t.HardLineBreak()) || brk {
			cur.figure = cur.figure && len(cur.media) > 0
			found = found || cur.figure
			if k := len(lines); exact && srcLines != nil && k < srcLines.Len() {
				seg := srcLines.At(k)
				cur.seg = &seg
				cur.start, cur.stop = seg.Start, seg.Stop
				for cur.stop > cur.start && strings.ContainsRune(" \t\r\n", rune(src[cur.stop-1])) {
					cur.stop--
				}
			}
			exact = exact && !brk
			lines = append(lines, cur)
			cur = line{figure: true}
		}
	}
	if !found {
		return
	}
	parent := p.Parent()
	var para ast.Node
	for _, l := range lines {
		if l.figure {
			para = nil
			for i, m := range l.media {
				f := &Figure{Media: m, Before: l.before}
				if i == 0 {
					f.Start, f.Stop = l.start, l.stop
				}
				if i == len(l.media)-1 {
					f.After = l.after
				}
				parent.InsertBefore(parent, p, f)
			}
			continue
		}
		if para == nil {
			para = ast.NewParagraph()
			parent.InsertBefore(parent, p, para)
		}
		if l.seg != nil {
			// Its source lines, for those who read them (the render's
			// list layout tags where an item's text starts and ends).
			para.Lines().Append(*l.seg)
		}
		for n, i := l.first, 0; i < l.count; i++ {
			next := n.NextSibling()
			para.AppendChild(para, n) // moves n out of p
			n = next
		}
	}
	parent.RemoveChild(parent, p)
}

// figureMaterial reports whether inline node n may stand in a figure
// line (an image, a link around images, an <img> or a tag that only
// lays out, white space), and the media it holds.
func figureMaterial(n ast.Node, src []byte, media map[*ast.RawHTML]*Media) ([]Media, bool) {
	switch n := n.(type) {
	case *ast.Image:
		return []Media{imageMedia(n, src)}, true
	case *FigureSpan:
		return []Media{n.Media()}, true // read by plainImages
	case *ast.Link:
		var ms []Media
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			m, ok := figureMaterial(c, src, media)
			if !ok {
				return nil, false
			}
			ms = append(ms, m...)
		}
		for i := range ms {
			ms[i].Link = string(n.Destination)
		}
		return ms, len(ms) > 0
	case *ast.Text:
		return nil, len(bytes.TrimFunc(n.Segment.Value(src), func(r rune) bool {
			return unicode.IsSpace(r) || IsLayoutMark(r)
		})) == 0
	case *ast.RawHTML:
		if m, ok := media[n]; ok {
			return []Media{*m}, true
		}
		if a, tag, sure := rawTagAtom(n, src); sure {
			return nil, tag && layoutAtom(a)
		}
		return nil, layoutTag(segmentsText(n.Segments, src))
	}
	return nil, false
}

// onlyMediaTags reports HTML made of media tags, tags that only lay
// them out (see layoutTag) and white space: what may stand on a figure
// line.
func onlyMediaTags(t string) bool {
	z := html.NewTokenizer(strings.NewReader(t))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return true
		case html.TextToken:
			if strings.TrimSpace(string(z.Text())) != "" {
				return false
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); a != atom.Img && !layoutTag(string(z.Raw())) {
				return false
			}
		default:
			return false
		}
	}
}

// layoutTag reports a lone tag that only lays its content out: it may
// stand around an image on a figure line.
func layoutTag(t string) bool {
	z := html.NewTokenizer(strings.NewReader(t))
	if tt := z.Next(); tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
		return false
	}
	name, _ := z.TagName()
	return layoutAtom(atom.Lookup(name))
}

// layoutAtom reports the tags of layoutTag.
func layoutAtom(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Br, atom.Center, atom.Div, atom.P, atom.Span, atom.Figure, atom.Picture:
		return true
	}
	return a != atom.Img && mediaAtom(a) // their end tags
}

func isBreak(n ast.Node, src []byte) bool {
	r, ok := n.(*ast.RawHTML)
	if !ok {
		return false
	}
	if a, tag, sure := rawTagAtom(r, src); sure {
		return tag && a == atom.Br
	}
	z := html.NewTokenizer(strings.NewReader(segmentsText(r.Segments, src)))
	z.Next()
	name, _ := z.TagName()
	return atom.Lookup(name) == atom.Br
}

// rawTagAtom reads the name of the one tag (or comment, declaration...)
// an inline raw HTML node holds, as the HTML tokenizer reads it, without
// one: a tokenizer costs a 4 KB buffer and a map, and a post of a
// hundred thousand small tags made several for each. tag is false for
// what is not a tag (comments, declarations, processing instructions,
// CDATA), whose name the tokenizer does not give either; sure is false
// when the node is not what goldmark's syntax of a tag allows (callers
// then ask the tokenizer).
func rawTagAtom(n *ast.RawHTML, src []byte) (a atom.Atom, tag, sure bool) {
	if n.Segments.Len() == 0 {
		return 0, false, false
	}
	seg := n.Segments.At(0)
	t := seg.Value(src)
	if len(t) < 2 || t[0] != '<' {
		return 0, false, false
	}
	i, j, _ := tagName(t)
	if i >= len(t) || !isASCIILetter(t[i]) {
		if t[1] == '!' || t[1] == '?' {
			return 0, false, true // a comment, declaration, instruction or CDATA
		}
		return 0, false, false
	}
	if j < len(t) && !strings.ContainsRune(" \t\n\r\f/>", rune(t[j])) {
		return 0, true, false
	}
	return nameAtom(t[i:j]), true, true
}

// mayBeMedia reports an inline tag that may stand for media (see
// rawMedia): a start tag of an image, player, <source> or embed, or a
// tag rawTagAtom cannot read.
func mayBeMedia(n *ast.RawHTML, src []byte) bool {
	a, tag, sure := rawTagAtom(n, src)
	if !sure {
		return true
	}
	if seg := n.Segments.At(0); !tag || seg.Value(src)[1] == '/' {
		return false // an end tag
	}
	return mediaAtom(a)
}

// inlineMedia reads the media of each inline tag of nodes (the others
// are images) that has one (what rawMedia returns for it, one at most for
// one tag) into at(i), i the tag's place in nodes, and returns where each
// is, by tag; it reads them all with one tokenizer (each is one tag that
// goldmark read: the tokenizer reads it as one token); should a token not
// be the tag it was given for, each tag is read on its own. It takes the
// nodes figures keeps, rather than a slice of their tags: the tags of a
// line of images and tags grew two more slices by doubling.
func inlineMedia(nodes []ast.Node, src []byte, at func(i int) *Media) map[*ast.RawHTML]*Media {
	// The buffer sized first: grown by doubling it was twice the tags of
	// a line of images and tags.
	var all bytes.Buffer
	size, tags := 0, 0
	for _, n := range nodes {
		if t, ok := n.(*ast.RawHTML); ok {
			size += segmentsLen(t.Segments)
			tags++
		}
	}
	if tags == 0 {
		return nil
	}
	all.Grow(size)
	for _, n := range nodes {
		if t, ok := n.(*ast.RawHTML); ok {
			for i := range t.Segments.Len() {
				seg := t.Segments.At(i)
				all.Write(seg.Value(src))
			}
		}
	}
	out := make(map[*ast.RawHTML]*Media, tags)
	z := html.NewTokenizer(&all)
	for i, n := range nodes {
		t, ok := n.(*ast.RawHTML)
		if !ok {
			continue
		}
		tt := z.Next()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken || len(z.Raw()) != segmentsLen(t.Segments) {
			return eachMedia(nodes, src, at)
		}
		z.NextIsNotRawText() // an <iframe>'s content is the next tag
		name, hasAttr := z.TagName()
		if m, ok := tagMedia(z, atom.Lookup(name), name, hasAttr); ok {
			if m.Element == "source" {
				if m.Src == "" {
					continue
				}
				m = Media{Element: "source", Src: m.Src}
			}
			*at(i) = m
			out[t] = at(i)
		}
	}
	if z.Next() != html.ErrorToken {
		return eachMedia(nodes, src, at)
	}
	return out
}

func segmentsLen(segs *text.Segments) int {
	n := 0
	for i := range segs.Len() {
		seg := segs.At(i)
		n += seg.Len()
	}
	return n
}

// eachMedia is inlineMedia reading each tag with a tokenizer of its own
// (what the tokenizer of all read into at is read again).
func eachMedia(nodes []ast.Node, src []byte, at func(i int) *Media) map[*ast.RawHTML]*Media {
	out := make(map[*ast.RawHTML]*Media)
	for i, n := range nodes {
		t, ok := n.(*ast.RawHTML)
		if !ok {
			continue
		}
		if ms := rawMedia(segmentsText(t.Segments, src)); len(ms) > 0 {
			*at(i) = ms[0]
			out[t] = at(i)
		}
	}
	return out
}

func imageMedia(img *ast.Image, src []byte) Media {
	var alt strings.Builder
	for c := img.FirstChild(); c != nil; c = c.NextSibling() {
		alt.Write(c.Text(src)) //nolint:staticcheck // the plain text of the alt is what is wanted
	}
	return Media{Element: "image", Src: string(img.Destination), Alt: alt.String(), Title: string(img.Title)}
}

func segmentsText(segs *text.Segments, src []byte) string {
	var b strings.Builder
	for i := range segs.Len() {
		seg := segs.At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

// blockHasFigureTag is HasFigureTag(blockText(b, src)), line by line
// without joining them: a tag's name ends before the newline that ends
// each line but the block's last. A post of 512 small HTML blocks with no
// figure joined each block's lines to find none.
func blockHasFigureTag(b ast.Node, src []byte) bool {
	lines := b.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		if hasFigureTag(seg.Value(src)) {
			return true
		}
	}
	if h, ok := b.(*ast.HTMLBlock); ok && h.HasClosure() {
		return hasFigureTag(h.ClosureLine.Value(src))
	}
	return false
}

func blockText(b ast.Node, src []byte) string {
	var s strings.Builder
	lines := b.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		s.Write(seg.Value(src))
	}
	if h, ok := b.(*ast.HTMLBlock); ok && h.HasClosure() {
		s.Write(h.ClosureLine.Value(src))
	}
	return s.String()
}

// rawMedia is htmlMedia for one inline tag: a <source> is kept, for the
// player before it.
func rawMedia(t string) []Media {
	if strings.HasPrefix(strings.ToLower(t), "<source") {
		ms := htmlMedia("<video>" + t)
		if len(ms) == 1 && ms[0].Src != "" {
			return []Media{{Element: "source", Src: ms[0].Src}}
		}
		return nil
	}
	return htmlMedia(t)
}

// embedKind names what an iframe or embed shows: "video" for the video
// players blogs embed, else "embed".
func embedKind(src string) string {
	l := strings.ToLower(src)
	for _, p := range []string{"youtube.com/", "youtube-nocookie.com/", "youtu.be/", "player.bilibili.com/", "player.vimeo.com/", "v.qq.com/", "player.youku.com/", "ixigua.com/"} {
		if strings.Contains(l, p) {
			return "video"
		}
	}
	return "embed"
}

// maxMedia bounds the media taken from one piece of HTML: the rest stays
// what it was (HTML, dropped or drawn by its own rules).
const maxMedia = 256

// htmlMedia finds the images and embeds in a piece of HTML, in order,
// with their attributes in any order, and the caption of a <figure>.
// It uses the HTML5 tokenizer, which reads malformed HTML as a browser
// does and never recurses.
func htmlMedia(s string) []Media {
	if !strings.Contains(s, "<") {
		return nil
	}
	var out []Media
	z := html.NewTokenizer(strings.NewReader(s))
	// The caption is built, not concatenated: a caption of many text
	// pieces was copied whole at each (quadratic in a hostile post).
	var caption strings.Builder
	inCaption, figureStart := false, -1
	for len(out) < maxMedia {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if inCaption {
				caption.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if inCaption && a != atom.Figcaption && (a == atom.Br || blockTag(a)) {
				// A break parts words: "Photo<br>by me".
				caption.WriteByte(' ')
			}
			if tt == html.EndTagToken {
				switch a {
				case atom.Figcaption:
					inCaption = false
				case atom.Figure:
					if figureStart >= 0 && figureStart < len(out) {
						out[figureStart].Caption = caption.String()
					}
					figureStart = -1
					caption.Reset()
				}
				continue
			}
			switch a {
			case atom.Figure:
				figureStart = len(out)
				caption.Reset()
			case atom.Figcaption:
				inCaption = true
			default:
				if m, ok := tagMedia(z, a, name, hasAttr); ok {
					out = append(out, m)
				}
			}
		}
	}
	if figureStart >= 0 && figureStart < len(out) && caption.Len() > 0 {
		out[figureStart].Caption = caption.String()
	}
	out = withSources(out)
	if len(out) >= maxMedia {
		// Nothing is lost without a trace: the media past the bound are
		// counted (without keeping them) and said in one line.
		if n := countMedia(z); n > 0 {
			out = append(out, Media{Element: "image", Alt: fmt.Sprintf("… %d more images and embeds in this HTML", n)})
		}
	}
	return out
}

// tagMedia is the media of start tag a (named name) that z has just
// read, whose attributes are still to read: an image, a player, an embed,
// or a "source" entry whose Src is the src of a <video> or <audio>
// without its own (see withSources).
func tagMedia(z *html.Tokenizer, a atom.Atom, name []byte, hasAttr bool) (Media, bool) {
	if !mediaAtom(a) {
		return Media{}, false
	}
	// The first of each attribute counts, as in a browser.
	var src, dataSrc, alt, title string
	var seen [4]bool
	first := func(i int, to *string, v []byte) {
		if !seen[i] {
			seen[i], *to = true, string(v)
		}
	}
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "src":
			first(0, &src, v)
		case "data-src":
			first(1, &dataSrc, v)
		case "alt":
			first(2, &alt, v)
		case "title":
			first(3, &title, v)
		}
	}
	switch a {
	case atom.Img:
		if src == "" {
			src = dataSrc // lazy loading scripts
		}
		return Media{Element: "image", Src: src, Alt: alt, Title: title}, true
	case atom.Video, atom.Audio:
		return Media{Element: string(name), Src: src, Title: title}, true
	case atom.Source:
		// A <video> or <audio> without src of its own plays its first
		// <source>.
		return Media{Element: "source", Src: src}, true
	default: // iframe, embed
		return Media{Element: embedKind(src), Src: src, Title: title}, true
	}
}

// countMedia counts the images and embeds left in z.
func countMedia(z *html.Tokenizer) int {
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Img, atom.Video, atom.Audio, atom.Iframe, atom.Embed:
				n++
			}
		}
	}
}

// withSources gives a <video> or <audio> without src of its own the src
// of its first <source> (which may come in a later piece of HTML: pass
// the media found so far with the new ones), and drops the <source>
// entries.
func withSources(ms []Media) []Media {
	out := ms[:0]
	for _, m := range ms {
		if m.Element != "source" {
			out = append(out, m)
			continue
		}
		if n := len(out); n > 0 && out[n-1].Src == "" && out[n-1].Element != "image" {
			out[n-1].Src = m.Src
		}
	}
	return out
}

// NextNode is the node after n in document order: its first child if
// descend and it has one, else the next sibling of n or of its nearest
// ancestor that has one; nil at the end. An iterative walk with it may
// skip a node's children or replace the node as it goes, which ast.Walk
// cannot.
func NextNode(n ast.Node, descend bool) ast.Node {
	if descend {
		if c := n.FirstChild(); c != nil {
			return c
		}
	}
	for n != nil && n.NextSibling() == nil {
		n = n.Parent()
	}
	if n != nil {
		return n.NextSibling()
	}
	return nil
}
