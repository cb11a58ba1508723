package markdown

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Raw HTML in a post is drawn as what it means in a browser, not dropped
// (glamour's sanitiser drops every tag, and what is inside script and
// style shows up as text): <sup>/<sub> as Unicode super- and subscripts
// (or ^(…) and _(…)), <br> as a line break, <details><summary> as a
// labelled block, <abbr title> as "text (title)", <kbd> and <code> in the
// code style, <mark>, <b>, <strong> in bold, <cite>, <i>, <em> in italics,
// <s>, <del> struck out; script, style and comments are dropped, other
// tags leave their text. Tags are read with golang.org/x/net/html.
//
// Media tags (<img>, <iframe>, <video>, <audio>, <embed> and what holds
// them: isMedia) are left as they are: figures are drawn by their own
// transformer.

// tagOf reads the one tag (or comment) a raw HTML node holds. goldmark
// has checked its syntax, so the name is read directly (tagName); the
// tokenizer (whose setup costs more than the rest of a tag's drawing)
// reads only the attributes of the tags whose attributes are drawn.
func tagOf(raw []byte) html.Token {
	if len(raw) < 3 || raw[0] != '<' {
		return html.Token{Type: html.CommentToken}
	}
	typ := html.StartTagToken
	if raw[1] == '/' {
		typ = html.EndTagToken
	}
	i, j, _ := tagName(raw)
	if j == i {
		return html.Token{Type: html.CommentToken} // comments, declarations
	}
	a := nameAtom(raw[i:j])
	if typ == html.StartTagToken && (a == atom.Abbr || a == atom.Acronym) {
		z := html.NewTokenizer(bytes.NewReader(raw))
		z.Next()
		return z.Token()
	}
	if typ == html.StartTagToken && bytes.HasSuffix(raw, []byte("/>")) {
		typ = html.SelfClosingTagToken
	}
	return html.Token{Type: typ, DataAtom: a}
}

// inlineTag is tagOf for an inline node, without copying its text
// (rawTagAtom reads its name) but for the tags whose attributes count.
func (l *lowerer) inlineTag(raw *ast.RawHTML) html.Token {
	a, tag, sure := rawTagAtom(raw, l.src)
	last := raw.Segments.At(raw.Segments.Len() - 1)
	if !sure || a == atom.Abbr || a == atom.Acronym || last.Len() < 2 {
		return tagOf(rawText(raw, l.src))
	}
	first := raw.Segments.At(0)
	switch {
	case !tag:
		return html.Token{Type: html.CommentToken}
	case first.Value(l.src)[1] == '/':
		return html.Token{Type: html.EndTagToken, DataAtom: a}
	case bytes.HasSuffix(last.Value(l.src), []byte("/>")):
		return html.Token{Type: html.SelfClosingTagToken, DataAtom: a}
	}
	return html.Token{Type: html.StartTagToken, DataAtom: a}
}

func rawText(n *ast.RawHTML, src []byte) []byte {
	var b []byte
	for i := 0; i < n.Segments.Len(); i++ {
		s := n.Segments.At(i)
		b = append(b, s.Value(src)...)
	}
	return b
}

// htmlOpen is an open tag. Small: a post may hold a hundred thousand
// tags, all open at once.
type htmlOpen struct {
	open *ast.RawHTML
	a    atom.Atom
	// depth is the pairs around it, plus one (at most MaxInlineDepth+1);
	// or, negative, -i for a tag of a run of tags too deep to be drawn
	// in a container that shares the run's node, shared[i-1] in
	// inlineHTML (see run).
	depth int32
}

// run is the index, plus one, of the shared run o's tag is in (0: o has
// its own node). What such a tag's pair draws goes right after the run
// (pairs are drawn innermost first, so the outer tags' marks come first,
// as after a node each), and the run is removed once all its tags are
// paired and drawn or dropped, before any pair around it is drawn (which
// reads what is between its tags). "<b><i>" repeated, then as many
// "</b></i>", split its run into a node a tag: the run was a third of
// its memory.
func (o htmlOpen) run() int {
	if o.depth < 0 {
		return int(-o.depth)
	}
	return 0
}

// sharedRun is a run node whose tags share it, and how many of them are
// not yet drawn or dropped.
type sharedRun struct {
	run  *ast.RawHTML
	left int
}

// htmlPair is a tag and its closing tag.
type htmlPair struct {
	htmlOpen
	close *ast.RawHTML
}

// inlineHTML draws the raw inline HTML among parent's children: each
// tag is paired with its closing tag among the same children (a linear
// pass with a stack, as a browser would nest them), and the pairs are
// drawn innermost first.
func (l *lowerer) inlineHTML(parent ast.Node) {
	base := inlineDepth(parent)
	var stack []htmlOpen
	var pairs []htmlPair
	open := map[atom.Atom]int{}                 // tags open on the stack, by name
	var attrs map[*ast.RawHTML][]html.Attribute // of <abbr> tags
	// Tags left unpaired are removed at once: the nodes after c are
	// not touched, and the stack holds only what is still open.
	drop := func(n ast.Node) { parent.RemoveChild(parent, n) }
	// The stack and the pairs are made to hold every tag on their first
	// use: grown a quarter at a time, "<b><i>" repeated copied them some
	// twenty times (a tenth of that post's memory).
	// ends: the end tags of nodes of their own, at most one pair each;
	// the stack holds start tags only, tags-ends at most.
	tags, ends := 0, 0
	// The runs whose tags share their node (see htmlOpen.run).
	var shared []sharedRun
	// done resolves a tag: its node is removed, or, for a shared run's,
	// once all of the run's are.
	done := func(o htmlOpen) {
		if o.run() == 0 {
			drop(o.open)
			return
		}
		r := &shared[o.run()-1]
		if r.left--; r.left == 0 {
			drop(r.run)
		}
	}
	// The names of the end tags among the children (any: one that is not
	// sure): a run (see runnable) holding one of them is split.
	var closers map[atom.Atom]bool
	closeAny := false
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		if raw, ok := c.(*ast.RawHTML); ok {
			tags++
			if t := runText(raw, l.src); t != nil {
				tags += bytes.Count(t, []byte("<")) - 1
				if t[1] == '/' { // end tags (see endRunnable)
					for len(t) > 0 {
						k, _ := scanTag(t)
						if closers == nil {
							closers = map[atom.Atom]bool{}
						}
						closers[runAtom(t[:k])] = true
						ends++
						t = t[k:]
					}
				}
			} else if seg := raw.Segments.At(0); seg.Len() > 1 && seg.Value(l.src)[1] == '/' {
				ends++
				if a, tag, sure := rawTagAtom(raw, l.src); sure && tag {
					if closers == nil {
						closers = map[atom.Atom]bool{}
					}
					closers[a] = true
				} else {
					closeAny = true
				}
			}
		}
	}
	// closeTag closes the open tag a that is highest on the stack (open
	// holds one), and those above it unpaired, at close.
	closeTag := func(a atom.Atom, close *ast.RawHTML) {
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			open[top.a]--
			if top.a == a {
				if pairs == nil {
					pairs = make([]htmlPair, 0, min(ends, tags/2))
				}
				pairs = append(pairs, htmlPair{htmlOpen: top, close: close})
				return
			}
			done(top)
		}
	}
	// closeLeft: the runs of end tags (see endRunnable) still to be
	// drawn, and how many of their tags' pairs are.
	var closeLeft map[*ast.RawHTML]int
	var next ast.Node
	for c := parent.FirstChild(); c != nil; c = next {
		next = c.NextSibling() // before c is replaced
		raw, ok := c.(*ast.RawHTML)
		if !ok {
			continue
		}
		if t := runText(raw, l.src); t != nil && t[1] == '/' {
			// A run of end tags: each is read as it would be on its
			// own, the run removed once all are dropped or drawn.
			left := 0
			for len(t) > 0 {
				k, _ := scanTag(t)
				if a := runAtom(t[:k]); open[a] > 0 {
					closeTag(a, raw)
					left++
				}
				t = t[k:]
			}
			if left == 0 {
				drop(raw)
			} else {
				if closeLeft == nil {
					closeLeft = map[*ast.RawHTML]int{}
				}
				closeLeft[raw] = left
			}
			continue
		} else if t != nil {
			if closeAny || runCloses(t, closers) {
				// Its tags may be paired. Those that may be drawn in a
				// container (wrap: pushed at most MaxInlineDepth deep)
				// get a node each, read below; the others share the
				// run's node.
				room := MaxInlineDepth - base - len(stack)
				if room > 0 {
					next = l.splitRun(parent, raw, t, room)
					continue
				}
				if stack == nil {
					stack = make([]htmlOpen, 0, tags-ends)
				}
				shared = append(shared, sharedRun{run: raw})
				for len(t) > 0 {
					k, _ := scanTag(t)
					a := runAtom(t[:k])
					stack = append(stack, htmlOpen{open: raw, a: a, depth: -int32(len(shared))})
					open[a]++
					shared[len(shared)-1].left++
					t = t[k:]
				}
				continue
			}
			// Start tags that nothing closes: open until the end,
			// then dropped, as each would be on its own; at once where
			// there is no end tag at all (see below).
			if ends == 0 {
				drop(raw)
				continue
			}
			if stack == nil {
				stack = make([]htmlOpen, 0, tags-ends)
			}
			for len(t) > 0 {
				k, _ := scanTag(t)
				a := runAtom(t[:k])
				stack = append(stack, htmlOpen{open: raw, a: a, depth: int32(min(len(stack)+1, MaxInlineDepth+1))})
				open[a]++
				t = t[k:]
			}
			continue
		}
		tok := l.inlineTag(raw)
		if isMedia(tok.DataAtom) {
			continue
		}
		switch tok.Type {
		case html.StartTagToken:
			if tok.DataAtom == atom.Br || tok.DataAtom == atom.Wbr || tok.DataAtom == atom.Hr {
				l.breakAt(raw, tok.DataAtom)
				continue
			}
			if ends == 0 {
				// unpaired: among children with no end tag, a start
				// tag pairs with none, and is dropped with no stack
				// ("<mark>a <sup>" repeated kept one for every tag: a
				// twentieth of its memory).
				drop(raw)
				continue
			}
			if stack == nil {
				stack = make([]htmlOpen, 0, tags-ends)
			}
			stack = append(stack, htmlOpen{open: raw, a: tok.DataAtom, depth: int32(min(len(stack)+1, MaxInlineDepth+1))})
			open[tok.DataAtom]++
			if len(tok.Attr) > 0 {
				if attrs == nil {
					attrs = map[*ast.RawHTML][]html.Attribute{}
				}
				attrs[raw] = tok.Attr
			}
		case html.SelfClosingTagToken:
			l.breakAt(raw, tok.DataAtom)
		case html.EndTagToken:
			if open[tok.DataAtom] == 0 {
				drop(raw)
				continue
			}
			closeTag(tok.DataAtom, raw)
		default: // comments, doctypes, text that only looked like a tag
			drop(raw)
		}
	}
	for _, p := range stack {
		done(p)
	}
	for _, p := range pairs {
		l.drawPair(parent, p, p.depth > 0 && base+int(p.depth) <= MaxInlineDepth, attrs[p.open])
		if n, shared := closeLeft[p.close]; shared && n > 1 {
			closeLeft[p.close] = n - 1
		} else {
			drop(p.close) // its own, or its run's last to be drawn
		}
		if p.run() != 0 {
			done(p.htmlOpen)
		}
	}
}

// splitRun splits the first count tags of a run node (see runnable)
// off into one node each, the run keeping the first, and the rest, if
// any, into one run node after them (what a split costs is what the tags
// cost one to a node), and returns the run.
func (l *lowerer) splitRun(parent ast.Node, run *ast.RawHTML, t []byte, count int) ast.Node {
	start := run.Segments.At(0).Start
	k, _ := scanTag(t)
	run.Segments.Set(0, text.NewSegment(start, start+k))
	at := ast.Node(run)
	for off, i := k, 1; off < len(t); i++ {
		m := len(t) - off // the rest, as one run
		if i < count {
			m, _ = scanTag(t[off:])
		}
		n := ast.NewRawHTML()
		n.Segments.Append(text.NewSegment(start+off, start+off+m))
		parent.InsertAfter(parent, at, n)
		at = n
		off += m
	}
	return run
}

// runAtom is the name of one of a run's tags.
func runAtom(tag []byte) atom.Atom {
	i, j, _ := tagName(tag)
	return nameAtom(tag[i:j])
}

// runCloses reports a run t holding a tag named in closers.
func runCloses(t []byte, closers map[atom.Atom]bool) bool {
	for len(closers) > 0 && len(t) > 0 {
		k, _ := scanTag(t)
		if closers[runAtom(t[:k])] {
			return true
		}
		t = t[k:]
	}
	return false
}

// breakAt replaces a void tag: <br> by a line break, anything else by
// nothing.
func (l *lowerer) breakAt(n ast.Node, a atom.Atom) {
	p := n.Parent()
	if a == atom.Br {
		p.ReplaceChild(p, n, l.lineBreak())
		return
	}
	p.RemoveChild(p, n)
}

// between returns the nodes between a pair's tags.
func between(p htmlPair) []ast.Node {
	var out []ast.Node
	for c := p.open.NextSibling(); c != nil && c != ast.Node(p.close); c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}

// drawPair draws a pair of tags and what is between them; wrap says
// whether it may put them in a new inline container, attr are the open
// tag's attributes (read for <abbr> only).
//
// What is between the tags is read only where it is drawn anew (wrapped,
// converted, dropped) and the pair is at most MaxInlineDepth deep: a
// pair drawn so takes it out of the reach of the pairs around it, or
// only MaxInlineDepth pairs read it; read for every pair, ten thousand
// nested <i> or <sup> around ten thousand nodes were read a hundred
// million times. A <sup> or <sub> deeper than that is marked "^(…)" or
// "_(…)", not converted.
func (l *lowerer) drawPair(parent ast.Node, p htmlPair, wrap bool, attr []html.Attribute) {
	var box ast.Node
	var before, after string
	switch p.a {
	case atom.Script, atom.Style, atom.Template, atom.Noscript:
		for _, n := range between(p) {
			parent.RemoveChild(parent, n) // gone: no pair reads it again
		}
	case atom.Sup, atom.Sub:
		up := p.a == atom.Sup
		conv, pre, post := Superscript, "^(", ")"
		if !up {
			conv, pre = Subscript, "_("
		}
		if wrap {
			inner := between(p)
			if s, ok := plainText(inner, l.src); ok {
				if r, ok := conv(s); ok {
					for _, n := range inner {
						parent.RemoveChild(parent, n)
					}
					parent.InsertBefore(parent, p.open, l.text(r))
					pre, post = "", ""
				}
			}
		}
		before, after = pre, post
	case atom.Kbd, atom.Code, atom.Samp, atom.Tt, atom.Var:
		if !wrap {
			break
		}
		inner := between(p)
		if s, ok := plainText(inner, l.src); ok {
			cs := ast.NewCodeSpan()
			cs.AppendChild(cs, l.text(s))
			for _, n := range inner {
				parent.RemoveChild(parent, n)
			}
			parent.InsertBefore(parent, p.open, cs)
		}
	// A box is made only where it is drawn (wrap): "<b><i>" repeated
	// made one for every pair, a fifth of that post's memory.
	case atom.Mark, atom.B, atom.Strong:
		if wrap {
			box = ast.NewEmphasis(2)
		}
	case atom.Cite, atom.I, atom.Em, atom.Dfn:
		if wrap {
			box = ast.NewEmphasis(1)
		}
	case atom.S, atom.Del, atom.Strike:
		if wrap {
			box = east.NewStrikethrough()
		}
	case atom.Q:
		before, after = "“", "”"
	case atom.Abbr, atom.Acronym:
		for _, a := range attr {
			if a.Key == "title" && strings.TrimSpace(a.Val) != "" {
				after = html.EscapeString(" (" + strings.Join(htmlFields(a.Val), " ") + ")")
			}
		}
	}
	if box != nil {
		if inner := between(p); len(inner) > 0 {
			for _, n := range inner {
				if run, ok := n.(*TextRun); ok {
					// Out of the paragraph: the texts it stands for
					// (see TextRun).
					for _, t := range l.expandRun(parent, run) {
						box.AppendChild(box, t)
					}
					continue
				}
				box.AppendChild(box, n) // moves n out of parent
			}
			parent.InsertBefore(parent, p.open, box)
		}
	}
	if before != "" {
		l.addMark(parent, p.open, before, true)
	}
	if after != "" {
		l.addMark(parent, p.close, after, false)
	}
	if p.run() == 0 {
		parent.RemoveChild(parent, p.open)
	}
	// p.close is removed by the caller (it may close other pairs).
}

// plainText returns the text of nodes that are only text.
func plainText(nodes []ast.Node, src []byte) (string, bool) {
	var b strings.Builder
	for _, n := range nodes {
		if run, ok := n.(*TextRun); ok {
			// The texts it stands for: as many as were read before
			// runs were made.
			for range run.Count {
				b.Write(run.Segment.Value(src))
			}
			continue
		}
		t, ok := n.(*ast.Text)
		if !ok {
			return "", false
		}
		b.Write(t.Segment.Value(src))
		if t.SoftLineBreak() {
			b.WriteByte(' ')
		}
	}
	return b.String(), b.Len() > 0
}

// inlineDepth counts the inline containers n is in, n included.
func inlineDepth(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		if isInlineContainer(n) || n.Kind() == ast.KindCodeSpan {
			d++
		}
	}
	return d
}

// htmlBlock draws a block of raw HTML as a paragraph of its text, its
// lines where the HTML's blocks end, styled as the inline tags are;
// <summary> is a label ("▶ summary"). A block with no text is dropped;
// a block of one run of text is a Label with LowerOptions.Labels.
func (l *lowerer) htmlBlock(n *ast.HTMLBlock) {
	// The block's text is read into the lowerer's buffer, the one of
	// every block: hb.read keeps nothing of it.
	raw := l.htmlRaw[:0]
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		raw = append(raw, s.Value(l.src)...)
	}
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(l.src)...)
	}
	l.htmlRaw = raw
	hb := htmlBlockText{l: l, line: l.htmlLine[:0]}
	// The figures transformer drew its media, with the caption of a
	// <figure> on their figure line: the text left is drawn without the
	// caption, which glamour's drawing of the block showed a second time.
	// Its figures stand just before it (the HTML is not read again).
	first := ast.Node(n)
	for p, ok := first.PreviousSibling().(*Figure); ok && p.block == n; p, ok = first.PreviousSibling().(*Figure) {
		first = p
	}
	for f := first; f != ast.Node(n); f = f.NextSibling() {
		if c := strings.Join(htmlFields(f.(*Figure).Caption), " "); c != "" {
			hb.captions = append(hb.captions, c)
		}
	}
	hb.read(raw)
	l.htmlLine = hb.line[:0] // the buffer, grown, for the next block
	parent := n.Parent()
	switch {
	case !hb.visible:
		parent.RemoveChild(parent, n)
	case hb.pending:
		// One run of text, alone: the Label that stands for its
		// paragraph (see htmlBlockText.pending).
		if lb := l.labels.get(); lb.set(hb.run, uint8(hb.runStyle)) {
			parent.ReplaceChild(parent, n, lb)
			return
		}
		hb.settle()
		parent.ReplaceChild(parent, n, hb.p)
	default:
		parent.ReplaceChild(parent, n, hb.p)
	}
}

type htmlBlockText struct {
	l *lowerer
	// p is the paragraph the block is drawn as, made when its first node
	// is (see para).
	p *ast.Paragraph
	// pending says the block's first run of text, the text at run in the
	// lowered source in style runStyle (0 plain, 1 italic, 2 bold), is
	// not made a node yet: with LowerOptions.Labels, a block that draws
	// it alone (a "<details><summary>a</summary>" block) is one Label
	// rather than a paragraph of an emphasis of a text, 170 bytes
	// rather than 470, the most of what 16 KB of such blocks cost. It
	// is made the nodes it stands for (settle) as soon as anything else
	// is added, or the paragraph's children are looked at.
	pending  bool
	run      text.Segment
	runStyle int
	// line is the text of the current run, in the lowerer's buffer
	// (htmlLine), the one of every block: a builder's was made again
	// for each run, an allocation or two a block of a post of small
	// HTML blocks.
	line    []byte
	style   int             // 0 plain, 1 italic, 2 bold, 3 code
	skip    int             // inside script, style...
	script  int             // inside sup (1) or sub (2)
	capture strings.Builder // the text of a sup or sub
	visible bool
	titles  []string // of open abbr tags
	// captions are the figure captions drawn on figure lines: a
	// <figcaption> holding one of them is not drawn again.
	captions  []string
	inCaption bool
	caption   strings.Builder // the text of the open figcaption
	before    ast.Node        // the paragraph's last node before it
	seen      bool            // visible, before it
	// brk says a line break is due after the paragraph's last node (see
	// newline): added when something comes after it. A block's last
	// line break was made, then removed (one for every "<details>
	// <summary>a</summary>" block).
	brk bool
}

func (h *htmlBlockText) flush() {
	s := h.line
	h.line = h.line[:0] // s is read below, before anything is written again
	blank := len(bytes.TrimSpace(s)) == 0
	if blank && string(s) != " " {
		return
	}
	if string(s) == " " && (h.empty() || h.brk || h.lastBreak()) {
		return
	}
	h.visible = h.visible || !blank
	if h.brk {
		h.settle()
		p := h.para()
		p.AppendChild(p, h.l.lineBreak())
		h.brk = false
	}
	if h.l.o.Labels && h.style != 3 && h.empty() {
		// The block's first node: kept as a run (see pending), with
		// the text decoded adds to the source.
		h.pending, h.run, h.runStyle = true, h.l.escaped(s), h.style
		return
	}
	h.settle()
	t := h.l.texts.get() // what decoded makes of s
	t.Segment = h.l.escaped(s)
	p := h.para()
	p.AppendChild(p, h.runNode(t, h.style))
}

// runNode returns text t in style (see htmlBlockText.style): t alone,
// or in an emphasis or a code span.
func (h *htmlBlockText) runNode(t *ast.Text, style int) ast.Node {
	switch style {
	case 1, 2:
		e := ast.NewEmphasis(style)
		e.AppendChild(e, t)
		return e
	case 3:
		cs := ast.NewCodeSpan()
		cs.AppendChild(cs, t)
		return cs
	}
	return t
}

// para returns the paragraph the block is drawn as, made on first use.
func (h *htmlBlockText) para() *ast.Paragraph {
	if h.p == nil {
		h.p = ast.NewParagraph()
	}
	return h.p
}

// settle makes the pending run (if any) the nodes it stands for, the
// paragraph's first: what flush made of it before runs were kept.
func (h *htmlBlockText) settle() {
	if !h.pending {
		return
	}
	h.pending = false
	t := h.l.texts.get() // as lowerer.text makes it, its text in the source already
	t.Segment = h.run
	p := h.para()
	p.AppendChild(p, h.runNode(t, h.runStyle))
}

// empty reports whether the paragraph has no node yet, a pending run
// counted as one.
func (h *htmlBlockText) empty() bool {
	return !h.pending && (h.p == nil || h.p.LastChild() == nil)
}

// lastBreak reports whether the paragraph's last node is a hard line
// break (a pending run is none, and is last: see settle).
func (h *htmlBlockText) lastBreak() bool {
	return !h.pending && h.p != nil && isHardBreak(h.p.LastChild())
}

func isHardBreak(n ast.Node) bool {
	t, ok := n.(*ast.Text)
	return ok && t.HardLineBreak()
}

func (h *htmlBlockText) newline() {
	if h.inCaption {
		h.caption.WriteByte(' ') // as htmlMedia reads the caption
	}
	h.flush()
	if !h.empty() && !h.lastBreak() {
		h.brk = true
	}
}

func (h *htmlBlockText) setStyle(s int) {
	if s != h.style {
		h.flush()
		h.style = s
	}
}

func (h *htmlBlockText) write(s string) {
	if h.skip > 0 {
		return
	}
	if h.inCaption {
		h.caption.WriteString(s)
	}
	out := collapseHTMLSpace(s)
	if h.script > 0 {
		h.capture.WriteString(out)
		return
	}
	h.line = append(h.line, out...)
}

func (h *htmlBlockText) read(raw []byte) {
	token := func(tt html.TokenType, tok html.Token) {
		switch tt {
		case html.TextToken:
			h.write(tok.Data)
		case html.StartTagToken, html.SelfClosingTagToken:
			h.start(tok, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			h.end(tok)
		}
	}
	if !bareTokens(raw, token) {
		z := html.NewTokenizer(bytes.NewReader(raw))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			token(tt, z.Token())
		}
	}
	h.flush()
	for h.lastBreak() {
		h.p.RemoveChild(h.p, h.p.LastChild())
	}
}

func (h *htmlBlockText) start(tok html.Token, void bool) {
	switch tok.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title:
		if !void {
			h.skip++
		}
	case atom.Br, atom.Hr:
		h.newline()
	case atom.Summary:
		h.newline()
		if h.l.o.Colour {
			h.setStyle(2) // plain text has no bold, and no markers for it
		}
		h.line = append(h.line, "▶ "...)
	case atom.B, atom.Strong, atom.Mark, atom.Th:
		h.setStyle(2)
	case atom.I, atom.Em, atom.Cite, atom.Dfn:
		h.setStyle(1)
	case atom.Kbd, atom.Code, atom.Samp, atom.Tt:
		h.setStyle(3)
	case atom.Sup, atom.Sub:
		h.script = 1
		if tok.DataAtom == atom.Sub {
			h.script = 2
		}
		h.capture.Reset()
	case atom.Abbr:
		title := ""
		for _, a := range tok.Attr {
			if a.Key == "title" {
				title = strings.Join(strings.Fields(a.Val), " ")
			}
		}
		h.titles = append(h.titles, title)
	case atom.Li:
		h.newline()
		h.line = append(h.line, "• "...)
	case atom.Figcaption:
		h.newline()
		if len(h.captions) > 0 && !h.inCaption {
			h.inCaption = true
			h.caption.Reset()
			h.settle() // h.before is a node
			h.before, h.seen = h.para().LastChild(), h.visible
		}
	default:
		if blockTag(tok.DataAtom) {
			h.newline()
		}
	}
}

func (h *htmlBlockText) end(tok html.Token) {
	switch tok.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title:
		if h.skip > 0 {
			h.skip--
		}
	case atom.Summary:
		h.setStyle(0)
		h.newline()
	case atom.B, atom.Strong, atom.Mark, atom.Th, atom.I, atom.Em, atom.Cite, atom.Dfn, atom.Kbd, atom.Code, atom.Samp, atom.Tt:
		h.setStyle(0)
	case atom.Sup, atom.Sub:
		s := strings.TrimSpace(h.capture.String())
		conv, mark := Superscript, "^"
		if h.script == 2 {
			conv, mark = Subscript, "_"
		}
		h.script = 0
		if r, ok := conv(s); ok {
			h.line = append(h.line, r...)
		} else if s != "" {
			h.line = append(append(append(append(h.line, mark...), '('), s...), ')')
		}
	case atom.Abbr:
		if n := len(h.titles); n > 0 {
			if t := h.titles[n-1]; t != "" {
				h.line = append(append(append(h.line, " ("...), t...), ')')
			}
			h.titles = h.titles[:n-1]
		}
	case atom.Figcaption:
		if h.inCaption {
			h.inCaption = false
			c := strings.Join(htmlFields(h.caption.String()), " ")
			if i := slices.Index(h.captions, c); i >= 0 {
				// On the figure line already: the caption's text goes.
				h.captions = slices.Delete(h.captions, i, i+1)
				h.line = h.line[:0]
				h.visible = h.seen
				h.settle() // a run after h.before goes too
				for c := h.para().LastChild(); c != nil && c != h.before; c = h.p.LastChild() {
					h.p.RemoveChild(h.p, c)
				}
				// The line break due after h.before, if any, is due
				// still: the newline below says so again.
				h.brk = false
			}
		}
		h.newline()
	default:
		if blockTag(tok.DataAtom) {
			h.newline()
		}
	}
}

func blockTag(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Details, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Aside, atom.Nav, atom.Main, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Table,
		atom.Tr, atom.Blockquote, atom.Pre, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Center, atom.Figcaption, atom.Address, atom.Form, atom.Fieldset:
		return true
	}
	return false
}

// collapseHTMLSpace collapses the white space of text s, as in a browser
// (HTML's white space: the break opportunities the renderer put between
// CJK characters are not): each run of it one space, one kept at either
// end. Text already so (a word, words between single spaces, a line's
// newline alone between two tags) is returned as it is, without splitting
// it into fields and joining them: two allocations for every text between
// tags of a post of small HTML blocks.
// TestCollapseHTMLSpaceIsFieldsJoined compares the two.
func collapseHTMLSpace(s string) string {
	plain, blank := true, true
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\r':
			plain = false
		case '\f':
			// White space to the fields, not at the ends (lead, trail).
			plain, blank = false, false
		case ' ':
			if i > 0 && s[i-1] == ' ' {
				plain = false
			}
		default:
			blank = false
		}
	}
	switch {
	case s == "":
		return s
	case blank:
		return " "
	case plain:
		return s
	}
	return collapseFields(s)
}

// collapseFields is collapseHTMLSpace by splitting s into its fields
// and joining them.
func collapseFields(s string) string {
	f := htmlFields(s)
	lead := len(s) > 0 && strings.TrimLeft(s[:1], " \t\r\n") == ""
	trail := len(s) > 0 && strings.TrimRight(s[len(s)-1:], " \t\r\n") == ""
	out := strings.Join(f, " ")
	if lead {
		out = " " + out
	}
	if trail && len(f) > 0 {
		out += " "
	}
	return out
}

// htmlFields splits s around runs of HTML white space.
func htmlFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
	})
}
