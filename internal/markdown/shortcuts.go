package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// shortcutRefs parses the commonest reference link, a shortcut reference
// of a plain label ("[a]", "[ref2]": letters and digits), to the link
// goldmark's link parser makes of it, without its way there: goldmark
// makes a node for the opening bracket, keeps it on a list in the
// context with the delimiters below it, parses the label's text beside
// it, and at the closing bracket takes it off again, moves the text into
// a new link and looks for a destination, a full reference and then the
// shortcut. A post that used one reference 4,000 times spent a third of
// its render so. It parses nothing else: any other "[" goes on to
// goldmark's parser (linkGuard), as does one inside an opened link text,
// whose nesting goldmark decides.
// TestShortcutRefsParseAsGoldmark compares the two.
//
// With runs (Options.LinkRuns), two or more such references with only
// spaces between them, in a paragraph or a text block, are parsed as one
// RefRun instead (see refRun).
type shortcutRefs struct{ runs bool }

func (shortcutRefs) Trigger() []byte { return []byte{'['} }

// maxPlainLabel is the longest label shortcutRefs reads: CommonMark's
// bound on a link label, 999 characters.
const maxPlainLabel = 999

func (s shortcutRefs) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if open, _ := pc.Get(openersKey).(int); open != 0 {
		return nil // inside a link text: goldmark's
	}
	line, seg := block.PeekLine()
	end := 1
	for end < len(line) && end <= maxPlainLabel && plainLabelByte(line[end]) {
		end++
	}
	if end == 1 || end >= len(line) || line[end] != ']' {
		return nil
	}
	if end+1 < len(line) && (line[end+1] == '(' || line[end+1] == '[') {
		return nil // an inline link or a full or collapsed reference, perhaps
	}
	label := line[1:end]
	ref, ok := pc.Reference(util.ToLinkReference(label))
	if !ok {
		return nil
	}
	if s.runs && (parent.Kind() == ast.KindParagraph || parent.Kind() == ast.KindTextBlock) && !escapeMayLeak(parent, block.Source(), seg.Start, pc) {
		if run, n := refRun(line, seg, end, ref, pc); run != nil {
			block.Advance(n)
			return run
		}
	}
	// As goldmark's link parser makes it: the label's text (goldmark's
	// inline parsers are tried at punctuation and spaces only, of which
	// it has none) in a link to the definition, at the bracket. The
	// three nodes are made at once (see shortcutNodes).
	n := &shortcutNodes{
		text: ast.Text{Segment: text.NewSegment(seg.Start+1, seg.Start+end)},
		ref:  ast.ReferenceLink{Type: ast.ReferenceLinkShortcut, Value: label},
	}
	link := &n.link
	link.AppendChild(link, &n.text)
	link.Title = ref.Title()
	link.Destination = ref.Destination()
	link.Reference = &n.ref
	link.SetPos(seg.Start)
	block.Advance(end + 1)
	return link
}

// shortcutNodes are the nodes of a shortcut reference, allocated as one
// (ast.NewLink, NewTextSegment and NewReferenceLink make the same zero
// nodes but for the fields set): they live as long as one another.
type shortcutNodes struct {
	link ast.Link
	text ast.Text
	ref  ast.ReferenceLink
}

// plainLabelByte reports whether c may be in a label shortcutRefs reads:
// an ASCII letter or digit.
func plainLabelByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
