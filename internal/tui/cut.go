package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// A post's title, tags and summary (the text before <!--more-->) may be
// as long as the post, and the list is drawn on every key: measuring all
// of them for each visible post cost 70 ms a key for a 1 MB title and
// summary, and the pager's header, wrapped whole, was 10,000 lines. So
// they are cut to the screen reading only as much of them as can show.

// cellBytes is how many bytes a cell of cut text may take (a character
// with its combining marks, an emoji sequence).
const cellBytes = 16

// cut truncates s to w cells, ending in "…" when it is cut, reading at
// most about cellBytes a cell of it. It is ansi.Truncate(s, w, "…") for
// any s that fits in that many bytes.
func cut(s string, w int) string {
	if w < 1 {
		return ""
	}
	if n := cellBytes * (w + 1); len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		return ansi.Truncate(s[:n], w-1, "") + "…"
	}
	return ansi.Truncate(s, w, "…")
}

// maxTitleLines is the most lines a title takes in the pager's header.
const maxTitleLines = 4

// wrapTitle wraps a title to w cells, in at most maxTitleLines lines, the
// last ending in "…" when the title is cut. It wraps as the post's text
// does (package textwrap): a Chinese title fills its lines and no line
// starts with closing punctuation.
// amb is how wide the terminal draws ambiguous punctuation.
func wrapTitle(title string, w int, amb textwrap.Ambiguous) string {
	lines := textwrap.Lines(cut(title, w*maxTitleLines), w, amb)
	if len(lines) > maxTitleLines {
		lines = lines[:maxTitleLines]
		last := strings.TrimRight(lines[maxTitleLines-1], " ")
		lines[maxTitleLines-1] = ansi.Truncate(last, max(0, w-1), "") + "…"
	}
	return strings.Join(lines, "\n")
}
