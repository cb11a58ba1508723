package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// KindTextRun is the kind of a TextRun.
var KindTextRun = ast.NewNodeKind("TextRun")

// A TextRun stands for Count text nodes one after the other, each of
// the text at Segment (in the lowered source), without line breaks:
// the marks Lower draws around the pairs of HTML tags too deep to be
// drawn otherwise. "<sup><i>" nested a thousand deep made a "^(" and a
// ")" text node for each <sup>, side by side, 168 bytes each: a quarter
// of what the post cost. A run is made only in a paragraph, from texts
// Lower made (see lowerer.addMark), with LowerOptions.Labels: gansi
// draws it as it draws the texts it stands for (renderTextRun);
// TestTextRunDrawsAsItsTexts compares the two.
type TextRun struct {
	ast.BaseInline
	// Segment is the text of each of the texts.
	Segment text.Segment
	// Count is how many texts the run stands for, two or more.
	Count int
}

// Kind implements ast.Node.
func (n *TextRun) Kind() ast.NodeKind { return KindTextRun }

// Dump implements ast.Node.
func (n *TextRun) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{
		"Text":  string(n.Segment.Value(src)),
		"Count": strconv.Itoa(n.Count),
	}, nil)
}

// loweredText reports whether t is a text Lower made (its text added to the
// source after the parsed bytes, at or past from) that a run may stand
// for: no line break, not raw.
func loweredText(t *ast.Text, from int) bool {
	return t.Segment.Start >= from && !t.SoftLineBreak() && !t.HardLineBreak() && !t.IsRaw()
}

// addMark adds a text of s to parent, a mark drawn around a pair of
// tags: right after node at, or right before it when !after. Where the
// node on that side is a text of s Lower made, or a run of them (the
// mark of the pair just inside this one), it is counted in a run
// instead (see TextRun): texts of the same text side by side are drawn
// the same in whichever order they were added.
func (l *lowerer) addMark(parent, at ast.Node, s string, after bool) {
	side := at.PreviousSibling()
	if after {
		side = at.NextSibling()
	}
	if l.o.Labels && parent.Kind() == ast.KindParagraph && side != nil {
		switch n := side.(type) {
		case *TextRun:
			if string(n.Segment.Value(l.src)) == s {
				n.Count++
				return
			}
		case *ast.Text:
			if loweredText(n, l.parsed) && string(n.Segment.Value(l.src)) == s {
				run := &TextRun{Segment: n.Segment, Count: 2}
				parent.ReplaceChild(parent, n, run)
				return
			}
		}
	}
	if after {
		parent.InsertAfter(parent, at, l.text(s))
	} else {
		parent.InsertBefore(parent, at, l.text(s))
	}
}

// expandRun replaces run, in parent, by the texts it stands for, made
// as lowerer.text makes them: before the run is moved out of a
// paragraph (into an emphasis, whose element draws its children itself).
func (l *lowerer) expandRun(parent ast.Node, run *TextRun) []ast.Node {
	out := make([]ast.Node, run.Count)
	for i := range out {
		t := l.texts.get()
		t.Segment = run.Segment
		parent.InsertBefore(parent, run, t)
		out[i] = t
	}
	parent.RemoveChild(parent, run)
	return out
}

// lastOfRun makes the last text run stands for, in parent, a node of
// its own after it, and returns it: a display formula after the run
// breaks the line after that text (see lowerer.math). A run of one is
// left a text.
func (l *lowerer) lastOfRun(parent ast.Node, run *TextRun) *ast.Text {
	return l.endOfRun(parent, run, true)
}

// firstOfRun makes the first text run stands for, in parent, a node of
// its own before it, and returns it: the text after a display formula
// starts its line, trimmed (see lowerer.math). A run of one is left a
// text. (Marks are never blank: no run is among the blank texts math
// removes after a formula.)
func (l *lowerer) firstOfRun(parent ast.Node, run *TextRun) *ast.Text {
	return l.endOfRun(parent, run, false)
}

// endOfRun makes the last (when last) or first text run stands for a
// node of its own beside it, and returns it; a run left of one becomes
// a text.
func (l *lowerer) endOfRun(parent ast.Node, run *TextRun, last bool) *ast.Text {
	t := l.texts.get()
	t.Segment = run.Segment
	if last {
		parent.InsertAfter(parent, run, t)
	} else {
		parent.InsertBefore(parent, run, t)
	}
	if run.Count--; run.Count == 1 {
		one := l.texts.get()
		one.Segment = run.Segment
		parent.ReplaceChild(parent, run, one)
	}
	return t
}
