package mermaid

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseFlowchart(t *testing.T) {
	src := `%%{init: {"theme": "dark"}}%%
flowchart LR
  %% a comment
  A[Start] --> B{Is it?}
  B -->|Yes| C(OK) --- D((Circle))
  B -- No way --> E>Flag]
  F["quoted [label]"] -.-> G ==> H
  I & J --> K
  L <--> M --o N --x O
  subgraph group [A group]
    direction TB
    P --> Q
  end
  classDef red fill:#f00
  class A red
  style B fill:#0f0
  click A "https://example.com"
  R[line one<br>line two]; S --> R
  T --text--- U
  V -. dotted .-> W
  X == thick ==> Y
  Z:::red --> A
  AA ~~~ AB
  AE --> group
` + "  AC[\"`**bold** and *it*`\"] --> AD[<b>fa:fa-car Car</b>]\n"
	g, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if g.Dir != LR {
		t.Errorf("direction %v, want LR", g.Dir)
	}
	node := func(id string) Node {
		for _, n := range g.Nodes {
			if n.ID == id {
				return n
			}
		}
		t.Fatalf("no node %s in %v", id, g.Nodes)
		return Node{}
	}
	for id, want := range map[string]struct {
		label string
		shape Shape
	}{
		"A": {"Start", Square}, "B": {"Is it?", Diamond}, "C": {"OK", Round}, "D": {"Circle", Round},
		"E": {"Flag", Square}, "AC": {"bold and it", Square}, "AD": {"Car", Square}, "group": {"A group", Square}, "F": {"quoted [label]", Square}, "G": {"G", Square}, "R": {"line one\nline two", Square},
	} {
		n := node(id)
		if got := strings.Join(n.Label, "\n"); got != want.label || n.Shape != want.shape {
			t.Errorf("%s: %q %v, want %q %v", id, got, n.Shape, want.label, want.shape)
		}
	}
	edge := func(a, b string) Edge {
		for _, e := range g.Edges {
			if g.Nodes[e.From].ID == a && g.Nodes[e.To].ID == b {
				return e
			}
		}
		t.Fatalf("no edge %s -> %s", a, b)
		return Edge{}
	}
	for _, c := range []struct {
		a, b  string
		want  Edge
		label string
	}{
		{"A", "B", Edge{Head: Arrow}, ""},
		{"B", "C", Edge{Head: Arrow}, "Yes"},
		{"C", "D", Edge{}, ""},
		{"B", "E", Edge{Head: Arrow}, "No way"},
		{"F", "G", Edge{Head: Arrow, Style: Dotted}, ""},
		{"G", "H", Edge{Head: Arrow, Style: Thick}, ""},
		{"I", "K", Edge{Head: Arrow}, ""},
		{"J", "K", Edge{Head: Arrow}, ""},
		{"L", "M", Edge{Head: Arrow, Tail: Arrow}, ""},
		{"M", "N", Edge{Head: Circle}, ""},
		{"N", "O", Edge{Head: Cross}, ""},
		{"P", "Q", Edge{Head: Arrow}, ""},
		{"S", "R", Edge{Head: Arrow}, ""},
		{"T", "U", Edge{}, "text"},
		{"V", "W", Edge{Head: Arrow, Style: Dotted}, "dotted"},
		{"X", "Y", Edge{Head: Arrow, Style: Thick}, "thick"},
		{"Z", "A", Edge{Head: Arrow}, ""},
		{"AA", "AB", Edge{Hidden: true}, ""},
	} {
		e := edge(c.a, c.b)
		if e.Head != c.want.Head || e.Tail != c.want.Tail || e.Style != c.want.Style || e.Hidden != c.want.Hidden || e.Label != c.label {
			t.Errorf("%s -> %s: %+v, want %+v label %q", c.a, c.b, e, c.want, c.label)
		}
	}
	for _, id := range []string{"red", "direction", "end", "classDef"} {
		for _, n := range g.Nodes {
			if n.ID == id {
				t.Errorf("%q taken for a node", id)
			}
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, src := range []string{
		"",
		"classDiagram\n  Animal <|-- Duck",
		"graph XY\n A-->B",
		"graph TD\n A-->",
		"graph TD\n A[unclosed --> B",
		"graph TD\n A -- text without end B",
		"graph TD\n end",
		"graph TD\n A ~~ B",
		"pie\n \"a\": 1",
	} {
		if g, err := Parse(src); err == nil {
			t.Errorf("%q parsed: %+v", src, g)
		}
		if _, ok := Render(src, Options{Width: 80}); ok {
			t.Errorf("%q drawn", src)
		}
	}
}

// TestParseBounds: a hostile fence is refused at the bounds, quickly (a
// parse past MaxSource reads nothing, one within it stops at MaxEdges or
// MaxNodes).
func TestParseBounds(t *testing.T) {
	huge := "graph TD\n" + strings.Repeat("A-->A\n", 10<<20/6)
	if _, err := Parse(huge); err == nil {
		t.Error("10 MB parsed")
	}
	many := "graph TD\n" + strings.Repeat("A-->A\n", MaxEdges+1)
	if _, err := Parse(many); err == nil {
		t.Error("more than MaxEdges edges parsed")
	}
	var b strings.Builder
	b.WriteString("graph TD\n")
	for i := range MaxNodes + 1 {
		b.WriteString("n" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "\n")
	}
	if _, err := Parse(b.String()); err == nil {
		t.Error("more than MaxNodes nodes parsed")
	}
	// A product of groups counts every edge it makes: 30 x 30 is 900.
	var l, r []string
	for i := range 30 {
		l, r = append(l, "x"+strconv.Itoa(i)), append(r, "y"+strconv.Itoa(i))
	}
	if _, err := Parse("graph TD\n" + strings.Join(l, " & ") + " --> " + strings.Join(r, " & ")); err == nil {
		t.Error("a group product of 900 edges parsed")
	}
}

func TestLabelsAreCleaned(t *testing.T) {
	g, err := Parse("graph TD\n A[\"evil\x1b[31mred\u202e\u2028 &amp; more\"] --> B[" + strings.Repeat("long ", 30) + "]")
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Nodes[0].Label; !slices.Equal(got, []string{"evil[31mred & more"}) {
		t.Errorf("label %q", got)
	}
	if got := g.Nodes[1].Label[0]; width(got, 0) > MaxLabel || !strings.HasSuffix(got, "…") {
		t.Errorf("long label %q (%d cells)", got, width(got, 0))
	}
}
