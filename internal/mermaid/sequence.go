package mermaid

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Sequence is a parsed sequence diagram: its participants, left to right,
// and its steps, top to bottom.
type Sequence struct {
	Actors []Node
	Steps  []Step
}

// StepKind is what a step of a sequence diagram draws.
type StepKind int

// The steps: a message between participants (or to itself), a note, and
// the start, divider or end of a block (loop, alt, else, opt...).
const (
	Message StepKind = iota
	Note
	Section
)

// Note positions.
const (
	RightOf = iota
	LeftOf
	Over
)

// Step is a step of a sequence diagram.
type Step struct {
	Kind     StepKind
	From, To int // participants; To is the last one a note spans
	Text     string
	Style    LineStyle // Solid or Dotted
	Head     End
	Place    int // of a note: RightOf, LeftOf, Over
}

var (
	messageRe = regexp.MustCompile(`^([^\s:][^:]*?)\s*(-->>|->>|-->|->|--x|-x|--\)|-\))\s*[+-]?\s*([^\s:+-][^:]*?)\s*$`)
	noteRe    = regexp.MustCompile(`^(?i:note)\s+(right of|left of|over)\s+([^:,]+?)\s*(?:,\s*([^:]+?))?\s*$`)
	actorRe   = regexp.MustCompile(`^(participant|actor)\s+(.+?)(?:\s+as\s+(.+))?$`)
)

// blocks open a block drawn as a section line; box groups participants
// and draws nothing.
var blocks = map[string]bool{"loop": true, "alt": true, "opt": true, "par": true, "critical": true, "break": true, "rect": true}

// ParseSequence parses a mermaid sequenceDiagram: participants and
// actors (with "as" aliases), messages (->>, -->>, ->, -->, -x, --x, -),
// --)), notes (left of, right of, over one or two), blocks (loop, alt,
// else, opt, par, and, critical, break, rect, end) and autonumber; it
// ignores activations, titles and boxes. It reports an error for anything
// else and beyond the bounds (MaxNodes participants, MaxEdges steps).
func ParseSequence(src string) (*Sequence, error) {
	if len(src) > MaxSource {
		return nil, fmt.Errorf("%w: %d bytes of source", errUnsupported, len(src))
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	sq := &Sequence{}
	ids := map[string]int{}
	actor := func(id string) (int, error) {
		id = strings.TrimSpace(id)
		if i, ok := ids[id]; ok {
			return i, nil
		}
		if id == "" || len(id) > maxIDBytes {
			return 0, fmt.Errorf("%w: participant %q", errUnsupported, clip(id))
		}
		if len(sq.Actors) >= MaxNodes {
			return 0, fmt.Errorf("%w: more than %d participants", errUnsupported, MaxNodes)
		}
		ids[id] = len(sq.Actors)
		sq.Actors = append(sq.Actors, Node{ID: id, Label: cleanLabel(id)})
		return len(sq.Actors) - 1, nil
	}
	header, number := false, 0
	var open []bool // blocks open: whether each draws its end
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "%%") {
			continue
		}
		if !header {
			if line != "sequenceDiagram" {
				return nil, fmt.Errorf("%w: %q", errUnsupported, clip(line))
			}
			header = true
			continue
		}
		if len(sq.Steps) >= MaxEdges {
			return nil, fmt.Errorf("%w: more than %d steps", errUnsupported, MaxEdges)
		}
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch {
		case word == "autonumber":
			number = 1
		case word == "activate" || word == "deactivate" || strings.HasPrefix(word, "title") || strings.HasPrefix(word, "accTitle") || strings.HasPrefix(word, "accDescr"):
		case word == "box":
			open = append(open, false)
		case blocks[word]:
			open = append(open, true)
			sq.Steps = append(sq.Steps, Step{Kind: Section, Text: strings.Join(cleanLabel(word+" "+rest), " ")})
		case word == "else" || word == "and" || word == "option":
			if len(open) == 0 {
				return nil, fmt.Errorf("line %d: %w: %s outside a block", n+1, errUnsupported, word)
			}
			sq.Steps = append(sq.Steps, Step{Kind: Section, Text: strings.Join(cleanLabel(line), " ")})
		case line == "end":
			if len(open) == 0 {
				return nil, fmt.Errorf("line %d: %w: end without a block", n+1, errUnsupported)
			}
			if open[len(open)-1] {
				sq.Steps = append(sq.Steps, Step{Kind: Section, Text: "end"})
			}
			open = open[:len(open)-1]
		case actorRe.MatchString(line):
			m := actorRe.FindStringSubmatch(line)
			i, err := actor(m[2])
			if err != nil {
				return nil, err
			}
			if m[3] != "" {
				sq.Actors[i].Label = cleanLabel(m[3])
			}
		default:
			head, text, _ := strings.Cut(line, ":")
			text = strings.Join(cleanLabel(text), " ")
			if m := noteRe.FindStringSubmatch(head); m != nil {
				a, err := actor(m[2])
				if err != nil {
					return nil, err
				}
				b := a
				if m[3] != "" {
					if b, err = actor(m[3]); err != nil {
						return nil, err
					}
				}
				place := map[string]int{"right of": RightOf, "left of": LeftOf, "over": Over}[strings.ToLower(m[1])]
				sq.Steps = append(sq.Steps, Step{Kind: Note, From: min(a, b), To: max(a, b), Text: text, Place: place})
				continue
			}
			m := messageRe.FindStringSubmatch(head)
			if m == nil {
				return nil, fmt.Errorf("line %d: %w: %q", n+1, errUnsupported, clip(line))
			}
			a, err := actor(m[1])
			if err != nil {
				return nil, err
			}
			b, err := actor(m[3])
			if err != nil {
				return nil, err
			}
			s := Step{Kind: Message, From: a, To: b, Text: text}
			if strings.HasPrefix(m[2], "--") {
				s.Style = Dotted
			}
			switch {
			case strings.HasSuffix(m[2], ">>"), strings.HasSuffix(m[2], ")"):
				s.Head = Arrow
			case strings.HasSuffix(m[2], "x"):
				s.Head = Cross
			}
			if number > 0 {
				s.Text = strings.TrimSpace(strconv.Itoa(number) + ". " + s.Text)
				number++
			}
			sq.Steps = append(sq.Steps, s)
		}
	}
	if !header || len(sq.Actors) == 0 {
		return nil, fmt.Errorf("%w: empty", errUnsupported)
	}
	return sq, nil
}
