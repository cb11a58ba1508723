package render

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Glamour lays list items out as one block wrapped at the list's margin:
// a wrapped item continues under its number instead of under its text, a
// line break in the source starts a new line at the margin, and the second
// paragraph of a loose item is glued to the end of the first with no space
// (charmbracelet/glamour#167, open in v2.0.1). Numbered and bulleted lists
// of long Chinese sentences, which wrap on every item, read badly.
//
// So items are laid out again after glamour: annotate tags, in the
// markdown, where each item's text and each later paragraph of an item
// start, and hangItems finds the tags in glamour's output, joins the
// item's lines back into its text and wraps it again with a hanging
// indent. Writing a list renderer instead would mean redoing glamour's
// inline styling (links, code, emphasis), which this keeps.

// The tags are dash characters nobody writes (annotate replaces any in
// the text): they must count as punctuation, so that emphasis right after
// them ("1. **“引”**") still parses; their width does not matter because
// every tagged item is wrapped again.
const (
	itemMark = '\u2E3B' // THREE-EM DASH: an item's text starts here
	paraMark = '\u2E3A' // TWO-EM DASH: a later paragraph of the item starts here
)

// listParser parses markdown like glamour does, to find list items. A
// goldmark parser is safe for concurrent use and never changes.
var listParser = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser()

// mayHaveList is a cheap test for a list marker at the start of a line.
var mayHaveList = regexp.MustCompile(`(?m)^[ \t>]*([-*+]|[0-9]{1,9}[.)])[ \t]`)

// annotate rewrites the markdown in one parse: it inserts itemMark where
// each list item's first paragraph starts (after a task checkbox) and
// paraMark where each later paragraph of the item starts, and it joins
// lines that break between two CJK characters (see joinCJKLines).
func annotate(md string) string {
	lists := mayHaveList.MatchString(md)
	if !lists && !hasCJK(md) {
		return md
	}
	md = strings.NewReplacer(string(itemMark), "———", string(paraMark), "——").Replace(md)
	src := []byte(md)
	type edit struct {
		at, end int    // bytes [at, end) are replaced by text
		text    string // a mark, or "" to delete
	}
	var edits []edit
	doc := listParser.Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindText:
			if at, end, ok := cjkSoftBreak(n.(*ast.Text), src); ok {
				edits = append(edits, edit{at, end, ""})
			}
		case ast.KindListItem:
			first := n.FirstChild()
			if first == nil || !isTextBlock(first) || first.Lines().Len() == 0 {
				return ast.WalkContinue, nil // starts with code, a heading...: left to glamour
			}
			start := first.Lines().At(0).Start + taskBox(src[first.Lines().At(0).Start:])
			edits = append(edits, edit{start, start, string(itemMark)})
			for c := first.NextSibling(); c != nil; c = c.NextSibling() {
				if c.Kind() == ast.KindParagraph && c.Lines().Len() > 0 {
					at := c.Lines().At(0).Start
					edits = append(edits, edit{at, at, string(paraMark)})
				}
			}
		}
		return ast.WalkContinue, nil
	})
	if len(edits) == 0 {
		return md
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b strings.Builder
	b.Grow(len(md) + 3*len(edits))
	last := 0
	for _, e := range edits {
		if e.at < last {
			continue // overlaps an earlier edit
		}
		b.Write(src[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return b.String()
}

// cjkSoftBreak reports the bytes to delete when the text node t ends a
// line with a CJK character and the next line goes on with one: in
// Chinese a line break of the source is no space, but glamour (like a
// browser) would show one in the middle of a sentence. The bytes are the
// line break and the next line's indentation or quote markers.
func cjkSoftBreak(t *ast.Text, src []byte) (int, int, bool) {
	if !t.SoftLineBreak() || t.HardLineBreak() {
		return 0, 0, false
	}
	next, ok := t.NextSibling().(*ast.Text)
	if !ok || t.Parent() == nil || t.Parent().Kind() == ast.KindCodeSpan {
		return 0, 0, false
	}
	end, start := t.Segment.Stop, next.Segment.Start
	if end <= 0 || start >= len(src) || start <= end || bytes.IndexByte(src[end:start], '\n') < 0 {
		return 0, 0, false
	}
	last, _ := utf8.DecodeLastRune(src[:end])
	first, _ := utf8.DecodeRune(src[start:])
	if !isCJK(last) || !isCJK(first) {
		return 0, 0, false
	}
	return end, start, true
}

func isTextBlock(n ast.Node) bool {
	return n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock
}

// taskBox returns the length of a GFM task checkbox ("[ ] ") at the start
// of an item's text: the tag goes after it, or the box would not parse.
func taskBox(s []byte) int {
	if len(s) >= 4 && s[0] == '[' && strings.ContainsRune(" xX", rune(s[1])) && s[2] == ']' && (s[3] == ' ' || s[3] == '\t') {
		return 4
	}
	return 0
}

// rightMargin is the document margin glamour keeps at the right edge.
const rightMargin = 2

// minItemWidth is the narrowest text column worth a hanging indent.
const minItemWidth = 8

// hangItems lays out again every tagged list item of glamour's output
// lines: its text wrapped to width with continuation lines under the
// text, and later paragraphs on lines of their own. src is the markdown
// that was rendered, used to tell how glamour broke a line.
func hangItems(lines []string, width int, src string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		k := strings.IndexRune(raw, itemMark)
		if k < 0 {
			out = append(out, raw)
			continue
		}
		prefix := raw[:k]
		plainPrefix := xansi.Strip(prefix)
		hang := xansi.StringWidth(plainPrefix)
		leadPlain := plainPrefix[:len(plainPrefix)-len(strings.TrimLeft(plainPrefix, " ▏|"))]
		leadW := xansi.StringWidth(leadPlain)
		avail := width - rightMargin - hang
		if avail < minItemWidth {
			out = append(out, raw)
			continue
		}
		parts := []string{trimPad(raw[k+utf8.RuneLen(itemMark):])}
		for j := i + 1; j < len(lines); j++ {
			pl := xansi.Strip(lines[j])
			rest, ok := strings.CutPrefix(pl, leadPlain)
			if !ok || strings.ContainsRune(pl, itemMark) || strings.TrimSpace(rest) == "" || rest[0] == ' ' {
				break // the next item, a nested list, a blank line
			}
			parts = append(parts, trimPad(xansi.TruncateLeft(lines[j], leadW, "")))
			i = j
		}
		// Breaks at spaces, hyphens and U+2028 only: glamour also breaks
		// after ",.;+|", which splits "finished.**" or "a,b" in two.
		open := openStyle(prefix)
		lead := xansi.Truncate(raw, leadW, "") + strings.Repeat(" ", hang-leadW)
		for n, para := range strings.Split(joinLines(parts, src), string(paraMark)) {
			if n > 0 {
				out = append(out, "")
			}
			for m, l := range strings.Split(lipgloss.Wrap(open+strings.TrimSpace(para), avail, " "), "\n") {
				if n == 0 && m == 0 {
					out = append(out, prefix+l)
				} else {
					out = append(out, lead+l)
				}
			}
		}
	}
	return out
}

// trimPad removes the spaces glamour pads a line with, keeping its styles.
func trimPad(raw string) string {
	plain := strings.TrimRight(xansi.Strip(raw), " ")
	return emptyStyle.ReplaceAllString(xansi.Truncate(raw, xansi.StringWidth(plain), ""), "")
}

// emptyStyle matches a style that is reset before any text: dead bytes
// left where padding was cut.
var emptyStyle = regexp.MustCompile(`\x1b\[[0-9;]*m\x1b\[0?m`)

// openStyle returns the style sequences left open at the end of s (glamour
// opens the text style right before an item's text), so that wrapped
// lines keep it.
func openStyle(s string) string {
	cut := max(strings.LastIndex(s, "\x1b[m"), strings.LastIndex(s, "\x1b[0m"))
	if cut < 0 {
		cut = 0
	}
	tail := s[cut:]
	var b strings.Builder
	for i := 0; i < len(tail); {
		seq, w, n, _ := xansi.DecodeSequence(tail[i:], xansi.NormalState, nil)
		if w == 0 && strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m") && seq != "\x1b[m" && seq != "\x1b[0m" {
			b.WriteString(seq)
		}
		i += n
	}
	return b.String()
}

// joinLines joins the lines of one item back into its text. Glamour broke
// them at a space, at a CJK break opportunity (U+2028), after one of
// ",.;-+|", or at a line break of the source; the space or U+2028 is gone.
// Between two CJK characters the break was a U+2028 (or a source line
// break, which is no space in Chinese); after a hyphen or ",.;+|" that
// the source writes without a space, nothing; elsewhere a space.
func joinLines(parts []string, src string) string {
	var b strings.Builder
	prevPlain := ""
	for n, p := range parts {
		plain := xansi.Strip(p)
		if n > 0 {
			b.WriteString(joiner(prevPlain, plain, src))
		}
		b.WriteString(p)
		prevPlain = plain
	}
	return b.String()
}

func joiner(prev, next, src string) string {
	c, _ := utf8.DecodeLastRuneInString(prev)
	d, _ := utf8.DecodeRuneInString(next)
	switch {
	case prev == "" || next == "" || c == paraMark || d == paraMark:
		return ""
	case isCJK(c) && isCJK(d):
		if strings.ContainsRune(noLineStart, d) || strings.ContainsRune(noLineEnd, c) {
			return ""
		}
		return string(lineBreak)
	case strings.ContainsRune(",.;-+|", c):
		tail, head := lastRunes(prev, 8), firstRunes(next, 8)
		flat := strings.ReplaceAll(src, string(lineBreak), "")
		if strings.Contains(flat, tail+head) && !strings.Contains(flat, tail+" "+head) {
			return ""
		}
	}
	return " "
}

func lastRunes(s string, n int) string {
	s = strings.ReplaceAll(s, string(lineBreak), "")
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	s = strings.ReplaceAll(s, string(lineBreak), "")
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
