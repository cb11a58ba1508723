package render

import (
	"fmt"
	"strings"

	"charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
)

// The heading of the list of links at the end of a post, in the post's
// language (see chinese).
const (
	linksHeading   = "Links"
	linksHeadingZH = "链接"
)

// linkMargin is the document margin glamour draws text at.
const linkMargin = "  "

// linkList lays out the numbered list of a post's link destinations
// under a rule and a heading, at width, in style: "[3] URL", the URL in
// its readable form (see readableURL) and, in the pager styles, a
// hyperlink to it. A URL too long for a line continues on the next ones
// under its start, cut between characters: nothing is added to it (no
// hyphen, no break at its slashes that would read as a space).
func linkList(t *linkTable, width int, style Style, zh bool) []string {
	urls := t.urls
	if len(urls) == 0 {
		return nil
	}
	c := styleConfig(style)
	hyper := style != Plain
	paint := paint
	if style == Plain {
		paint = func(_ ansi.StylePrimitive, s string) string { return s }
	}
	numberStyle := c.Link
	numberStyle.Underline = nil
	// The numbers and the URLs are each drawn in one style: its
	// sequence is made once (painter), not for every line.
	number, link := newPainter(numberStyle, style), newPainter(c.Link, style)
	heading := linksHeading
	if zh {
		heading = linksHeadingZH
	}
	lines := []string{
		"",
		linkMargin + paint(c.HorizontalRule, strings.Trim(c.HorizontalRule.Format, "\n")),
		"",
		linkMargin + paint(c.Heading.StylePrimitive, heading),
		"",
	}
	numWidth := len(fmt.Sprintf("[%d] ", len(urls)))
	for i, u := range urls {
		num := fmt.Sprintf("[%d]", i+1)
		num += strings.Repeat(" ", numWidth-len(num))
		open, closing := "", ""
		if hyper {
			open, closing = t.hyperlink(i + 1)
		}
		shown := readableURL(u)
		room := max(1, width-len(linkMargin)-numWidth)
		prefix := linkMargin + number.paint(num)
		for first := true; first || shown != ""; first = false {
			n := fitting(shown, room)
			if n == 0 {
				// A character wider than the room: it goes alone.
				_, size := firstCluster(shown)
				n = size
			}
			lines = append(lines, prefix+open+link.paint(shown[:n])+closing)
			shown = shown[n:]
			prefix = linkMargin + strings.Repeat(" ", numWidth)
		}
	}
	return lines
}

// painter paints text in one style as paint does, the style's
// sequence made once.
type painter struct{ open string }

// newPainter returns the painter of st, which paints nothing in the
// plain style.
func newPainter(st ansi.StylePrimitive, style Style) painter {
	if style == Plain {
		return painter{}
	}
	// paint writes the style's sequence, s and a reset (none of them
	// for no style): the sequence is what comes before a one-byte s.
	open := paint(st, "x")
	if open == "x" {
		return painter{}
	}
	return painter{open: open[:len(open)-1-len(xansi.ResetStyle)]}
}

// paint is paint(st, s).
func (p painter) paint(s string) string {
	if s == "" || p.open == "" {
		return s
	}
	return p.open + s + xansi.ResetStyle
}

func firstCluster(s string) (string, int) {
	g, _ := xansi.FirstGraphemeCluster(s, xansi.GraphemeWidth)
	return g, len(g)
}

// paint draws s in the colour, weight and underline of st (glamour's
// style primitives, which glamour applies to the text it draws).
func paint(st ansi.StylePrimitive, s string) string {
	if s == "" {
		return ""
	}
	var x xansi.Style
	if st.Color != nil {
		x = x.ForegroundColor(lipgloss.Color(*st.Color))
	}
	if st.Bold != nil && *st.Bold {
		x = x.Bold()
	}
	if st.Underline != nil && *st.Underline {
		x = x.Underline(true)
	}
	return x.Styled(s)
}

// chinese reports whether a post is mostly Chinese or Japanese: more
// CJK characters than Latin letters in its first 64 KB. The list of links
// is headed in the post's language, which the renderer is not told.
func chinese(md string) bool {
	md = md[:min(len(md), 64<<10)]
	cjk, latin := 0, 0
	for _, r := range md {
		switch {
		case r < 0x80:
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				latin++
			}
		case isCJK(r): // Han among them
			cjk += 2 // a character says about what a short word does
		}
	}
	return cjk > latin
}

// osc8 starts every OSC 8 sequence; hyperlinks end with a sequence of an
// empty URL.
const osc8 = "\x1b]8;"

// balanceLinks closes an OSC 8 hyperlink still open at the end of a line
// and opens it again at the start of the next line's text, so that every
// line stands on its own: a pager shows any slice of the lines, and
// terminals drop or cut a line at the window's edge; a hyperlink left
// open would run on into whatever is drawn next (the status bar, the next
// frame).
func balanceLinks(lines []string) []string {
	open := "" // the sequence of the hyperlink open at the end of the last line
	for i, l := range lines {
		if open == "" && !strings.Contains(l, osc8) {
			continue
		}
		if open != "" {
			text := strings.TrimLeft(l, " ")
			if text != "" {
				l = l[:len(l)-len(text)] + open + text
			}
		}
		open = openAtEnd(l, open)
		if open != "" {
			l += xansi.ResetHyperlink()
		}
		lines[i] = l
	}
	return lines
}

// openAtEnd returns the sequence of the hyperlink open at the end of l,
// given the one open at its start.
func openAtEnd(l, open string) string {
	for {
		i := strings.Index(l, osc8)
		if i < 0 {
			return open
		}
		l = l[i:]
		end := strings.IndexAny(l, "\x07\x1b")
		if end < 0 {
			return open // unterminated: not ours
		}
		if l[end] == '\x1b' && end+1 < len(l) && l[end+1] == '\\' {
			end++
		} else if l[end] == '\x1b' {
			end = len(osc8) - 1 // the ESC of another sequence: skip this one
			l = l[end:]
			continue
		}
		seq := l[:end+1]
		// The URL is after the second ';': empty closes.
		params := seq[len(osc8):]
		if j := strings.IndexByte(params, ';'); j >= 0 && strings.TrimRight(params[j+1:], "\x07\x1b\\") == "" {
			open = ""
		} else {
			open = seq
		}
		l = l[end+1:]
	}
}
