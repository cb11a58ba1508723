package render

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/idna"

	"github.com/sshblog/sshblog/internal/markdown"
)

// Links read as in a printed text: the link text stays in the sentence
// with a small number after it ("text[3]"), and the distinct destinations
// are listed, numbered, at the end of the post (numbered as
// markdown.Links does: in order of first appearance). In the pager styles
// the text (and the URL in the list) is also an OSC 8 hyperlink. Glamour
// prints the whole URL after the link text instead, wrapped like words
// (a long URL broken at its hyphens and slashes), and, with the CJK
// break marks of cjkBreaks inside a destination, sent a URL with them in
// it.
//
// The numbers go into the tree, not the text: markLinks rewrites each
// link of the parsed piece into one glamour draws as its text only (in
// the link text style, see noHref), with the mark and the hyperlink's
// escape sequences as text nodes of its own. Glamour's renderer writes
// into block buffers of its own, so a node renderer of ours could not
// place text among glamour's; new nodes in the tree can.

// linkTable numbers the link destinations of one post as its pieces are
// laid out, in order: the same numbers at every width.
type linkTable struct {
	num  map[string]int
	urls []string
	// links holds the hyperlink sequences of urls made so far (see
	// hyperlink), by number: a post's every render at a width draws each
	// destination twice (in the text and in the list of links), and
	// made its hyperlink, the URL parsed and encoded, each time.
	links []hyperlinkSeqs
}

// hyperlinkSeqs are the sequences that open and close a hyperlink.
type hyperlinkSeqs struct {
	open, closing string
	made          bool
}

// hyperlink is hyperlink(t.urls[num-1]), made once.
func (t *linkTable) hyperlink(num int) (open, closing string) {
	if len(t.links) < len(t.urls) {
		t.links = append(t.links, make([]hyperlinkSeqs, len(t.urls)-len(t.links))...)
	}
	h := &t.links[num-1]
	if !h.made {
		h.open, h.closing = hyperlink(t.urls[num-1])
		h.made = true
	}
	return h.open, h.closing
}

// number returns the number of url, giving it the next one if it is new.
func (t *linkTable) number(url string) int {
	if t.num == nil {
		t.num = map[string]int{}
	}
	if n, ok := t.num[url]; ok {
		return n
	}
	t.urls = append(t.urls, url)
	t.num[url] = len(t.urls)
	return len(t.urls)
}

// add numbers the links of a piece shown as its plain text.
func (t *linkTable) add(piece string, refs []parser.Reference) {
	if !mayLink(piece, refs) {
		// Parsing a piece shown as plain text only to find it has no
		// links was most of the cost of a post of many tiny blocks.
		return
	}
	src := []byte(piece)
	for _, l := range markdown.Links(markdown.Parse(mdParser, src, refs), src) {
		t.number(l.URL)
	}
}

// mayLink reports whether a piece of markdown may hold a link, refs
// being the definitions it can use besides its own: a bare URL or e-mail
// address (goldmark's linkify: "www.", "http:", "https:", "ftp:", "@"), an
// autolink or a tag that may point somewhere (mayLinkTag), an inline link
// ("](" with a "[" that does not open an image) or a reference to a
// definition (a "]" and a definition known, or one in the
// piece: a "]:" on a line that is not a footnote's).
func mayLink(md string, refs []parser.Reference) bool {
	switch {
	case strings.Contains(md, "@"), strings.Contains(md, "www."), strings.Contains(md, "http:"),
		strings.Contains(md, "https:"), strings.Contains(md, "ftp:"), mayLinkTag(md):
		return true
	case !strings.Contains(md, "]"):
		return false
	case len(refs) > 0, strings.Contains(md, "](") && !onlyImages(md):
		return true
	}
	for rest := md; ; {
		i := strings.Index(rest, "]:")
		if i < 0 {
			return false
		}
		line := rest[strings.LastIndexByte(rest[:i], '\n')+1 : i]
		if !strings.HasPrefix(strings.TrimLeft(line, " \t>"), "[^") {
			return true
		}
		rest = rest[i+2:]
	}
}

// onlyImages reports whether every "[" of md opens an image ("![", the
// "!" not escaped): then a "](" closes an image, not a link (images are
// not numbered). A post of inline images was parsed piece by piece for
// links it cannot have when shown as plain text.
func onlyImages(md string) bool {
	for i := strings.IndexByte(md, '['); i >= 0; {
		if i == 0 || md[i-1] != '!' || i >= 2 && md[i-2] == '\\' {
			return false
		}
		j := strings.IndexByte(md[i+1:], '[')
		if j < 0 {
			return true
		}
		i += 1 + j
	}
	return true
}

// mayLinkTag reports whether md has a "<" that may start an autolink
// (a scheme and a colon: "<irc:x>") or a tag that may point somewhere
// (<a>, media, <area>, <link>, <object>): tags such as <b> or </i> hold
// no link, and a post of nothing but those was parsed piece by piece for
// links when shown as plain text.
func mayLinkTag(md string) bool {
	for i := strings.IndexByte(md, '<'); i >= 0; {
		rest := md[i+1:]
		n := 0
		for n < len(rest) && n < 33 && (isLetter(rest[n]) || n > 0 && (rest[n] >= '0' && rest[n] <= '9' || rest[n] == '+' || rest[n] == '.' || rest[n] == '-')) {
			n++
		}
		if n > 0 && n < len(rest) && rest[n] == ':' {
			return true // an autolink's scheme
		}
		switch strings.ToLower(rest[:min(n, 8)]) {
		case "a", "iframe", "video", "audio", "embed", "source", "area", "link", "object":
			return true
		}
		j := strings.IndexByte(rest, '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// noHref is the destination a rewritten link gets: glamour takes a
// destination that is only a fragment for no URL at all, and draws the
// link's text in the link text style with neither a hyperlink nor the
// URL after it.
const noHref = "#"

// markLinks rewrites the links and autolinks of tree, parsed from src, as
// described above, numbering them in t, and returns src with the text of
// the new nodes appended (the source the tree is then rendered from).
// hyper says whether the links become OSC 8 hyperlinks.
func markLinks(tree ast.Node, src []byte, t *linkTable, hyper bool) []byte {
	var found []ast.Node
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			// Glamour draws an image as a hyperlink to its destination
			// too: without our marks, and ASCII, as a hyperlink's URL
			// is sent. (Figure lines for images are drawn elsewhere.)
			n.Destination = []byte(percentEncode(cleanURL(string(n.Destination))))
			return ast.WalkSkipChildren, nil
		case *ast.Link, *ast.AutoLink, *markdown.RefRun:
			found = append(found, n)
			return ast.WalkSkipChildren, nil
		case *markdown.Figure:
			// A linked image on a line of its own: its figure line says
			// where it links (dressFigures); the link takes its number
			// here, in its place, as markdown.Links counts it.
			if n.Link != "" {
				found = append(found, n)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if len(found) == 0 {
		return src
	}
	m := linkMarker{t: t, hyper: hyper, out: src[:len(src):len(src)]} // appending copies: src stays as parsed
	for i, n := range found {
		m.left = len(found) - i
		switch n := n.(type) {
		case *markdown.Figure:
			t.number(cleanURL(n.Link))
		case *ast.Link:
			marks := m.destMarks(n.Destination)
			n.Destination, n.Title = []byte(noHref), nil
			if !marks.nowhere {
				// "[text]()" goes nowhere: its text, unnumbered.
				m.mark(n, marks)
			}
		case *markdown.RefRun:
			// Its links, as those above: their definitions in order of
			// first use are its links' destinations in order.
			// A run of bare links: as the autolinks below, each
			// address made readable once.
			var first []markdown.RefUse
			if n.Auto {
				first = make([]markdown.RefUse, 0, len(n.Defs))
				for _, u := range n.Uses {
					if int(u.Def) == len(first) {
						first = append(first, u)
					}
				}
			}
			for i := range n.Defs {
				d := &n.Defs[i]
				var marks linkMarks
				if n.Auto {
					a := ast.NewAutoLink(ast.AutoLinkURL, ast.NewTextSegment(first[i].Label()))
					a.Protocol = d.Protocol
					auto := m.auto(a)
					marks, d.Label = auto.linkMarks, auto.label
				} else {
					marks = m.destMarks(d.Destination)
				}
				d.Marked = true
				d.Open, d.Num, d.Close = marks.open, marks.num, marks.closing
			}
		case *ast.AutoLink:
			// An autolink's text is its address, shown readable.
			a := m.auto(n)
			link := m.linkNode()
			link.AppendChild(link, m.textNode(a.label, 1+a.nodes()))
			n.Parent().ReplaceChild(n.Parent(), n, link)
			link.Destination = []byte(noHref)
			m.mark(link, a.linkMarks)
		}
	}
	return m.out
}

// destMarks returns the marks of links to dest as written, made on its
// first use: none (nowhere) for a destination of nothing but marks.
func (m *linkMarker) destMarks(dest []byte) linkMarks {
	marks, ok := m.dests[string(dest)]
	if !ok {
		if clean := cleanURL(string(dest)); clean == "" {
			marks.nowhere = true
		} else {
			marks = m.marks(clean)
		}
		if m.dests == nil {
			m.dests = map[string]linkMarks{}
		}
		m.dests[string(dest)] = marks
	}
	return marks
}

// linkMarker makes the nodes markLinks adds to one tree, appending their
// text to out, once for each destination: every use of it gets nodes
// of the same text (a node's segment only points into out). A post that
// used one reference 4,000 times had its destination cleaned and
// numbered, its hyperlink made (the URL parsed) and its number and the
// hyperlink's sequences appended to the source once per use.
type linkMarker struct {
	t     *linkTable
	hyper bool
	out   []byte
	// dests holds the marks of links by destination as written, autos
	// those of autolinks by address as written.
	dests map[string]linkMarks
	autos map[string]autoMarks
	// texts are text nodes made ahead for the links left (left of
	// them), taken by textNode: a post of thousands of links made each
	// mark's node alone.
	texts []ast.Text
	left  int
	// links are links made ahead for autolinks (see linkNode).
	links []ast.Link
}

// linkNode returns a new link, as ast.NewLink does, made with others in
// one allocation: one for each link left, 64 at most.
func (m *linkMarker) linkNode() *ast.Link {
	if len(m.links) == 0 {
		m.links = make([]ast.Link, max(1, min(64, m.left)))
	}
	l := &m.links[0]
	m.links = m.links[1:]
	return l
}

// textNode returns a new text node of seg, as ast.NewTextSegment does,
// made with others in one allocation: when none is left, as many as
// this link needs (need) for each link left, 64 at most.
func (m *linkMarker) textNode(seg text.Segment, need int) *ast.Text {
	if len(m.texts) == 0 {
		m.texts = make([]ast.Text, max(1, min(64, need*m.left)))
	}
	t := &m.texts[0]
	m.texts = m.texts[1:]
	t.Segment = seg
	return t
}

// linkMarks are the texts in out that a link to one destination gets:
// the hyperlink's sequences around it (empty segments: none) and its
// number after its text. nowhere: no destination, no marks.
type linkMarks struct {
	open, num, closing text.Segment
	nowhere            bool
}

// autoMarks are an autolink's marks and its address shown readable,
// for an address of its type and protocol.
type autoMarks struct {
	linkMarks
	label text.Segment
	typ   ast.AutoLinkType
	proto string
}

// nodes is the number of text nodes the marks are.
func (l linkMarks) nodes() int {
	n := 1 // the number
	if l.open.Len() > 0 {
		n++
	}
	if l.closing.Len() > 0 {
		n++
	}
	return n
}

// marks numbers dest in the table and appends its marks to out.
func (m *linkMarker) marks(dest string) linkMarks {
	num := m.t.number(dest)
	var marks linkMarks
	open, closing := "", ""
	if m.hyper {
		open, closing = m.t.hyperlink(num)
	}
	marks.open = m.text(open)
	marks.num = m.text(fmt.Sprintf("[%d]", num))
	marks.closing = m.text(closing)
	return marks
}

// auto returns the marks of autolink n, made on its address's first use.
func (m *linkMarker) auto(n *ast.AutoLink) autoMarks {
	label := n.Label(m.out)
	if a, ok := m.autos[string(label)]; ok && a.typ == n.AutoLinkType && a.proto == string(n.Protocol) {
		return a
	}
	dest, shown := destination(n, m.out)
	a := autoMarks{linkMarks: m.marks(cleanURL(dest)), typ: n.AutoLinkType, proto: string(n.Protocol)}
	a.label = m.text(readableURL(cleanURL(shown)))
	if m.autos == nil {
		m.autos = map[string]autoMarks{}
	}
	m.autos[shown] = a // the label's bytes
	return a
}

// text appends s, written for glamour, to out and returns its segment
// (an empty one for no text).
func (m *linkMarker) text(s string) text.Segment {
	start := len(m.out)
	m.out = append(m.out, glamourText(s)...)
	return text.NewSegment(start, len(m.out))
}

// mark gives link, its destination made noHref, the nodes of marks: the
// hyperlink's opening before its text, its number and the closing after.
func (m *linkMarker) mark(link *ast.Link, marks linkMarks) {
	link.Title = nil
	need := marks.nodes()
	if marks.open.Len() > 0 {
		link.InsertBefore(link, link.FirstChild(), m.textNode(marks.open, need))
	}
	link.AppendChild(link, m.textNode(marks.num, need))
	if marks.closing.Len() > 0 {
		link.AppendChild(link, m.textNode(marks.closing, need))
	}
}

// destination returns the destination of autolink n as markdown.Links
// counts it (an e-mail address with "mailto:"), and the address it
// shows. The two are one string where they are the same bytes (a URL
// written with its scheme: a 64 KB URL was copied twice more).
func destination(n *ast.AutoLink, src []byte) (dest, label string) {
	label = string(n.Label(src))
	url := n.URL(src)
	switch {
	case n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(string(url)), "mailto:"):
		return "mailto:" + string(url), label
	case string(url) == label:
		return label, label
	}
	return string(url), label
}

// glamourText is s written so that glamour draws it as s: glamour decodes
// HTML character references in text (html.UnescapeString) and then
// markdown backslash escapes, both of which a URL may look like.
func glamourText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return strings.ReplaceAll(s, "&", "&amp;")
}

// cleanURL removes from a destination the marks prepare and annotate put
// into the text (CJK break opportunities, list tags), which land in a
// destination or an autolink's address like anywhere else.
func cleanURL(u string) string { return marks.Replace(u) }

// hyperlink returns the OSC 8 sequences that open and close a hyperlink
// to dest, or nothing when dest is not an absolute URL a terminal can
// open (a path relative to the post, a fragment), or is longer than
// maxHyperlink (see hyperlinkTarget).
func hyperlink(dest string) (open, closing string) {
	target, ok := hyperlinkTarget(dest)
	if !ok {
		return "", ""
	}
	h := fnv.New32a()
	h.Write([]byte(target))
	return xansi.SetHyperlink(target, fmt.Sprintf("id=%d", h.Sum32())), xansi.ResetHyperlink()
}

// maxHyperlink is the longest target a hyperlink is drawn to: VTE ignores
// longer ones (VTE_HYPERLINK_URI_LENGTH_MAX, 2,083 bytes). Each line of a
// URL wrapped in the list of links carries the whole target again: a
// post of one 64 KB URL drew 1,000 lines of 64 KB (131 MB held, 107 ms;
// 64 KB of prose: 1 MB, 7 ms), and the pager sent 2.6 MB a frame.
const maxHyperlink = 2083

// hyperlinkTarget is dest as an OSC 8 hyperlink carries it: ASCII
// only, so every character outside printable ASCII (Chinese in a path, a
// space) percent-encoded and an international host name in its ASCII
// (punycode) form; false for a dest that is not an absolute URL or whose
// target is longer than maxHyperlink.
func hyperlinkTarget(dest string) (string, bool) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme == "" || u.Opaque == "" && u.Host == "" && u.Scheme != "mailto" {
		return "", false
	}
	if u.Host != "" && !isASCII(u.Host) {
		if h, err := idna.Lookup.ToASCII(u.Hostname()); err == nil {
			if p := u.Port(); p != "" {
				h += ":" + p
			}
			u.Host = h
		}
	}
	target := u.String()
	if encodedLen(target) > maxHyperlink {
		// Not encoded, byte by byte, only to be dropped (a 64 KB URL
		// was, at every width).
		return "", false
	}
	return percentEncode(target), true
}

// encodedLen is len(percentEncode(s)).
func encodedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			n += 2
		}
	}
	return n
}

// percentEncode encodes every byte of s outside printable ASCII, and the
// backslash (half of the sequence that ends an OSC string), as %XX,
// leaving existing escapes as they are.
func percentEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '\\' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// readableURL is a URL as a reader should see it (its IRI form): the
// percent-encoded UTF-8 of characters other than ASCII decoded
// ("wiki/%E4%B8%AD%E6%96%87" reads "wiki/中文") and a punycode host name
// shown in its own script. Escapes of ASCII characters stay (they mean
// something else decoded: %2F is not a path separator, %20 not the end of
// the URL), and so do those of characters a terminal must not get or a
// reader could misread (controls, bidirectional marks, invisible spaces).
func readableURL(u string) string {
	if strings.Contains(u, "%") {
		u = decodeIRI(u)
	}
	if strings.Contains(u, "xn--") {
		u = unicodeHost(u)
	}
	return u
}

func decodeIRI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '%' {
			b.WriteByte(s[i])
			i++
			continue
		}
		// Gather the run of escapes and decode what of it is UTF-8.
		j, raw := i, []byte{}
		for j+2 < len(s) && s[j] == '%' && isHex(s[j+1]) && isHex(s[j+2]) {
			raw = append(raw, unhex(s[j+1])<<4|unhex(s[j+2]))
			j += 3
		}
		if len(raw) == 0 {
			b.WriteByte('%')
			i++
			continue
		}
		for k := 0; k < len(raw); {
			r, size := utf8.DecodeRune(raw[k:])
			if r >= utf8.RuneSelf && r != utf8.RuneError && readable(r) {
				b.WriteRune(r)
			} else {
				for _, c := range raw[k : k+size] {
					fmt.Fprintf(&b, "%%%02X", c)
				}
			}
			k += size
		}
		i = j
	}
	return b.String()
}

// readable reports whether a decoded character may be shown in a URL:
// a visible character (no controls, no format characters such as the
// bidirectional marks, no spaces that look like the URL's end).
func readable(r rune) bool {
	return unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r)
}

// unicodeHost shows the host of u in its own script when it is written
// in punycode.
func unicodeHost(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	h, err := idna.Display.ToUnicode(p.Hostname())
	if err != nil || h == p.Hostname() {
		return u
	}
	for _, r := range h {
		if !readable(r) {
			return u
		}
	}
	i := strings.Index(u, p.Hostname())
	if i < 0 {
		return u
	}
	return u[:i] + h + u[i+len(p.Hostname()):]
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
