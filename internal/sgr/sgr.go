// Package sgr rewrites styled terminal text so that it draws the same with
// far fewer SGR escape sequences (ESC [ ... m, the colour and attribute
// codes).
//
// glamour styles every word and every padding space on its own: a 100-cell
// line of a post is about 860 bytes, "ESC[38;5;252m ESC[m" once per cell of
// padding. Bubbletea parses every line it shows on every frame
// (ultraviolet's printString), so that redundancy is paid per frame and per
// reader, and it fills the render cache. Compact, run once per render,
// removes it.
package sgr

import "strings"

// unknown marks a state inherited from text before the line: a line may
// start in any state, so sequences are dropped only after a reset has made
// the state known.
const unknown = "\x00"

// Compact returns line drawn the same with fewer SGR sequences:
//   - consecutive sequences are replaced by what they change: those before a
//     reset in the same run are dropped (the reset undoes them), and a reset
//     followed by the very sequences already in force is dropped whole, so
//     "ESC[38;5;252mone ESC[mESC[38;5;252mtwo" becomes
//     "ESC[38;5;252mone two";
//   - spaces at the end of the line whose style cannot be seen on a blank
//     cell (a foreground colour, bold, faint, italic; not a background,
//     underline, reverse or strike-through) are dropped: they draw as the
//     empty cells they become.
//
// The state after the line is the state after the original, so lines may be
// joined in any order. Other escape sequences are kept as text (a line with
// an OSC sequence, such as a hyperlink, keeps its spaces). Compact is for
// lines of a rendered document; a line without ESC is returned as is.
func Compact(line string) string {
	if !strings.Contains(line, "\x1b[") {
		return line
	}
	c := compactor{out: strings.Builder{}, written: unknown, state: unknown}
	c.trim = !strings.Contains(line, "\x1b]") // spaces under a hyperlink are part of it
	c.out.Grow(len(line) / 4)
	for i := 0; i < len(line); {
		if n := sgrLen(line[i:]); n > 0 {
			c.sgr(line[i : i+n])
			i += n
			continue
		}
		j := i + 1
		for j < len(line) && line[j] != 0x1b {
			j++
		}
		c.text(line[i:j])
		i = j
	}
	// Blanks still held are the line's end: dropped.
	writeChange(&c.out, c.written, c.state)
	return c.out.String()
}

// compactor is Compact's state: what it has written and what the line has
// set so far. A state is the SGR sequences applied, in order, since the last
// reset, concatenated; before the line's first reset it is prefixed by
// unknown.
type compactor struct {
	out     strings.Builder
	written string // the state out leaves the terminal in
	state   string // the state the line has set so far
	trim    bool   // trailing blanks may be dropped
	// blanks are spaces not yet written, each in its state: dropped if
	// nothing but more such blanks follows them.
	blanks []segment
	// invisible caches invisibleOnBlank(invisibleOf).
	invisibleOf string
	invisible   bool
}

// segment is text drawn in a state.
type segment struct {
	state, text string
}

// sgr takes one SGR sequence of the line.
func (c *compactor) sgr(seq string) {
	switch {
	case isReset(seq):
		c.state = ""
	case c.state == "":
		c.state = seq
	default:
		c.state += seq
	}
}

// text takes text of the line (no SGR sequence in it).
func (c *compactor) text(t string) {
	body := t
	if c.trim && c.blankState() {
		body = strings.TrimRight(t, " ")
	}
	if body != "" {
		for _, b := range c.blanks {
			c.write(b.state, b.text)
		}
		c.blanks = c.blanks[:0]
		c.write(c.state, body)
	}
	if rest := t[len(body):]; rest != "" {
		c.blanks = append(c.blanks, segment{c.state, rest})
	}
}

// write writes text in state.
func (c *compactor) write(state, text string) {
	writeChange(&c.out, c.written, state)
	c.written = state
	c.out.WriteString(text)
}

// blankState reports whether a space in the current state looks like an
// empty cell.
func (c *compactor) blankState() bool {
	if c.state != c.invisibleOf || c.invisibleOf == "" {
		c.invisibleOf, c.invisible = c.state, invisibleOnBlank(c.state)
	}
	return c.invisible
}

// sgrLen is the length of the SGR sequence at the start of s, 0 if none:
// ESC [, digits, ';' or ':', then 'm'.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for j := 2; j < len(s); j++ {
		switch c := s[j]; {
		case c >= '0' && c <= '9' || c == ';' || c == ':':
		case c == 'm':
			return j + 1
		default:
			return 0
		}
	}
	return 0
}

func isReset(seq string) bool { return seq == "\x1b[m" || seq == "\x1b[0m" }

// writeChange writes what takes the terminal from state from to state to.
func writeChange(b *strings.Builder, from, to string) {
	switch {
	case to == from:
	case strings.HasPrefix(to, from):
		// Only more sequences on top of what is in force (also the
		// unknown state before the first reset, which only grows).
		b.WriteString(to[len(from):])
	default:
		if from != "" {
			b.WriteString("\x1b[m")
		}
		b.WriteString(to)
	}
}

// invisibleOnBlank reports whether every attribute of state only changes
// how glyphs are drawn, so that a space in it looks like an empty cell.
// The unknown state is not.
func invisibleOnBlank(state string) bool {
	if strings.HasPrefix(state, unknown) {
		return false
	}
	for state != "" {
		n := sgrLen(state)
		params := state[2 : n-1]
		state = state[n:]
		if !invisibleParams(params) {
			return false
		}
	}
	return true
}

// invisibleParams reports whether the parameters of one SGR sequence are
// only foreground colours, bold, faint, italic or their resets.
func invisibleParams(params string) bool {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		switch p := ps[i]; p {
		case "", "0", "1", "2", "3", "22", "23", "39",
			"30", "31", "32", "33", "34", "35", "36", "37",
			"90", "91", "92", "93", "94", "95", "96", "97":
		case "38":
			// 38;5;N or 38;2;R;G;B: skip the colour's own parameters.
			switch {
			case i+2 < len(ps) && ps[i+1] == "5":
				i += 2
			case i+4 < len(ps) && ps[i+1] == "2":
				i += 4
			default:
				return false
			}
		default:
			// 38:5:N and 38:2::R:G:B are foreground colours too; every
			// other attribute may show on a blank cell.
			if !strings.HasPrefix(p, "38:") {
				return false
			}
		}
	}
	return true
}
