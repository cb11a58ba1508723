package render

import (
	"fmt"
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// TestMermaidFlowchartIsDrawn: a mermaid flowchart reads as a drawing
// under its "mermaid diagram" label, in the pager's style and in plain
// text alike, and in a list too; what is not a flowchart stays source.
func TestMermaidFlowchartIsDrawn(t *testing.T) {
	md := "Text.\n\n```mermaid\ngraph TD\n  A[Reader] -->|ssh| B[Server]\n```\n\n- item\n\n  ```mermaid\n  graph LR\n    C[Cache] --> D[Store]\n  ```\n"
	for _, style := range []Style{Plain, Dark} {
		for _, w := range []int{40, 80} {
			out := xansi.Strip(render(t, md, w, style))
			for _, want := range []string{"mermaid diagram", "│ Reader │", "│ Server │", "ssh", "▼", "│ Cache ├─", "▶│ Store │"} {
				if !strings.Contains(out, want) {
					t.Errorf("%v@%d: no %q in\n%s", style, w, want, out)
				}
			}
			if strings.Contains(out, "-->") {
				t.Errorf("%v@%d: source shown:\n%s", style, w, out)
			}
			if strings.Index(out, "mermaid diagram") > strings.Index(out, "Reader") {
				t.Errorf("%v@%d: label not above the drawing:\n%s", style, w, out)
			}
		}
	}
}

// TestMermaidAmbiguousWideIsASCII: a terminal that draws ambiguous
// characters two cells wide (box drawing among them) gets the drawing in
// ASCII, within its width.
func TestMermaidAmbiguousWideIsASCII(t *testing.T) {
	md := "```mermaid\ngraph TD\n  A[读者] --> B[“服务器”]\n```\n"
	out := render(t, md, 40, Plain.Wide())
	if strings.ContainsAny(out, "│─┌▼") || !strings.Contains(out, "| 读者 |") || !strings.Contains(out, "v") {
		t.Errorf("not ASCII:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if textwrap.StringWidth(l, textwrap.Wide) > 40 {
			t.Errorf("line wider than 40 wide cells: %q", l)
		}
	}
}

// TestMermaidFallsBack: a chart too wide in both directions, or beyond
// the bounds, or a fence left open, is shown as its source, as before.
func TestMermaidFallsBack(t *testing.T) {
	wide := "```mermaid\ngraph LR\n  A[" + strings.Repeat("a", 38) + "] --> B[" + strings.Repeat("b", 38) + "]\n  A --> C[" + strings.Repeat("c", 38) + "]\n```\n"
	if out := render(t, wide, 40, Plain); !strings.Contains(out, "graph LR") {
		t.Errorf("a chart wider than 40 in both directions not shown as source:\n%s", out)
	}
	open := "Text.\n\n```mermaid\ngraph TD\n  A --> B\n"
	if out := render(t, open, 80, Plain); !strings.Contains(out, "A --> B") {
		t.Errorf("an open fence not shown as source:\n%s", out)
	}
	// Many fences, each closed by a line that is not a closing fence:
	// read once, not once per fence.
	many := strings.Repeat("```mermaid\ngraph TD\n```x\n", 5000)
	if _, err := Markdown(many, 80, Plain); err != nil {
		t.Fatal(err)
	}
}

// TestChartsHaveADrawingBudget: a post of many charts draws the first
// ones and shows the rest as their source, under a comment saying why (a
// post of 364 small charts in 16 KB cost 14 times prose of its size;
// the budget is a piece's, see split);
// a post of a few charts draws them all, and a chart too large for what
// is left is shown as source while smaller ones after it are still drawn.
func TestChartsHaveADrawingBudget(t *testing.T) {
	chart := "```mermaid\ngraph TD\nA-->B\nB-->C\n```\n\n"
	few := "Text.\n\n" + strings.Repeat(chart, 3)
	if out := xansi.Strip(render(t, few, 80, Plain)); strings.Contains(out, "A-->B") || strings.Contains(out, "not drawn") {
		t.Errorf("a post of three charts not drawn whole:\n%s", out)
	}
	many := strings.Repeat(chart, 100) // one piece (see split)
	for _, w := range []int{40, 80} {
		out := xansi.Strip(render(t, many, w, Plain))
		drawn := strings.Count(out, "│ A │")
		shown := strings.Count(out, "A-->B")
		if drawn == 0 || shown == 0 || drawn+shown != 100 {
			t.Errorf("@%d: %d charts drawn, %d shown as source, of 100", w, drawn, shown)
		}
		if n := strings.Count(out, "%% not drawn:"); n != shown {
			t.Errorf("@%d: %d comments for %d charts not drawn", w, n, shown)
		}
		if i, j := strings.LastIndex(out, "│ A │"), strings.Index(out, "A-->B"); i > j {
			t.Errorf("@%d: a chart drawn after one shown as source", w)
		}
	}
	var big strings.Builder
	big.WriteString("```mermaid\ngraph TD\n")
	for i := range 150 {
		fmt.Fprintf(&big, "n%d-->n%d\n", i, i+1)
	}
	big.WriteString("```\n\n")
	out := xansi.Strip(render(t, big.String()+chart, 80, Plain))
	if !strings.Contains(out, "n0-->n1") || !strings.Contains(out, chartOverBudget) || !strings.Contains(out, "│ A │") {
		t.Errorf("a chart of 150 nodes drawn, or the small chart after it not:\n%.2000s", out)
	}
}
