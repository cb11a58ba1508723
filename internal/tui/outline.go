package tui

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/limits"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/sanitize"
)

// A post's outline is what the table of contents (o) and the links list
// (l) show: its headings, each with the rendered line it starts at, and
// its links, numbered as everywhere else (markdown.Links). It is built
// off the update loop, once per post and render, when the reader first
// asks for either: parsing a long post takes a while, and most readers
// never ask.

// outlineSlots are the slots outlines are parsed in, shared by every
// session (Options.Outlines), with the session's context (Options.Context).
type outlineSlots struct {
	slots limits.Slots
	ctx   context.Context
}

// outline is one post's headings and links, for one render of it.
type outline struct {
	want     string // the render (pagerView.want) the heading rows belong to
	headings []markdown.Heading
	rows     []int // rendered line of each heading
	lines    int   // how many lines that render has
	links    []markdown.Link
}

// outlineMsg brings a finished outline to the pager.
type outlineMsg struct{ outline }

// outlineCmd builds the outline of md for the render lines (keyed want),
// whose headings start on the lines heads (render.Rendered.Headings),
// read in the site's dialect (its math delimiters) as the render reads it,
// taking one of slots while it parses. The lines and heads are the
// render's, shared and never modified. A post shown as its plain text
// (too large to lay out, or its layout failed) is not parsed: its outline
// is empty.
func outlineCmd(md string, dialect *markdown.Dialect, want string, lines []string, heads []int, laidOut bool, slots outlineSlots) tea.Cmd {
	return func() tea.Msg {
		if !laidOut {
			return outlineMsg{outline{want: want, lines: len(lines)}}
		}
		ctx := slots.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		if err := slots.slots.Acquire(ctx); err != nil {
			// The session is gone: nobody to parse for. (A command
			// outlives its program; without this a crowd that asks
			// and leaves queued parses for no one.)
			return nil
		}
		defer slots.slots.Release()
		src := []byte(md)
		// The site's parser, built once for its configuration: what is
		// math in the render holds no links to number.
		doc := markdown.Parse(dialect.Parser(false), src, nil)
		hs := markdown.Headings(doc, src)
		return outlineMsg{outline{
			want:     want,
			headings: hs,
			rows:     placeHeadings(lines, heads, hs, len(md)),
			lines:    len(lines),
			links:    markdown.Links(doc, src),
		}}
	}
}

// placeHeadings returns the rendered line each heading of hs starts at:
// the render's own record of them (heads), when it has one line for each
// heading in order. When it does not (a piece of a long post shown as
// plain text has none; a heading the parse sees that the render does not
// draw), the lines are found by their text (headingRows).
func placeHeadings(lines []string, heads []int, hs []markdown.Heading, mdLen int) []int {
	if len(heads) == len(hs) && slices.IsSorted(heads) && (len(heads) == 0 || heads[len(heads)-1] < len(lines)) {
		return heads
	}
	return headingRows(lines, hs, mdLen)
}

// headingRows finds the rendered line each heading starts at by its text,
// for a render that does not say (see placeHeadings).
//
// The renderer draws a heading as its text on a line of its own,
// "## "-prefixed from level 2 on, wrapped if long; a line that starts a
// heading is, once its styling and marker are removed, the start of the
// heading's text. Headings come in document order, so each is looked for
// after the one before. One that cannot be found (a heading inside a
// quote, whose lines carry the quote's bar; a post shown as plain text)
// gets the line at the same fraction of the text as its offset in the
// markdown. Lines are indexed by their first runes, so the search costs
// one pass over the render however many headings there are.
func headingRows(lines []string, hs []markdown.Heading, mdLen int) []int {
	rows := make([]int, len(hs))
	if len(hs) == 0 || len(lines) == 0 {
		return rows
	}
	byKey := map[string][]int{}
	norm := make(map[int]string)
	marks := make(map[int]int) // the "#" marker's level, 0 for none
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n, level := headingText(ansi.Strip(l))
		if n == "" {
			continue
		}
		k := keyOf(n)
		byKey[k] = append(byKey[k], i)
		norm[i], marks[i] = n, level
	}
	next := 0
	skip := map[string]int{} // by key: its lines before next, never looked at again
	for h, hd := range hs {
		text := strings.Join(strings.Fields(emphasisMarks.Replace(hd.Text)), " ")
		// A line with the heading's own marker wins over a paragraph
		// line with the same words (a level 1 heading has none in the
		// dark and light styles).
		row, loose := -1, -1
		k := keyOf(text)
		cand := byKey[k]
		for skip[k] < len(cand) && cand[skip[k]] < next {
			skip[k]++
		}
		// At most maxCandidates lines are tried: a post of 40,000
		// headings and lines that share their first runes and never
		// match tried every line for every heading (77 s of CPU); a
		// heading not found among them is placed by its offset.
		cand = cand[skip[k]:min(len(cand), skip[k]+maxCandidates)]
		for _, i := range cand {
			if !strings.HasPrefix(text, norm[i]) {
				continue
			}
			if marks[i] == hd.Level {
				row = i
				break
			}
			if loose < 0 {
				loose = i
			}
		}
		if row < 0 {
			row = loose
		}
		if row < 0 {
			row = next
			if hd.Offset >= 0 && mdLen > 0 {
				row = max(next, min(len(lines)-1, hd.Offset*len(lines)/mdLen))
			}
			rows[h] = row
			continue
		}
		rows[h], next = row, row+1
	}
	return rows
}

// maxCandidates bounds the lines headingRows tries for one heading.
const maxCandidates = 64

// headingText is a rendered line's text as a heading's: spaces collapsed
// (inline code is padded with no-break spaces), "#" markers removed, and
// emphasis and code markers, which the plain style keeps, left out.
func headingText(l string) (text string, level int) {
	l = strings.Join(strings.Fields(emphasisMarks.Replace(strings.ReplaceAll(l, "\u00a0", " "))), " ")
	if t := strings.TrimLeft(l, "#"); len(t) < len(l) && len(l)-len(t) <= 6 && strings.HasPrefix(t, " ") {
		return t[1:], len(l) - len(t)
	}
	return l, 0
}

// emphasisMarks are removed from both sides of the comparison: a heading
// whose text has them (a literal * or `) matches too.
var emphasisMarks = strings.NewReplacer("*", "", "_", "", "`", "", "~", "")

// keyOf is the first few runes of a text: the index key of headingRows.
func keyOf(s string) string {
	n := 0
	for i := range s {
		if n == 8 {
			return s[:i]
		}
		n++
	}
	return s
}

// outlined takes a finished outline; it opens the overlay the reader
// asked for if it is for the render on screen.
func (p *pagerView) outlined(msg outlineMsg) {
	p.outlinePending = false
	if msg.want != p.want || !p.ready {
		return
	}
	p.outline = &msg.outline
	if p.overlayWanted != overlayNone {
		p.openOverlay(p.overlayWanted)
		p.overlayWanted = overlayNone
	}
}

// sanitizeURL keeps a link's destination to what a clipboard and a
// terminal line can safely hold: the sanitizer's rule (no escape
// sequences, controls or bidirectional formatting), on one line, without
// replacement characters, 2 KB at most.
func sanitizeURL(u string) string {
	u = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == utf8.RuneError {
			return -1
		}
		return r
	}, sanitize.Text(u))
	if len(u) > markdown.MaxLinkTail {
		u = strings.ToValidUTF8(u[:markdown.MaxLinkTail], "")
	}
	return u
}
