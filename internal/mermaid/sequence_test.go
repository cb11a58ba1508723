package mermaid

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/textwrap"
)

const seqSample = `sequenceDiagram
    autonumber
    participant R as 读者
    participant S as Server
    actor C as Cache
    R->>S: ssh connect
    S-->>R: host key
    Note right of C: a note
    loop every key
        R->>+S: key press
        S->>S: render
        activate S
        alt cached
            S->>C: get
        else not cached
            S-xC: miss
        end
    end
    Note over R,S: both sides
    Note left of R: 左边
    S--)R: page
    R->R: think
`

func TestParseSequence(t *testing.T) {
	sq, err := ParseSequence(seqSample)
	if err != nil {
		t.Fatal(err)
	}
	var actors []string
	for _, a := range sq.Actors {
		actors = append(actors, a.ID+"="+strings.Join(a.Label, " "))
	}
	if got := strings.Join(actors, ","); got != "R=读者,S=Server,C=Cache" {
		t.Errorf("participants %s", got)
	}
	var steps []string
	for _, s := range sq.Steps {
		steps = append(steps, fmt.Sprintf("%d %d>%d %q %d %d %d", s.Kind, s.From, s.To, s.Text, s.Style, s.Head, s.Place))
	}
	want := []string{
		`0 0>1 "1. ssh connect" 0 1 0`,
		`0 1>0 "2. host key" 1 1 0`,
		`1 2>2 "a note" 0 0 0`,
		`2 0>0 "loop every key" 0 0 0`,
		`0 0>1 "3. key press" 0 1 0`,
		`0 1>1 "4. render" 0 1 0`,
		`2 0>0 "alt cached" 0 0 0`,
		`0 1>2 "5. get" 0 1 0`,
		`2 0>0 "else not cached" 0 0 0`,
		`0 1>2 "6. miss" 0 3 0`,
		`2 0>0 "end" 0 0 0`,
		`2 0>0 "end" 0 0 0`,
		`1 0>1 "both sides" 0 0 2`,
		`1 0>0 "左边" 0 0 1`,
		`0 1>0 "7. page" 1 1 0`,
		`0 0>0 "8. think" 0 0 0`,
	}
	if got := strings.Join(steps, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("steps:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	for _, bad := range []string{
		"sequenceDiagram\n  A =>> B: hi",
		"sequenceDiagram\n  end",
		"sequenceDiagram\n  else",
		"sequenceDiagram",
		"sequenceDiagram\n" + strings.Repeat("A->>B: hi\n", MaxEdges+1),
	} {
		if _, err := ParseSequence(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
		if _, ok := Render(bad, Options{Width: 80}); ok {
			t.Errorf("%q drawn", bad)
		}
	}
}

// TestSequenceDrawing: each message's line runs between its two
// lifelines, its arrow at the receiver's; participants and texts are
// drawn whole; nothing passes the width.
func TestSequenceDrawing(t *testing.T) {
	sq, err := ParseSequence(seqSample)
	if err != nil {
		t.Fatal(err)
	}
	for _, amb := range []textwrap.Ambiguous{textwrap.Narrow, textwrap.Wide} {
		l, err := newSeqLayout(sq, amb, 80)
		if err != nil {
			t.Fatal(err)
		}
		d := l.draw(amb == textwrap.Wide)
		lines := d.lines()
		all := strings.Join(lines, "\n")
		for _, line := range lines {
			if textwrap.StringWidth(line, amb) > 80 {
				t.Errorf("line wider than 80: %q", line)
			}
		}
		for _, a := range sq.Actors {
			if !strings.Contains(all, "│ "+a.Label[0]+" │") && !strings.Contains(all, "| "+a.Label[0]+" |") {
				t.Errorf("participant %s not drawn:\n%s", a.Label[0], all)
			}
		}
		for i, s := range sq.Steps {
			if !strings.Contains(lines[l.stepRow[i]], s.Text) && s.Kind != Note {
				t.Errorf("step %q not on its row %d:\n%s", s.Text, l.stepRow[i], all)
			}
			if s.Kind != Message || s.From == s.To {
				continue
			}
			row := []rune(lines[l.stepRow[i]+1])
			at := func(x int) string {
				// Cells, not runes: rows of a message hold no wide
				// characters left of the line.
				if x < len(row) {
					return string(row[x])
				}
				return ""
			}
			a, b := l.center[s.From], l.center[s.To]
			step := 1
			if b < a {
				step = -1
			}
			for x := a + step; x != b-step; x += step {
				if c := at(x); !strings.Contains("─┄┼-.+", c) {
					t.Errorf("step %q: %q at %d, not a line:\n%s", s.Text, c, x, all)
				}
			}
			want := map[End]string{Arrow: "▶◀><", Cross: "x"}[s.Head]
			if c := at(b - step); !strings.Contains(want, c) {
				t.Errorf("step %q ends in %q at %d, want one of %q:\n%s", s.Text, c, b-step, want, all)
			}
			if c := at(b); !strings.Contains("│|", c) {
				t.Errorf("step %q: receiver's lifeline drawn %q", s.Text, c)
			}
		}
	}
	if _, ok := Render(seqSample, Options{Width: 40}); ok {
		t.Error("a sequence diagram wider than 40 drawn at 40")
	}
}
