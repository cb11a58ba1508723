package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// Many Chinese terminal setups draw the punctuation Unicode leaves
// ambiguous (“” ‘’ — … ·) two cells wide, and nothing in the SSH session
// says so (TERM and the locale do not). So the session measures it: at
// the start, ambiguousProbe saves the cursor, prints “ at the start of
// the second row, asks where the cursor is (CSI 6n) and restores it; the
// screen is then cleared and drawn again, so the mark does not stay. The
// reply (a CursorPositionMsg: the decoder is ours, see
// internal/server/input.go) says column 3 for a wide terminal, 2 for a
// narrow one. Until it arrives, and for a terminal that never answers,
// the session keeps the Unicode default (narrow); a wide answer lays the
// post out again.
//
// The second row, not the first: a report from row 1 reads the same as
// Shift+F3 (CSI 1;2R), and the decoder would pass a key on too.
const ambiguousProbe = "\x1b7" + "\x1b[2;1H" + "“" + ansi.RequestCursorPositionReport + "\x1b8"

// probeAmbiguous writes the probe, then has the screen drawn anew.
func probeAmbiguous() tea.Cmd {
	return tea.Sequence(tea.Raw(ambiguousProbe), func() tea.Msg { return tea.ClearScreen() })
}

// ambiguousReport takes the probe's answer (only the first report from
// the probe's row is one) and reports whether the mode changed.
func (m *Model) ambiguousReport(msg tea.CursorPositionMsg) bool {
	if !m.probing || msg.Y != 1 {
		return false
	}
	m.probing = false
	amb := textwrap.Narrow
	if msg.X == 2 {
		amb = textwrap.Wide
	}
	changed := amb != m.amb
	m.amb = amb
	return changed
}

// fitLines cuts each line of s that a terminal drawing ambiguous
// punctuation as a says is wider than w: the pager's chrome (title, meta
// line, status bar) is measured the Unicode way when it is built, and its
// "…" and "·" take a cell more each on a wide terminal.
func fitLines(s string, w int, a textwrap.Ambiguous) string {
	if a == textwrap.Narrow {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		for n := ansi.StringWidth(l); n > 0 && textwrap.StringWidth(lines[i], a) > w; n-- {
			lines[i] = ansi.Truncate(l, n-1, "")
		}
	}
	return strings.Join(lines, "\n")
}
