package render

import (
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/sanitize"
)

// Figure is an image or embed that stands on a line of its own in a
// render: Line is the index in Rendered.Lines of its figure line, where a
// pager may draw the picture (above it: the line is its caption).
type Figure struct {
	Line int
	// Indent is the column its figure line's text starts at when that is
	// deeper than the document's margin (a figure in a list item: its
	// picture goes under the item's text), else 0.
	Indent int
	markdown.Media
}

// ImageMark starts the figure line of an image. A narrow character in
// every terminal (not of East Asian ambiguous width, unlike most
// pictographs), so lines keep their width under any setting.
const ImageMark = "▢"

const (
	// figMark starts a figure line in glamour's output, so that its line
	// can be found once laid out; it is removed before anyone sees it.
	figMark = '\u2E36' // DAGGER WITH LEFT GUARD (ambiguous.go's filler is U+2E37)
	// keepHyphen stands for "-" in a figure's destination while glamour
	// wraps: a wrapper breaks after any hyphen, and a file name split
	// there reads as two names. It is as wide as "-".
	keepHyphen = '\u2011' // NON-BREAKING HYPHEN
)

// figureLine is the text shown for m: the image mark (or the player's
// label), what it shows, and where it points, its destinations resolved
// against the page (see Destination): dest is Destination(m.Src, base),
// link Destination(m.Link, base).
func figureLine(m markdown.Media, dest, link string) string {
	return string(appendFigureLine(nil, m, dest, link))
}

// appendFigureLine appends figureLine(m, dest, link) to b: dressFigures
// writes a span's line into the source it adds to without making a
// string of it first (a line of images and tags made one every 11
// bytes).
func appendFigureLine(b []byte, m markdown.Media, dest, link string) []byte {
	label := collapseSpaces(sanitize.Text(m.Label()))
	if m.Element != "image" {
		b = append(append(b, m.Element...), ':')
	} else {
		b = append(b, ImageMark...)
	}
	b = append(b, ' ')
	switch {
	case dest == "":
		b = append(b, label...)
	case label == "":
		b = append(b, dest...)
	default:
		b = append(append(append(append(b, label...), " <"...), dest...), '>')
	}
	if link != "" && link != dest {
		// A linked image on its own line: the link node is gone.
		b = append(append(append(b, ", links to <"...), link...), '>')
	}
	return b
}

// collapseSpaces turns runs of ASCII white space into one space. Not
// strings.Fields: it would take the break opportunities of CJK text
// (lineBreak) for spaces.
func collapseSpaces(s string) string {
	if len(strings.TrimSpace(s)) == len(s) && !strings.ContainsAny(s, "\t\n\r") && !strings.Contains(s, "  ") && utf8.ValidString(s) {
		return s // nothing to collapse (nor to write as U+FFFD): no copy
	}
	return collapseRuns(s)
}

// collapseRuns is collapseSpaces without its shortcut: it writes s's
// runs of ASCII white space as one space, its ends trimmed (and an
// invalid byte as U+FFFD), into a new string.
func collapseRuns(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Destination is where src points, as a reader can use it. Paths are
// resolved as Hugo's pages are: a path relative to the post stays
// relative (a page bundle's file, "../other/x.png"), never given a
// leading "/" it does not have; with base, the page's permalink (from the
// site's baseURL), it becomes the full URL. Inline data is named, not
// shown: it can be megabytes of base64.
func Destination(src, base string) string {
	// Without lineBreak: a destination is one word, even in CJK text.
	src = strings.TrimSpace(strings.ReplaceAll(sanitize.Text(src), string(lineBreak), ""))
	if strings.HasPrefix(strings.ToLower(src), "data:") {
		kind, _, _ := strings.Cut(src[len("data:"):], ";")
		kind, _, _ = strings.Cut(kind, ",")
		return "data:" + kind + " (inline)"
	}
	if src == "" || base == "" {
		return src
	}
	u, err := url.Parse(src)
	if err != nil || u.IsAbs() || u.Host != "" {
		return src
	}
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() {
		return src
	}
	// As a browser does with the page Hugo wrote: "/img/a.png" is from
	// the host's root, whatever the path of baseURL.
	return b.ResolveReference(u).String()
}

// Bundled returns the file a figure's src names inside the post's folder
// ("images/a.png" for "./images/a.png"), and false when it points
// elsewhere: another site, the site's root ("/img/a.png"), a parent
// folder, inline data. Only such files can be drawn.
func Bundled(src string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	name := path.Clean(u.Path)
	if name == "." || name == ".." || strings.HasPrefix(name, "../") {
		return "", false
	}
	return name, true
}

// dressFigures replaces the figure nodes of tree (see package markdown)
// with what glamour lays out: a paragraph of the figure line for a
// Figure, the figure line as text for a FigureSpan. Glamour draws only
// the text of source segments and its own node kinds, and keeps its
// layout state to itself, so the lines are added to the end of the
// source and the nodes become glamour's own. It returns the source with
// the lines added.
func dressFigures(src []byte, tree ast.Node, base string) []byte {
	// The figures are counted first, then replaced in a second walk: a
	// slice of them grew by doubling, 60 KB for the 1,500 figures of
	// 16 KB of inline images.
	found, blocks, room := 0, 0, 0
	walkFigures(tree, func(n ast.Node) ast.Node {
		found++
		switch f := n.(type) {
		case *markdown.FigureSpan:
			room += figureRoom(f.Media(), base)
		case *markdown.Figure:
			blocks++
			room += len(f.Before) + len(string(figMark)) + figureRoom(f.Media, base) + len(f.After)
		}
		return nil
	})
	if found == 0 {
		return src
	}
	// Room for the source and the figure lines, rather than growing by
	// doubling from the source's size (48 bytes a figure was five times
	// the lines of 16 KB of "![a](b) <img src=c> x "); the text nodes of
	// Figures made in one slice (a line of many images made one
	// allocation per node: 94,000 in the hostile figure-line post), a
	// span's its own (FigureSpan.Become).
	out := make([]byte, len(src), len(src)+room)
	copy(out, src)
	texts := make([]ast.Text, blocks)
	line := func(s string) text.Segment {
		start := len(out)
		out = append(out, s...)
		return text.NewSegment(start, len(out))
	}
	walkFigures(tree, func(n ast.Node) ast.Node {
		switch f := n.(type) {
		case *markdown.Figure:
			t := &texts[0]
			texts = texts[1:]
			t.Segment = line(f.Before + string(figMark) + wholeFigureLine(f.Media, base) + f.After)
			p := ast.NewParagraph()
			p.AppendChild(p, t)
			n.Parent().ReplaceChild(n.Parent(), n, p)
			return p
		case *markdown.FigureSpan:
			start := len(out)
			out = appendWholeFigureLine(out, f.Media(), base)
			return f.Become(text.NewSegment(start, len(out)))
		}
		return nil
	})
	return out
}

// figureRoom is the room wholeFigureLine(m, base) takes: its length
// where m's texts are valid UTF-8 and its destinations resolve to no
// more than base and themselves (sanitize.Text writes an invalid byte
// as three; a longer line only makes dressFigures' buffer grow).
func figureRoom(m markdown.Media, base string) int {
	n := len(ImageMark)
	if m.Element != "image" {
		n = len(m.Element) + 1
	}
	// A space, the label, its title in " ()", the destination in " <>"
	// (after a label, if there may be one).
	label := len(m.Alt) + len(m.Caption) + len(m.Title)
	n += 1 + label + len(m.Src)
	if m.Title != "" {
		n += len(" ()")
	}
	if label > 0 && m.Src != "" {
		n += len(" <>")
	}
	// A destination resolved against base is no longer than both, and
	// keepHyphen is three bytes.
	baseRoom := len(base) + 2*strings.Count(base, "-")
	if m.Src != "" {
		n += baseRoom + 2*strings.Count(m.Src, "-")
	}
	if m.Link != "" {
		n += len(", links to <>") + len(m.Link) + baseRoom + 2*strings.Count(m.Link, "-")
	}
	return n
}

// walkFigures calls f with each Figure and FigureSpan of tree, in order;
// f may replace the node it is given with another, which it returns, and
// the walk goes on from there (without reading the new node's children:
// nil if it replaced nothing).
func walkFigures(tree ast.Node, f func(ast.Node) ast.Node) {
	for n := tree; n != nil; {
		descend := true
		switch n.Kind() {
		case markdown.KindFigure, markdown.KindFigureSpan:
			if r := f(n); r != nil {
				n, descend = r, false
			}
		}
		n = markdown.NextNode(n, descend)
	}
}

// wholeFigureLine is figureLine with m's destinations resolved against
// base, with the hyphens of its destinations protected from the wrapper;
// placeFigures puts them back. Each destination is resolved once (it was
// four times).
func wholeFigureLine(m markdown.Media, base string) string {
	return string(appendWholeFigureLine(nil, m, base))
}

// appendWholeFigureLine appends wholeFigureLine(m, base) to b, without a
// string of the line unless a destination has hyphens to protect.
func appendWholeFigureLine(b []byte, m markdown.Media, base string) []byte {
	dest, link := Destination(m.Src, base), Destination(m.Link, base)
	if strings.Contains(dest, "-") || strings.Contains(link, "-") {
		return append(b, keepWhole(figureLine(m, dest, link), dest, link)...)
	}
	return appendFigureLine(b, m, dest, link) // keepWhole would change nothing
}

// keepWhole protects the hyphens of dests, destinations shown in line,
// from the wrapper. A destination without a hyphen has nothing to
// protect: its replacement would be itself.
func keepWhole(line string, dests ...string) string {
	for _, dest := range dests {
		if dest == "" || !strings.Contains(dest, "-") {
			continue
		}
		line = strings.ReplaceAll(line, "<"+dest+">", "<"+strings.ReplaceAll(dest, "-", string(keepHyphen))+">")
	}
	return line
}

// figuresIn returns the Figures of the parsed piece, in order: the
// figures its render lays out on lines of their own. The parse is shared
// with lexesIn.
func figuresIn(p *parsed) []markdown.Media {
	if !mayHaveMedia(p.md) || !mayHaveFigures(p.md) {
		return nil
	}
	var out []markdown.Media
	tree := p.tree()
	for n := tree; n != nil; {
		if f, ok := n.(*markdown.Figure); ok {
			out = append(out, f.Media)
		}
		n = markdown.NextNode(n, n.Type() != ast.TypeInline)
	}
	return out
}

// mayHaveMedia is a quick test that spares the parse of blockFigures to
// pieces without an image or embed: a markdown image, or a tag that
// stands for a figure (markdown.HasFigureTag).
func mayHaveMedia(md string) bool {
	return strings.Contains(md, "![") || markdown.HasFigureTag(md)
}

// mayHaveFigures is a quick test that spares the parse of figuresIn to
// pieces whose images all stand in sentences (a line of a hundred
// thousand images and words parsed twice otherwise). False is sure: no
// line of md stands alone as a figure. A figure comes from an HTML block
// (whose line starts with "<") or from a line of a paragraph (split at
// line ends and <br>) made only of images, links around them, tags and
// white space: a line that holds anything else outside brackets,
// parentheses and angle brackets (a word, a "*") is no figure. What it
// cannot tell (a group that goes on to the next line, escapes and code
// spans inside a group, <br>) it takes for a figure.
func mayHaveFigures(md string) bool {
	for line := range strings.Lines(md) {
		if lineMayBeFigure(stripContainers(line)) {
			return true
		}
	}
	return false
}

// stripContainers drops what may open a line inside quotes, lists and
// list items: white space, ">", bullets, numbers, layout tags.
func stripContainers(line string) string {
	for {
		r, n := utf8.DecodeRuneInString(line)
		switch {
		case n == 0:
			return line
		case r == ' ' || r == '\t' || r == '>' || markdown.IsLayoutMark(r):
			line = line[n:]
		case (r == '-' || r == '+' || r == '*') && (len(line) == 1 || line[1] == ' ' || line[1] == '\t' || line[1] == '\n' || line[1] == '\r'):
			line = line[1:]
		case r >= '0' && r <= '9':
			i := strings.IndexFunc(line, func(r rune) bool { return r < '0' || r > '9' })
			if i < 0 || line[i] != '.' && line[i] != ')' {
				return line
			}
			line = line[i+1:]
		default:
			return line
		}
	}
}

// lineMayBeFigure reports whether a line (its containers stripped) may
// be a figure line or start an HTML block (see mayHaveFigures).
func lineMayBeFigure(l string) bool {
	if strings.HasPrefix(l, "<") && markdown.MayOpenHTMLBlock(l) {
		return true // an HTML block may start here
	}
	for i := 0; i+2 < len(l); i++ {
		if l[i] == '<' && (l[i+1] == 'b' || l[i+1] == 'B') && (l[i+2] == 'r' || l[i+2] == 'R') {
			return true // <br> starts a line
		}
	}
	var open []byte // the closers of the groups open
	groups := 0     // opened on the line: a figure has one at least
	for i := 0; i < len(l); {
		c := l[i]
		if len(open) > 64 {
			return true // deeper than anyone writes: not worth a stack
		}
		if len(open) > 0 {
			top := open[len(open)-1]
			switch {
			case c == '\\' || c == '`':
				return true // escapes and code spans may regroup what follows
			case c == top:
				open = open[:len(open)-1]
			case (c == '"' || c == '\'') && top != ']':
				// Quoted, in a tag or a title: may hold any closer.
				j := strings.IndexByte(l[i+1:], c)
				if j < 0 {
					return true
				}
				i += j + 1
			case c == '[':
				open = append(open, ']')
			case c == '(':
				open = append(open, ')')
			case c == '<':
				open = append(open, '>')
			case c == ']' || c == ')' || c == '>':
				return true // not as expected: unsure
			}
			i++
			continue
		}
		switch c {
		case '[':
			open, groups = append(open, ']'), groups+1
		case '(':
			open, groups = append(open, ')'), groups+1
		case '<':
			open, groups = append(open, '>'), groups+1
		case ']', ')', '>':
			return true // a group from an earlier line may end here
		case '!', ':':
			// An image's "!", a footnote definition's ":": a word
			// outside a group says more.
		case '\\':
			if strings.TrimRight(l[i+1:], "\r\n") == "" {
				return groups > 0 // a hard line break: the line ends here
			}
			return false // an escaped character: text
		default:
			r, n := utf8.DecodeRuneInString(l[i:])
			if !unicode.IsSpace(r) && !markdown.IsLayoutMark(r) {
				return false // text outside images, links and tags
			}
			i += n
			continue
		}
		i++
	}
	return groups > 0
}

// placeFigures finds the figure lines of a piece's render, which holds the
// figures figs in order, removes their marks, and returns where each is.
// If the lines do not match the figures (which should not happen), there
// are no pictures, only the figure lines.
func placeFigures(lines []string, figs []markdown.Media) []Figure {
	var at, indents []int
	for i, l := range lines {
		if k := strings.IndexRune(l, figMark); k >= 0 {
			at = append(at, i)
			indents = append(indents, indentOf(l[:k]))
			l = strings.ReplaceAll(l, string(figMark), "")
		}
		if strings.ContainsRune(l, keepHyphen) {
			l = strings.ReplaceAll(l, string(keepHyphen), "-")
		}
		lines[i] = l
	}
	if len(at) != len(figs) {
		return nil
	}
	out := make([]Figure, len(at))
	for i, line := range at {
		out[i] = Figure{Line: line, Indent: indents[i], Media: figs[i]}
	}
	return out
}

// indentOf is the indent of a figure line whose text starts after prefix:
// its width when that is blank and deeper than the margin, else 0 (a
// figure glamour laid out after other text).
func indentOf(prefix string) int {
	p := xansi.Strip(prefix)
	if strings.Trim(p, " ") != "" || len(p) <= docMargin {
		return 0
	}
	return len(p)
}
