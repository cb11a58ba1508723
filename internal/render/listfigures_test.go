package render

import (
	"strings"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

// TestFiguresInListItems: a picture's figure line in a list item (a later
// paragraph, a line of the item's paragraph, a gallery line) stands on a
// line of its own under the item's text, and the render says how deep it
// is indented, so the pager draws the picture there; an image inside the
// item's sentence stays in it.
func TestFiguresInListItems(t *testing.T) {
	md := "Intro.\n\n1. Open the lid\n\n   ![lid](lid.png)\n\n2. Turn the dial\n   ![dial](dial.png)\n" +
		"3. Two:\n   ![l](l.png) ![r](r.png)\n\n" +
		"- Nested:\n  - Deeper\n\n    ![deep](deep.png)\n" +
		"- An ![icon](icon.png) in a sentence.\n\n> - Quoted\n>\n>   ![q](q.png)\n\n" +
		"- Tag:\n\n  <img src=\"tag.png\" alt=\"tag\">\n- Two tags:\n\n  <p align=\"center\"><img src=\"t1.png\"><img src=\"t2.png\"/></p>\n"
	for _, width := range []int{40, 80, 120} {
		w := newWork(md, width, Dark, nil)
		for {
			done, err := w.step()
			if err != nil {
				t.Fatal(err)
			}
			if done {
				break
			}
		}
		want := map[string]int{"lid.png": 5, "dial.png": 5, "l.png": 5, "r.png": 5, "deep.png": 6, "tag.png": 4, "t1.png": 4, "t2.png": 4}
		seen := map[string]bool{}
		for _, f := range w.figs {
			line := xansi.Strip(w.lines[f.Line])
			indent, ok := want[f.Src]
			if !ok {
				continue
			}
			seen[f.Src] = true
			if f.Indent != indent {
				t.Errorf("width %d: %s indented %d, want %d: %q", width, f.Src, f.Indent, indent, line)
			}
			if !strings.HasPrefix(line, strings.Repeat(" ", indent)+ImageMark+" ") {
				t.Errorf("width %d: figure line of %s is %q, want it alone at column %d", width, f.Src, line, indent)
			}
		}
		for src := range want {
			if !seen[src] {
				t.Errorf("width %d: no figure for %s", width, src)
			}
		}
		out := xansi.Strip(strings.Join(w.lines, "\n"))
		if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(out, "Turn the dial\n") || !strings.Contains(flat, "An ▢ icon <icon.png> in a sentence.") {
			t.Errorf("width %d: item texts changed:\n%s", width, out)
		}
		if !strings.Contains(out, "▢ q <q.png>") {
			t.Errorf("width %d: the quoted item's figure is lost:\n%s", width, out)
		}
	}
}
