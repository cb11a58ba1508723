package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxTextRuns bounds the children of one node that are left as goldmark
// made them: a node with more has its runs of adjacent text, one
// stretch of the source, joined into one text node (see textJoiner).
const MaxTextRuns = 512

// textJoiner is the AST transformer that joins adjacent text nodes of a
// node with more than MaxTextRuns children. Goldmark's link parser leaves
// each bracket that opens or closes no link as a text node of its own
// ("[a][b " repeated: four text nodes every six bytes), and the renderer
// styles, draws and measures every node on its own: 1 MB of such
// brackets cost three to five times prose of its size. Joined, the text
// is drawn the same, in fewer style sequences. Nodes of fewer children,
// every block a post is written with, are left as they are, so their
// rendering does not change by a byte. A RefRun counts as the nodes it
// stands for; one that emphasis took in is expanded to them.
type textJoiner struct{}

var _ parser.ASTTransformer = textJoiner{}

func (textJoiner) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	runs := pc.Get(runsKey) != nil
	var dropped map[*ast.RawHTML]int
	if d, ok := pc.Get(droppedKey).(*droppedTags); ok {
		dropped = d.extra
	}
	texts, _ := pc.Get(textRunsKey).(map[*ast.Text]textRun)
	var moved []*RefRun
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if r, ok := n.(*RefRun); ok {
			if k := r.Parent().Kind(); k != ast.KindParagraph && k != ast.KindTextBlock {
				moved = append(moved, r)
			}
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, KindMath, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock, ast.KindRawHTML:
			return ast.WalkSkipChildren, nil // raw text, not to be touched
		}
		if n.ChildCount() > MaxTextRuns || runs && runChildren(n, reader.Source(), dropped, texts) > MaxTextRuns {
			joinTexts(n)
			if runs {
				uncutRuns(n)
			}
		} else if len(texts) > 0 {
			splitTextRuns(n, texts, reader.Source())
		}
		return ast.WalkContinue, nil
	})
	// Runs stay in paragraphs and text blocks: the renderers draw them
	// there only. One that emphasis took in is what it stands for.
	for _, r := range moved {
		expandRun(r, reader.Source())
	}
}

// runChildren is the number of children n has in goldmark's parse, where
// each RefRun child stands for a node of each use and of the spaces
// between (see RefRun.Nodes), each NoteRun for its references and the
// texts between, each text run of texts for its references (see
// footnoteRef.textRun), each run of end tags for its tags (see
// endRunnable), and each node of dropped tags for the nodes it stands for
// (dropped: see sharedDropped).
func runChildren(n ast.Node, src []byte, dropped map[*ast.RawHTML]int, texts map[*ast.Text]textRun) int {
	count := n.ChildCount()
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch r := c.(type) {
		case *RefRun:
			count += 2*len(r.Uses) - 2
		case *NoteRun:
			count += r.extra()
		case *ast.RawHTML:
			count += max(endRunTags(r, src)-1, 0) + dropped[r]
		case *ast.Text:
			if run, ok := texts[r]; ok {
				count += run.refs - 1
			}
		}
	}
	return count
}

// splitTextRuns splits each text run of texts that is a child of n, a
// node the text joiner leaves as it is, into the text nodes goldmark's
// parse makes of it: one from each reference's "[" (the texts between
// hold none) to the next one's, the last one's to the end of the node
// (it may have taken in more text since: brackets left unmatched).
func splitTextRuns(n ast.Node, texts map[*ast.Text]textRun, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		run, ok := texts[t]
		if !ok {
			continue
		}
		seg := t.Segment
		if run.cuts != nil {
			c = splitAt(n, t, run.cuts)
			continue
		}
		from := seg.Start + 1
		for from <= run.last {
			i := bytes.IndexByte(src[from:run.last+1], '[')
			if i < 0 {
				break
			}
			t.Segment = t.Segment.WithStop(from + i)
			next := ast.NewTextSegment(text.NewSegment(from+i, seg.Stop))
			if after := t.NextSibling(); after != nil {
				n.InsertBefore(n, after, next)
			} else {
				// Not InsertAfter: goldmark's counts a node
				// inserted after the last child twice.
				n.AppendChild(n, next)
			}
			t, c, from = next, next, from+i+1
		}
	}
}

// splitAt splits t, a child of n, into the text nodes that start at cuts
// (offsets in the source, rising, inside t), the last one to t's end. It
// returns the last node.
func splitAt(n ast.Node, t *ast.Text, cuts []int32) *ast.Text {
	stop := t.Segment.Stop
	soft, hard := t.SoftLineBreak(), t.HardLineBreak()
	for _, at := range cuts {
		t.Segment = t.Segment.WithStop(int(at))
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		next := ast.NewTextSegment(text.NewSegment(int(at), stop))
		next.SetSoftLineBreak(soft)
		next.SetHardLineBreak(hard)
		if after := t.NextSibling(); after != nil {
			n.InsertBefore(n, after, next)
		} else {
			// Not InsertAfter: see splitTextRuns.
			n.AppendChild(n, next)
		}
		t = next
	}
	return t
}

// uncutRuns drops the Cuts of n's NoteRuns, whose texts joinTexts has
// joined: in goldmark's parse, the texts a cut parts continue in the
// source right where the one before ends, and are joined into it.
func uncutRuns(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if r, ok := c.(*NoteRun); ok {
			r.Cuts = nil
		}
	}
}

// joinTexts joins each text child of n into the text child before it when
// that one continues in the source right where it ends and neither breaks
// the line there: the joined node is what goldmark makes of a stretch of
// text that no parser took apart (ast.MergeOrAppendTextSegment).
func joinTexts(n ast.Node) {
	joinRuns(n, func(c ast.Node) (*ast.Text, bool) {
		t, ok := c.(*ast.Text)
		return t, ok && joinable(t)
	}, func(last, u *ast.Text) bool {
		return u.Segment.Start == last.Segment.Stop
	}, func(first, last *ast.Text) text.Segment {
		return first.Segment.WithStop(last.Segment.Stop)
	})
}

// joinRuns joins each run of children of p that are text (plain) and
// follow on (together) into its first node, whose text becomes joined,
// given the first and last node of the run; a line break after a node
// ends its run, and the joined node breaks the line as the run's last
// did. Runs of one node are left as they are.
func joinRuns(p ast.Node, plain func(ast.Node) (*ast.Text, bool), together func(last, u *ast.Text) bool, joined func(first, last *ast.Text) text.Segment) {
	for c := p.FirstChild(); c != nil; {
		first, ok := plain(c)
		next := c.NextSibling()
		if !ok {
			c = next
			continue
		}
		last := first
		for !last.SoftLineBreak() && !last.HardLineBreak() {
			u, ok := plain(next)
			if !ok || !together(last, u) {
				break
			}
			last, next = u, u.NextSibling()
		}
		if last != first {
			first.Segment = joined(first, last)
			first.SetSoftLineBreak(last.SoftLineBreak())
			first.SetHardLineBreak(last.HardLineBreak())
			for n := first.NextSibling(); n != next; {
				after := n.NextSibling()
				p.RemoveChild(p, n)
				n = after
			}
		}
		c = next
	}
}

// joinable reports whether t is plain text of the source: not raw, no
// padding (tabs in code) nor forced newline.
func joinable(t *ast.Text) bool {
	return !t.IsRaw() && t.Segment.Padding == 0 && !t.Segment.ForceNewline
}
