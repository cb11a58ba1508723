package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindRefRun is the kind of RefRun nodes.
var KindRefRun = ast.NewNodeKind("RefRun")

// RefRun is a run of two or more shortcut references of plain labels
// (see shortcutRefs) with only spaces between them ("[a] [b]  [a]"), or
// of two or more bare links linkify reads (Auto: "www.a.com  http://b.c"),
// in a paragraph or a text block, as a parser with Options.LinkRuns
// parses it: one node, where goldmark makes a link, its text and its reference
// for each use and a text node for the spaces between (some 560 bytes a
// use, and render's numbering added a node more: a post of 4,000 uses
// of one reference held 3 MB of nodes, twelve times prose's whole
// render). Nodes gives the nodes goldmark makes of it, and ExpandRuns
// puts them in the tree in its place.
type RefRun struct {
	ast.BaseInline
	// Uses are the references in order.
	Uses []RefUse
	// Defs are the definitions they use, in order of first use: for
	// bare links, their addresses as written.
	Defs []RefDef
	// Auto says that the uses are bare links, whose labels are their
	// addresses, written without brackets.
	Auto bool
	// index and autos find a definition or an address in Defs once
	// there are many.
	index map[parser.Reference]int32
	autos map[string]int32
}

// RefUse is one reference of a RefRun: the segment of its label (between
// its brackets; a bare link's address) and its definition (an index in
// Defs). The spaces before a use other than the first lie between the
// previous use's "]" and its "[" (between the addresses of bare links).
type RefUse struct {
	Start, Stop, Def int32
}

// Label is the segment of u's label.
func (u RefUse) Label() text.Segment { return text.NewSegment(int(u.Start), int(u.Stop)) }

// Spaces is the segment of the spaces before use i (i > 0) of r.
func (r *RefRun) Spaces(i int) text.Segment {
	if r.Auto {
		return text.NewSegment(int(r.Uses[i-1].Stop), int(r.Uses[i].Start))
	}
	return text.NewSegment(int(r.Uses[i-1].Stop)+1, int(r.Uses[i].Start)-1)
}

// RefDef is a link definition a RefRun uses, or the address of its bare
// links.
type RefDef struct {
	// Destination is a bare link's URL, its Protocol ("http" for a
	// www. address) added.
	Destination, Title []byte
	Protocol           []byte
	// Marked says that the renderer that numbers links (package render)
	// has made the links of this definition go nowhere (the destination
	// "#", no title) with text drawn around each use's label in the
	// link text style: the segments Open before it, Num and Close
	// after it (empty segments: no text; no Num for a link that goes
	// nowhere, and so no marks), in the source it renders.
	// A bare link's Label is drawn in the place of its address.
	Marked                  bool
	Open, Label, Num, Close text.Segment
	// ref is the definition, addr the address as written, to find
	// them again while parsing.
	ref  parser.Reference
	addr []byte
}

// maxScannedDefs is the most definitions addUse looks through one by
// one for a use's; beyond, it keeps an index.
const maxScannedDefs = 8

// Kind implements ast.Node.
func (r *RefRun) Kind() ast.NodeKind { return KindRefRun }

// Dump implements ast.Node.
func (r *RefRun) Dump(src []byte, level int) {
	uses := make([]string, len(r.Uses))
	for i, u := range r.Uses {
		label := u.Label()
		uses[i] = fmt.Sprintf("%q->%d", label.Value(src), u.Def)
	}
	ast.DumpHelper(r, src, level, map[string]string{"Uses": strings.Join(uses, " ")}, nil)
}

// Nodes returns the nodes goldmark's parse makes of r, in order (links,
// and texts of the spaces between them), unattached: a use of a marked
// definition is a link to "#" with the texts of its marks around its
// label's, as render.markLinks makes of a link.
func (r *RefRun) Nodes(src []byte) []ast.Node {
	out := make([]ast.Node, 0, 2*len(r.Uses)-1)
	for i, u := range r.Uses {
		if i > 0 {
			out = append(out, ast.NewTextSegment(r.Spaces(i)))
		}
		d := &r.Defs[u.Def]
		label := u.Label()
		if r.Auto && !d.Marked {
			// At linkify's trigger, as the parser places it: the
			// run's for the first, the space before for the others.
			a := ast.NewAutoLink(ast.AutoLinkURL, ast.NewTextSegment(label))
			a.Protocol = d.Protocol
			if i == 0 {
				a.SetPos(r.Pos())
			} else {
				a.SetPos(int(u.Start) - 1)
			}
			out = append(out, a)
			continue
		}
		if r.Auto {
			label = d.Label
		}
		l := ast.NewLink()
		l.AppendChild(l, ast.NewTextSegment(label))
		l.Destination, l.Title = d.Destination, d.Title
		if !r.Auto {
			l.Reference = ast.NewReferenceLink(ast.ReferenceLinkShortcut, label.Value(src))
			l.SetPos(int(u.Start) - 1)
		}
		if d.Marked {
			l.Destination, l.Title = []byte("#"), nil
			if d.Open.Len() > 0 {
				l.InsertBefore(l, l.FirstChild(), ast.NewTextSegment(d.Open))
			}
			if d.Num.Len() > 0 { // none for a link that goes nowhere
				l.AppendChild(l, ast.NewTextSegment(d.Num))
			}
			if d.Close.Len() > 0 {
				l.AppendChild(l, ast.NewTextSegment(d.Close))
			}
		}
		out = append(out, l)
	}
	return out
}

// ExpandRuns replaces every RefRun of tree, parsed from src, with its
// Nodes.
func ExpandRuns(tree ast.Node, src []byte) {
	var runs []*RefRun
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*RefRun); ok && entering {
			runs = append(runs, r)
		}
		return ast.WalkContinue, nil
	})
	for _, r := range runs {
		expandRun(r, src)
	}
}

// expandRun replaces run r, parsed from src, with its Nodes.
func expandRun(r *RefRun, src []byte) {
	p := r.Parent()
	for _, n := range r.Nodes(src) {
		p.InsertBefore(p, r, n)
	}
	p.RemoveChild(p, r)
}

// runsKey marks a parse that made a RefRun (see textJoiner).
var runsKey = parser.NewContextKey()

// refRun parses the run of references that starts at line[0] with a
// first of label line[1:end] defined as ref, in a line of segment seg,
// as shortcutRefs reads each: it returns the run and its length in
// bytes, or nil when no other reference follows the first.
func refRun(line []byte, seg text.Segment, end int, ref parser.Reference, pc parser.Context) (*RefRun, int) {
	var run *RefRun
	at := end + 1 // after the first's "]"
	last, lastLabel := ref, line[1:end]
	for {
		i := at
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == at || i >= len(line) || line[i] != '[' {
			break
		}
		k := 1
		for i+k < len(line) && k <= maxPlainLabel && plainLabelByte(line[i+k]) {
			k++
		}
		if k == 1 || i+k >= len(line) || line[i+k] != ']' {
			break
		}
		if i+k+1 < len(line) && (line[i+k+1] == '(' || line[i+k+1] == '[') {
			break
		}
		label := line[i+1 : i+k]
		next := last
		if !bytes.Equal(label, lastLabel) {
			// A label as the one before needs no lookup (a post
			// that uses one reference thousands of times).
			var ok bool
			if next, ok = pc.Reference(util.ToLinkReference(label)); !ok {
				break
			}
			last, lastLabel = next, label
		}
		if run == nil {
			run = &RefRun{}
			run.addUse(seg.Start+1, seg.Start+end, ref)
		}
		run.addUse(seg.Start+i+1, seg.Start+i+k, next)
		at = i + k + 1
	}
	if run == nil {
		return nil, 0
	}
	run.SetPos(seg.Start)
	pc.Set(runsKey, true)
	return run, at
}

// addUse appends a use of label segment start-stop and definition ref.
func (r *RefRun) addUse(start, stop int, ref parser.Reference) {
	d := int32(-1)
	if r.index != nil {
		if i, ok := r.index[ref]; ok {
			d = i
		}
	} else {
		for i := len(r.Defs) - 1; i >= 0; i-- {
			if r.Defs[i].ref == ref {
				d = int32(i)
				break
			}
		}
	}
	if d < 0 {
		d = int32(len(r.Defs))
		r.Defs = append(r.Defs, RefDef{Destination: ref.Destination(), Title: ref.Title(), ref: ref})
		if r.index != nil {
			r.index[ref] = d
		} else if len(r.Defs) > maxScannedDefs {
			r.index = make(map[parser.Reference]int32, 2*len(r.Defs))
			for i := range r.Defs {
				r.index[r.Defs[i].ref] = int32(i)
			}
		}
	}
	r.use(RefUse{Start: int32(start), Stop: int32(stop), Def: d})
}

// autoRun parses the run of bare links that starts at line[0] (after
// linkify's trigger), at offset start of the source, with a first link
// of line[:end] and protocol, as linkify reads each: it returns the run
// and its length in bytes, or nil when no other link follows the first.
func autoRun(line []byte, start, end int, protocol []byte, pc parser.Context) (*RefRun, int) {
	var run *RefRun
	at := end
	for {
		i := at
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == at || i >= len(line) {
			break
		}
		e, proto := matchLinkify(line[i:])
		if e < 0 {
			break
		}
		e = trimLinkify(line[i:], e)
		if run == nil {
			run = &RefRun{Auto: true}
			run.addAuto(line[:end], start, protocol)
		}
		run.addAuto(line[i:i+e], start+i, proto)
		at = i + e
	}
	if run == nil {
		return nil, 0
	}
	pc.Set(runsKey, true)
	return run, at
}

// addAuto appends a use of the bare link addr at offset start, read
// with protocol.
func (r *RefRun) addAuto(addr []byte, start int, protocol []byte) {
	d := int32(-1)
	if r.autos != nil {
		if i, ok := r.autos[string(addr)]; ok {
			d = i
		}
	} else {
		for i := len(r.Defs) - 1; i >= 0; i-- {
			if bytes.Equal(r.Defs[i].addr, addr) {
				d = int32(i)
				break
			}
		}
	}
	if d < 0 {
		// The protocol goes by the address: "http" for www. only.
		dest := addr
		if protocol != nil {
			dest = make([]byte, 0, len(protocol)+3+len(addr))
			dest = append(append(append(dest, protocol...), "://"...), addr...)
		}
		d = int32(len(r.Defs))
		r.Defs = append(r.Defs, RefDef{Destination: dest, Protocol: protocol, addr: addr})
		if r.autos != nil {
			r.autos[string(addr)] = d
		} else if len(r.Defs) > maxScannedDefs {
			r.autos = make(map[string]int32, 2*len(r.Defs))
			for i := range r.Defs {
				r.autos[string(r.Defs[i].addr)] = int32(i)
			}
		}
	}
	r.use(RefUse{Start: int32(start), Stop: int32(start + len(addr)), Def: d})
}

// use appends u to the uses, doubling their room when full: append grows
// a long slice by a quarter, which for a run of 4,000 uses allocated
// five times their size.
func (r *RefRun) use(u RefUse) {
	if len(r.Uses) == cap(r.Uses) {
		uses := make([]RefUse, len(r.Uses), max(8, 2*cap(r.Uses)))
		copy(uses, r.Uses)
		r.Uses = uses
	}
	r.Uses = append(r.Uses, u)
}
